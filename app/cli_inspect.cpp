// statelens-cli inspect: the state-dict tensors of a file, as a table or as JSON.

#include "cli_commands.h"
#include "cli_options.h"
#include "report/inspect_report.h"
#include "workflow/mapped_checkpoint.h"

// See runInspect(): external linkage, so the store to it is never optimised away.
const sl::Checkpoint *g_documentLeftForExit = nullptr;

int runInspect(const QStringList &args)
{
    using cli::CliOptions;
    CliOptions options(QStringLiteral("inspect"),
                       Cli::tr("List the state-dict tensors of FILE (.pth .pt .ckpt .bin .safetensors\n"
                               "*.index.json) as a table with totals, or as JSON."));
    options.addPositional(QStringLiteral("FILE"), Cli::tr("The checkpoint to read."));
    options.addRootOption();
    const QCommandLineOption json(QStringLiteral("json"),
                                  Cli::tr("Print JSON (see docs/cli.md) instead of a table."));
    const QCommandLineOption objects(QStringLiteral("objects"),
                                     Cli::tr("With --json, include the whole object tree."));
    options.addOption(json);
    options.addOption(objects);
    options.addIgnored({QStringLiteral("bins")}, true);
    if (const auto done = options.parse(args)) return *done;
    const QStringList files = options.positional();
    if (files.size() != 1) return options.usageError(Cli::tr("inspect needs exactly one FILE"));

    auto checkpoint = cli::openCheckpoint(files[0], options.root());
    if (!checkpoint) return cli::BadInput;
    if (options.parser().isSet(json))
        sl::printInspectJson(*checkpoint, options.parser().isSet(objects), stdout);
    else
        cli::print(sl::inspectTable(*checkpoint).toUtf8());
    // The process ends right after this: freeing a 30,000-key tree node by node costs ~18 ms that
    // the exit does at once. The global keeps it reachable, so LeakSanitizer does not report it.
    g_documentLeftForExit = checkpoint.release();
    return cli::Ok;
}
