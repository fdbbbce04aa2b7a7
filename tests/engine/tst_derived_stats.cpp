// Statistics of derived (transformed) tensors, as the details pane shows them: each derived key's
// figures must be torch's on the converted tensor (fixtures/transform_cases.py writes them), for
// casts with rounding, NaN and Inf, transposed strided views and chains of ops; the stats job runs
// them off the calling thread and cancels like a stored tensor's.

#include "test_support.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "qt/stats_job.h"
#include "stats/tensor_stats.h"
#include "transform/transform_plan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace sl;

namespace {

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestDerivedStats : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QJsonObject json(const QString &name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

    // The plan of case `name` over its input, kept alive with the checkpoint it reads.
    bool plan(const QString &name, std::shared_ptr<Checkpoint> &in, TransformPlan &out)
    {
        std::string openError;
        in = Checkpoint::open(path(name + QStringLiteral("_in.pth")), &openError);
        if (!in) return false;
        QFile f(path(name + QStringLiteral(".json")));
        KeyMap map;
        QString error;
        if (!f.open(QIODevice::ReadOnly) || !KeyMap::fromJson(f.readAll(), map, &error)) return false;
        return TransformPlan::build(*in, map.rules, out, &error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const sl_test::PythonRun run =
            sl_test::runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
    }

    void agreesWithTorch_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"cast_modules", "gpt2_conv1d", "chain", "llama_meta_to_hf", "moe_stack",
                                 "head_and_vocab", "qkv_split_gqa"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void agreesWithTorch()
    {
        QFETCH(QString, name);
        std::shared_ptr<Checkpoint> in;
        TransformPlan p;
        QVERIFY(plan(name, in, p));
        const QJsonObject expected = json(name + QStringLiteral("_stats.json"));
        QVERIFY(!expected.isEmpty());
        int derived = 0;
        for (size_t i = 0; i < p.tensors.size(); ++i) {
            const QString key = p.tensors[i].key;
            const QJsonObject e = expected.value(key).toObject();
            QVERIFY2(!e.isEmpty(), qPrintable(key));
            derived += p.tensors[i].isDerived();
            TensorStats s;
            QVERIFY(computeSourceStats(*p.source(i), 16, s));
            const QByteArray what = key.toUtf8();
            QVERIFY2(s.numel == e.value(QStringLiteral("numel")).toInteger(), what.constData());
            QVERIFY2(s.nan == e.value(QStringLiteral("nan")).toInteger(), what.constData());
            QVERIFY2(s.inf == e.value(QStringLiteral("inf")).toInteger(), what.constData());
            QVERIFY2(s.zeros == e.value(QStringLiteral("zeros")).toInteger(), what.constData());
            QVERIFY2(s.min == e.value(QStringLiteral("min")).toDouble(), what.constData());
            QVERIFY2(s.max == e.value(QStringLiteral("max")).toDouble(), what.constData());
            QVERIFY2(near(s.mean, e.value(QStringLiteral("mean")).toDouble()), what.constData());
            if (!e.value(QStringLiteral("std")).isNull())
                QVERIFY2(near(s.std, e.value(QStringLiteral("std")).toDouble()), what.constData());
            const QJsonArray counts = e.value(QStringLiteral("counts")).toArray();
            QCOMPARE(s.counts.size(), size_t(counts.size()));
            for (int b = 0; b < counts.size(); ++b)
                QVERIFY2(s.counts[size_t(b)] == counts[b].toInteger(),
                         qPrintable(QStringLiteral("%1 bin %2").arg(key).arg(b)));
        }
        QVERIFY(derived > 0);
    }

    // The details pane's worker: the derived value's figures arrive tagged, and a cancelled run
    // delivers nothing.
    void jobComputesDerivedValues()
    {
        std::shared_ptr<Checkpoint> in;
        TransformPlan p;
        QVERIFY(plan(QStringLiteral("cast_modules"), in, p));
        const QJsonObject expected = json(QStringLiteral("cast_modules_stats.json"));
        size_t dec = 0;
        while (dec < p.tensors.size() && p.tensors[dec].key != QLatin1String("dec.weight"))
            ++dec;
        QVERIFY(dec < p.tensors.size() && p.tensors[dec].isDerived());
        StatsJob job;
        QSignalSpy finished(&job, &StatsJob::finished);
        QSignalSpy cancelled(&job, &StatsJob::cancelled);
        job.startSource(in, p.source(dec), -7, 16);
        job.cancel();
        QCOMPARE(cancelled.size(), 1);
        job.startSource(in, p.source(dec), -9, 16);
        QVERIFY(finished.wait(30000));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toInt(), -9);
        const TensorStats s = finished.at(0).at(2).value<TensorStats>();
        const QJsonObject e = expected.value(QStringLiteral("dec.weight")).toObject();
        QCOMPARE(s.inf, e.value(QStringLiteral("inf")).toInteger());
        QCOMPARE(s.max, e.value(QStringLiteral("max")).toDouble());
    }
};

QTEST_GUILESS_MAIN(TestDerivedStats)
#include "tst_derived_stats.moc"
