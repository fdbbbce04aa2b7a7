// Weights-only, with torch 1.13's own weights_only loader as the oracle: inspect --json reports what
// PyTorch 2.6 would refuse, and `remap --weights-only` writes a copy that torch.load(weights_only=True)
// reads, with Lightning-like hyper-parameters, numpy values and callbacks converted or dropped
// (tests/fixtures/weights_only_fixtures.py makes the files and compares each copy with its original).

#include "document/checkpoint.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

const QString kScript = QStringLiteral("fixtures/weights_only_fixtures.py");

QByteArray sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QJsonObject weightsOnlyOf(const QString &file, const QString &workDir)
{
    const CliRun run = runCli({QStringLiteral("inspect"), file, QStringLiteral("--json")}, workDir);
    if (!run.finished || run.exitCode != 0) return {};
    return QJsonDocument::fromJson(run.out).object().value(QLatin1String("weights_only")).toObject();
}

const sl::Value *at(const sl::Value *dict, const char *key)
{
    return dict && dict->kind == sl::ValueKind::Dict ? dict->dictGet(key) : nullptr;
}

} // namespace

class TestWeightsOnly : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // remap --weights-only, then the oracle on the copy; returns the report lines.
    QStringList copyAndCheck(const QString &input, const QString &output, const QStringList &flags)
    {
        const QByteArray before = sha256(input);
        const CliRun run = runCli(QStringList{QStringLiteral("remap"), input, QStringLiteral("-o"), output,
                                              QStringLiteral("--weights-only")} +
                                      flags,
                                  m_dir.path());
        if (run.exitCode != 0) qWarning("%s", qPrintable(run.describe()));
        if (run.exitCode != 0) return {QStringLiteral("remap failed")};
        if (sha256(input) != before) return {QStringLiteral("the input changed")};
        const PythonRun oracle =
            runPython(kScript, QStringList{QStringLiteral("check"), input, output} + flags);
        if (!oracle.ok()) return {QStringLiteral("oracle: ") + oracle.why()};
        return QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python = runPython(kScript, {QStringLiteral("make"), m_dir.path()});
        QVERIFY2(python.ok(), qPrintable(python.why()));
    }

    // The blockers are every global outside PyTorch 2.6's allow-list, sorted; a plain state dict has none.
    void inspectReportsBlockers()
    {
        const QJsonObject lightning = weightsOnlyOf(path(QStringLiteral("lightning.ckpt")), m_dir.path());
        QCOMPARE(jsonText(lightning),
                 QStringLiteral("{\"blockers\":[\"__main__.UserCallback\",\"argparse.Namespace\","
                                "\"builtins.bytes\",\"collections.namedtuple\","
                                "\"numpy.core.multiarray._reconstruct\",\"numpy.core.multiarray.scalar\","
                                "\"numpy.dtype\",\"numpy.ndarray\",\"torch.torch_version.TorchVersion\"],"
                                "\"loadable\":false}"));
        QCOMPARE(jsonText(weightsOnlyOf(path(QStringLiteral("plain.pt")), m_dir.path())),
                 QStringLiteral("{\"blockers\":[],\"loadable\":true}"));
    }

    // torch 1.13's weights_only loader reads the copy, and it equals the original with the issue's
    // conversions applied (tensors bit for bit, key order, tied weights, _metadata).
    void copyLoadsWeightsOnly()
    {
        const QString copy = path(QStringLiteral("lightning_wo.pt"));
        const QStringList lines = copyAndCheck(path(QStringLiteral("lightning.ckpt")), copy, {});
        const QStringList expected = {
            QStringLiteral("converted pytorch-lightning_version: torch.torch_version.TorchVersion -> str"),
            QStringLiteral("converted hyper_parameters/args: argparse.Namespace -> dict"),
            QStringLiteral("converted hyper_parameters/dtype: numpy.dtype -> str"),
            QStringLiteral("dropped callbacks/ModelCheckpoint: __main__.UserCallback"),
            QStringLiteral("dropped loops/1: collections.namedtuple"),
            QStringLiteral("converted numpy/seed: numpy.core.multiarray.scalar (int64) -> int"),
            QStringLiteral("converted numpy/big: numpy.core.multiarray.scalar (uint64) -> int"),
            QStringLiteral("converted numpy/yes: numpy.core.multiarray.scalar (bool) -> bool"),
            QStringLiteral(
                "converted numpy/fortran: numpy.core.multiarray._reconstruct (numpy.ndarray) -> tensor"),
            QStringLiteral(
                "converted numpy/empty: numpy.core.multiarray._reconstruct (numpy.ndarray) -> tensor"),
        };
        for (const QString &line : expected)
            QVERIFY2(lines.contains(line), qPrintable(lines.join(QLatin1Char('\n'))));
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^(converted|dropped) "))).size(), 15);
        QCOMPARE(jsonText(weightsOnlyOf(copy, m_dir.path())),
                 QStringLiteral("{\"blockers\":[],\"loadable\":true}"));
    }

    // Rules combine with --weights-only as with any export: the oracle strips the prefix too.
    void rulesCombine()
    {
        const QStringList lines =
            copyAndCheck(path(QStringLiteral("nested.ckpt")), path(QStringLiteral("nested_wo.pt")),
                         {QStringLiteral("--strip-prefix"), QStringLiteral("model.")});
        QVERIFY2(lines.contains(QStringLiteral("converted args: argparse.Namespace -> dict")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
    }

    // torch 1.13 cannot read a Python float weights-only (no BINFLOAT), so floats are checked here.
    void floatsConvertedExactly()
    {
        const QString copy = path(QStringLiteral("floats_wo.pt"));
        const CliRun run = runCli({QStringLiteral("remap"), path(QStringLiteral("floats.ckpt")),
                                   QStringLiteral("-o"), copy, QStringLiteral("--weights-only")},
                                  m_dir.path());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        std::string error;
        auto c = sl::Checkpoint::open(copy, &error);
        QVERIFY2(c, error.c_str());
        QVERIFY(c->unsafeGlobals().empty());
        const sl::Value *top = c->file().top;
        const sl::Value *hp = at(top, "hyper_parameters");
        QVERIFY(hp && hp->kind == sl::ValueKind::Dict && !hp->ordered);
        QCOMPARE(at(hp, "lr")->kind, sl::ValueKind::Float);
        QCOMPARE(at(hp, "lr")->real, 0.1);
        const sl::Value *betas = at(hp, "betas");
        QVERIFY(betas && betas->kind == sl::ValueKind::Tuple && betas->items.size() == 2);
        QCOMPARE(betas->items[1]->real, 0.999);
        QCOMPARE(at(top, "np_float")->real, 1.5);
        QCOMPARE(at(top, "np_double")->real, -2.25);
        QCOMPARE(at(top, "np_half")->real, 0.5);
        QCOMPARE(jsonText(weightsOnlyOf(copy, m_dir.path())),
                 QStringLiteral("{\"blockers\":[],\"loadable\":true}"));
    }

    void safetensorsIsAUsageError()
    {
        const CliRun run =
            runCli({QStringLiteral("remap"), path(QStringLiteral("plain.pt")), QStringLiteral("-o"),
                    path(QStringLiteral("x.safetensors")), QStringLiteral("--weights-only")},
                   m_dir.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFile::exists(path(QStringLiteral("x.safetensors"))));
    }
};

QTEST_GUILESS_MAIN(TestWeightsOnly)
#include "tst_weights_only.moc"
