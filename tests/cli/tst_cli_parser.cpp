// statelens-cli's command line: --help per subcommand, --version, usage errors (exit 2, one line and
// the usage on stderr), and rule flags that keep their command-line order across different flags,
// checked against Python's re and torch.load by tests/fixtures/cli_rule_order.py.

#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

const QString kOrderScript = QStringLiteral("fixtures/cli_rule_order.py");

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out << QString::fromUtf8(s);
    return out;
}

} // namespace

class TestCliParser : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun py = runPython(kOrderScript, {QStringLiteral("write"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void topLevelHelp()
    {
        for (const char *flag : {"--help", "-h"}) {
            const CliRun run = runCli({QString::fromUtf8(flag)}, m_dir.path());
            QVERIFY2(run.finished && !run.crashed && run.exitCode == 0, qPrintable(run.describe()));
            QVERIFY(run.err.isEmpty());
            QVERIFY2(run.out.startsWith("Usage: statelens-cli COMMAND"), run.out.constData());
            for (const char *command : {"\n  inspect ", "\n  stats ", "\n  remap ", "\n  testload "})
                QVERIFY2(run.out.contains(command), command);
            QVERIFY2(run.out.contains("4 the command ran and found a difference or a problem"),
                     run.out.constData());
        }
    }

    void version()
    {
        const CliRun run = runCli({QStringLiteral("--version")}, m_dir.path());
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out, QByteArray("statelens-cli " STATELENS_VERSION "\n"));
    }

    void subcommandHelp_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("options"); // as --help lists them
        QTest::addColumn<QStringList>("hidden");  // accepted for compatibility, not listed
        QTest::newRow("inspect") << "inspect" << strings({"--root <PATH>", "--json", "--objects"})
                                 << strings({"--bins"});
        QTest::newRow("stats") << "stats" << strings({"--root <PATH>", "--bins <N>", "--json"})
                               << strings({"--objects"});
        QTest::newRow("remap") << "remap"
                               << strings({"-o, --output <OUT>", "--rules <RECIPE.json>",
                                           "--strip-prefix <P>", "--add-prefix <P>", "--rename <OLD=NEW>",
                                           "--regex <PATTERN=REPLACEMENT>", "--drop <REGEX>",
                                           "--transpose <REGEX>", "--cast <REGEX=DTYPE>", "--json",
                                           "--format <FORMAT>", "--dtype <DTYPE>", "--root <PATH>"})
                               << strings({"--objects", "--bins"});
        QTest::newRow("testload") << "testload"
                                  << strings({"--arch <ARCH>", "--device <DEVICE>", "--strict",
                                              "--input-shape <1,3,224,224>", "--save-module <OUT.pt>",
                                              "--json", "--rules <RECIPE.json>", "--strip-prefix <P>",
                                              "--drop <REGEX>", "--root <PATH>"})
                                  << strings({"--bins"});
    }

    void subcommandHelp()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, options);
        QFETCH(QStringList, hidden);
        const CliRun run = runCli({command, QStringLiteral("--help")}, m_dir.path());
        QVERIFY2(run.finished && !run.crashed && run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.err.isEmpty());
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.startsWith(QStringLiteral("Usage: statelens-cli %1 [options] FILE").arg(command)),
                 qPrintable(out));
        for (const QString &option : options)
            QVERIFY2(out.contains(QLatin1String("  ") + option + QLatin1String("  ")), qPrintable(option));
        for (const QString &option : hidden)
            QVERIFY2(!out.contains(option + QLatin1Char(' ')), qPrintable(option));
        // -h is the same, and --help wins over a missing FILE.
        const CliRun shortRun = runCli({command, QStringLiteral("-h")}, m_dir.path());
        QCOMPARE(shortRun.exitCode, 0);
        QCOMPARE(shortRun.out, run.out);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message"); // the first line of stderr
        QTest::addColumn<QString>("usage");   // how the usage that follows it starts
        const QString top = QStringLiteral("Usage: statelens-cli COMMAND");
        QTest::newRow("no command") << QStringList() << "statelens-cli: no command given" << top;
        QTest::newRow("unknown command")
            << strings({"frobnicate", "x.pth"}) << "statelens-cli: unknown command 'frobnicate'" << top;
        QTest::newRow("unknown top-level option")
            << strings({"--frob"}) << "statelens-cli: Unknown option 'frob'." << top;
        QTest::newRow("unknown option")
            << strings({"inspect", "module.pth", "--frob"}) << "statelens-cli: unknown option --frob"
            << "Usage: statelens-cli inspect [options] FILE";
        QTest::newRow("unknown option with a value")
            << strings({"stats", "module.pth", "k", "--frob=3"}) << "statelens-cli: unknown option --frob=3"
            << "Usage: statelens-cli stats [options] FILE KEY";
        QTest::newRow("value for a switch")
            << strings({"inspect", "module.pth", "--json=yes"}) << "statelens-cli: unknown option --json=yes"
            << "Usage: statelens-cli inspect [options] FILE";
        QTest::newRow("another subcommand's option")
            << strings({"stats", "module.pth", "k", "--strip-prefix", "m."})
            << "statelens-cli: stats does not take --strip-prefix"
            << "Usage: statelens-cli stats [options] FILE KEY";
        QTest::newRow("missing value") << strings({"remap", "module.pth", "-o", "x.pth", "--rename"})
                                       << "statelens-cli: --rename needs a value"
                                       << "Usage: statelens-cli remap [options] FILE";
        QTest::newRow("missing FILE")
            << strings({"inspect"}) << "statelens-cli: inspect needs exactly one FILE"
            << "Usage: statelens-cli inspect [options] FILE";
        QTest::newRow("missing KEY") << strings({"stats", "module.pth"})
                                     << "statelens-cli: stats needs a FILE and a KEY"
                                     << "Usage: statelens-cli stats [options] FILE KEY";
        QTest::newRow("missing -o") << strings({"remap", "module.pth", "--drop", "x"})
                                    << "statelens-cli: remap needs -o OUT"
                                    << "Usage: statelens-cli remap [options] FILE";
        QTest::newRow("missing --arch")
            << strings({"testload", "module.pth"}) << "statelens-cli: testload needs --arch ARCH"
            << "Usage: statelens-cli testload [options] FILE";
        QTest::newRow("bins out of range") << strings({"stats", "module.pth", "k", "--bins", "0"})
                                           << "statelens-cli: --bins needs a number from 1 to 100000"
                                           << "Usage: statelens-cli stats [options] FILE KEY";
        QTest::newRow("recipe twice")
            << strings({"remap", "module.pth", "-o", "x.pth", "--rules", "a", "--rules=b"})
            << "statelens-cli: --rules can be given once"
            << "Usage: statelens-cli remap [options] FILE";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(QString, usage);
        const CliRun run = runCli(args, m_dir.path());
        QVERIFY2(run.finished && !run.crashed && run.exitCode == 2, qPrintable(run.describe()));
        QVERIFY2(run.out.isEmpty(), run.out.constData());
        const QStringList lines = QString::fromUtf8(run.err).split(QLatin1Char('\n'));
        QVERIFY2(lines.size() > 3, run.err.constData());
        QCOMPARE(lines[0], message);
        QVERIFY2(lines[1].startsWith(usage), qPrintable(lines[1]));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.pth"))));
    }

    // Rule flags apply in the order given, across different flags; QCommandLineParser alone keeps
    // only each flag's own order. The oracle applies the same flags with Python's re and torch.load
    // (once for all cases: importing torch takes seconds).
    void ruleOrder()
    {
        struct Case
        {
            QStringList flags;
            QStringList keys; // the result, as a readable second check
        };
        const Case cases[] = {
            {strings({"--strip-prefix", "module.", "--rename", "conv=stem", "--add-prefix", "net."}),
             strings({"net.stem.weight", "net.stem.bias", "net.head.weight", "net.head.bias"})},
            // Add before strip: the strip finds nothing.
            {strings({"--add-prefix", "net.", "--strip-prefix", "module."}),
             strings({"net.module.conv.weight", "net.module.conv.bias", "net.module.head.weight",
                      "net.module.head.bias"})},
            // Drop, regex and rename interleaved, in both --flag=value and --flag value forms.
            {strings({"--drop=module\\.head\\.bias", "--regex", "^module\\.(\\w+)\\.=\\1_",
                      "--rename=conv_bias=b", "--drop", "head_.*"}),
             strings({"conv_weight", "b"})},
            // The regex split skips the '=' of (?=.
            {strings({"--regex", "^(?=module)m=M", "--strip-prefix", "Module."}),
             strings({"conv.weight", "conv.bias", "head.weight", "head.bias"})},
            // Values that look like flags are values.
            {strings({"--add-prefix", "--drop", "--strip-prefix", "--dropmodule.", "--rename", "conv=stem"}),
             strings({"stem.weight", "stem.bias", "head.weight", "head.bias"})},
        };
        QJsonArray oracleCases;
        int n = 0;
        for (const Case &c : cases) {
            const QString out = path(QStringLiteral("ordered%1.pth").arg(n++));
            const CliRun run = runCli(QStringList{QStringLiteral("remap"), path(QStringLiteral("module.pth")),
                                                  QStringLiteral("-o"), out} +
                                          c.flags,
                                      m_dir.path(), 60000);
            QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(tensorKeys(out), c.keys);
            oracleCases.append(
                QJsonObject{{QStringLiteral("remapped"), out},
                            {QStringLiteral("flags"), QJsonArray::fromStringList(pairs(c.flags))}});
        }
        QFile casesFile(path(QStringLiteral("cases.json")));
        QVERIFY(casesFile.open(QIODevice::WriteOnly));
        casesFile.write(QJsonDocument(oracleCases).toJson());
        casesFile.close();
        const PythonRun py =
            runPython(kOrderScript,
                      {QStringLiteral("check"), path(QStringLiteral("module.pth")), casesFile.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

private:
    QStringList tensorKeys(const QString &file) const
    {
        const CliRun run = runCli({QStringLiteral("inspect"), file, QStringLiteral("--json")}, m_dir.path());
        QStringList keys;
        const QJsonArray tensors =
            QJsonDocument::fromJson(run.out).object().value(QLatin1String("tensors")).toArray();
        for (const QJsonValue &t : tensors)
            keys << t.toObject().value(QLatin1String("key")).toString();
        return keys;
    }

    // The oracle wants FLAG VALUE pairs: "--drop=x" becomes "--drop", "x".
    static QStringList pairs(const QStringList &flags)
    {
        QStringList out;
        for (const QString &flag : flags) {
            if (out.size() % 2 == 0 && flag.contains(QLatin1Char('=')))
                out << flag.section(QLatin1Char('='), 0, 0) << flag.section(QLatin1Char('='), 1);
            else
                out << flag;
        }
        return out;
    }
};

QTEST_GUILESS_MAIN(TestCliParser)
#include "tst_cli_parser.moc"
