// `statelens-cli testload` as scripts see it (docs/cli.md): the JSON contract, exit codes 0/1/2/3,
// the rule flags of remap, --save-module checked bit for bit by torch, and one-line errors.

#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

class TestTestLoadCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    CliRun testload(const QString &fixture, const QStringList &more)
    {
        return runCli(QStringList{QStringLiteral("testload"), path(fixture)} + more, m_dir.path(), 120000);
    }

    QJsonObject json(const CliRun &run) { return QJsonDocument::fromJson(run.out).object(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Tracing and saving the TorchScript architectures is the slow part.
        const PythonRun py = runPython(QStringLiteral("fixtures/testload_fixtures.py"),
                                       {QStringLiteral("make"), m_dir.path()}, 300000);
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void jsonContract()
    {
        const CliRun run =
            testload(QStringLiteral("mismatch.pth"),
                     {QStringLiteral("--arch"), path(QStringLiteral("net.pt")), QStringLiteral("--json"),
                      QStringLiteral("--input-shape"), QStringLiteral("1,3,8,8")});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject o = json(run);
        QCOMPARE(o.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(o.value(QLatin1String("strict")).toBool(), false);
        QCOMPARE(o.value(QLatin1String("device")).toString(), QStringLiteral("cpu"));
        QCOMPARE(o.value(QLatin1String("loaded")).toInt(), 24);
        QCOMPARE(jsonText(o.value(QLatin1String("missing"))), QStringLiteral("[]"));
        QCOMPARE(jsonText(o.value(QLatin1String("unexpected"))), QStringLiteral("[]"));
        QCOMPARE(jsonText(o.value(QLatin1String("mismatched"))),
                 QStringLiteral(
                     "[{\"checkpoint_shape\":[11],\"key\":\"embed.bias\",\"model_shape\":[12]},"
                     "{\"checkpoint_shape\":[10,13],\"key\":\"head.weight\",\"model_shape\":[10,12]}]"));
        QCOMPARE(jsonText(o.value(QLatin1String("dtype_cast"))), QStringLiteral("[]"));
        QCOMPARE(jsonText(o.value(QLatin1String("forward"))),
                 QStringLiteral("{\"ok\":true,\"output_shape\":[1,10]}"));
        QVERIFY(o.value(QLatin1String("suggestions")).isArray());
    }

    void dtypeCastsInJson()
    {
        const CliRun run =
            testload(QStringLiteral("float64.pth"),
                     {QStringLiteral("--arch"), path(QStringLiteral("net.pt")), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray casts = json(run).value(QLatin1String("dtype_cast")).toArray();
        QCOMPARE(casts.size(), 22);
        QCOMPARE(jsonText(casts.first()),
                 QStringLiteral("{\"from\":\"float64\",\"key\":\"embed.bias\",\"to\":\"float32\"}"));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        const QString net = QStringLiteral("net.pt");
        QTest::newRow("non-strict with missing keys")
            << QStringLiteral("missing.pth") << QStringList{QStringLiteral("--arch"), net} << 0;
        QTest::newRow("strict, missing keys")
            << QStringLiteral("missing.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--strict")} << 3;
        QTest::newRow("strict, unexpected keys")
            << QStringLiteral("extra.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--strict")} << 3;
        QTest::newRow("strict, shape mismatch")
            << QStringLiteral("mismatch.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--strict")} << 3;
        QTest::newRow("strict, clean")
            << QStringLiteral("exact.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--strict")} << 0;
        QTest::newRow("strict, prefix stripped")
            << QStringLiteral("prefixed.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--strict"),
                           QStringLiteral("--strip-prefix"), QStringLiteral("module.")}
            << 0;
        QTest::newRow("strict against a manifest")
            << QStringLiteral("missing.pth")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("manifest.json"),
                           QStringLiteral("--strict")}
            << 3;
        QTest::newRow("strict against a reference")
            << QStringLiteral("exact.pth")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("reference.pth"),
                           QStringLiteral("--strict")}
            << 0;
        QTest::newRow("no --arch") << QStringLiteral("exact.pth") << QStringList{} << 2;
        QTest::newRow("export flag") << QStringLiteral("exact.pth")
                                     << QStringList{QStringLiteral("--arch"), net, QStringLiteral("-o"),
                                                    QStringLiteral("x.pth")}
                                     << 2;
        QTest::newRow("bad device") << QStringLiteral("exact.pth")
                                    << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--device"),
                                                   QStringLiteral("tpu")}
                                    << 2;
        QTest::newRow("bad input shape")
            << QStringLiteral("exact.pth")
            << QStringList{QStringLiteral("--arch"), net, QStringLiteral("--input-shape"),
                           QStringLiteral("1,x")}
            << 2;
    }

    void exitCodes()
    {
        QFETCH(QString, fixture);
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const CliRun run = testload(fixture, args);
        QVERIFY2(run.finished && !run.crashed, qPrintable(run.describe()));
        QCOMPARE(run.exitCode, exitCode);
    }

    void badInputIsOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no such architecture")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("nothing.pt")};
        QTest::newRow("architecture is not a checkpoint")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("names.json")};
        QTest::newRow("CUDA index out of range")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("net.pt"), QStringLiteral("--device"),
                           QStringLiteral("cuda:99")};
        QTest::newRow("module saved where it cannot be")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("net.pt"),
                           QStringLiteral("--save-module"), QStringLiteral("/nonexistent/dir/m.pt")};
        QTest::newRow("saving a reference checkpoint")
            << QStringList{QStringLiteral("--arch"), QStringLiteral("reference.pth"),
                           QStringLiteral("--save-module"), QStringLiteral("m.pt")};
        QTest::newRow("bad rule") << QStringList{QStringLiteral("--arch"), QStringLiteral("net.pt"),
                                                 QStringLiteral("--regex"), QStringLiteral("(=x")};
    }

    void badInputIsOneLine()
    {
        QFETCH(QStringList, args);
        const QString problem = badInputProblem(testload(QStringLiteral("exact.pth"), args));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // The suggestions are recipe rules: written into a recipe, --rules applies them and the strict
    // load passes.
    void suggestionsAreARecipe()
    {
        const CliRun first =
            testload(QStringLiteral("gamma.pth"),
                     {QStringLiteral("--arch"), path(QStringLiteral("net.pt")), QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        const QJsonArray rules = json(first).value(QLatin1String("suggestions")).toArray();
        // DataParallel's module. is a wrapper: strip_wrappers is offered first.
        QCOMPARE(jsonText(rules.first()), QStringLiteral("{\"op\":\"strip_wrappers\"}"));
        QFile recipe(path(QStringLiteral("suggested.json")));
        QVERIFY(recipe.open(QIODevice::WriteOnly));
        recipe.write(QJsonDocument(QJsonObject{{QStringLiteral("rules"), rules}}).toJson());
        recipe.close();
        const CliRun second =
            testload(QStringLiteral("gamma.pth"),
                     {QStringLiteral("--arch"), path(QStringLiteral("net.pt")), QStringLiteral("--strict"),
                      QStringLiteral("--rules"), recipe.fileName()});
        QVERIFY2(second.exitCode == 0, second.out.constData());
    }

    // A load through the rule flags, saved and read back by torch: every tensor bit for bit.
    void savedModuleHoldsTheCheckpoint()
    {
        const QString saved = path(QStringLiteral("prefixed-saved.pt"));
        const CliRun run = testload(QStringLiteral("prefixed.pth"),
                                    {QStringLiteral("--arch"), path(QStringLiteral("net.pt")),
                                     QStringLiteral("--strip-prefix"), QStringLiteral("module."),
                                     QStringLiteral("--save-module"), saved, QStringLiteral("--strict")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QFile jobs(path(QStringLiteral("cli-jobs.json")));
        QVERIFY(jobs.open(QIODevice::WriteOnly));
        jobs.write(QJsonDocument(QJsonArray{QJsonObject{
                                     {QStringLiteral("arch"), path(QStringLiteral("net.pt"))},
                                     {QStringLiteral("saved"), saved},
                                     {QStringLiteral("checkpoint"), path(QStringLiteral("prefixed.pth"))},
                                     {QStringLiteral("strip"), QStringLiteral("module.")}}})
                       .toJson());
        jobs.close();
        const PythonRun py = runPython(QStringLiteral("fixtures/testload_fixtures.py"),
                                       {QStringLiteral("compare"), jobs.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object().value(saved).toObject();
        QCOMPARE(result.value(QLatin1String("checked")).toInt(), 26);
        QCOMPARE(jsonText(result.value(QLatin1String("bad"))), QStringLiteral("[]"));
    }

    // An architecture that needs tensor transforms (fixtures/testload_fixtures.py transforms): GPT-2
    // Conv1D weights into nn.Linear, a fused GQA qkv into q/k/v, 11 experts stacked, a float64 head
    // cast. Without the recipe the load reports missing and unexpected keys; with it nothing is
    // missing, unexpected, mismatched or cast, and the module holds the derived tensors: torch reads
    // the saved module back and finds its own conversion's tensors and forward output, bit for bit.
    void transformsLoadTheDerivedTensors()
    {
        const PythonRun make = runPython(QStringLiteral("fixtures/testload_fixtures.py"),
                                         {QStringLiteral("transforms"), m_dir.path()}, 300000);
        QVERIFY2(make.ok(), qPrintable(make.why()));
        const QStringList arch{QStringLiteral("--arch"), path(QStringLiteral("xf_net.pt")),
                               QStringLiteral("--json")};
        const CliRun plain = testload(QStringLiteral("xf_src.pth"), arch);
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.describe()));
        QCOMPARE(jsonText(json(plain).value(QLatin1String("missing"))),
                 QStringLiteral("[\"experts\",\"k.bias\",\"k.weight\",\"proj.weight\",\"q.bias\","
                                "\"q.weight\",\"v.bias\",\"v.weight\"]"));
        QCOMPARE(json(plain).value(QLatin1String("unexpected")).toArray().size(), 14);

        const QString saved = path(QStringLiteral("xf-saved.pt"));
        const CliRun run =
            testload(QStringLiteral("xf_src.pth"),
                     arch + QStringList{QStringLiteral("--rules"), path(QStringLiteral("xf_recipe.json")),
                                        QStringLiteral("--strict"), QStringLiteral("--save-module"), saved,
                                        QStringLiteral("--input-shape"), QStringLiteral("5,8")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject o = json(run);
        QCOMPARE(o.value(QLatin1String("loaded")).toInt(), 12);
        for (const char *list : {"missing", "unexpected", "mismatched", "dtype_cast"})
            QCOMPARE(jsonText(o.value(QLatin1String(list))), QStringLiteral("[]"));
        QCOMPARE(jsonText(o.value(QLatin1String("forward"))),
                 QStringLiteral("{\"ok\":true,\"output_shape\":[5,4]}"));
        const PythonRun check = runPython(QStringLiteral("fixtures/testload_fixtures.py"),
                                          {QStringLiteral("transforms_check"), m_dir.path(), saved});
        QVERIFY2(check.ok(), qPrintable(check.why()));
        const QJsonObject result = QJsonDocument::fromJson(check.out).object();
        QCOMPARE(jsonText(result.value(QLatin1String("bad"))), QStringLiteral("[]"));
        QVERIFY(result.value(QLatin1String("output_equal")).toBool());
    }

    void humanSummary()
    {
        const CliRun run = testload(QStringLiteral("missing.pth"),
                                    {QStringLiteral("--arch"), path(QStringLiteral("net.pt"))});
        QCOMPARE(run.exitCode, 0);
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(QLatin1String("missing (3):")) &&
                     text.contains(QLatin1String("  proj2.weight")),
                 qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestTestLoadCli)
#include "tst_testload_cli.moc"
