// statelens-cli diff: compares two checkpoints (docs/cli.md, diff). Parsing and dispatch only; the
// comparison and its reports live in the engine (compare/, report/diff_report).

#include "cli_diff.h"

#include "compare/checkpoint_diff.h"
#include "report/diff_report.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <cstdio>

namespace {

enum ExitCode { Ok = 0, BadInput = 1, Usage = 2, Different = 4 };

const char *const kDiffUsage =
    "usage: statelens-cli diff A B [--rules RECIPE] [--root-a PATH] [--root-b PATH] [--atol X] [--rtol Y]\n"
    "                          [--json] [--csv FILE] [--only-differences] [--top N]\n";

int usageError(const QString &message)
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), kDiffUsage);
    return Usage;
}

struct DiffArgs
{
    QStringList files;
    QString rules, csv, rootA, rootB;
    bool haveRootA = false, haveRootB = false, json = false, onlyDifferences = false;
    double atol = 0, rtol = 0;
    int top = 10;
    QString error;
};

DiffArgs parseDiffArgs(const QStringList &args)
{
    DiffArgs d;
    for (int i = 0; i < args.size() && d.error.isEmpty(); ++i) {
        const QString &a = args[i];
        const QString flag = a.section(QLatin1Char('='), 0, 0);
        auto value = [&]() -> QString {
            if (a.contains(QLatin1Char('='))) return a.mid(flag.size() + 1);
            if (i + 1 >= args.size()) {
                d.error = QStringLiteral("%1 needs a value").arg(flag);
                return {};
            }
            return args[++i];
        };
        auto tolerance = [&](double &out) {
            bool ok = false;
            const QString v = value();
            out = v.toDouble(&ok);
            if (d.error.isEmpty() && (!ok || !(out >= 0) || std::isinf(out)))
                d.error = QStringLiteral("%1 needs a number of at least 0").arg(flag);
        };
        if (a == QLatin1String("--json")) {
            d.json = true;
        } else if (a == QLatin1String("--only-differences")) {
            d.onlyDifferences = true;
        } else if (flag == QLatin1String("--rules")) {
            d.rules = value();
        } else if (flag == QLatin1String("--csv")) {
            d.csv = value();
        } else if (flag == QLatin1String("--root-a")) {
            d.rootA = value();
            d.haveRootA = true;
        } else if (flag == QLatin1String("--root-b")) {
            d.rootB = value();
            d.haveRootB = true;
        } else if (flag == QLatin1String("--atol")) {
            tolerance(d.atol);
        } else if (flag == QLatin1String("--rtol")) {
            tolerance(d.rtol);
        } else if (flag == QLatin1String("--top")) {
            bool ok = false;
            d.top = value().toInt(&ok);
            if (d.error.isEmpty() && (!ok || d.top < 0))
                d.error = QStringLiteral("--top needs a count of at least 0");
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            d.error = QStringLiteral("diff does not take %1").arg(a);
        } else {
            d.files << a;
        }
    }
    if (d.error.isEmpty() && d.files.size() != 2) d.error = QStringLiteral("diff needs two files, A and B");
    return d;
}

std::unique_ptr<sl::Checkpoint> openSide(const QString &file, bool haveRoot, const QString &root)
{
    std::string error;
    const sl::RootPath path = sl::parseRootPath(root.toStdString());
    auto checkpoint = sl::Checkpoint::open(file, &error, haveRoot ? &path : nullptr);
    if (!checkpoint) std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), error.c_str());
    return checkpoint;
}

bool readRecipe(const QString &file, sl::KeyMap &map)
{
    QFile recipe(file);
    if (!recipe.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "%s: cannot read the recipe: %s\n", qPrintable(QFileInfo(file).fileName()),
                     qPrintable(recipe.errorString()));
        return false;
    }
    QString error;
    if (!sl::KeyMap::fromJson(recipe.readAll(), map, &error)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), qPrintable(error));
        return false;
    }
    return true;
}

bool writeCsv(const QString &file, const QByteArray &csv)
{
    QSaveFile out(file); // atomic: a temporary file, then a rename
    if (!out.open(QIODevice::WriteOnly) || out.write(csv) != csv.size() || !out.commit()) {
        std::fprintf(stderr, "%s: cannot write the CSV: %s\n", qPrintable(QFileInfo(file).fileName()),
                     qPrintable(out.errorString()));
        return false;
    }
    return true;
}

} // namespace

int runDiff(const QStringList &args)
{
    const DiffArgs d = parseDiffArgs(args);
    if (!d.error.isEmpty()) return usageError(d.error);
    sl::DiffOptions options;
    options.atol = d.atol;
    options.rtol = d.rtol;
    if (!d.rules.isEmpty() && !readRecipe(d.rules, options.rules)) return BadInput;
    const auto a = openSide(d.files[0], d.haveRootA, d.rootA);
    if (!a) return BadInput;
    const auto b = openSide(d.files[1], d.haveRootB, d.rootB);
    if (!b) return BadInput;

    sl::CheckpointDiff diff(*a, *b, options);
    std::string error;
    if (!diff.plan(&error) || !diff.run(nullptr, {}, {}, {}, &error)) {
        std::fprintf(stderr, "statelens-cli: %s\n", error.c_str());
        return BadInput;
    }
    const sl::DiffResult result = diff.result();
    sl::DiffReportOptions report;
    report.onlyDifferences = d.onlyDifferences;
    report.top = d.top;
    if (!d.csv.isEmpty() && !writeCsv(d.csv, sl::diffCsv(result, report))) return BadInput;
    const QByteArray out = d.json
                               ? QJsonDocument(sl::diffJson(result, report)).toJson(QJsonDocument::Indented)
                               : sl::diffText(result, report).toUtf8();
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    return diff.equal() ? Ok : Different;
}
