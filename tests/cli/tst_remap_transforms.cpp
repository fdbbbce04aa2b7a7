// statelens-cli remap with transform rules, against torch: every case of fixtures/transform_cases.py
// is remapped to .pth and .safetensors and loaded back by torch (fixtures/remap_check.py), which holds
// it to torch's own result bit for bit, keys and order included. Refusals exit 1 with one line and
// leave nothing behind; --transpose and --cast apply in order with the other rule flags. Every recipe
// shipped in resources/recipes/ converts a torch-made checkpoint under the real model's key names
// (fixtures/recipe_cases.py) exactly as torch's own conversion does.

#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const char *const kCases[] = {
    "gpt2_conv1d",      "qkv_split_gqa",    "qkv_fuse",  "split_even",  "llama_meta_to_hf",
    "llama_hf_to_meta", "llama_round_trip", "moe_stack", "moe_unstack", "moe_stack_dim2",
    "head_and_vocab",   "cast_modules",     "chain"};

const char *const kRefusals[] = {
    "bad_split_sizes",   "bad_split_uneven", "bad_missing_key",  "bad_clash",        "bad_reshape",
    "bad_reshape_infer", "bad_rotary",       "bad_concat_shape", "bad_concat_dtype", "bad_stack_clash",
    "bad_stack_number",  "bad_no_match",     "bad_dim",          "bad_pad_smaller",  "bad_cast_float_to_int",
    "bad_unstack_clash"};

} // namespace

