// Files of the kinds other people's tools write (issue 18), made by tests/fixtures/
// third_party_fixtures.py with torch 1.13, which is also the oracle: TorchScript state dicts,
// dynamic- and static-quantized tensors, a pickled user object and a module nested in a dict.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace sl_test;

namespace {

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestThirdParty : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QJsonObject m_expected;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    CliRun cli(const QStringList &args) const { return runCli(args, m_dir.path(), 60000); }

    // Runs the fixture script's checker; fails the test with its message.
    void oracle(const QStringList &args) const
    {
        const PythonRun py = runPython(QStringLiteral("fixtures/third_party_fixtures.py"), args,
                                       kPythonTimeoutMs, m_dir.path());
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    QJsonObject inspect(const QString &file) const
    {
        const CliRun run = cli({QStringLiteral("inspect"), path(file), QStringLiteral("--json")});
        if (run.exitCode != 0) qWarning("%s", qPrintable(run.describe()));
        return QJsonDocument::fromJson(run.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        oracle({QStringLiteral("make"), m_dir.path()});
        QFile f(path(QStringLiteral("expected.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
    }

    // Points 1-3 and 6: inspect lists exactly state_dict()'s tensors, in its order, with torch's dtype,
    // shape, requires_grad and quantization; every warning names a key.
    void inspectAgreesWithTorch_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::newRow("torchscript") << "ts.pt"
                                     << "ts";
        QTest::newRow("dynamic quantized") << "qdyn.pth"
                                           << "qdyn";
        QTest::newRow("static quantized") << "qstatic.pth"
                                          << "qstatic";
        QTest::newRow("module in a dict") << "yolo.pt"
                                          << "yolo";
    }

    void inspectAgreesWithTorch()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        const QJsonObject report = inspect(file);
        const QJsonArray tensors = report.value(QStringLiteral("tensors")).toArray();
        const QJsonArray expected = m_expected.value(kind).toArray();
        QStringList keys, wantKeys;
        for (const QJsonValue &t : tensors)
            keys << t.toObject().value(QStringLiteral("key")).toString();
        for (const QJsonValue &t : expected)
            wantKeys << t.toObject().value(QStringLiteral("key")).toString();
        QCOMPARE(keys, wantKeys);
        for (int i = 0; i < tensors.size(); ++i) {
            const QJsonObject got = tensors[i].toObject(), want = expected[i].toObject();
            for (const char *field : {"dtype", "shape", "requires_grad"}) {
                // A pickled module's parameters are listed as saved, not detached as state_dict() is.
                if (kind == QLatin1String("yolo") && field[0] == 'r') continue;
                QVERIFY2(got.value(QLatin1String(field)) == want.value(QLatin1String(field)),
                         qPrintable(wantKeys[i] + QLatin1Char(' ') + QLatin1String(field)));
            }
            const QJsonValue q = want.value(QStringLiteral("quantization"));
            QCOMPARE(got.value(QStringLiteral("quantization")).toObject(), q.toObject());
            QCOMPARE(got.contains(QStringLiteral("quantization")), q.isObject());
        }
        for (const QJsonValue &w : report.value(QStringLiteral("warnings")).toArray()) {
            bool namesKey = false;
            for (const QString &k : keys)
                namesKey = namesKey || w.toString().contains(QLatin1Char('\'') + k + QLatin1Char('\''));
            QVERIFY2(namesKey, qPrintable(w.toString()));
        }
    }

    // Point 6: statistics and histc of a quantized tensor are those of t.dequantize().
    void quantizedStatsAreDequantized_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("index");
        QTest::newRow("dynamic weight") << "qdyn.pth"
                                        << "qdyn" << 2;
        QTest::newRow("per channel") << "qstatic.pth"
                                     << "qstatic" << 0;
        QTest::newRow("per tensor quint8") << "qstatic.pth"
                                           << "qstatic" << 1;
    }

    void quantizedStatsAreDequantized()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        QFETCH(int, index);
        const QJsonObject want = m_expected.value(kind).toArray().at(index).toObject();
        const QJsonObject ws = want.value(QStringLiteral("stats")).toObject();
        const CliRun run = cli({QStringLiteral("stats"), path(file),
                                want.value(QStringLiteral("key")).toString(), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject got = QJsonDocument::fromJson(run.out).object();
        for (const char *f : {"min", "max", "mean", "std"})
            QVERIFY2(near(got.value(QLatin1String(f)).toDouble(), ws.value(QLatin1String(f)).toDouble()), f);
        QCOMPARE(got.value(QStringLiteral("histogram")).toObject().value(QStringLiteral("counts")).toArray(),
                 ws.value(QStringLiteral("counts")).toArray());
    }

    // Point 3: a .pth remap keeps quantized tensors, packed-params tuples included, bit for bit.
    void quantizedRemapToPth_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("dynamic") << "qdyn.pth";
        QTest::newRow("static") << "qstatic.pth";
    }

    void quantizedRemapToPth()
    {
        QFETCH(QString, file);
        const QString out = QStringLiteral("out_") + file;
        const CliRun run = cli({QStringLiteral("remap"), path(file), QStringLiteral("-o"), path(out),
                                QStringLiteral("--add-prefix"), QStringLiteral("m.")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        oracle({QStringLiteral("check_sd"), path(file), path(out), QStringLiteral("m.")});
    }

    // Point 3 (safetensors) and point 4: a refusal in one line that names what is lost; no file.
    void refusals_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("names");
        QTest::newRow("quantized to safetensors")
            << "qdyn.pth"
            << "q.safetensors"
            << "'0._packed_params._packed_params.0' is a quantized tensor";
        QTest::newRow("no state dict") << "training_args.bin"
                                       << "args_out.bin"
                                       << "TrainingArguments object";
    }

    void refusals()
    {
        QFETCH(QString, file);
        QFETCH(QString, out);
        QFETCH(QString, names);
        const CliRun run = cli({QStringLiteral("remap"), path(file), QStringLiteral("-o"), path(out)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(QString::fromUtf8(run.err).contains(names), run.err.constData());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
        QVERIFY(!QFile::exists(path(out)));
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral(".*.part")}, QDir::Hidden | QDir::Files).size(),
                 0);
    }

    // Point 5: the outer dict is kept, and the module at "model" becomes its renamed state dict.
    void moduleInDictKeepsTheDict_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("automatic root") << QStringList();
        QTest::newRow("explicit root") << QStringList{QStringLiteral("--root"), QStringLiteral("model")};
    }

    void moduleInDictKeepsTheDict()
    {
        QFETCH(QStringList, extra);
        const QString out = path(QStringLiteral("yolo_out.pt"));
        QFile::remove(out);
        const CliRun run =
            cli(QStringList{QStringLiteral("remap"), path(QStringLiteral("yolo.pt")), QStringLiteral("-o"),
                            out, QStringLiteral("--add-prefix"), QStringLiteral("x.")} +
                extra);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.out.contains("'model' was written as its state dict"), run.out.constData());
        oracle({QStringLiteral("check_yolo"), path(QStringLiteral("yolo.pt")), out, QStringLiteral("x.")});
    }
};

QTEST_GUILESS_MAIN(TestThirdParty)
#include "tst_third_party.moc"
