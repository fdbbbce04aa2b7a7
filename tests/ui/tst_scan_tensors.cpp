// Tools ▸ Scan All Tensors in the main window: the scan runs in the background and fills the
// statistics columns with torch's figures, marks NaN/Inf rows and the modules above them, sorts by
// number, and F8 walks the marked rows in view order, wrapping.

#include "document/checkpoint.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "qt/key_filter_proxy.h"
#include "qt/scan_job.h"
#include "qt/state_dict_model.h"
#include "scan_controller.h"
#include "test_support.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace sl;

class TestScanTensors : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString current(const MainWindow &w) const
    {
        return w.keyTree()->view()->currentIndex().data(KeyRole).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral(STATELENS_PYTHON),
                 {QStringLiteral(STATELENS_SOURCE_DIR "/tests/fixtures/scan_fixtures.py"), m_dir.path()});
        QVERIFY(py.waitForFinished(180000));
        QVERIFY2(py.exitCode() == 0, py.readAll().constData());
    }

    void scanFillsColumnsMarksAndNextProblem()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(m_dir.filePath(QStringLiteral("modules.pth"))));
        QSignalSpy done(w.scanner()->job(), &ScanJob::finished);
        QVERIFY(w.scanner()->scanAction()->isEnabled());
        w.scanner()->scanAction()->trigger();
        QVERIFY(done.wait(30000));

        const QAbstractItemModel *model = w.keyTree()->view()->model();
        auto cell = [&](const char *key, int column) {
            const QModelIndex i = sl_test::findKey(model, QLatin1String(key));
            return i.siblingAtColumn(column);
        };
        // torch: decoder.weight is full(1.5); encoder.bias is arange(4) + 7: std 1.29099.
        QCOMPARE(cell("decoder.weight", StateDictModel::ScanMin).data().toString(), QStringLiteral("1.5"));
        QCOMPARE(cell("encoder.bias", StateDictModel::ScanStd).data().toString(), QStringLiteral("1.29099"));
        QCOMPARE(cell("decoder.bias", StateDictModel::ScanZeros).data().toString(), QStringLiteral("2"));
        QCOMPARE(cell("encoder.weight", StateDictModel::ScanNaN).data().toString(), QStringLiteral("1"));
        QCOMPARE(cell("head.weight", StateDictModel::ScanInf).data().toString(), QStringLiteral("1"));
        QCOMPARE(cell("head.weight", StateDictModel::ScanMean).data().toString(), QStringLiteral("-1"));
        QCOMPARE(model->headerData(StateDictModel::ScanNaN, Qt::Horizontal).toString(),
                 QStringLiteral("NaN"));

        for (const char *marked : {"encoder", "encoder.weight", "head", "head.weight"})
            QVERIFY2(cell(marked, 0).data(IsScanProblemRole).toBool(), marked);
        for (const char *clean : {"decoder", "decoder.weight", "encoder.bias"})
            QVERIFY2(!cell(clean, 0).data(IsScanProblemRole).toBool(), clean);
        QVERIFY(cell("encoder.weight", 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!cell("encoder.bias", 0).data(Qt::BackgroundRole).isValid());

        // Sorted by number, not text: under encoder, max 10 (bias) above the NaN tensor's 3.53.
        w.keyTree()->view()->sortByColumn(StateDictModel::ScanMax, Qt::DescendingOrder);
        const QModelIndex encoder = sl_test::findKey(model, QStringLiteral("encoder"));
        QCOMPARE(model->index(0, 0, encoder).data(KeyRole).toString(), QStringLiteral("encoder.bias"));
        w.keyTree()->view()->sortByColumn(StateDictModel::ScanMax, Qt::AscendingOrder);
        QCOMPARE(model->index(0, 0, encoder).data(KeyRole).toString(), QStringLiteral("encoder.weight"));
        w.keyTree()->view()->sortByColumn(-1, Qt::AscendingOrder);

        // F8 from no selection: the marked rows in view order, then around again.
        w.keyTree()->view()->setCurrentIndex(QModelIndex());
        w.keyTree()->view()->setFocus();
        const QStringList expected{QStringLiteral("encoder"), QStringLiteral("encoder.weight"),
                                   QStringLiteral("head"), QStringLiteral("head.weight"),
                                   QStringLiteral("encoder")};
        for (const QString &key : expected) {
            QTest::keyClick(w.keyTree()->view(), Qt::Key_F8);
            QCOMPARE(current(w), key);
        }
    }

    // The tree does not wait for the whole file: the first tensor's figures are in its row while
    // the scan is still running, and the later rows are still empty then.
    void rowsFillWhileTheScanRuns()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(m_dir.filePath(QStringLiteral("modules.pth"))));
        const StateDictModel *model = w.keyTree()->model();
        const int entries = int(w.checkpoint()->entries().size());
        QVERIFY(entries > 2);
        int batches = 0;
        bool firstFilledWhileRunning = false, lastEmptyThen = false;
        connect(w.scanner()->job(), &ScanJob::figuresDelivered, this,
                [&](int first, const std::vector<ScanFigures> &figures) {
                    if (batches++ > 0) return;
                    QCOMPARE(first, 0);
                    QVERIFY(int(figures.size()) < entries);
                    firstFilledWhileRunning =
                        w.scanner()->job()->isRunning() &&
                        model->indexForEntry(0).siblingAtColumn(StateDictModel::ScanZeros).data().isValid();
                    lastEmptyThen = !model->indexForEntry(entries - 1)
                                         .siblingAtColumn(StateDictModel::ScanZeros)
                                         .data()
                                         .isValid();
                });
        QSignalSpy done(w.scanner()->job(), &ScanJob::finished);
        w.scanner()->scan();
        QVERIFY(done.wait(30000));
        QVERIFY(batches >= 2);
        QVERIFY(firstFilledWhileRunning);
        QVERIFY(lastEmptyThen);
        QVERIFY(
            model->indexForEntry(entries - 1).siblingAtColumn(StateDictModel::ScanZeros).data().isValid());
    }

    void cleanFileHasNoProblemAndReopenClears()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(m_dir.filePath(QStringLiteral("clean.pth"))));
        QSignalSpy done(w.scanner()->job(), &ScanJob::finished);
        w.scanner()->scan();
        QVERIFY(done.wait(30000));
        QVERIFY(w.keyTree()->model()->hasScan());
        QVERIFY(!w.scanner()->nextProblem());
        QVERIFY(w.openFile(m_dir.filePath(QStringLiteral("modules.pth"))));
        QVERIFY(!w.keyTree()->model()->hasScan());
        QVERIFY(!w.scanner()->nextProblem());
    }
};

QTEST_MAIN(TestScanTensors)
#include "tst_scan_tensors.moc"
