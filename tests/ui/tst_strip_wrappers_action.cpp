// Edit ▸ Strip Wrappers as a user meets it: enabled (and on the toolbar) when the keys carry wrapper
// components, one click strips them all, and the strict test-load into the architecture then passes.

#include "document/checkpoint.h"
#include "edit_actions.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "testload/testload.h"
#include "testload_panel.h"

#include <QAction>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sl;

class TestStripWrappersAction : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QSettings().clear();
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral(STATELENS_PYTHON),
                 {QStringLiteral(STATELENS_SOURCE_DIR "/tests/fixtures/wrapper_fixtures.py"), m_dir.path()});
        QVERIFY(py.waitForFinished(120000));
        QVERIFY2(py.exitCode() == 0, py.readAll().constData());
    }

    void oneClickFixesTheTestLoad()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("target.pt")));
        QVERIFY(!w.editActions()->stripWrappersAction()->isEnabled()); // plain keys: nothing to offer
        QVERIFY(w.openFile(path("wrapped.pt")));
        QAction *strip = w.editActions()->stripWrappersAction();
        QVERIFY(strip->isEnabled());
        QVERIFY2(strip->toolTip().contains(QLatin1String("_fsdp_wrapped_module")),
                 qPrintable(strip->toolTip()));

        TestLoadTarget target;
        target.path = path("target.pt");
        TestLoadOptions options;
        options.strict = true;
        TestLoadReport before;
        std::string error;
        QVERIFY2(runTestLoad(*w.checkpoint(), w.session()->mapping(), target, options, before, {}, &error),
                 error.c_str());
        QVERIFY(!before.ok);
        QCOMPARE(before.suggestions.front(), KeyRule::stripWrappers());

        strip->trigger();
        QVERIFY(!strip->isEnabled());
        QCOMPARE(w.session()->mapping().front().to, QStringLiteral("encoder.0.weight"));
        TestLoadReport after;
        QVERIFY2(runTestLoad(*w.checkpoint(), w.session()->mapping(), target, options, after, {}, &error),
                 error.c_str());
        QVERIFY2(after.ok,
                 qPrintable(after.missing.join(QLatin1Char(' ')) + after.unexpected.join(QLatin1Char(' '))));
        QVERIFY(w.editActions()->undoAction()->isEnabled());
    }

    // The test-load panel offers the fix where the report shows it: a button naming the wrappers,
    // which adds the rule as one undo step and runs the load again, now clean.
    void testLoadPanelOffersTheOneClickFix()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(path("wrapped.pt")));
        w.showTestLoadPanel();
        TestLoadPanel *panel = w.testLoad();
        QPushButton *fix = panel->stripWrappersButton();
        QVERIFY(!fix->isVisible());
        panel->setTarget(path("target.pt"));
        panel->setStrict(true);
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(done.wait(60000));
        QVERIFY(panel->lastReport() && !panel->lastReport()->ok);
        QVERIFY(fix->isVisible());
        for (const char *wrapper :
             {"_orig_mod", "module", "_fsdp_wrapped_module", "_checkpoint_wrapped_module"})
            QVERIFY2(fix->text().contains(QLatin1String(wrapper)), qPrintable(fix->text()));

        done.clear();
        QTest::mouseClick(fix, Qt::LeftButton);
        QCOMPARE(w.session()->undoStack()->count(), 1);
        QCOMPARE(w.session()->mapping().front().to, QStringLiteral("encoder.0.weight"));
        QVERIFY(done.wait(60000));
        QVERIFY2(panel->lastReport() && panel->lastReport()->ok, qPrintable(panel->summaryText()));
        QVERIFY(!fix->isVisible());

        // Undone, the report is stale and the offer goes with it until the next run.
        w.session()->undoStack()->undo();
        QCOMPARE(w.session()->mapping().front().to, w.session()->mapping().front().from);
        QVERIFY(!fix->isVisible());
    }

    // Where the target has a real submodule called `module`, stripping wrappers would not explain
    // the mismatch (a plain prefix does): no wrapper offer, the prefix is the first suggestion.
    void noOfferWhereWrappersDoNotExplainTheMismatch()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(path("wrapped_keep.pt")));
        w.showTestLoadPanel();
        TestLoadPanel *panel = w.testLoad();
        panel->setTarget(path("target_keep.pt"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(done.wait(60000));
        QVERIFY(panel->lastReport() && !panel->lastReport()->suggestions.empty());
        QCOMPARE(panel->lastReport()->suggestions.front(),
                 KeyRule::stripPrefix(QStringLiteral("_orig_mod.module.")));
        QVERIFY(!panel->stripWrappersButton()->isVisible());
    }
};

QTEST_MAIN(TestStripWrappersAction)
#include "tst_strip_wrappers_action.moc"
