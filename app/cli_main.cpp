// statelens-cli: the engine without a window, for scripts and CI. Wiring only; every rule lives in
// the model library so the GUI and the CLI agree.

#include "checkpoint.h"
#include "inspect_report.h"
#include "stats_report.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

enum ExitCode { Ok = 0, BadInput = 1, Usage = 2 };

const char *const kUsage =
    "usage: statelens-cli inspect FILE [--root PATH] [--json] [--objects]\n"
    "       statelens-cli stats FILE KEY [--bins N] [--root PATH] [--json]\n"
    "\n"
    "  inspect   list the state-dict tensors of FILE (.pth .pt .ckpt .bin .safetensors *.index.json)\n"
    "            --root PATH  use the dict at PATH (e.g. state_dict or optimizer_states/0) as the state dict\n"
    "            --json       print DESIGN.md's JSON contract instead of a table\n"
    "            --objects    with --json, include the whole object tree\n"
    "  stats     statistics and a histogram of one tensor (NaN and Inf are counted, not used)\n"
    "            --bins N     histogram bins (default 64)\n"
    "\n"
    "exit codes: 0 success, 1 bad input, 2 usage error\n";

int usageError(const QString &message)
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), kUsage);
    return Usage;
}

void print(const QByteArray &bytes) { std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout); }

// Flags shared by the commands; positional arguments are collected in order.
struct Options
{
    QStringList positional;
    bool json = false, objects = false, haveRoot = false;
    std::string root;
    int bins = sl::kDefaultHistogramBins;
    QString error;
};

Options parseOptions(const QStringList &args)
{
    Options o;
    auto value = [&](int &i, const QString &flag) -> QString {
        if (args[i].startsWith(flag + QLatin1Char('=')))
            return args[i].mid(flag.size() + 1);
        if (i + 1 >= args.size()) {
            o.error = QStringLiteral("%1 needs a value").arg(flag);
            return {};
        }
        return args[++i];
    };
    for (int i = 0; i < args.size() && o.error.isEmpty(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--json")) {
            o.json = true;
        } else if (a == QLatin1String("--objects")) {
            o.objects = true;
        } else if (a == QLatin1String("--root") || a.startsWith(QLatin1String("--root="))) {
            o.root = value(i, QStringLiteral("--root")).toStdString();
            o.haveRoot = true;
        } else if (a == QLatin1String("--bins") || a.startsWith(QLatin1String("--bins="))) {
            bool ok = false;
            o.bins = value(i, QStringLiteral("--bins")).toInt(&ok);
            if (o.error.isEmpty() && (!ok || o.bins < 1 || o.bins > sl::kMaxHistogramBins))
                o.error = QStringLiteral("--bins needs a number from 1 to %1").arg(sl::kMaxHistogramBins);
        } else if (a.startsWith(QLatin1String("-")) && a.size() > 1) {
            o.error = QStringLiteral("unknown option %1").arg(a);
        } else {
            o.positional << a;
        }
    }
    return o;
}

std::unique_ptr<sl::Checkpoint> openOrReport(const QString &file, const Options &o)
{
    std::string error;
    const sl::RootPath rootPath = sl::parseRootPath(o.root);
    auto checkpoint = sl::Checkpoint::open(file, &error, o.haveRoot ? &rootPath : nullptr);
    if (!checkpoint)
        std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), error.c_str());
    return checkpoint;
}

int inspect(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty())
        return usageError(o.error);
    if (o.positional.size() != 1)
        return usageError(QStringLiteral("inspect needs exactly one FILE"));
    auto checkpoint = openOrReport(o.positional[0], o);
    if (!checkpoint)
        return BadInput;
    if (o.json)
        print(QJsonDocument(sl::inspectJson(*checkpoint, o.objects)).toJson(QJsonDocument::Indented));
    else
        print(sl::inspectTable(*checkpoint).toUtf8());
    return Ok;
}

int stats(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty())
        return usageError(o.error);
    if (o.positional.size() != 2)
        return usageError(QStringLiteral("stats needs a FILE and a KEY"));
    auto checkpoint = openOrReport(o.positional[0], o);
    if (!checkpoint)
        return BadInput;
    const std::string key = o.positional[1].toStdString();
    const auto &entries = checkpoint->entries();
    auto it = std::find_if(entries.begin(), entries.end(), [&](const sl::StateEntry &e) { return e.key == key; });
    if (it == entries.end()) {
        std::fprintf(stderr, "%s: no tensor '%s' in the state dict (see: statelens-cli inspect)\n",
                     qPrintable(QFileInfo(o.positional[0]).fileName()), key.c_str());
        return BadInput;
    }
    const int entry = int(it - entries.begin());
    sl::TensorStats result;
    try {
        sl::computeTensorStats(checkpoint->file(), it->tensor, o.bins, result);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: %s: %s\n", qPrintable(QFileInfo(o.positional[0]).fileName()), key.c_str(), e.what());
        return BadInput;
    }
    if (o.json)
        print(QJsonDocument(sl::statsJson(*checkpoint, entry, result)).toJson(QJsonDocument::Indented));
    else
        print(sl::statsText(*checkpoint, entry, result).toUtf8());
    return Ok;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("statelens-cli"));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h")) {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? Usage : Ok;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("inspect"))
        return inspect(args);
    if (command == QLatin1String("stats"))
        return stats(args);
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}
