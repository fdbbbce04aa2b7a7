// Export round trips with torch 1.13 as the oracle: tests/fixtures/export_fixtures.py writes the inputs,
// `statelens-cli remap` exports them, and tests/fixtures/export_check.py loads both files and checks
// keys (the rules applied with Python's re), tensors bit for bit with dtype, shape, stride, offset and
// storage sharing, `_metadata`, and everything outside the state dict. Also: refusals, cancel, errors.

#include "document/checkpoint.h"
#include "export/exporter.h"
#include "keymap/key_map.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace sl_test;

namespace {

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out << QString::fromUtf8(s);
    return out;
}

QByteArray sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Rules as the checker wants them: {"rules": [...]}, the recipe's first, then the flags' (docs/cli.md).
QString rules(std::initializer_list<const char *> list)
{
    QStringList parts;
    for (const char *r : list)
        parts << QString::fromUtf8(r);
    return QStringLiteral("{\"rules\": [") + parts.join(QStringLiteral(", ")) + QStringLiteral("]}");
}

} // namespace

class TestExportRoundtrip : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    // Exports of the round trips go to a subfolder, so leftovers in the inputs' folder stand out.
    QString outPath(const QString &name) const { return m_dir.filePath(QStringLiteral("out/") + name); }

    // Files in the fixture folder other than the inputs: exports and leftovers.
    QStringList strayFiles(const QStringList &allowed) const
    {
        QStringList out;
        const QDir dir(m_dir.path());
        for (const QString &f : dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot))
            if (!m_inputs.contains(f) && !allowed.contains(f)) out << f;
        return out;
    }
    QStringList m_inputs;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun py = runPython(QStringLiteral("fixtures/export_fixtures.py"), {m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        m_inputs = QDir(m_dir.path()).entryList(QDir::Files);
        QVERIFY(m_inputs.contains(QStringLiteral("lightning.ckpt")));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("out")));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("recipe");       // written to a file and passed with --rules; may be empty
        QTest::addColumn<QStringList>("flags");    // rule and other flags after the recipe
        QTest::addColumn<QString>("allRules");     // the whole rule list, for the checker
        QTest::addColumn<QStringList>("check");    // extra checker arguments
        QTest::addColumn<QStringList>("metadata"); // expected _metadata prefixes, when listed

        const QStringList moduleMeta = {QString(),
                                        QStringLiteral("conv"),
                                        QStringLiteral("bn"),
                                        QStringLiteral("act"),
                                        QStringLiteral("encoder"),
                                        QStringLiteral("encoder.0"),
                                        QStringLiteral("encoder.1"),
                                        QStringLiteral("encoder.2"),
                                        QStringLiteral("head")};
        QTest::newRow("plain, add prefix")
            << "plain.pth"
            << "plain_out.pth" << QString() << strings({"--add-prefix", "model."})
            << rules({R"({"op": "add_prefix", "prefix": "model."})"}) << QStringList()
            << strings({"model", "model.conv", "model.bn", "model.act", "model.encoder", "model.encoder.0",
                        "model.encoder.1", "model.encoder.2", "model.head"});
        QTest::newRow("DataParallel, strip module.")
            << "module.pth"
            << "module_out.pth" << QString() << strings({"--strip-prefix", "module."})
            << rules({R"({"op": "strip_prefix", "prefix": "module."})"}) << QStringList() << moduleMeta;
        const char *lightningRecipe = R"({"op": "strip_prefix", "prefix": "model."})";
        QTest::newRow("Lightning, recipe then flags")
            << "lightning.ckpt"
            << "lightning_out.ckpt" << rules({lightningRecipe})
            << strings({"--rename", "encoder=backbone", "--drop", ".*num_batches_tracked"})
            << rules({lightningRecipe, R"({"op": "rename", "from": "encoder", "to": "backbone"})",
                      R"({"op": "drop", "pattern": ".*num_batches_tracked"})"})
            << strings({"--root", "state_dict"})
            << strings(
                   {"", "conv", "bn", "act", "backbone", "backbone.0", "backbone.1", "backbone.2", "head"});
        QTest::newRow("Lightning, regex and bfloat16")
            << "lightning.ckpt"
            << "lightning_bf16.ckpt" << QString()
            << strings({"--regex", R"(^model\.(\w+)\.=net_\1.)", "--dtype", "bfloat16"})
            << rules({R"({"op": "regex", "pattern": "^model\\.(\\w+)\\.", "replace": "net_\\1."})"})
            << strings({"--root", "state_dict", "--dtype", "bfloat16"}) << QStringList();
        QTest::newRow("legacy tied weights and views")
            << "legacy.pth"
            << "legacy_out.pth" << QString()
            << strings({"--rename", "emb.weight=embedding.weight", "--drop", "unused.*"})
            << rules({R"({"op": "rename", "from": "emb.weight", "to": "embedding.weight"})",
                      R"({"op": "drop", "pattern": "unused.*"})"})
            << QStringList() << QStringList();
        QTest::newRow("every dtype, regex with a group")
            << "dtypes.pth"
            << "dtypes_out.pth" << QString() << strings({"--regex", R"(^t_(?P<n>.*)$=tensor_\g<n>)"})
            << rules({R"({"op": "regex", "pattern": "^t_(?P<n>.*)$", "replace": "tensor_\\g<n>"})"})
            << QStringList() << QStringList();
        QTest::newRow("float16 conversion")
            << "dtypes.pth"
            << "dtypes_f16.pth" << QString() << strings({"--dtype", "float16"}) << rules({})
            << strings({"--dtype", "float16"}) << QStringList();
        QTest::newRow("bfloat16 conversion")
            << "dtypes.pth"
            << "dtypes_bf16.pth" << QString() << strings({"--dtype", "bfloat16"}) << rules({})
            << strings({"--dtype", "bfloat16"}) << QStringList();
        QTest::newRow("meta tensor") << "meta.pth"
                                     << "meta_out.pth" << QString() << QStringList() << rules({})
                                     << QStringList() << QStringList();
        QTest::newRow("pickled module becomes a state dict")
            << "whole_module.pth"
            << "whole_out.pth" << QString() << strings({"--drop", R"(bn\..*)"})
            << rules({R"({"op": "drop", "pattern": "bn\\..*"})"}) << strings({"--plain"}) << QStringList();
        QTest::newRow("bare tensor") << "bare_tensor.pth"
                                     << "bare_out.pth" << QString() << QStringList() << rules({})
                                     << strings({"--plain"}) << QStringList();
        QTest::newRow("safetensors") << "for_safetensors.pth"
                                     << "st_out.safetensors" << QString() << strings({"--add-prefix", "x."})
                                     << rules({R"({"op": "add_prefix", "prefix": "x."})"})
                                     << strings({"--safetensors"}) << QStringList();
        QTest::newRow("safetensors from legacy, float16")
            << "legacy.pth"
            << "legacy.safetensors" << QString() << strings({"--format", "safetensors", "--dtype", "float16"})
            << rules({}) << strings({"--safetensors", "--dtype", "float16"}) << QStringList();
    }

    void roundTrip()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        QFETCH(QString, recipe);
        QFETCH(QStringList, flags);
        QFETCH(QString, allRules);
        QFETCH(QStringList, check);
        QFETCH(QStringList, metadata);

        QStringList args{QStringLiteral("remap"), path(input), QStringLiteral("-o"), outPath(output)};
        if (!recipe.isEmpty()) {
            QFile f(outPath(output + QStringLiteral(".recipe.json")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(recipe.toUtf8());
            args << QStringLiteral("--rules") << f.fileName();
        }
        const QByteArray before = sha256(path(input));
        const CliRun run = runCli(args + flags, m_dir.path(), 60000);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.out.contains("wrote"), run.out.constData());
        QCOMPARE(sha256(path(input)), before); // the input is never written

        QFile rulesFile(outPath(output + QStringLiteral(".rules.json")));
        QVERIFY(rulesFile.open(QIODevice::WriteOnly));
        rulesFile.write(allRules.toUtf8());
        rulesFile.close();
        const PythonRun py =
            runPython(QStringLiteral("fixtures/export_check.py"),
                      QStringList{path(input), outPath(output), rulesFile.fileName()} + check);
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject report = QJsonDocument::fromJson(py.out.trimmed().split('\n').last()).object();
        if (!metadata.isEmpty()) {
            QStringList actual;
            for (const QJsonValue &v : report.value(QLatin1String("metadata")).toArray())
                actual << v.toString();
            QCOMPARE(actual, metadata);
        }
    }

    // A stored record is copied with the CRC its archive gave it (ZipWriter::writeRecord): a byte
    // that rotted in the input must fail a CRC check of the output too, not be given a fresh CRC.
    void damagedRecordStaysDamaged()
    {
        QTemporaryDir dir; // not m_dir, whose stray files other tests count
        QVERIFY(dir.isValid());
        const QString input = dir.filePath(QStringLiteral("rotted.pth"));
        const QString output = dir.filePath(QStringLiteral("rotted-out.pth"));
        const QString script = QStringLiteral("fixtures/zip_record_crc.py");
        const PythonRun damage = runPython(script, {QStringLiteral("damage"), input});
        QVERIFY2(damage.ok(), qPrintable(damage.why()));

        const CliRun run = runCli({QStringLiteral("remap"), input, QStringLiteral("-o"), output,
                                   QStringLiteral("--add-prefix"), QStringLiteral("x.")},
                                  dir.path(), 60000);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        // torch 1.13 does not check record CRCs; Python's zipfile does, as other zip tools do.
        const PythonRun check = runPython(script, {QStringLiteral("check"), input, output});
        QVERIFY2(check.ok(), qPrintable(check.why()));
        QCOMPARE(QString::fromUtf8(check.out.trimmed()), QStringLiteral("refused True\nrefused True"));
    }

    void refusesToOverwriteTheInput_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("same path") << path(QStringLiteral("plain.pth"));
        QTest::newRow("relative spelling") << QStringLiteral("./sub/../plain.pth");
        QTest::newRow("symlink") << path(QStringLiteral("link.pth"));
        QTest::newRow("hard link") << path(QStringLiteral("hard.pth"));
    }

    void refusesToOverwriteTheInput()
    {
        QFETCH(QString, target);
        QDir(m_dir.path()).mkpath(QStringLiteral("sub"));
        QFile::link(path(QStringLiteral("plain.pth")), path(QStringLiteral("link.pth")));
        ::link(QFile::encodeName(path(QStringLiteral("plain.pth"))).constData(),
               QFile::encodeName(path(QStringLiteral("hard.pth"))).constData());
        const QByteArray before = sha256(path(QStringLiteral("plain.pth")));
        const CliRun run =
            runCli({QStringLiteral("remap"), path(QStringLiteral("plain.pth")), QStringLiteral("-o"), target,
                    QStringLiteral("--add-prefix"), QStringLiteral("x.")},
                   m_dir.path(), 60000);
        QVERIFY2(badInputProblem(run).isEmpty(), qPrintable(badInputProblem(run)));
        QVERIFY(run.err.contains("input file"));
        QCOMPARE(sha256(path(QStringLiteral("plain.pth"))), before);
        QFile::remove(path(QStringLiteral("link.pth")));
        QFile::remove(path(QStringLiteral("hard.pth")));
        QCOMPARE(strayFiles({}), QStringList());
    }

    void cancelLeavesNoFile_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("allowedCalls");
        QTest::newRow("pth, at once") << int(sl::ExportOptions::Pth) << 0;
        QTest::newRow("pth, midway") << int(sl::ExportOptions::Pth) << 3;
        QTest::newRow("safetensors, at once") << int(sl::ExportOptions::Safetensors) << 0;
        QTest::newRow("safetensors, midway") << int(sl::ExportOptions::Safetensors) << 3;
    }

    void cancelLeavesNoFile()
    {
        QFETCH(int, format);
        QFETCH(int, allowedCalls);
        std::string error;
        auto c = sl::Checkpoint::open(path(QStringLiteral("for_safetensors.pth")), &error);
        QVERIFY2(c, error.c_str());
        QStringList keys;
        for (const sl::StateEntry &e : c->entries())
            keys << QString::fromStdString(e.key);
        std::vector<sl::MappedKey> mapping;
        QVERIFY(sl::KeyMap().apply(keys, mapping, nullptr));
        sl::ExportOptions opt;
        opt.format = sl::ExportOptions::Format(format);
        int calls = 0;
        const QString out = path(QStringLiteral("cancelled.out"));
        const bool ok = sl::exportCheckpoint(
            *c, mapping, out, opt, [&](int64_t, int64_t) { return calls++ < allowedCalls; }, &error);
        QVERIFY(!ok);
        QVERIFY2(error.find("cancelled") != std::string::npos, error.c_str());
        QCOMPARE(calls, allowedCalls + 1);
        QCOMPARE(strayFiles({}), QStringList());
    }

    void progressCountsBytesToTheEnd()
    {
        std::string error;
        auto c = sl::Checkpoint::open(path(QStringLiteral("lightning.ckpt")), &error);
        QVERIFY2(c, error.c_str());
        std::vector<sl::MappedKey> mapping;
        QStringList keys;
        for (const sl::StateEntry &e : c->entries())
            keys << QString::fromStdString(e.key);
        QVERIFY(sl::KeyMap().apply(keys, mapping, nullptr));
        std::vector<std::pair<int64_t, int64_t>> seen;
        const QString out = path(QStringLiteral("progress.pth"));
        QVERIFY(sl::exportCheckpoint(
            *c, mapping, out, sl::ExportOptions(),
            [&](int64_t d, int64_t t) {
                seen.emplace_back(d, t);
                return true;
            },
            &error));
        QVERIFY(!seen.empty());
        for (size_t i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i].first >= seen[i - 1].first && seen[i].second == seen[0].second);
        QCOMPARE(seen.back().first, seen.back().second);
        QVERIFY(seen.back().second > 0);
        QFile::remove(out);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("message");
        QTest::newRow("quantized in safetensors") << "quantized.pth"
                                                  << "q_out.safetensors"
                                                  << "'q' is a quantized tensor";
        QTest::newRow("complex128 in safetensors") << "dtypes.pth"
                                                   << "c_out.safetensors"
                                                   << "'t_complex128' has dtype complex128";
        QTest::newRow("meta in safetensors") << "meta.pth"
                                             << "m_out.safetensors"
                                             << "'meta' is a meta tensor";
    }

    void refusals()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        QFETCH(QString, message);
        const CliRun run = runCli({QStringLiteral("remap"), path(input), QStringLiteral("-o"), path(output)},
                                  m_dir.path(), 60000);
        QVERIFY2(badInputProblem(run).isEmpty(), qPrintable(badInputProblem(run)));
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(path(output)));
        QCOMPARE(strayFiles({}), QStringList());
    }

    void badRules_data()
    {
        QTest::addColumn<QString>("recipe"); // empty: no --rules
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("message");
        QTest::newRow("conflict names both keys")
            << R"({"rules": [{"op": "regex", "pattern": "^(conv|head)\\.", "replace": "x."}]})"
            << QStringList() << "'conv.weight' and 'head.weight' would both become 'x.weight'";
        QTest::newRow("flag conflict") << QString() << strings({"--rename", "conv.bias=conv.weight"})
                                       << "'conv.weight' and 'conv.bias' would both become 'conv.weight'";
        QTest::newRow("unknown op") << R"({"rules": [{"op": "explode"}]})" << QStringList()
                                    << "unknown op 'explode'";
        QTest::newRow("invalid regex in recipe")
            // A plain literal: moc misreads raw strings with unbalanced brackets and drops the class.
            << "{\"rules\": [{\"op\": \"regex\", \"pattern\": \"(\", \"replace\": \"\"}]}" << QStringList()
            << "invalid regular expression";
        QTest::newRow("invalid regex in a flag")
            << QString() << strings({"--drop", "[a-"}) << "invalid regular expression";
        QTest::newRow("missing field")
            << R"({"rules": [{"op": "rename", "from": "a"}]})" << QStringList() << "missing or empty field";
        QTest::newRow("not JSON") << "{rules" << QStringList() << "not valid JSON";
        QTest::newRow("empty result") << QString() << strings({"--regex", "^.*$="}) << "empty key";
    }

    void badRules()
    {
        QFETCH(QString, recipe);
        QFETCH(QStringList, flags);
        QFETCH(QString, message);
        QStringList args{QStringLiteral("remap"), path(QStringLiteral("plain.pth")), QStringLiteral("-o"),
                         path(QStringLiteral("never.pth"))};
        if (!recipe.isEmpty()) {
            QFile f(path(QStringLiteral("bad.recipe")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(recipe.toUtf8());
            args << QStringLiteral("--rules") << f.fileName();
        }
        const CliRun run = runCli(args + flags, m_dir.path(), 60000);
        QFile::remove(path(QStringLiteral("bad.recipe")));
        QVERIFY2(badInputProblem(run).isEmpty(), qPrintable(badInputProblem(run)));
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("never.pth"))));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no output") << strings({"remap", "plain.pth"});
        QTest::newRow("no input") << strings({"remap", "-o", "x.pth"});
        QTest::newRow("rename without =") << strings({"remap", "plain.pth", "-o", "x.pth", "--rename", "a"});
        QTest::newRow("regex without =")
            << strings({"remap", "plain.pth", "-o", "x.pth", "--regex", "(?=a)"});
        QTest::newRow("bad format") << strings({"remap", "plain.pth", "-o", "x.pth", "--format", "onnx"});
        QTest::newRow("bad dtype") << strings({"remap", "plain.pth", "-o", "x.pth", "--dtype", "int8"});
        QTest::newRow("rule flag on inspect") << strings({"inspect", "plain.pth", "--drop", "x"});
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliRun run = runCli(args, m_dir.path(), 60000);
        QVERIFY2(run.finished && !run.crashed && run.exitCode == 2, qPrintable(run.describe()));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.pth"))));
    }
};

QTEST_GUILESS_MAIN(TestExportRoundtrip)
#include "tst_export_roundtrip.moc"
