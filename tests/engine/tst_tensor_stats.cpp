// Tensor statistics against torch itself: min, max, mean, std and histc over the finite values,
// for float32, float16, bfloat16, integer and strided tensors; plus the worker's cancel and
// stale-result paths.

#include "document/checkpoint.h"
#include "qt/stats_job.h"
#include "stats/tensor_stats.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace sl;
using namespace sl_test;

namespace {

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestTensorStats : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QJsonObject m_expected;
    std::shared_ptr<Checkpoint> m_checkpoint;

    int entryOf(const QString &key) const
    {
        const auto &entries = m_checkpoint->entries();
        for (size_t i = 0; i < entries.size(); ++i)
            if (entries[i].key == key.toStdString()) return int(i);
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun py = runPython(QStringLiteral("fixtures/stats_fixtures.py"), {m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        QFile f(m_dir.filePath(QStringLiteral("expected.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
        std::string error;
        m_checkpoint = Checkpoint::open(m_dir.filePath(QStringLiteral("stats.pth")), &error);
        QVERIFY2(m_checkpoint, error.c_str());
    }

    void agreesWithTorch_data()
    {
        QTest::addColumn<QString>("key");
        for (const char *k :
             {"f32", "f16", "bf16", "i64", "transposed", "constant", "big", "allnan", "on_edges"})
            QTest::newRow(k) << QString::fromLatin1(k);
    }

    void agreesWithTorch()
    {
        QFETCH(QString, key);
        const QJsonObject e = m_expected.value(key).toObject();
        const int entry = entryOf(key);
        QVERIFY(entry >= 0);
        TensorStats s;
        QVERIFY(
            computeTensorStats(m_checkpoint->file(), m_checkpoint->entries()[size_t(entry)].tensor, 16, s));
        QCOMPARE(s.numel, e.value(QStringLiteral("numel")).toInteger());
        QCOMPARE(s.nan, e.value(QStringLiteral("nan")).toInteger());
        QCOMPARE(s.inf, e.value(QStringLiteral("inf")).toInteger());
        QCOMPARE(s.zeros, e.value(QStringLiteral("zeros")).toInteger());
        if (!e.contains(QStringLiteral("min"))) {
            QVERIFY(std::isnan(s.min) && std::isnan(s.mean));
            return;
        }
        QCOMPARE(s.min, e.value(QStringLiteral("min")).toDouble());
        QCOMPARE(s.max, e.value(QStringLiteral("max")).toDouble());
        QVERIFY2(near(s.mean, e.value(QStringLiteral("mean")).toDouble()),
                 qPrintable(QString::number(s.mean, 'g', 17)));
        QVERIFY2(near(s.std, e.value(QStringLiteral("std")).toDouble()),
                 qPrintable(QString::number(s.std, 'g', 17)));
        const QJsonArray counts = e.value(QStringLiteral("counts")).toArray();
        QCOMPARE(s.counts.size(), size_t(counts.size()));
        for (int i = 0; i < counts.size(); ++i)
            QCOMPARE(s.counts[size_t(i)], counts[i].toInteger());
        QCOMPARE(s.edges.size(), s.counts.size() + 1);
    }

    void progressCanCancel()
    {
        TensorStats s;
        int calls = 0;
        const int tensor = m_checkpoint->entries()[size_t(entryOf(QStringLiteral("big")))].tensor;
        const bool completed =
            computeTensorStats(m_checkpoint->file(), tensor, 16, s, [&](int64_t done, int64_t total) {
                ++calls;
                return done < total / 4;
            });
        QVERIFY(!completed);
        QVERIFY(calls >= 1);
    }

    void refusesBadBinCounts()
    {
        TensorStats s;
        QVERIFY_THROWS_EXCEPTION(FormatError, computeTensorStats(m_checkpoint->file(), 0, 0, s));
    }

    void jobDeliversOnlyTheLatestResult()
    {
        StatsJob job;
        QSignalSpy finished(&job, &StatsJob::finished);
        job.start(m_checkpoint, entryOf(QStringLiteral("big")), 16);
        const quint64 stale = job.currentToken();
        job.start(m_checkpoint, entryOf(QStringLiteral("f32")), 16); // the user selected another tensor
        QVERIFY(finished.wait(60000));
        QTest::qWait(200); // give a stale result the chance to arrive, so that dropping it is tested
        QCOMPARE(finished.size(), 1);
        QVERIFY(finished.at(0).at(0).toULongLong() != stale);
        QCOMPARE(finished.at(0).at(1).toInt(), entryOf(QStringLiteral("f32")));
        QVERIFY(!job.isRunning());
    }

    void cancelledJobEmitsNoResult()
    {
        StatsJob job;
        QSignalSpy finished(&job, &StatsJob::finished);
        QSignalSpy cancelled(&job, &StatsJob::cancelled);
        job.start(m_checkpoint, entryOf(QStringLiteral("big")), 16);
        job.cancel();
        QCOMPARE(cancelled.size(), 1);
        QTest::qWait(1500);
        QCOMPARE(finished.size(), 0);
    }

    void unsupportedDtypeFails()
    {
        // complex tensors have no ordering: the job reports a failure instead of a result
        std::string error;
        std::shared_ptr<Checkpoint> c =
            Checkpoint::open(m_dir.filePath(QStringLiteral("complex.pth")), &error);
        QVERIFY2(c, error.c_str());
        StatsJob job;
        QSignalSpy failed(&job, &StatsJob::failed);
        job.start(c, 0, 8);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(2).toString().contains(QLatin1String("complex64")));
    }
};

QTEST_GUILESS_MAIN(TestTensorStats)
#include "tst_tensor_stats.moc"
