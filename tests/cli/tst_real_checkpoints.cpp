// Runs `statelens-cli inspect --json` on every file of tests/data/real-checkpoints (written by
// other people's tools and torch versions) and checks facts hand-copied from its MANIFEST.md.
// Counts and shapes were re-checked with a restricted pickle.Unpickler that imports nothing;
// these files are never given to torch.load.
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <vector>

using namespace sl_test;

namespace {

using Ints = std::vector<qint64>;
using Names = std::vector<const char *>;

struct TensorCheck
{
    const char *key;
    const char *dtype;
    Ints shape;
    Ints stride; // empty: not checked
    qint64 offset = 0;
};

struct Expectation
{
    const char *format;
    Names root;
    int count;            // tensors under the root
    Names dtypes;         // every dtype present under the root
    const char *device;   // of every tensor under the root
    const char *firstKey; // nullptr when the root holds no tensor
    std::vector<TensorCheck> tensors;
    Names shared; // keys on one storage; every other tensor has its own
    Names unsafe; // exact unsafe_globals
};

const std::map<QString, Expectation> &expectations()
{
    static const std::map<QString, Expectation> table = {
        {QStringLiteral("overall.safetensors"),
         {"safetensors",
          {},
          9,
          {"uint8", "uint16", "uint32", "int8", "int16", "int32", "float16", "float32", "float64"},
          "cpu",
          "B",
          {{"H", "uint16", {6}, {1}}, {"d", "float64", {6}, {1}}, {"i", "int32", {6}, {1}}},
          {},
          {}}},
        {QStringLiteral("multi_layer.safetensors"),
         {"safetensors",
          {},
          9,
          {"float32", "int64"},
          "cpu",
          "norm1.num_batches_tracked",
          {{"norm1.num_batches_tracked", "int64", {}, {}},
           {"conv1.weight", "float32", {4, 3, 3, 3}, {27, 9, 3, 1}},
           {"fc1.weight", "float32", {16, 256}, {256, 1}}},
          {},
          {}}},
        {QStringLiteral("bfloat16.pt"),
         {"zip", {}, 1, {"bfloat16"}, "cpu", "tensor", {{"tensor", "bfloat16", {3}, {1}}}, {}, {}}},
        {QStringLiteral("mixed_types.pt"),
         {"zip",
          {},
          4,
          {"float32", "int64", "bool", "float64"},
          "cpu",
          "float32",
          {{"int64", "int64", {2}, {1}}, {"bool", "bool", {2}, {1}}, {"float64", "float64", {2}, {1}}},
          {},
          {}}},
        {QStringLiteral("checkpoint.pt"),
         {"zip",
          {"model_state_dict"},
          4,
          {"float32"},
          "cpu",
          "fc1.weight",
          {{"fc1.weight", "float32", {10, 5}, {5, 1}}, {"fc2.bias", "float32", {3}, {1}}},
          {},
          {}}},
        {QStringLiteral("parameter.pt"),
         {"zip", {}, 1, {"float32"}, "cpu", "param", {{"param", "float32", {3, 3}, {3, 1}}}, {}, {}}},
        {QStringLiteral("complex_nested.pt"),
         {"zip",
          {},
          23,
          {"float32", "int64"},
          "cpu",
          "conv_blocks.0.conv.weight",
          {{"conv_blocks.0.conv.weight", "float32", {4, 2, 3, 2}, {12, 6, 2, 1}},
           {"conv_blocks.1.norm.num_batches_tracked", "int64", {}, {}},
           {"fc1.weight", "float32", {12, 120}, {120, 1}}},
          {},
          {}}},
        {QStringLiteral("fortran_tensor_3d.pth"),
         {"zip",
          {},
          1,
          {"int64"},
          "cpu",
          "tensor_fortran",
          {{"tensor_fortran", "int64", {2, 3, 4}, {1, 2, 6}}},
          {},
          {}}},
        {QStringLiteral("tiny_fair_checkpoint.pt"),
         {"zip",
          {},
          21,
          {"float32"},
          "cpu",
          "tok_embeddings.weight",
          {{"tok_embeddings.weight", "float32", {500, 32}, {32, 1}},
           {"layers.1.feed_forward.w2.weight", "float32", {32, 256}, {256, 1}},
           {"output.weight", "float32", {500, 32}, {32, 1}}},
          {},
          {}}},
        {QStringLiteral("simple_model_on_speaker_diarization_task.ckpt"),
         {"zip",
          {"state_dict"},
          13,
          {"float32"},
          "cpu",
          "mfcc.dct_mat",
          {{"mfcc.dct_mat", "float32", {128, 40}, {1, 128}},
           // 400 elements viewed on a 401-element storage
           {"mfcc.MelSpectrogram.spectrogram.window", "float32", {400}, {1}},
           {"lstm.weight_hh_l0_reverse", "float32", {128, 32}, {32, 1}},
           {"classifier.weight", "float32", {3, 64}, {64, 1}}},
          {},
          {"pyannote.audio.core.task.Problem", "pyannote.audio.core.task.Resolution",
           "pyannote.audio.core.task.Specifications", "torch.torch_version.TorchVersion"}}},
        {QStringLiteral("foo9.pt"),
         {"torchscript",
          {},
          8,
          {"float32"},
          "cuda:0",
          "input_linear.weight",
          {{"input_linear.weight", "float32", {192, 512}, {512, 1}},
           {"hidden_layers.1.0.module.weight", "float32", {192, 192}, {192, 1}},
           {"output_linear.bias", "float32", {1}, {1}}},
          {},
          {}}},
        {QStringLiteral("identity.pt"), {"torchscript", {}, 0, {}, "cpu", nullptr, {}, {}, {}}},
        {QStringLiteral("foo.pt"),
         {"torchscript", {}, 1, {"float32"}, "cpu", "value", {{"value", "float32", {1}, {1}}}, {}, {}}},
        {QStringLiteral("new_pytorch_model.bin"),
         {"zip", {}, 1, {"float32"}, "cpu", "tensor", {{"tensor", "float32", {3, 4}, {4, 1}}}, {}, {}}},
        {QStringLiteral("pytorch_model.bin"),
         {"legacy",
          {},
          38,
          {"float32"},
          "cpu",
          "distilbert.embeddings.word_embeddings.weight",
          {{"distilbert.embeddings.word_embeddings.weight", "float32", {28996, 2}, {2, 1}},
           {"distilbert.transformer.layer.1.ffn.lin2.weight", "float32", {2, 2}, {2, 1}},
           {"qa_outputs.bias", "float32", {2}, {1}}},
          {},
          {}}},
        {QStringLiteral("legacy_uncloned_views.pt"),
         {"legacy",
          {},
          2,
          {"float32"},
          "cpu",
          "tensor1",
          {{"tensor1", "float32", {10}, {1}, 10}, {"tensor2", "float32", {10}, {1}, 50}},
          {"tensor1", "tensor2"},
          {}}},
        {QStringLiteral("net.pkl"),
         {"legacy",
          {},
          4,
          {"float32"},
          "cpu",
          "0.weight",
          {{"0.weight", "float32", {20, 1}, {1, 1}},
           {"0.bias", "float32", {20}, {1}},
           {"2.weight", "float32", {1, 20}, {20, 1}},
           {"2.bias", "float32", {1}, {1}}},
          {},
          {"torch.nn.backends.thnn._get_thnn_function_backend", "torch.nn.modules.activation.ReLU",
           "torch.nn.modules.container.Sequential", "torch.nn.modules.linear.Linear"}}},
        {QStringLiteral("efermi.pth.tar"),
         {"legacy",
          {"state_dict"},
          46,
          {"float32"},
          "cuda:0",
          "embedding.weight",
          {{"embedding.weight", "float32", {64, 89}, {89, 1}},
           {"convs.3.fc_full.weight", "float32", {128, 169}, {169, 1}},
           {"fc_out.weight", "float32", {1, 32}, {32, 1}}},
          {},
          {}}},
    };
    return table;
}

QString realDir()
{
    return QString::fromUtf8(STATELENS_REAL_CHECKPOINTS_DIR);
}

QStringList sortedNames(const Names &names)
{
    QStringList out;
    for (const char *n : names)
        out << QString::fromUtf8(n);
    out.sort();
    return out;
}

QString intsText(const Ints &values)
{
    QJsonArray a;
    for (qint64 v : values)
        a.append(double(v));
    return jsonText(a);
}

qint64 elementSize(const QString &dtype)
{
    static const QHash<QString, int> sizes = {
        {QStringLiteral("float64"), 8},  {QStringLiteral("int64"), 8},  {QStringLiteral("float32"), 4},
        {QStringLiteral("int32"), 4},    {QStringLiteral("uint32"), 4}, {QStringLiteral("float16"), 2},
        {QStringLiteral("bfloat16"), 2}, {QStringLiteral("int16"), 2},  {QStringLiteral("uint16"), 2},
        {QStringLiteral("int8"), 1},     {QStringLiteral("uint8"), 1},  {QStringLiteral("bool"), 1}};
    return sizes.value(dtype, -1);
}

} // namespace

class TstRealCheckpoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyExpectationHasAFile();
    void inspect_data();
    void inspect();
};

void TstRealCheckpoints::initTestCase()
{
    // The corpus is part of the repository: a missing folder is a broken checkout, never a skip.
    QVERIFY2(QFileInfo(realDir()).isDir(),
             qPrintable(QStringLiteral("no real-checkpoint corpus at ") + realDir()));
    QVERIFY2(QFileInfo::exists(cliPath()), qPrintable(QStringLiteral("no CLI at ") + cliPath()));
}

void TstRealCheckpoints::everyExpectationHasAFile()
{
    for (const auto &entry : expectations())
        QVERIFY2(QFileInfo::exists(QDir(realDir()).filePath(entry.first)), qPrintable(entry.first));
}

void TstRealCheckpoints::inspect_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(realDir()).entryList(QDir::Files, QDir::Name);
    for (const QString &name : files) {
        if (name != QLatin1String("MANIFEST.md")) QTest::newRow(qPrintable(name)) << name;
    }
}

void TstRealCheckpoints::inspect()
{
    QFETCH(QString, file);
    const auto found = expectations().find(file);
    if (found == expectations().end())
        QFAIL(qPrintable(QStringLiteral("new file in the corpus, add its expectation: ") + file));
    const Expectation &exp = found->second;

    QTemporaryDir workDir;
    QVERIFY(workDir.isValid());
    const CliRun run =
        runCli({QStringLiteral("inspect"), QStringLiteral("--json"), QDir(realDir()).filePath(file)},
               workDir.path());
    QVERIFY2(run.started && run.finished && !run.crashed && run.exitCode == 0, qPrintable(run.describe()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &parseError);
    QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
    const QJsonObject actual = doc.object();

    QCOMPARE(actual.value(QLatin1String("format")).toString(), QString::fromUtf8(exp.format));
    QJsonArray root;
    for (const char *part : exp.root)
        root.append(QString::fromUtf8(part));
    QCOMPARE(jsonText(actual.value(QLatin1String("root"))), jsonText(root));

    const QJsonArray tensors = actual.value(QLatin1String("tensors")).toArray();
    QCOMPARE(tensors.size(), exp.count);
    if (exp.firstKey)
        QCOMPARE(tensors.at(0).toObject().value(QLatin1String("key")).toString(),
                 QString::fromUtf8(exp.firstKey));

    QHash<QString, QJsonObject> byKey;
    QSet<QString> dtypes;
    QHash<QString, int> users;
    for (const QJsonValue &v : tensors) {
        const QJsonObject t = v.toObject();
        const QString key = t.value(QLatin1String("key")).toString();
        QVERIFY2(!byKey.contains(key), qPrintable(QStringLiteral("duplicate key ") + key));
        byKey.insert(key, t);
        dtypes.insert(t.value(QLatin1String("dtype")).toString());
        QCOMPARE(t.value(QLatin1String("device")).toString(), QString::fromUtf8(exp.device));
        ++users[jsonText(t.value(QLatin1String("storage")))];
    }
    QStringList dtypeList(dtypes.cbegin(), dtypes.cend());
    dtypeList.sort();
    QCOMPARE(dtypeList, sortedNames(exp.dtypes));

    for (const TensorCheck &check : exp.tensors) {
        const QString key = QString::fromUtf8(check.key);
        QVERIFY2(byKey.contains(key), qPrintable(QStringLiteral("missing key ") + key));
        const QJsonObject t = byKey.value(key);
        const QString dtype = QString::fromUtf8(check.dtype);
        QCOMPARE(t.value(QLatin1String("dtype")).toString(), dtype);
        QCOMPARE(jsonText(t.value(QLatin1String("shape"))), intsText(check.shape));
        if (!check.stride.empty() || check.shape.empty())
            QCOMPARE(jsonText(t.value(QLatin1String("stride"))), intsText(check.stride));
        QCOMPARE(qint64(t.value(QLatin1String("offset")).toDouble(-1)), check.offset);
        qint64 numel = 1;
        for (qint64 s : check.shape)
            numel *= s;
        QCOMPARE(qint64(t.value(QLatin1String("nbytes")).toDouble(-1)), numel * elementSize(dtype));
    }

    QString sharedStorage;
    for (const char *k : exp.shared) {
        const QString storage = jsonText(byKey.value(QString::fromUtf8(k)).value(QLatin1String("storage")));
        if (sharedStorage.isEmpty()) sharedStorage = storage;
        QCOMPARE(storage, sharedStorage);
    }
    if (!exp.shared.empty()) QCOMPARE(users.value(sharedStorage), int(exp.shared.size()));
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        if (it.key() != sharedStorage)
            QVERIFY2(it.value() == 1,
                     qPrintable(QStringLiteral("tensors unexpectedly share storage ") + it.key()));
    }

    QJsonArray unsafe;
    for (const QString &name : sortedNames(exp.unsafe))
        unsafe.append(name);
    QCOMPARE(jsonText(actual.value(QLatin1String("unsafe_globals"))), jsonText(unsafe));
}

QTEST_GUILESS_MAIN(TstRealCheckpoints)
#include "tst_real_checkpoints.moc"
