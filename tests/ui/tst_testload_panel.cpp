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

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

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
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("wrapped.pth")));
        TestLoadPanel *panel = w.testLoad();
        panel->setTarget(path("net.pt"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(panel->isRunning() || done.size() == 1);
        QVERIFY2(done.size() == 1 || done.wait(60000), qPrintable(panel->summaryText()));
        const TestLoadReport *r = panel->lastReport();
        QVERIFY2(r, qPrintable(panel->summaryText()));
        QCOMPARE(r->loaded, 0); // every key carries the wrapper's prefix
        QVERIFY(r->unexpected.contains(QStringLiteral("module.conv.weight")));
        QVERIFY(r->missing.contains(QStringLiteral("fc.bias")));

        QAbstractItemModel *view = w.keyTree()->view()->model();
        QCOMPARE(statusOf(view, QStringLiteral("module.conv.weight")), QStringLiteral("unexpected"));
        const QModelIndex ghost = findKey(view, QStringLiteral("fc.bias"));
        QVERIFY(ghost.isValid());
        QVERIFY(ghost.data(IsGhostRole).toBool());
        QVERIFY(ghost.data(Qt::FontRole).value<QFont>().italic());

        // The first suggestion strips the wrapper prefix; applying it is one undo step and re-runs.
        QVERIFY(!r->suggestions.empty());
        QCOMPARE(r->suggestions.front().op, KeyRule::StripPrefix);
        done.clear();
        QVERIFY(panel->applySuggestion(0));
        QCOMPARE(w.session()->undoStack()->count(), 1);
        QVERIFY(done.wait(60000));
        r = panel->lastReport();
        QVERIFY(r);
        QCOMPARE(r->unexpected, QStringList{QStringLiteral("extra.weight")});
        QCOMPARE(r->missing, QStringList{QStringLiteral("fc.bias")});
        QCOMPARE(statusOf(view, QStringLiteral("conv.weight")), QStringLiteral("loaded"));
        QCOMPARE(statusOf(view, QStringLiteral("fc.bias")), QStringLiteral("missing"));

        // Only problems: the loaded keys disappear, missing and unexpected stay.
        w.keyTree()->setProblemsOnly(true);
        QVERIFY(!findKey(view, QStringLiteral("conv.weight")).isValid());
        QVERIFY(findKey(view, QStringLiteral("extra.weight")).isValid());
        QVERIFY(findKey(view, QStringLiteral("fc.bias")).isValid());
        w.keyTree()->setProblemsOnly(false);

        // An edit makes the report stale: the statuses are cleared until the next run.
        w.session()->undoStack()->undo();
        QVERIFY(!panel->lastReport());
        QCOMPARE(statusOf(view, QStringLiteral("module.conv.weight")), QString());
    }

    void cancelStopsTheRun()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("wrapped.pth")));
        TestLoadPanel *panel = w.testLoad();
        panel->setTarget(path("net.pt"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        panel->cancel();
        QVERIFY(done.size() == 1 || done.wait(60000));
        QVERIFY(!panel->isRunning());
    }

    void aMissingTargetIsAClearError()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("wrapped.pth")));
        TestLoadPanel *panel = w.testLoad();
        panel->setTarget(path("nope.pt"));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY(done.size() == 1 || done.wait(60000));
        QVERIFY(!panel->lastReport());
        QVERIFY2(panel->summaryText().contains(QLatin1String("nope.pt")), qPrintable(panel->summaryText()));
    }
};

QTEST_MAIN(TestTestLoadPanel)
#include "tst_testload_panel.moc"
