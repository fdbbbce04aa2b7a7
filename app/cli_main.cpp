// statelens-cli: the engine without a window, for scripts and CI. Parse and dispatch only: each
// subcommand lives in cli_<name>.cpp, every rule in the engine, so the GUI and the CLI agree.

#include "cli_commands.h"
#include "cli_options.h"
#include "document/heap_pages.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

struct Subcommand
{
    const char *name;
    const char *summary; // marked for Cli::tr
    int (*run)(const QStringList &args);
};

const Subcommand kSubcommands[] = {
    {"inspect", QT_TRANSLATE_NOOP("Cli", "List the state-dict tensors of a checkpoint, as a table or JSON."),
     runInspect},
    {"stats", QT_TRANSLATE_NOOP("Cli", "Statistics and a histogram of one tensor."), runStats},
    {"scan",
     QT_TRANSLATE_NOOP("Cli", "Range, NaN/Inf and zero counts and norms of every tensor; exit 4 on NaN/Inf."),
     runScan},
    {"remap", QT_TRANSLATE_NOOP("Cli", "Rename or drop state-dict keys and write the result to a new file."),
     runRemap},
    {"testload",
     QT_TRANSLATE_NOOP("Cli", "Load the (remapped) state dict into an architecture, like load_state_dict."),
     runTestload},
    {"diff", QT_TRANSLATE_NOOP("Cli", "Compare two checkpoints key by key: statuses, metrics, modules."),
     runDiff},
};

QString usageText(const QCommandLineParser &parser)
{
    const QString help = parser.helpText();
    QString text = Cli::tr("Usage: statelens-cli COMMAND [options] ARGUMENTS\n"
                           "Reads PyTorch and safetensors checkpoints without running them.\n\nCommands:\n");
    for (const Subcommand &c : kSubcommands)
        text += QStringLiteral("  %1 %2\n").arg(QLatin1String(c.name), -9).arg(Cli::tr(c.summary));
    // The parser's own option list (--help, --version), without its usage and argument lines.
    const qsizetype options = help.indexOf(QStringLiteral("\nOptions:"));
    const qsizetype arguments = help.indexOf(QStringLiteral("\nArguments:"));
    text += help.mid(options, arguments < 0 ? -1 : arguments - options);
    text += Cli::tr("\nRun 'statelens-cli COMMAND --help' for the options of a command.\n"
                    "Exit codes: 0 success, 1 bad input, 2 usage error, 3 strict test-load not "
                    "satisfied,\n4 the command ran and found a difference or a problem.\n");
    return text;
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), qPrintable(usageText(parser)));
    return cli::Usage;
}

} // namespace

int main(int argc, char **argv)
{
    sl::adviseHugePagesForHeap(256);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("statelens-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STATELENS_VERSION));

    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Cli::tr("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     Cli::tr("Show the version and exit."));
    parser.addOption(help);
    parser.addOption(version);
    parser.addPositionalArgument(QStringLiteral("COMMAND"), Cli::tr("The subcommand."));
    // Everything after the subcommand's name is the subcommand's to parse.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!parser.parse(app.arguments())) return usageError(parser, parser.errorText());
    if (parser.isSet(help)) {
        cli::print(usageText(parser).toUtf8());
        return cli::Ok;
    }
    if (parser.isSet(version)) {
        cli::print((QCoreApplication::applicationName() + QLatin1Char(' ') +
                    QCoreApplication::applicationVersion() + QLatin1Char('\n'))
                       .toUtf8());
        return cli::Ok;
    }
    QStringList args = parser.positionalArguments();
    if (args.isEmpty()) return usageError(parser, Cli::tr("no command given"));
    const QString command = args.takeFirst();
    for (const Subcommand &c : kSubcommands) {
        if (command == QLatin1String(c.name)) return c.run(args);
    }
    return usageError(parser, Cli::tr("unknown command '%1'").arg(command));
}
