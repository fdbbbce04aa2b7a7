// statelens-cli: the engine without a window, for scripts and CI. Wiring only; every rule lives in
// the model library so the GUI and the CLI agree.

#include "checkpoint.h"
#include "inspect_report.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStringList>

#include <cstdio>

namespace {

enum ExitCode { Ok = 0, BadInput = 1, Usage = 2 };

const char *const kUsage =
    "usage: statelens-cli inspect FILE [--root PATH] [--json] [--objects]\n"
    "\n"
    "  inspect   list the state-dict tensors of FILE (.pth .pt .ckpt .bin .safetensors *.index.json)\n"
    "            --root PATH  use the dict at PATH (e.g. state_dict or optimizer_states/0) as the state dict\n"
    "            --json       print DESIGN.md's JSON contract instead of a table\n"
    "            --objects    with --json, include the whole object tree\n"
    "\n"
    "exit codes: 0 success, 1 bad input, 2 usage error\n";

int usageError(const QString &message)
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), kUsage);
    return Usage;
}

void print(const QByteArray &bytes) { std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout); }

int inspect(const QStringList &args)
{
    QString file;
    bool json = false, objects = false, haveRoot = false;
    std::string root;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--objects")) {
            objects = true;
        } else if (a == QLatin1String("--root")) {
            if (++i >= args.size())
                return usageError(QStringLiteral("--root needs a PATH"));
            root = args[i].toStdString();
            haveRoot = true;
        } else if (a.startsWith(QLatin1String("--root="))) {
            root = a.mid(7).toStdString();
            haveRoot = true;
        } else if (a.startsWith(QLatin1String("-"))) {
            return usageError(QStringLiteral("unknown option %1").arg(a));
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return usageError(QStringLiteral("unexpected argument %1").arg(a));
        }
    }
    if (file.isEmpty())
        return usageError(QStringLiteral("inspect needs a FILE"));

    std::string error;
    const sl::RootPath rootPath = sl::parseRootPath(root);
    auto checkpoint = sl::Checkpoint::open(file, &error, haveRoot ? &rootPath : nullptr);
    if (!checkpoint) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), error.c_str());
        return BadInput;
    }
    if (json)
        print(QJsonDocument(sl::inspectJson(*checkpoint, objects)).toJson(QJsonDocument::Indented));
    else
        print(sl::inspectTable(*checkpoint).toUtf8());
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
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}
