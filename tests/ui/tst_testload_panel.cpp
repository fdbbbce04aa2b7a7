// The Test-load panel as a user drives it: pick a TorchScript target, run on the worker, see the
// verdict per key in the Status column and ghost rows for missing keys, apply a suggestion as an
// undoable edit that re-runs the load, and filter to problems only.

#include "document/checkpoint.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "qt/key_filter_proxy.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "test_support.h"
#include "testload_panel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace sl;
using namespace sl_test;

namespace {

QString statusOf(QAbstractItemModel *model, const QString &key)
{
    const QModelIndex i = findKey(model, key);
    return i.isValid() ? i.siblingAtColumn(StateDictModel::Status).data().toString()
                       : QStringLiteral("<no row>");
}

} // namespace

class TestTestLoadPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    // A window with wrapped.pth open and the Test-load panel aimed at `target`; null if it failed.
    std::unique_ptr<MainWindow> openWrapped(const char *target) const
    {
        auto w = std::make_unique<MainWindow>();
        w->setQuietErrors(true);
        if (!w->openFile(path("wrapped.pth"))) return nullptr;
        w->testLoad()->setTarget(path(target));
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        const PythonRun py = runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                       {QStringLiteral("testload_panel"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void runShowsStatusesGhostsAndAppliesASuggestion()
    {
        const std::unique_ptr<MainWindow> w = openWrapped("net.pt");
        QVERIFY(w);
        TestLoadPanel *panel = w->testLoad();
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(panel->isRunning() || done.size() == 1);
        QVERIFY2(done.size() == 1 || done.wait(60000), qPrintable(panel->summaryText()));
        const TestLoadReport *r = panel->lastReport();
        QVERIFY2(r, qPrintable(panel->summaryText()));
        QCOMPARE(r->loaded, 0); // every key carries the wrapper's prefix
        QVERIFY(r->unexpected.contains(QStringLiteral("module.conv.weight")));
        QVERIFY(r->missing.contains(QStringLiteral("fc.bias")));

        QAbstractItemModel *view = w->keyTree()->view()->model();
        QCOMPARE(statusOf(view, QStringLiteral("module.conv.weight")), QStringLiteral("unexpected"));
        const QModelIndex ghost = findKey(view, QStringLiteral("fc.bias"));
        QVERIFY(ghost.isValid());
        QVERIFY(ghost.data(IsGhostRole).toBool());
        QVERIFY(ghost.data(Qt::FontRole).value<QFont>().italic());

        // The first suggestion strips the wrappers (the test-load suggests strip_wrappers first);
        // applying it is one undo step and re-runs.
        QVERIFY(!r->suggestions.empty());
        QCOMPARE(r->suggestions.front().op, KeyRule::StripWrappers);
        done.clear();
        QVERIFY(panel->applySuggestion(0));
        QCOMPARE(w->session()->undoStack()->count(), 1);
        QVERIFY(done.wait(60000));
        r = panel->lastReport();
        QVERIFY(r);
        QCOMPARE(r->unexpected, QStringList{QStringLiteral("extra.weight")});
        QCOMPARE(r->missing, QStringList{QStringLiteral("fc.bias")});
        QCOMPARE(statusOf(view, QStringLiteral("conv.weight")), QStringLiteral("loaded"));
        QCOMPARE(statusOf(view, QStringLiteral("fc.bias")), QStringLiteral("missing"));

        // Only problems: the loaded keys disappear, missing and unexpected stay.
        w->keyTree()->setProblemsOnly(true);
        QVERIFY(!findKey(view, QStringLiteral("conv.weight")).isValid());
        QVERIFY(findKey(view, QStringLiteral("extra.weight")).isValid());
        QVERIFY(findKey(view, QStringLiteral("fc.bias")).isValid());
        w->keyTree()->setProblemsOnly(false);

        // An edit makes the report stale: the statuses are cleared until the next run.
        w->session()->undoStack()->undo();
        QVERIFY(!panel->lastReport());
        QCOMPARE(statusOf(view, QStringLiteral("module.conv.weight")), QString());
    }

    void missingKeysShowTheArchitecturesShape()
    {
        const std::unique_ptr<MainWindow> w = openWrapped("net.pt");
        QVERIFY(w);
        TestLoadPanel *panel = w->testLoad();
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY2(done.size() == 1 || done.wait(60000), qPrintable(panel->summaryText()));
        const TestLoadReport *r = panel->lastReport();
        QVERIFY(r);
        // nn.Linear(4, 2).bias: what the scripted module holds for the key the file lacks.
        auto found = std::find_if(r->missingTensors.begin(), r->missingTensors.end(),
                                  [](const MissingTensor &m) { return m.key == QLatin1String("fc.bias"); });
        QVERIFY(found != r->missingTensors.end());
        QCOMPARE(found->shape, (std::vector<int64_t>{2}));
        QCOMPARE(found->dtype, QStringLiteral("float32"));
        QAbstractItemModel *view = w->keyTree()->view()->model();
        const QModelIndex ghost = findKey(view, QStringLiteral("fc.bias"));
        QCOMPARE(ghost.siblingAtColumn(StateDictModel::Shape).data().toString(), QStringLiteral("[2]"));
        QCOMPARE(ghost.siblingAtColumn(StateDictModel::DType).data().toString(), QStringLiteral("float32"));
        QVERIFY(testLoadText(*r).contains(QLatin1String("  fc.bias: model [2] float32\n")));
        auto *details = panel->findChild<QTreeWidget *>();
        const QList<QTreeWidgetItem *> rows =
            details->findItems(QStringLiteral("fc.bias"), Qt::MatchRecursive);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.front()->text(2), QStringLiteral("[2] float32"));
    }

    void aFailedStrictLoadRunsNoForwardPass()
    {
        const std::unique_ptr<MainWindow> w = openWrapped("net.pt");
        QVERIFY(w);
        TestLoadPanel *panel = w->testLoad();
        panel->setStrict(true);
        panel->setInputShape(QStringLiteral("1,3,8,8"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY2(done.size() == 1 || done.wait(60000), qPrintable(panel->summaryText()));
        const TestLoadReport *r = panel->lastReport();
        QVERIFY(r);
        QVERIFY(!r->ok); // load_state_dict(strict=True) raises here
        QVERIFY(r->forwardSkipped);
        QVERIFY(!r->forwardRan);
        QVERIFY(panel->summaryText().contains(QLatin1String("Does not load")));
        QVERIFY(panel->summaryText().contains(QLatin1String("Forward pass not run")));
        QCOMPARE(testLoadJson(*r)
                     .value(QLatin1String("forward"))
                     .toObject()
                     .value(QLatin1String("skipped"))
                     .toBool(),
                 true);

        // With the wrapper stripped and the strays dropped the load is accepted, and the probe runs.
        QString error;
        QVERIFY(w->session()->addRule(KeyRule::stripPrefix(QStringLiteral("module.")), &error));
        QVERIFY(w->session()->addRule(KeyRule::drop(QStringLiteral("extra\\..*")), &error));
        panel->setStrict(false);
        done.clear();
        panel->run();
        QVERIFY2(done.wait(60000), qPrintable(panel->summaryText()));
        r = panel->lastReport();
        QVERIFY(r->forwardRan);
        QVERIFY2(r->forwardOk, qPrintable(r->forwardError));
        QCOMPARE(r->outputShape, (std::vector<int64_t>{1, 2}));
    }

    void cancelStopsTheRun()
    {
        const std::unique_ptr<MainWindow> w = openWrapped("net.pt");
        QVERIFY(w);
        TestLoadPanel *panel = w->testLoad();
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        panel->cancel();
        QVERIFY(done.size() == 1 || done.wait(60000));
        QVERIFY(!panel->isRunning());
    }

    void aMissingTargetIsAClearError()
    {
        const std::unique_ptr<MainWindow> w = openWrapped("nope.pt");
        QVERIFY(w);
        TestLoadPanel *panel = w->testLoad();
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(done.size() == 1 || done.wait(60000));
        QVERIFY(!panel->lastReport());
        QVERIFY2(panel->summaryText().contains(QLatin1String("nope.pt")), qPrintable(panel->summaryText()));
    }

    // Enter in the target field runs the load, as Run does; each suggestion shows what it does to
    // a few keys, and the one-click wrapper fix names the wrappers as they stand in the keys.
    void enterRunsAndSuggestionsShowSamples()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(path("wrapped.pth")));
        w.showTestLoadPanel();
        TestLoadPanel *panel = w.testLoad();
        QComboBox *target = nullptr;
        for (QComboBox *box : panel->findChildren<QComboBox *>())
            if (box->isEditable()) target = box;
        QVERIFY(target);
        target->setFocus();
        target->lineEdit()->clear();
        QTest::keyClicks(target->lineEdit(), path("net.pt"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        QTest::keyClick(target->lineEdit(), Qt::Key_Return);
        QVERIFY(done.wait(60000));
        QVERIFY2(panel->lastReport(), qPrintable(panel->summaryText()));
        QListWidget *suggestions = panel->findChild<QListWidget *>();
        QVERIFY(suggestions && suggestions->count() > 0);
        const QString first = suggestions->item(0)->text();
        QVERIFY2(first.contains(QStringLiteral("module.conv.weight → conv.weight")), qPrintable(first));
        QVERIFY2(panel->stripWrappersButton()->text().contains(QLatin1String("(module.)")),
                 qPrintable(panel->stripWrappersButton()->text()));
    }

    // The counts in the summary, the detail groups and the status bar use the chosen locale's
    // digit groups, as every other number on screen does (German: 1.234).
    void countsFollowTheLocale()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("many.pth")));
        QStringList statusTexts;
        for (const QLabel *label : w.statusBar()->findChildren<QLabel *>())
            statusTexts << label->text();
        TestLoadPanel *panel = w.testLoad();
        panel->setTarget(path("many.pth"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(done.wait(60000));
        QLocale::setDefault(before);
        QVERIFY2(panel->lastReport() && panel->lastReport()->loaded == 1234,
                 qPrintable(panel->summaryText()));
        QVERIFY2(panel->summaryText().contains(QLatin1String("1.234 loaded")),
                 qPrintable(panel->summaryText()));
        QVERIFY2(statusTexts.contains(QStringLiteral("1.234 tensor(s)")), qPrintable(statusTexts.join(u'|')));
    }
};

QTEST_MAIN(TestTestLoadPanel)
#include "tst_testload_panel.moc"
