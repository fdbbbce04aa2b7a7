// The window as a whole: status-bar totals count only what will be exported, any dict of tensors at
// any depth can be the state dict (an optimizer's state, checked against torch), the Structure tab
// fills the details pane, and the window keeps the geometry it is given and restores the last one.

#include "details_pane.h"
#include "document/checkpoint.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "qt/model_roles.h"
#include "qt/object_tree_model.h"
#include "qt/state_dict_model.h"
#include "structure_pane.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "test_support.h"

using namespace sl;
using sl_test::findKey;

namespace {

QStringList statusTexts(MainWindow &w)
{
    QStringList out;
    for (const QLabel *l : w.statusBar()->findChildren<QLabel *>())
        if (l->isVisibleTo(w.statusBar())) out << l->text();
    return out;
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window_layout"));
        QLocale::setDefault(QLocale::c());
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                                         {QStringLiteral("session"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void totalsLeaveDroppedKeysOut()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("plain.pth")));
        QVERIFY(statusTexts(w).contains(QStringLiteral("212 parameters")));
        QTreeView *view = w.keyTree()->view();
        view->setFocus();
        view->setCurrentIndex(findKey(view->model(), QStringLiteral("0.weight")));
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(w.session()->droppedCount(), 1);
        const QStringList status = statusTexts(w);
        QVERIFY2(status.contains(QStringLiteral("3 tensor(s)")),
                 qPrintable(status.join(QLatin1String(" | "))));
        QVERIFY2(status.contains(QStringLiteral("84 parameters")),
                 qPrintable(status.join(QLatin1String(" | "))));
        QVERIFY2(status.contains(QStringLiteral("1 key(s) with 128 parameters dropped")),
                 qPrintable(status.join(QLatin1String(" | "))));
        // (No translator is installed: the source texts show.) The module row of the dropped key: only its
        // bias (16) is left.
        const QModelIndex module = findKey(view->model(), QStringLiteral("0"));
        QCOMPARE(module.siblingAtColumn(StateDictModel::Parameters).data().toLongLong(), 16);
    }

