// statelens-cli diff against torch: tests/fixtures/diff_fixtures.py builds pairs of checkpoints and
// computes every key's status, the five metrics (float64, torch.isclose) and the module figures; the
// CLI's --json must agree to a relative 1e-6. Also the exit codes, --csv, --only-differences, the
// human summary, and a truncated or damaged B (exit 1, one line).

#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace sl_test;

namespace {

bool close(double got, double want)
{
    return std::abs(got - want) <= 1e-6 * std::abs(want) + 1e-12;
}

// A number to a relative 1e-6, or null exactly where torch's figure is None.
QString numberProblem(const QString &where, const QJsonValue &got, const QJsonValue &want)
{
    if (want.isNull() != got.isNull() || (!want.isNull() && !got.isDouble()))
        return where + QStringLiteral(": got ") + jsonText(got) + QStringLiteral(", torch ") + jsonText(want);
    if (!want.isNull() && !close(got.toDouble(), want.toDouble()))
        return where + QStringLiteral(": got ") + jsonText(got) + QStringLiteral(", torch ") + jsonText(want);
    return {};
}

const char *const kMetrics[] = {"max_abs_diff", "mean_abs_diff", "rel_l2", "cosine", "mismatched_elements"};

} // namespace

class TestDiffOracle : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QTemporaryDir m_transforms;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    QJsonObject expected(const char *name) const
    {
        QFile f(m_dir.filePath(QStringLiteral("expected_%1.json").arg(QLatin1String(name))));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

    void compareToTorch(const QJsonObject &got, const QJsonObject &want)
    {
        QCOMPARE(jsonText(got[QStringLiteral("summary")]), jsonText(want[QStringLiteral("summary")]));
        QCOMPARE(got[QStringLiteral("equal")], want[QStringLiteral("equal")]);
        QCOMPARE(got[QStringLiteral("atol")].toDouble(), want[QStringLiteral("atol")].toDouble());
        QCOMPARE(got[QStringLiteral("rtol")].toDouble(), want[QStringLiteral("rtol")].toDouble());
        const QJsonArray gt = got[QStringLiteral("tensors")].toArray(),
                         wt = want[QStringLiteral("tensors")].toArray();
        QCOMPARE(gt.size(), wt.size());
        for (qsizetype i = 0; i < wt.size(); ++i) {
            const QJsonObject g = gt[i].toObject(), w = wt[i].toObject();
            const QString key = w[QStringLiteral("key")].toString();
            QCOMPARE(g[QStringLiteral("key")].toString(), key);
            QVERIFY2(g[QStringLiteral("status")] == w[QStringLiteral("status")],
                     qPrintable(key + QStringLiteral(": ") + jsonText(g[QStringLiteral("status")])));
            for (const char *field : {"shape_a", "shape_b", "dtype_a", "dtype_b", "key_b"})
                QVERIFY2(jsonText(g[QLatin1String(field)]) == jsonText(w[QLatin1String(field)]),
                         qPrintable(key + QLatin1Char(' ') + QLatin1String(field)));
            for (const char *metric : kMetrics) {
                QCOMPARE(g.contains(QLatin1String(metric)), w.contains(QLatin1String(metric)));
                if (!w.contains(QLatin1String(metric))) continue;
                const QString problem = numberProblem(key + QLatin1Char(' ') + QLatin1String(metric),
                                                      g[QLatin1String(metric)], w[QLatin1String(metric)]);
                QVERIFY2(problem.isEmpty(), qPrintable(problem));
            }
        }
        const QJsonArray gm = got[QStringLiteral("modules")].toArray(),
                         wm = want[QStringLiteral("modules")].toArray();
        QCOMPARE(gm.size(), wm.size());
        for (qsizetype i = 0; i < wm.size(); ++i) {
            const QJsonObject g = gm[i].toObject(), w = wm[i].toObject();
            const QString module = w[QStringLiteral("module")].toString();
            QCOMPARE(g[QStringLiteral("module")].toString(), module);
            QCOMPARE(jsonText(g[QStringLiteral("counts")]), jsonText(w[QStringLiteral("counts")]));
            const QString problem = numberProblem(module + QStringLiteral(" rel_l2"),
                                                  g[QStringLiteral("rel_l2")], w[QStringLiteral("rel_l2")]);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python = runPython(QStringLiteral("fixtures/diff_fixtures.py"), {m_dir.path()});
        QVERIFY2(python.ok(), qPrintable(python.why()));
    }

    void agreesWithTorch_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expectation");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("every status")
            << QStringList{path("a.pth"), path("b.pth")} << QStringLiteral("main") << 4;
        QTest::newRow("tolerance") << QStringList{path("a.pth"), path("b.pth"), QStringLiteral("--atol"),
                                                  QStringLiteral("1e-6"), QStringLiteral("--rtol=1e-4")}
                                   << QStringLiteral("tol") << 4;
        QTest::newRow("rules") << QStringList{path("module.pth"), path("plain.pth"),
                                              QStringLiteral("--rules"), path("recipe.json")}
                               << QStringLiteral("rules") << 0;
        QTest::newRow("pth vs safetensors")
            << QStringList{path("a3.pth"), path("b3.safetensors")} << QStringLiteral("st") << 0;
    }
    void agreesWithTorch()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expectation);
        QFETCH(int, exitCode);
        const CliRun run =
            runCli(QStringList{QStringLiteral("diff")} + args + QStringList{QStringLiteral("--json")},
                   m_dir.path(), 60000);
        QVERIFY2(run.finished && !run.crashed && run.exitCode == exitCode, qPrintable(run.describe()));
        QJsonParseError error;
        const QJsonObject got = QJsonDocument::fromJson(run.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        compareToTorch(got, expected(expectation.toLatin1().constData()));
        QCOMPARE(got[QStringLiteral("equal")].toBool(), exitCode == 0);
        const QJsonObject a = got[QStringLiteral("a")].toObject();
        QCOMPARE(a[QStringLiteral("file")].toString(), args[0]);
        QCOMPARE(a[QStringLiteral("format")].toString(), QStringLiteral("zip"));
        QCOMPARE(jsonText(a[QStringLiteral("root")]), QStringLiteral("[]"));
        if (expectation == QLatin1String("st"))
            QCOMPARE(got[QStringLiteral("b")].toObject()[QStringLiteral("format")].toString(),
                     QStringLiteral("safetensors"));
    }

    // A recipe that converts A into B makes the two equal: A's derived tensors (transposed, split,
    // stacked, cast, ...) are compared by their values with B's, which torch computed
    // (fixtures/transform_cases.py). Without the recipe the same files differ.
    void transformRecipes_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "qkv_fuse", "split_even", "llama_meta_to_hf",
                                 "llama_hf_to_meta", "llama_round_trip", "moe_stack", "moe_unstack",
                                 "moe_stack_dim2", "head_and_vocab", "cast_modules", "chain", "flag_order"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void transformRecipes()
    {
        QFETCH(QString, name);
        if (!QFile::exists(m_transforms.filePath(QStringLiteral("gpt2_conv1d.json")))) {
            const PythonRun python =
                runPython(QStringLiteral("fixtures/transform_cases.py"), {m_transforms.path()});
            QVERIFY2(python.ok(), qPrintable(python.why()));
        }
        const QString in = m_transforms.filePath(name + QStringLiteral("_in.pth"));
        const QString expected = m_transforms.filePath(name + QStringLiteral("_expected.pth"));
        const QString recipe = m_transforms.filePath(name + QStringLiteral(".json"));
        const CliRun with = runCli({QStringLiteral("diff"), in, expected, QStringLiteral("--rules"), recipe,
                                    QStringLiteral("--json")},
                                   m_transforms.path(), 60000);
        QVERIFY2(with.finished && !with.crashed && with.exitCode == 0, qPrintable(with.describe()));
        const QJsonObject got = QJsonDocument::fromJson(with.out).object();
        QVERIFY(got[QStringLiteral("equal")].toBool());
        // The round trip gives the input back, so only the other cases differ without their recipe.
        if (name == QLatin1String("llama_round_trip")) return;
        const CliRun without = runCli({QStringLiteral("diff"), in, expected}, m_transforms.path(), 60000);
        QVERIFY2(without.finished && !without.crashed && without.exitCode == 4,
                 qPrintable(without.describe()));
    }

    void csvAndOnlyDifferences()
    {
        const QString csv = m_dir.filePath(QStringLiteral("table.csv"));
        const CliRun run =
            runCli({QStringLiteral("diff"), path("a.pth"), path("b.pth"), QStringLiteral("--json"),
                    QStringLiteral("--only-differences"), QStringLiteral("--csv"), csv},
                   m_dir.path(), 60000);
        QCOMPARE(run.exitCode, 4);
        const QJsonObject got = QJsonDocument::fromJson(run.out).object();
        const QJsonObject want = expected("main");
        qsizetype differing = 0;
        for (const QJsonValue &t : want[QStringLiteral("tensors")].toArray())
            differing += t.toObject()[QStringLiteral("status")].toString() != QLatin1String("same");
        QCOMPARE(got[QStringLiteral("tensors")].toArray().size(), differing);
        // The summary still counts every key.
        QCOMPARE(jsonText(got[QStringLiteral("summary")]), jsonText(want[QStringLiteral("summary")]));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), differing + 1);
        QCOMPARE(lines[0], QByteArray("key,status,key_b,shape_a,shape_b,dtype_a,dtype_b,max_abs_diff,"
                                      "mean_abs_diff,rel_l2,cosine,mismatched_elements"));
        QVERIFY(lines.contains(
            QByteArray("old.name,renamed,new.name,\"[6, 6]\",\"[6, 6]\",float32,float32,0,0,0,1,0")));
        QVERIFY(lines.contains(QByteArray("gone,only_a,,[2],,float32,,,,,,")));
        QVERIFY(lines.contains(QByteArray("zero.in_a,changed,,[20],[20],float32,float32,") +
                               QByteArray::number(want[QStringLiteral("tensors")]
                                                      .toArray()[9]
                                                      .toObject()[QStringLiteral("max_abs_diff")]
                                                      .toDouble(),
                                                  'g', 17) +
                               "," +
                               QByteArray::number(want[QStringLiteral("tensors")]
                                                      .toArray()[9]
                                                      .toObject()[QStringLiteral("mean_abs_diff")]
                                                      .toDouble(),
                                                  'g', 17) +
                               ",,,20"));
    }

    void humanSummary()
    {
        const CliRun run = runCli({QStringLiteral("diff"), path("a.pth"), path("b.pth"),
                                   QStringLiteral("--top"), QStringLiteral("2")},
                                  m_dir.path(), 60000);
        QCOMPARE(run.exitCode, 4);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QStringLiteral("changed        11\n")), qPrintable(out));
        // The two largest rel_l2: zero.in_a (no rel_l2: |a| = 0) then shape.scalar (3.8).
        QVERIFY2(out.contains(QStringLiteral("most changed (rel_l2, max_abs_diff, mismatched elements):\n"
                                             "  zero.in_a     inf          2.01")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("\n  shape.scalar  3.8          9.5          1\n\n")),
                 qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("only in A:\n  old.twin2\n  gone\n")));
        QVERIFY(out.contains(QStringLiteral("only in B:\n  decoy.name\n  added\n")));
        QVERIFY(out.contains(
            QStringLiteral("renamed (A -> B):\n  old.name -> new.name\n  old.twin1 -> new.twin\n")));
        const CliRun same =
            runCli({QStringLiteral("diff"), path("a3.pth"), path("b3.safetensors")}, m_dir.path());
        QCOMPARE(same.exitCode, 0);
        QVERIFY(same.out.endsWith("\nequal\n"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("one file") << QStringList{path("a.pth")};
        QTest::newRow("three files") << QStringList{path("a.pth"), path("b.pth"), path("a.pth")};
        QTest::newRow("unknown flag") << QStringList{path("a.pth"), path("b.pth"), QStringLiteral("--bins")};
        QTest::newRow("negative atol")
            << QStringList{path("a.pth"), path("b.pth"), QStringLiteral("--atol"), QStringLiteral("-1")};
        QTest::newRow("rtol not a number")
            << QStringList{path("a.pth"), path("b.pth"), QStringLiteral("--rtol=x")};
        QTest::newRow("top without value")
            << QStringList{path("a.pth"), path("b.pth"), QStringLiteral("--top")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliRun run = runCli(QStringList{QStringLiteral("diff")} + args, m_dir.path());
        QVERIFY2(run.finished && !run.crashed && run.exitCode == 2, qPrintable(run.describe()));
    }

    // Every prefix of B cut off, and a byte flipped in its zip directory and headers: exit 1, one line.
    void damagedB()
    {
        QFile f(path("b3.safetensors"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray st = f.readAll();
        QFile g(path("b.pth"));
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray pth = g.readAll();
        struct Case
        {
            QByteArray bytes;
            const char *a;
        };
        std::vector<Case> cases;
        for (qsizetype cut : {qsizetype(0), qsizetype(7), st.size() / 3, st.size() - 1})
            cases.push_back({st.left(cut), "a3.pth"});
        for (qsizetype cut : {pth.size() / 2, pth.size() - 30, pth.size() - 1})
            cases.push_back({pth.left(cut), "a.pth"});
        for (const Case &c : cases) {
            const QString damaged = m_dir.filePath(QStringLiteral("damaged"));
            QFile out(damaged);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(c.bytes);
            out.close();
            const CliRun run =
                runCli({QStringLiteral("diff"), path(c.a), damaged, QStringLiteral("--json")}, m_dir.path());
            const QString problem = badInputProblem(run);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("%1 bytes: %2").arg(c.bytes.size()).arg(problem)));
            QVERIFY(run.out.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestDiffOracle)
#include "tst_diff_oracle.moc"