class TestRemapTransforms : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QJsonArray m_manifest; // what remap_check.py checks, filled by the tests that write files

    QString path(const QString &name) const { return m_dir.filePath(name); }
    static QString recipesDir() { return sl_test::testsDir() + QStringLiteral("../resources/recipes/"); }

    // Runs remap and, on success, queues the output for the torch check.
    void remap(const QString &name, const QString &output, const QStringList &rules, bool safetensors,
               const QJsonArray &tied = {})
    {
        const sl_test::CliRun run =
            sl_test::runCli(QStringList{QStringLiteral("remap"), path(name + QStringLiteral("_in.pth")),
                                        QStringLiteral("-o"), path(output)} +
                                rules,
                            m_dir.path(), 60000);
        QVERIFY2(run.ok(), qPrintable(run.describe()));
        QVERIFY2(QFile::exists(path(output)), qPrintable(output));
        m_manifest.append(
            QJsonObject{{QStringLiteral("name"), output},
                        {QStringLiteral("input"), path(name + QStringLiteral("_in.pth"))},
                        {QStringLiteral("output"), path(output)},
                        {QStringLiteral("expected"), path(name + QStringLiteral("_expected.pth"))},
                        {QStringLiteral("safetensors"), safetensors},
                        {QStringLiteral("tied"), tied}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const sl_test::PythonRun run =
            sl_test::runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
        const sl_test::PythonRun recipes =
            sl_test::runPython(QStringLiteral("fixtures/recipe_cases.py"), {path(QStringLiteral("recipes"))});
        QVERIFY2(recipes.ok(), qPrintable(recipes.why()));
    }

    void recipes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("safetensors");
        for (const char *name : kCases) {
            QTest::newRow(qPrintable(QStringLiteral("%1 pth").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << false;
            QTest::newRow(qPrintable(QStringLiteral("%1 safetensors").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << true;
        }
    }

    void recipes()
    {
        QFETCH(QString, name);
        QFETCH(bool, safetensors);
        const QString output =
            name + (safetensors ? QStringLiteral("_out.safetensors") : QStringLiteral("_out.pth"));
        // The tied head shares wte's storage in the input; untouched, it must still share it.
        QJsonArray tied;
        if (name == QLatin1String("gpt2_conv1d") && !safetensors)
            tied.append(QJsonArray{QStringLiteral("wte.weight"), QStringLiteral("lm_head.weight")});
        remap(name, output, {QStringLiteral("--rules"), path(name + QStringLiteral(".json"))}, safetensors,
              tied);
    }

    void shippedRecipes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("safetensors");
        const QStringList recipes = QDir(recipesDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(recipes.size() >= 7);
        for (const QString &file : recipes) {
            const QString name = file.chopped(5);
            QTest::newRow(qPrintable(name + QStringLiteral(" pth"))) << name << false;
            QTest::newRow(qPrintable(name + QStringLiteral(" safetensors"))) << name << true;
        }
    }

    void shippedRecipes()
    {
        QFETCH(QString, name);
        QFETCH(bool, safetensors);
        // A recipe shipped without a fixture fails here rather than going unchecked.
        QVERIFY2(QFile::exists(path(QStringLiteral("recipes/%1_in.pth").arg(name))), qPrintable(name));
        QJsonArray tied;
        if (name == QLatin1String("gpt2_conv1d_to_linear") && !safetensors)
            tied.append(
                QJsonArray{QStringLiteral("transformer.wte.weight"), QStringLiteral("lm_head.weight")});
        remap(QStringLiteral("recipes/") + name,
              QStringLiteral("recipes/%1_out.%2")
                  .arg(name, safetensors ? QStringLiteral("safetensors") : QStringLiteral("pth")),
              {QStringLiteral("--rules"), recipesDir() + name + QStringLiteral(".json")}, safetensors, tied);
    }

    void flags()
    {
        // The rules of gpt2_conv1d, cast_modules and flag_order as flags; flag_order's transpose names the
        // key before --strip-prefix removes "module.", so it only works in command-line order.
        remap(QStringLiteral("gpt2_conv1d"), QStringLiteral("flag_gpt2.pth"),
              {QStringLiteral("--transpose"),
               QStringLiteral("h\\.\\d+\\.(attn\\.c_attn|mlp\\.c_fc|mlp\\.c_proj)\\.weight")},
              false, QJsonArray{QJsonArray{QStringLiteral("wte.weight"), QStringLiteral("lm_head.weight")}});
        remap(QStringLiteral("cast_modules"), QStringLiteral("flag_cast.safetensors"),
              {QStringLiteral("--cast"), QStringLiteral("enc\\..*=bfloat16"), QStringLiteral("--cast"),
               QStringLiteral("dec\\..*=float16"), QStringLiteral("--cast"), QStringLiteral("counts=int32"),
               QStringLiteral("--cast"), QStringLiteral("scale=float32")},
              true);
        remap(QStringLiteral("flag_order"), QStringLiteral("flag_order.pth"),
              {QStringLiteral("--transpose"), QStringLiteral("module\\.conv\\.weight"),
               QStringLiteral("--strip-prefix"), QStringLiteral("module."), QStringLiteral("--cast"),
               QStringLiteral("conv\\..*=bfloat16")},
              false);
        // The other order: the transpose matches nothing, which is refused.
        const sl_test::CliRun run =
            sl_test::runCli({QStringLiteral("remap"), path(QStringLiteral("flag_order_in.pth")),
                             QStringLiteral("-o"), path(QStringLiteral("flag_reordered.pth")),
                             QStringLiteral("--strip-prefix"), QStringLiteral("module."),
                             QStringLiteral("--transpose"), QStringLiteral("module\\.conv\\.weight")},
                            m_dir.path());
        QVERIFY2(sl_test::badInputProblem(run).isEmpty(), qPrintable(sl_test::badInputProblem(run)));
        QVERIFY2(QString::fromUtf8(run.err).contains(QLatin1String("no key matches")), run.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("flag_reordered.pth"))));
    }

    void badFlags_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("why");
        QTest::newRow("cast without dtype") << QStringList{QStringLiteral("--cast"), QStringLiteral("x")}
                                            << QStringLiteral("--cast needs REGEX=DTYPE");
        QTest::newRow("unknown dtype")
            << QStringList{QStringLiteral("--cast"), QStringLiteral("x=float7")} << QStringLiteral("float7");
        QTest::newRow("bad regex") << QStringList{QStringLiteral("--transpose"), QStringLiteral("(x")}
                                   << QStringLiteral("--transpose (x");
    }

    void badFlags()
    {
        QFETCH(QStringList, flags);
        QFETCH(QString, why);
        const sl_test::CliRun run =
            sl_test::runCli(QStringList{QStringLiteral("remap"), path(QStringLiteral("chain_in.pth")),
                                        QStringLiteral("-o"), path(QStringLiteral("bad.pth"))} +
                                flags,
                            m_dir.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(why), run.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("bad.pth"))));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("output");
        for (const char *name : kRefusals) {
            for (const char *ext : {".pth", ".safetensors"})
                QTest::newRow(qPrintable(QLatin1String(name) + QLatin1String(ext)))
                    << QString::fromLatin1(name) << QStringLiteral("out") + QLatin1String(ext);
        }
    }

    void refusals()
    {
        QFETCH(QString, name);
        QFETCH(QString, output);
        // Each refusal writes into a folder of its own, which must stay empty: no file, no temporary.
        QDir dir(m_dir.path());
        QVERIFY(dir.mkpath(name + output));
        const QString folder = path(name + output);
        const sl_test::CliRun run =
            sl_test::runCli({QStringLiteral("remap"), path(name + QStringLiteral("_in.pth")),
                             QStringLiteral("-o"), folder + QLatin1Char('/') + output,
                             QStringLiteral("--rules"), path(name + QStringLiteral(".json"))},
                            folder);
        QVERIFY2(sl_test::badInputProblem(run).isEmpty(), qPrintable(sl_test::badInputProblem(run)));
        QFile why(path(name + QStringLiteral(".why")));
        QVERIFY(why.open(QIODevice::ReadOnly));
        QVERIFY2(QString::fromUtf8(run.err).contains(QString::fromUtf8(why.readAll())), run.err.constData());
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }

    void jsonListsDerivedTensors()
    {
        const sl_test::CliRun run = sl_test::runCli(
            {QStringLiteral("remap"), path(QStringLiteral("qkv_split_gqa_in.pth")), QStringLiteral("-o"),
             path(QStringLiteral("json.pth")), QStringLiteral("--rules"),
             path(QStringLiteral("qkv_split_gqa.json")), QStringLiteral("--json")},
            m_dir.path());
        QVERIFY2(run.ok(), qPrintable(run.describe()));
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("kept")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("transformed")).toInt(), 2);
        const QJsonArray derived = json.value(QStringLiteral("derived")).toArray();
        QCOMPARE(derived.size(), 6);
        const QJsonObject k = derived.at(1).toObject();
        QCOMPARE(k.value(QStringLiteral("key")).toString(), QStringLiteral("attn.k.weight"));
        QCOMPARE(k.value(QStringLiteral("index")).toInt(), 2);
        QCOMPARE(k.value(QStringLiteral("dtype")).toString(), QStringLiteral("float32"));
        QCOMPARE(k.value(QStringLiteral("shape")).toArray(), (QJsonArray{32, 128}));
        QCOMPARE(k.value(QStringLiteral("from")).toArray(), QJsonArray{QStringLiteral("attn.qkv.weight")});
        QVERIFY(
            k.value(QStringLiteral("steps")).toArray().at(0).toString().startsWith(QLatin1String("split")));

        const sl_test::CliRun text =
            sl_test::runCli({QStringLiteral("remap"), path(QStringLiteral("qkv_split_gqa_in.pth")),
                             QStringLiteral("-o"), path(QStringLiteral("text.pth")),
                             QStringLiteral("--rules"), path(QStringLiteral("qkv_split_gqa.json"))},
                            m_dir.path());
        QVERIFY2(text.ok(), qPrintable(text.describe()));
        QVERIFY2(text.out.contains("0 renamed, 0 dropped, 2 kept, 2 transformed into 6 derived; wrote "),
                 text.out.constData());
        QVERIFY2(text.out.contains("derived attn.k.weight: float32 [32, 128] from attn.qkv.weight: split"),
                 text.out.constData());
    }

    // Last: torch checks every file the tests above wrote, in one run.
    void torchReadsEveryOutput()
    {
        QVERIFY(m_manifest.size() >= 2 * int(std::size(kCases)) + 3 + 2 * 7);
        QFile manifest(path(QStringLiteral("manifest.json")));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write(QJsonDocument(m_manifest).toJson());
        manifest.close();
        const sl_test::PythonRun run =
            sl_test::runPython(QStringLiteral("fixtures/remap_check.py"), {manifest.fileName()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
        QVERIFY2(run.out.startsWith("ok "), run.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestRemapTransforms)
#include "tst_remap_transforms.moc"
