// statelens-cli scan: the health figures of every tensor, as a summary, JSON or CSV; exit 4 when any
// tensor holds a NaN or an Inf, so that a CI job can gate on it.

#include "cli_commands.h"
#include "cli_options.h"
#include "report/scan_report.h"
#include "scan/tensor_scan.h"
#include "workflow/mapped_checkpoint.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace {

// "scan 42%" rewritten in place, only where a person watches stderr.
class TerminalProgress
{
public:
    TerminalProgress() : m_enabled(isatty(fileno(stderr)) != 0) {}
    ~TerminalProgress()
    {
        if (m_shown) std::fprintf(stderr, "\r%*s\r", 12, "");
    }
    void operator()(int64_t done, int64_t total)
    {
        if (!m_enabled || total <= 0) return;
        const int percent = int(std::min<int64_t>(100, done * 100 / total));
        if (percent == m_last) return;
        m_last = percent;
        m_shown = true;
        std::fprintf(stderr, "\rscan %3d%%", percent);
        std::fflush(stderr);
    }

private:
    bool m_enabled;
    bool m_shown = false;
    int m_last = -1;
};

bool writeCsv(const QString &path, const QByteArray &csv, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

int runScan(const QStringList &args)
{
    cli::CliOptions options(QStringLiteral("scan"),
                            QStringLiteral("Range, mean, std, NaN/Inf/zero counts, abs_max and L2 norm of "
                                           "every tensor of FILE. Exits 4 when any tensor holds a NaN or "
                                           "an Inf."));
    options.addPositional(QStringLiteral("FILE"), QStringLiteral("The checkpoint to read."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print JSON (see docs/cli.md) instead of the summary."));
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Also write every tensor's figures to FILE as CSV."),
                                 QStringLiteral("FILE"));
    options.addRuleOptions();
    options.addRootOption();
    options.addOption(json);
    options.addOption(csv);
    if (const auto done = options.parse(args)) return *done;
    const QStringList positional = options.positional();
    if (positional.size() != 1) return options.usageError(QStringLiteral("scan needs one FILE"));
    const QString csvPath = options.parser().value(csv);
    if (options.parser().isSet(csv) && csvPath.isEmpty())
        return options.usageError(QStringLiteral("--csv needs a file name"));

    std::vector<sl::KeyRule> rules;
    QString error;
    if (!options.rules(rules, &error)) return options.usageError(error);

    const QString fileName = QFileInfo(positional[0]).fileName();
    // With rules, the state dict scanned is the one the recipe makes (derived tensors computed).
    const bool mapped = !rules.empty() || !options.recipePath().isEmpty();
    sl::MappedCheckpoint::Request request;
    request.path = positional[0];
    request.recipePath = options.recipePath();
    request.rules = rules;
    request.root = options.root();
    sl::MappedCheckpoint opened;
    sl::MappedCheckpoint::Problem problem;
    if (mapped
            ? !sl::MappedCheckpoint::open(request, opened, &problem)
            : !(opened.checkpoint = sl::MappedCheckpoint::openAtRoot(request.path, request.root, &problem))) {
        cli::printProblem(problem);
        return cli::BadInput;
    }
    const sl::Checkpoint &checkpoint = *opened.checkpoint;
    const sl::TransformPlan *plan = mapped ? &opened.plan : nullptr;
    std::vector<sl::ScanFigures> figures;
    TerminalProgress progress;
    sl::ScanOptions scan;
    scan.progress = [&](int64_t done, int64_t total) { progress(done, total); };
    if (plan)
        sl::scanPlan(checkpoint, *plan, figures, scan);
    else
        sl::scanCheckpoint(checkpoint, figures, scan);
    // A tensor whose stored data cannot be read is bad input; one without numbers is only skipped.
    for (size_t i = 0; i < figures.size(); ++i)
        if (!figures[i].error.empty() && !figures[i].skipped) {
            const QString key =
                plan ? plan->tensors[i].key : QString::fromStdString(checkpoint.entries()[i].key);
            cli::printProblem(fileName,
                              key + QStringLiteral(": ") + QString::fromStdString(figures[i].error));
            return cli::BadInput;
        }
    if (options.parser().isSet(csv) && !writeCsv(csvPath, sl::scanCsv(checkpoint, figures, plan), &error)) {
        cli::printProblem(QFileInfo(csvPath).fileName(), error);
        return cli::BadInput;
    }
    if (options.parser().isSet(json))
        cli::print(QJsonDocument(sl::scanJson(checkpoint, figures, plan)).toJson(QJsonDocument::Indented));
    else
        cli::print(sl::scanText(checkpoint, figures, plan).toUtf8());
    const bool nonfinite =
        std::any_of(figures.begin(), figures.end(), [](const sl::ScanFigures &f) { return f.nonfinite(); });
    return nonfinite ? cli::FoundProblem : cli::Ok;
}
