// Edit ▸ Strip Wrappers as a user meets it: enabled (and on the toolbar) when the keys carry wrapper
// components, one click strips them all, and the strict test-load into the architecture then passes.

#include "document/checkpoint.h"
#include "edit_actions.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "test_support.h"
#include "testload/testload.h"

#include <QAction>
#include <QSettings>
#include <QTemporaryDir>
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
        const sl_test::PythonRun py =
            sl_test::runPython(QStringLiteral("fixtures/wrapper_fixtures.py"), {m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
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
};

QTEST_MAIN(TestStripWrappersAction)
#include "tst_strip_wrappers_action.moc"
