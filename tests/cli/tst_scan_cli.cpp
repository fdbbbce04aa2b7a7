// statelens-cli scan as scripts see it: exit 4 on NaN/Inf and 0 without, 1 for bad input, 2 for a
// bad command line; --json's fields and every figure against torch; the CSV file; the summary order.

#include "scan_oracle.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

class TestScanCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral(STATELENS_PYTHON),
                 {QStringLiteral(STATELENS_SOURCE_DIR "/tests/fixtures/scan_fixtures.py"), m_dir.path()});
        QVERIFY(py.waitForFinished(180000));
        QVERIFY2(py.exitCode() == 0, py.readAll().constData());
    }

    void jsonMatchesTorchAndExitsFour()
    {
        const CliRun run =
            runCli({QStringLiteral("scan"), path("scan.pth"), QStringLiteral("--json")}, m_dir.path(), 60000);
        QVERIFY2(run.exitCode == 4, qPrintable(run.describe()));
        QVERIFY(run.err.isEmpty()); // progress only on a terminal
        const QJsonObject report = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(report.value(QLatin1String("file")).toString(), QStringLiteral("scan.pth"));
        QCOMPARE(report.value(QLatin1String("format")).toString(), QStringLiteral("zip"));
        QCOMPARE(report.value(QLatin1String("root")).toArray(), QJsonArray());
        const QString diff = compareScanTensors(report.value(QLatin1String("tensors")).toArray(),
                                                readScanOracle(m_dir.path()));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const QJsonArray expectedBad{QStringLiteral("f32"), QStringLiteral("f16"), QStringLiteral("bf16"),
                                     QStringLiteral("one_finite"), QStringLiteral("all_nan")};
        QCOMPARE(report.value(QLatin1String("nonfinite")).toArray(), expectedBad);
        const QJsonObject first = report.value(QLatin1String("tensors")).toArray().first().toObject();
        QCOMPARE(first.value(QLatin1String("dtype")).toString(), QStringLiteral("float32"));
        QCOMPARE(first.value(QLatin1String("shape")).toArray(), QJsonArray{200003});
    }

    // With a recipe, scan reads the state dict the recipe makes: a cast tensor in its new dtype, a
    // padded one with its new values, a chain of reshapes, transposes and casts. Its figures are those
    // of the same tensors as torch converted them and saved (fixtures/transform_cases.py).
    void rulesScanDerivedTensors_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"cast_modules", "head_and_vocab", "chain", "qkv_split_gqa", "moe_stack"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void rulesScanDerivedTensors()
    {
        QFETCH(QString, name);
        const QString dir = m_dir.filePath(QStringLiteral("transforms"));
        if (!QFile::exists(dir + QStringLiteral("/chain.json"))) {
            const PythonRun python = runPython(QStringLiteral("fixtures/transform_cases.py"), {dir});
            QVERIFY2(python.ok(), qPrintable(python.why()));
        }
        const CliRun mine =
            runCli({QStringLiteral("scan"), dir + QLatin1Char('/') + name + QStringLiteral("_in.pth"),
                    QStringLiteral("--rules"), dir + QLatin1Char('/') + name + QStringLiteral(".json"),
                    QStringLiteral("--json")},
                   dir, 60000);
        const CliRun torch =
            runCli({QStringLiteral("scan"), dir + QLatin1Char('/') + name + QStringLiteral("_expected.pth"),
                    QStringLiteral("--json")},
                   dir, 60000);
        QVERIFY2(mine.finished && (mine.exitCode == 0 || mine.exitCode == 4), qPrintable(mine.describe()));
        QVERIFY2(torch.finished && torch.exitCode == mine.exitCode, qPrintable(torch.describe()));
        const QJsonObject a = QJsonDocument::fromJson(mine.out).object();
        const QJsonObject b = QJsonDocument::fromJson(torch.out).object();
        const QJsonArray got = a.value(QLatin1String("tensors")).toArray();
        const QJsonArray want = b.value(QLatin1String("tensors")).toArray();
        const QString diff = compareScanTensors(got, want);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        for (qsizetype i = 0; i < want.size(); ++i) {
            QCOMPARE(got[i].toObject().value(QLatin1String("dtype")),
                     want[i].toObject().value(QLatin1String("dtype")));
            QCOMPARE(got[i].toObject().value(QLatin1String("shape")),
                     want[i].toObject().value(QLatin1String("shape")));
        }
        QCOMPARE(a.value(QLatin1String("nonfinite")), b.value(QLatin1String("nonfinite")));
        // Without the recipe the figures are the input's, which differ.
        const CliRun plain =
            runCli({QStringLiteral("scan"), dir + QLatin1Char('/') + name + QStringLiteral("_in.pth"),
                    QStringLiteral("--json")},
                   dir, 60000);
        QVERIFY(
            !compareScanTensors(
                 QJsonDocument::fromJson(plain.out).object().value(QLatin1String("tensors")).toArray(), want)
                 .isEmpty());
    }

    void cleanFileExitsZero()
    {
        const CliRun run = runCli({QStringLiteral("scan"), path("clean.pth")}, m_dir.path(), 60000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(QLatin1String("0 with NaN or Inf")), qPrintable(text));
        // All-zero and constant tensors come before the largest magnitudes, which f64 leads.
        const qsizetype zero = text.indexOf(QLatin1String("All zero:\n  zeros  [3, 5]"));
        const qsizetype constant =
            text.indexOf(QLatin1String("Constant:\n  constant  [4, 4] float32  constant -2.5"));
        const qsizetype largest = text.indexOf(QLatin1String("Largest abs_max:\n  f64 "));
        QVERIFY2(zero > 0 && constant > zero && largest > constant, qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("NaN or Inf:")));
    }

    void summaryListsNonfiniteFirst()
    {
        const CliRun run = runCli({QStringLiteral("scan"), path("scan.pth")}, m_dir.path(), 60000);
        QVERIFY2(run.exitCode == 4, qPrintable(run.describe()));
        const QString text = QString::fromUtf8(run.out);
        const qsizetype bad =
            text.indexOf(QLatin1String("NaN or Inf:\n  f32  [200003] float32  nan 1  inf 2"));
        QVERIFY2(bad > 0 && bad < text.indexOf(QLatin1String("All zero:")), qPrintable(text));
        // Ten largest, the 1e200 tensor first.
        const QString largest = text.mid(text.indexOf(QLatin1String("Largest abs_max:")));
        QCOMPARE(largest.count(QLatin1Char('\n')), 11);
        QVERIFY(largest.section(QLatin1Char('\n'), 1, 1).startsWith(QLatin1String("  f64 ")));
    }

    void csvHasEveryTensor()
    {
        const QString csv = path("out.csv");
        const CliRun run = runCli({QStringLiteral("scan"), path("clean.pth"), QStringLiteral("--csv"), csv},
                                  m_dir.path(), 60000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 9);
        QCOMPARE(lines[0],
                 QStringLiteral("key,dtype,shape,numel,min,max,mean,std,zeros,nan,inf,abs_max,l2,error"));
        QCOMPARE(lines[7], QStringLiteral("zeros,float32,\"[3, 5]\",15,0,0,0,0,15,0,0,0,0,"));
        QCOMPARE(lines[6], QStringLiteral("empty,float32,\"[0, 4]\",0,,,,,0,0,0,,,"));
    }

    void badInputExitsOne()
    {
        QFile junk(path("junk.pth"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("PK\x03\x04 not really a zip");
        junk.close();
        CliRun run = runCli({QStringLiteral("scan"), path("junk.pth")}, m_dir.path());
        QVERIFY2(run.exitCode == 1 && !run.crashed, qPrintable(run.describe()));
        QCOMPARE(run.err.count('\n'), 1);
        run = runCli({QStringLiteral("scan"), path("missing.pth")}, m_dir.path());
        QVERIFY2(run.exitCode == 1, qPrintable(run.describe()));
        run = runCli(
            {QStringLiteral("scan"), path("scan.pth"), QStringLiteral("--root"), QStringLiteral("nowhere")},
            m_dir.path());
        QVERIFY2(run.exitCode == 1, qPrintable(run.describe()));
    }

    void usageExitsTwo()
    {
        for (const QStringList &args :
             {QStringList{QStringLiteral("scan")},
              QStringList{QStringLiteral("scan"), path("scan.pth"), path("clean.pth")},
              QStringList{QStringLiteral("scan"), path("scan.pth"), QStringLiteral("--bins"),
                          QStringLiteral("3")}}) {
            const CliRun run = runCli(args, m_dir.path());
            QVERIFY2(run.exitCode == 2, qPrintable(args.join(QLatin1Char(' ')) + run.describe()));
        }
    }
};

QTEST_MAIN(TestScanCli)
#include "tst_scan_cli.moc"
