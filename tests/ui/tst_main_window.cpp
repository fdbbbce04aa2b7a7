// The browser as a user sees it, under the offscreen platform: open a fixture, select a tensor,
// get its details and histogram; errors keep the open document; the safety banner; root choice.

#include "details_pane.h"
#include "document/checkpoint.h"
#include "histogram_plot.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "qt/key_filter_proxy.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "recent_files.h"
#include "safety_banner.h"
#include "structure_pane.h"
#include "test_support.h"

#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace sl;
using namespace sl_test;

class TestMainWindow : public QObject
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
        const PythonRun py = runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                       {QStringLiteral("main_window"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void selectingATensorShowsDetailsAndHistogram()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.openFile(path("plain.pth")));
        QVERIFY(w.windowTitle().startsWith(QLatin1String("plain.pth")));
        QTreeView *view = w.keyTree()->view();
        const QModelIndex weight = findKey(view->model(), QStringLiteral("2.weight"));
        QVERIFY(weight.isValid());
        QSignalSpy ready(w.details(), &DetailsPane::statsReady);
        view->setCurrentIndex(weight);
        QVERIFY(ready.wait(20000));
        QCOMPARE(w.details()->fieldText(QStringLiteral("shape")), QStringLiteral("[4, 16]"));
        QCOMPARE(w.details()->fieldText(QStringLiteral("dtype")), QStringLiteral("float32"));
        QVERIFY(w.details()->histogram()->barCount() > 0);
        QVERIFY(!w.details()->fieldText(QStringLiteral("mean")).isEmpty());
        QVERIFY(!w.safetyBanner()->isVisible());
    }

    void selectingAModuleShowsTotals()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        QTreeView *view = w.keyTree()->view();
        const QModelIndex module = findKey(view->model(), QStringLiteral("0"));
        QVERIFY(module.isValid());
        view->setCurrentIndex(module);
        // Linear(8, 16): 128 weights + 16 biases
        QVERIFY2(w.details()->fieldText(QStringLiteral("bytes")).contains(QLatin1String("144 parameters")),
                 qPrintable(w.details()->fieldText(QStringLiteral("bytes"))));
    }

    void aBadFileKeepsTheOpenDocument()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        const Checkpoint *before = w.checkpoint();
        QVERIFY(!w.openFile(path("broken.pth")));
        QVERIFY(w.lastError().startsWith(QLatin1String("broken.pth: ")));
        QVERIFY(!w.lastError().contains(QLatin1Char('\n')));
        QCOMPARE(w.checkpoint(), before);
        QVERIFY(w.windowTitle().startsWith(QLatin1String("plain.pth")));
    }

    void nestedCheckpointPicksRootAndWarns()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.openFile(path("nested.ckpt")));
        QCOMPARE(w.checkpoint()->root(), RootPath{"state_dict"});
        QVERIFY(w.safetyBanner()->isVisible());
        QVERIFY(w.safetyBanner()->text().contains(QLatin1String("argparse.Namespace")));
        QVERIFY(findKey(w.keyTree()->view()->model(), QStringLiteral("model.0.weight")).isValid());

        // The user picks the optimizer state's inner dict in the structure tree.
        QSignalSpy chosen(w.structure(), &StructurePane::rootChosen);
        Q_EMIT w.structure()->rootChosen(
            {QStringLiteral("optimizer"), QStringLiteral("state"), QStringLiteral("0")});
        QCOMPARE(w.checkpoint()->root(), (RootPath{"optimizer", "state", "0"}));
        QVERIFY(findKey(w.keyTree()->view()->model(), QStringLiteral("momentum_buffer")).isValid());
    }

    void filterAndFlatList()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        w.keyTree()->setFlat(true);
        QCOMPARE(w.keyTree()->view()->model()->rowCount(), 4);
        w.keyTree()->setFilterText(QStringLiteral("bias"));
        QCOMPARE(w.keyTree()->view()->model()->rowCount(), 2);
        w.keyTree()->setFilterText(QString());
        w.keyTree()->setFlat(false);
        QCOMPARE(w.keyTree()->view()->model()->rowCount(), 2); // modules 0 and 2
    }

    void dropOpensTheFile()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path("plain.pth"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(w.checkpoint());
        QCOMPARE(QFileInfo(w.checkpoint()->path()).fileName(), QStringLiteral("plain.pth"));
    }

    void recentFilesRememberTheLastTen()
    {
        RecentFiles::clear();
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        QVERIFY(w.openFile(path("nested.ckpt")));
        const QStringList recent = RecentFiles::load();
        QCOMPARE(recent.size(), 2);
        QCOMPARE(QFileInfo(recent.first()).fileName(), QStringLiteral("nested.ckpt"));
        for (int i = 0; i < 15; ++i)
            RecentFiles::add(path("plain.pth")); // repeats do not grow the list
        QCOMPARE(RecentFiles::load().size(), 2);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
