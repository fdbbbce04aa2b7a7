// statelens-cli diff: compares two checkpoints key by key (docs/cli.md, diff). Parsing and dispatch
// only; the comparison and its reports live in the engine (compare/, report/diff_report).

#include "cli_commands.h"
#include "cli_options.h"
#include "compare/checkpoint_diff.h"
#include "report/diff_report.h"
#include "workflow/mapped_checkpoint.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace {

void addDiffOptions(cli::CliOptions &options)
{
    options.addPositional(QStringLiteral("A"),
                          Cli::tr("The first checkpoint; its keys pass through the rules."));
    options.addPositional(QStringLiteral("B"), Cli::tr("The second checkpoint."));
    options.addRuleOptions();
    options.addOption(QCommandLineOption(QStringLiteral("root-a"),
                                         Cli::tr("Use the dict at PATH of A as its state dict."),
                                         QStringLiteral("PATH")));
    options.addOption(QCommandLineOption(QStringLiteral("root-b"),
                                         Cli::tr("Use the dict at PATH of B as its state dict."),
                                         QStringLiteral("PATH")));
    options.addOption(QCommandLineOption(QStringLiteral("atol"),
                                         Cli::tr("Absolute tolerance of torch.isclose (default 0)."),
                                         QStringLiteral("X")));
    options.addOption(QCommandLineOption(QStringLiteral("rtol"),
                                         Cli::tr("Relative tolerance of torch.isclose (default 0)."),
                                         QStringLiteral("Y")));
    options.addOption(
        QCommandLineOption(QStringLiteral("json"), Cli::tr("Print JSON (see docs/cli.md) instead of text.")));
    options.addOption(QCommandLineOption(QStringLiteral("csv"),
                                         Cli::tr("Also write the tensor table to FILE as CSV."),
                                         QStringLiteral("FILE")));
    options.addOption(QCommandLineOption(QStringLiteral("only-differences"),
                                         Cli::tr("Leave keys that are the same out of the listing.")));
    options.addOption(QCommandLineOption(QStringLiteral("top"),
                                         Cli::tr("How many of the most changed tensors the text lists "
                                                 "(default 10)."),
                                         QStringLiteral("N")));
}

// A tolerance: a finite number of at least 0.
bool tolerance(const QCommandLineParser &parser, const QString &name, double &out)
{
    if (!parser.isSet(name)) return true;
    bool ok = false;
    out = parser.value(name).toDouble(&ok);
    return ok && out >= 0 && std::isfinite(out);
}

std::unique_ptr<sl::Checkpoint> openSide(const QCommandLineParser &parser, const QString &file,
                                         const QString &rootOption)
{
    std::optional<sl::RootPath> root;
    if (parser.isSet(rootOption)) root = sl::parseRootPath(parser.value(rootOption).toStdString());
    return cli::openCheckpoint(file, root);
}

bool writeCsv(const QString &file, const QByteArray &csv)
{
    QSaveFile out(file); // atomic: a temporary file, then a rename
    if (!out.open(QIODevice::WriteOnly) || out.write(csv) != csv.size() || !out.commit()) {
        cli::printProblem(QFileInfo(file).fileName(), Cli::tr("cannot write the CSV: ") + out.errorString());
        return false;
    }
    return true;
}

} // namespace

int runDiff(const QStringList &args)
{
    cli::CliOptions options(QStringLiteral("diff"),
                            Cli::tr("Compare two checkpoints key by key: A's keys after the rules "
                                    "against B's, values in float64.\nExit 0 when every key is the "
                                    "same, 4 when anything differs."));
    addDiffOptions(options);
    if (const auto done = options.parse(args)) return *done;
    const QCommandLineParser &parser = options.parser();
    std::vector<sl::KeyRule> rules;
    QString error;
    if (!options.rules(rules, &error)) return options.usageError(error);
    sl::DiffOptions diffOptions;
    if (!tolerance(parser, QStringLiteral("atol"), diffOptions.atol))
        return options.usageError(Cli::tr("--atol needs a number of at least 0"));
    if (!tolerance(parser, QStringLiteral("rtol"), diffOptions.rtol))
        return options.usageError(Cli::tr("--rtol needs a number of at least 0"));
    sl::DiffReportOptions report;
    report.onlyDifferences = parser.isSet(QStringLiteral("only-differences"));
    if (parser.isSet(QStringLiteral("top"))) {
        bool ok = false;
        report.top = parser.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || report.top < 0) return options.usageError(Cli::tr("--top needs a count of at least 0"));
    }
    const QStringList files = options.positional();
    if (files.size() != 2) return options.usageError(Cli::tr("diff needs two files, A and B"));

    sl::MappedCheckpoint::Problem problem;
    if (!sl::MappedCheckpoint::buildKeyMap(options.recipePath(), rules, diffOptions.rules, &problem)) {
        cli::printProblem(problem);
        return cli::BadInput;
    }
    const auto a = openSide(parser, files[0], QStringLiteral("root-a"));
    if (!a) return cli::BadInput;
    const auto b = openSide(parser, files[1], QStringLiteral("root-b"));
    if (!b) return cli::BadInput;

    sl::CheckpointDiff diff(*a, *b, diffOptions);
    std::string failure;
    if (!diff.plan(&failure) || !diff.run(nullptr, {}, {}, {}, &failure)) {
        cli::printProblem(QString(), QString::fromStdString(failure));
        return cli::BadInput;
    }
    const sl::DiffResult result = diff.result();
    const QString csv = parser.value(QStringLiteral("csv"));
    if (!csv.isEmpty() && !writeCsv(csv, sl::diffCsv(result, report))) return cli::BadInput;
    if (parser.isSet(QStringLiteral("json")))
        cli::print(QJsonDocument(sl::diffJson(result, report)).toJson(QJsonDocument::Indented));
    else
        cli::print(sl::diffText(result, report).toUtf8());
    return diff.equal() ? cli::Ok : cli::FoundProblem;
}
