// statelens-cli stats: statistics and a histogram of one tensor, as text or JSON.

#include "cli_commands.h"
#include "cli_options.h"
#include "report/stats_report.h"
#include "workflow/entry_stats.h"
#include "workflow/mapped_checkpoint.h"

#include <QFileInfo>
#include <QJsonDocument>

int runStats(const QStringList &args)
{
    cli::CliOptions options(QStringLiteral("stats"),
                            Cli::tr("Statistics and a histogram of the tensor KEY of FILE. NaN and "
                                    "Inf are counted, not used."));
    options.addPositional(QStringLiteral("FILE"), Cli::tr("The checkpoint to read."));
    options.addPositional(QStringLiteral("KEY"),
                          Cli::tr("A state-dict key, as `statelens-cli inspect` lists it."));
    const QCommandLineOption bins(QStringLiteral("bins"),
                                  Cli::tr("Histogram bins, from 1 to %1 (default %2).")
                                      .arg(sl::kMaxHistogramBins)
                                      .arg(sl::kDefaultHistogramBins),
                                  QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  Cli::tr("Print JSON (see docs/cli.md) instead of text."));
    options.addRootOption();
    options.addOption(bins);
    options.addOption(json);
    options.addIgnored({QStringLiteral("objects")}, false);
    if (const auto done = options.parse(args)) return *done;
    int binCount = sl::kDefaultHistogramBins;
    if (options.parser().isSet(bins)) {
        bool ok = false;
        binCount = options.parser().value(bins).toInt(&ok);
        if (!ok || binCount < 1 || binCount > sl::kMaxHistogramBins)
            return options.usageError(
                Cli::tr("--bins needs a number from 1 to %1").arg(sl::kMaxHistogramBins));
    }
    const QStringList positional = options.positional();
    if (positional.size() != 2) return options.usageError(Cli::tr("stats needs a FILE and a KEY"));

    const QString fileName = QFileInfo(positional[0]).fileName();
    auto checkpoint = cli::openCheckpoint(positional[0], options.root());
    if (!checkpoint) return cli::BadInput;
    const QString key = positional[1];
    const int entry = sl::findStateEntry(*checkpoint, key);
    if (entry < 0) {
        cli::printProblem(fileName,
                          Cli::tr("no tensor '%1' in the state dict (see: statelens-cli inspect)").arg(key));
        return cli::BadInput;
    }
    sl::TensorStats result;
    QString error;
    if (!sl::computeEntryStats(*checkpoint, entry, binCount, result, &error)) {
        cli::printProblem(fileName, key + QStringLiteral(": ") + error);
        return cli::BadInput;
    }
    if (options.parser().isSet(json))
        cli::print(QJsonDocument(sl::statsJson(*checkpoint, entry, result)).toJson(QJsonDocument::Indented));
    else
        cli::print(sl::statsText(*checkpoint, entry, result).toUtf8());
    return cli::Ok;
}
