// Scan against torch: every figure of every tensor (each dtype scan reads, NaN/Inf, strided views,
// 0-d, empty, all-zero, constant, all-NaN, subnormal) as torch computes it, whatever the chunking and
// thread count; entries delivered in file order; cancel.

#include "document/checkpoint.h"
#include "report/scan_report.h"
#include "scan/tensor_scan.h"
#include "scan_oracle.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl_test;

class TestTensorScan : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Checkpoint> m_checkpoint;
    QJsonArray m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed =
            sl_test::writeFixtures(QStringLiteral("fixtures/scan_fixtures.py"), m_dir.path());
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        std::string error;
        m_checkpoint = Checkpoint::open(m_dir.filePath(QStringLiteral("scan.pth")), &error);
        QVERIFY2(m_checkpoint, error.c_str());
        m_expected = readScanOracle(m_dir.path());
        QVERIFY(m_expected.size() > 10);
    }

    void figuresMatchTorch_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("chunk");
        QTest::newRow("default") << 0 << 0;
        QTest::newRow("1 thread, 1000-element chunks") << 1 << 1000;
        QTest::newRow("4 threads, 7-element chunks") << 4 << 7;
    }
    void figuresMatchTorch()
    {
        QFETCH(int, threads);
        QFETCH(int, chunk);
        ScanOptions options;
        options.pass.threads = threads;
        if (chunk) options.pass.chunkElements = size_t(chunk);
        std::vector<int> order;
        options.delivered = [&](int entry, const ScanFigures &) { order.push_back(entry); };
        std::vector<ScanFigures> figures;
        QVERIFY(scanCheckpoint(*m_checkpoint, figures, options));
        QCOMPARE(int(order.size()), int(m_checkpoint->entries().size()));
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(order[i], int(i));
        const QJsonObject report = scanJson(*m_checkpoint, figures);
        const QString diff = compareScanTensors(report.value(QLatin1String("tensors")).toArray(), m_expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void classifies()
    {
        std::vector<ScanFigures> figures;
        QVERIFY(scanCheckpoint(*m_checkpoint, figures));
        auto of = [&](const char *key) -> const ScanFigures & {
            for (size_t i = 0; i < figures.size(); ++i)
                if (m_checkpoint->entries()[i].key == key) return figures[i];
            qFatal("no %s", key);
        };
        QVERIFY(of("f32").nonfinite() && of("bf16").nonfinite() && of("all_nan").nonfinite());
        QVERIFY(!of("i8").nonfinite() && !of("empty").nonfinite());
        QVERIFY(of("zeros").allZero() && !of("empty").allZero() && !of("tiny").allZero());
        QVERIFY(of("constant").constant() && !of("zeros").constant() && !of("scalar").constant());
        QVERIFY(!of("one_finite").constant());
    }

    void cancelStopsEarly()
    {
        std::atomic<bool> cancel{true};
        ScanOptions options;
        options.cancel = &cancel;
        int delivered = 0;
        options.delivered = [&](int, const ScanFigures &) { ++delivered; };
        std::vector<ScanFigures> figures;
        QVERIFY(!scanCheckpoint(*m_checkpoint, figures, options));
        QVERIFY(delivered < int(m_checkpoint->entries().size()));
    }
};

QTEST_MAIN(TestTensorScan)
#include "tst_tensor_scan.moc"