    void anOptimizerStateCanBeTheStateDict()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("lightning.ckpt")));
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier); // the Checkpoint Structure tab
        QTreeView *tree = w.structure()->view();
        const QModelIndex state = w.structure()->model()->indexForPath(
            {QStringLiteral("optimizer_states"), QStringLiteral("0"), QStringLiteral("state")});
        QVERIFY(state.isValid());
        tree->setCurrentIndex(state);
        auto *use = w.structure()->findChild<QPushButton *>();
        QVERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QCOMPARE(w.checkpoint()->root(), (RootPath{"optimizer_states", "0", "state"}));

        QFile f(path("nested_root.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray expected = QJsonDocument::fromJson(f.readAll()).array();
        const auto &entries = w.checkpoint()->entries();
        QCOMPARE(qsizetype(entries.size()), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            QCOMPARE(QString::fromStdString(entries[size_t(i)].key),
                     e.value(QLatin1String("key")).toString());
            QJsonArray shape;
            for (int64_t d : w.checkpoint()->tensor(entries[size_t(i)].tensor).shape)
                shape.append(qint64(d));
            QCOMPARE(shape, e.value(QLatin1String("shape")).toArray());
        }
        QVERIFY(findKey(w.keyTree()->view()->model(), QStringLiteral("0.exp_avg")).isValid());

        // statelens-cli shares the rule: inspect --root lists the same tensors.
        const sl_test::CliRun cli =
            sl_test::runCli({QStringLiteral("inspect"), path("lightning.ckpt"), QStringLiteral("--root"),
                             QStringLiteral("optimizer_states/0/state"), QStringLiteral("--json")},
                            m_dir.path(), 30000);
        QVERIFY2(cli.ok(), qPrintable(cli.describe()));
        const QJsonArray listed =
            QJsonDocument::fromJson(cli.out).object().value(QLatin1String("tensors")).toArray();
        QCOMPARE(listed.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected[i].toObject(), l = listed[i].toObject();
            QCOMPARE(l.value(QLatin1String("key")), e.value(QLatin1String("key")));
            QCOMPARE(l.value(QLatin1String("shape")), e.value(QLatin1String("shape")));
            QCOMPARE(l.value(QLatin1String("dtype")), e.value(QLatin1String("dtype")));
        }
    }

    void theStructureTabShowsTensorDetails()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("lightning.ckpt")));
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTreeView *tree = w.structure()->view();
        // A tensor outside the state dict: Adam's exp_avg of the first weight.
        const QModelIndex expAvg = w.structure()->model()->indexForPath(
            {QStringLiteral("optimizer_states"), QStringLiteral("0"), QStringLiteral("state"),
             QStringLiteral("0"), QStringLiteral("exp_avg")});
        QVERIFY(expAvg.isValid());
        QSignalSpy ready(w.details(), &DetailsPane::statsReady);
        tree->setCurrentIndex(expAvg);
        QVERIFY(ready.wait(20000));
        QCOMPARE(w.details()->fieldText(QStringLiteral("shape")), QStringLiteral("[16, 8]"));
        QCOMPARE(w.details()->fieldText(QStringLiteral("dtype")), QStringLiteral("float32"));
        QVERIFY(w.details()->fieldText(QStringLiteral("key")).endsWith(QLatin1String("state/0/exp_avg")));
        QVERIFY(!w.details()->fieldText(QStringLiteral("mean")).isEmpty());

        // A tensor of the state dict shows as in the State Dict tab, named by its key.
        const QModelIndex weight = w.structure()->model()->indexForPath(
            {QStringLiteral("state_dict"), QStringLiteral("model.2.weight")});
        tree->setCurrentIndex(weight);
        QVERIFY(ready.wait(20000));
        QCOMPARE(w.details()->fieldText(QStringLiteral("key")), QStringLiteral("model.2.weight"));
        QCOMPARE(w.details()->fieldText(QStringLiteral("shape")), QStringLiteral("[4, 16]"));
    }

    void theWindowKeepsItsGeometry()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.resize(800, 600);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("lightning.ckpt")));
        QCoreApplication::processEvents();
        const QSize before = w.size();
        QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier); // shows the test-load panel
        QTreeView *view = w.keyTree()->view();
        QSignalSpy ready(w.details(), &DetailsPane::statsReady);
        const QModelIndex weight = findKey(view->model(), QStringLiteral("model.0.weight"));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(weight).center());
        QVERIFY(ready.wait(20000));
        QCoreApplication::processEvents();
        QCOMPARE(w.size(), before);
    }

    void theLastGeometryIsRestored()
    {
        QList<int> splitterSizes;
        {
            MainWindow w;
            w.show();
            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            w.resize(700, 520); // within the offscreen platform's 800x600 screen
            auto *splitter = w.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
            splitter->setSizes({300, 560});
            QCoreApplication::processEvents();
            splitterSizes = splitter->sizes();
            QVERIFY(w.close());
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(700, 520));
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), splitterSizes);
    }

    // The default 1280x800, or a geometry saved on a bigger screen, is fitted to the screen at hand
    // (the offscreen platform's is 800x600), so no edge of the window lies off screen.
    void aWindowBiggerThanTheScreenIsFitted()
    {
        QSettings().remove(QStringLiteral("mainWindow"));
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QVERIFY(available.width() < 1280);
        {
            MainWindow first;
            QVERIFY2(available.contains(first.geometry()),
                     qPrintable(QStringLiteral("%1x%2").arg(first.width()).arg(first.height())));
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.resize(1600, 1200);
            QVERIFY(first.close());
        }
        MainWindow again;
        QVERIFY2(available.contains(again.geometry()),
                 qPrintable(QStringLiteral("%1x%2").arg(again.width()).arg(again.height())));
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_window_layout.moc"
