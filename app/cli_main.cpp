// statelens-cli: the engine without a window, for scripts and CI. Wiring only; every rule lives in
// the model library so the GUI and the CLI agree.

#include "document/checkpoint.h"
#include "document/heap_pages.h"
#include "export/export_format.h"
#include "export/exporter.h"
#include "keymap/key_map.h"
#include "report/inspect_report.h"
#include "report/stats_report.h"
#include "testload/testload.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <memory>

// See inspect(): external linkage, so the store to it is never optimised away.
const sl::Checkpoint *g_documentLeftForExit = nullptr;

namespace {

enum ExitCode { Ok = 0, BadInput = 1, Usage = 2, StrictNotSatisfied = 3 };

const char *const kUsage =
    "usage: statelens-cli inspect FILE [--root PATH] [--json] [--objects]\n"
    "       statelens-cli stats FILE KEY [--bins N] [--root PATH] [--json]\n"
    "       statelens-cli remap FILE -o OUT [--rules RECIPE.json] [--strip-prefix P]... [--add-prefix P]...\n"
    "                     [--rename OLD=NEW]... [--regex PATTERN=REPLACEMENT]... [--drop REGEX]...\n"
    "                     [--format pth|safetensors] [--dtype float16|bfloat16] [--root PATH]\n"
    "       statelens-cli testload FILE --arch ARCH [--device cpu|cuda[:N]] [--strict] [--input-shape "
    "1,3,224,224]\n"
    "                     [--json] [the rule flags of remap] [--root PATH] [--save-module OUT.pt]\n"
    "\n"
    "  inspect   list the state-dict tensors of FILE (.pth .pt .ckpt .bin .safetensors *.index.json)\n"
    "            --root PATH  use the dict at PATH (e.g. state_dict or optimizer_states/0) as the state "
    "dict\n"
    "            --json       print docs/cli.md's JSON contract instead of a table\n"
    "            --objects    with --json, include the whole object tree\n"
    "  stats     statistics and a histogram of one tensor (NaN and Inf are counted, not used)\n"
    "            --bins N     histogram bins (default 64)\n"
    "  remap     rename or drop state-dict keys and write the result to OUT\n"
    "            rules apply in order: the recipe's first, then the flags as given\n"
    "            --regex      Python re.sub semantics (\\1, \\g<name>); the first '=' outside (?=, (?<=\n"
    "                         and (?P= splits PATTERN from REPLACEMENT; write \\= for a literal '='\n"
    "            --drop       drops keys the regex matches in full\n"
    "            --format     default: safetensors for *.safetensors, else pth (the torch.save zip)\n"
    "            --dtype      write float32 state-dict tensors as float16 or bfloat16\n"
    "  testload  load the (remapped) state dict into ARCH and report like load_state_dict\n"
    "            ARCH is a TorchScript archive (torch.jit.save), a reference checkpoint, or a JSON\n"
    "            manifest {\"tensors\": [{\"key\", \"shape\", \"dtype\"}]}\n"
    "            --strict       any missing, unexpected or shape-mismatched key fails (exit 3)\n"
    "            --input-shape  after the load, one forward pass on random input (TorchScript only)\n"
    "            --save-module  after the load, save the TorchScript module with the copied weights\n"
    "\n"
    "exit codes: 0 success, 1 bad input, 2 usage error, 3 strict test-load not satisfied\n";

int usageError(const QString &message)
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), kUsage);
    return Usage;
}

void print(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

// Flags shared by the commands; positional arguments are collected in order.
struct Options
{
    QStringList positional;
    bool json = false, objects = false, haveRoot = false;
    std::string root;
    int bins = sl::kDefaultHistogramBins;
    // remap: the output, a recipe, and the rule flags in command-line order.
    QString output, rulesFile, format, dtype;
    std::vector<sl::KeyRule> flagRules;
    QString remapFlag;  // the first remap-only flag seen, so other commands can refuse it
    QString exportFlag; // the first of -o, --format, --dtype: remap takes them, testload does not
    // testload: the architecture, device, strictness, forward-probe shape and where to save the module.
    QString arch, device = QStringLiteral("cpu"), saveModule;
    bool strict = false;
    std::vector<int64_t> inputShape;
    QString testloadFlag; // the first testload-only flag seen
    QString error;
};

// PATTERN=REPLACEMENT split at the first '=' that is not part of (?=, (?<=, (?P= or escaped as \=.
bool splitRegexFlag(const QString &text, QString &pattern, QString &replace)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('\\')) {
            ++i;
            continue;
        }
        if (text[i] != QLatin1Char('=')) continue;
        const QStringView before = QStringView(text).left(i);
        if (before.endsWith(QLatin1String("(?")) || before.endsWith(QLatin1String("(?<")) ||
            before.endsWith(QLatin1String("(?P")))
            continue;
        pattern = text.left(i);
        replace = text.mid(i + 1);
        return true;
    }
    return false;
}

Options parseOptions(const QStringList &args)
{
    Options o;
    auto value = [&](int &i, const QString &flag) -> QString {
        if (args[i].startsWith(flag + QLatin1Char('='))) return args[i].mid(flag.size() + 1);
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
        } else if (a == QLatin1String("-o") || a == QLatin1String("--output") ||
                   a.startsWith(QLatin1String("--output="))) {
            o.output = value(i, a == QLatin1String("-o") ? a : QStringLiteral("--output"));
            o.remapFlag = o.remapFlag.isEmpty() ? QStringLiteral("-o") : o.remapFlag;
            o.exportFlag = o.exportFlag.isEmpty() ? QStringLiteral("-o") : o.exportFlag;
        } else if (a == QLatin1String("--strict")) {
            o.strict = true;
            o.testloadFlag = o.testloadFlag.isEmpty() ? a : o.testloadFlag;
        } else if (const QString flag = a.section(QLatin1Char('='), 0, 0);
                   flag == QLatin1String("--arch") || flag == QLatin1String("--device") ||
                   flag == QLatin1String("--input-shape") || flag == QLatin1String("--save-module")) {
            const QString v = value(i, flag);
            o.testloadFlag = o.testloadFlag.isEmpty() ? flag : o.testloadFlag;
            if (flag == QLatin1String("--arch")) {
                o.arch = v;
            } else if (flag == QLatin1String("--device")) {
                o.device = v;
                const QRegularExpression form(QStringLiteral("^(cpu|cuda(:[0-9]+)?)$"));
                if (o.error.isEmpty() && !form.match(v).hasMatch())
                    o.error = QStringLiteral("--device is cpu, cuda or cuda:N");
            } else if (flag == QLatin1String("--input-shape")) {
                o.inputShape.clear();
                for (const QString &d : v.split(QLatin1Char(','))) {
                    bool ok = false;
                    const qlonglong n = d.trimmed().toLongLong(&ok);
                    if (!ok || n < 0) {
                        o.error = o.error.isEmpty()
                                      ? QStringLiteral("--input-shape needs sizes like 1,3,224,224")
                                      : o.error;
                        break;
                    }
                    o.inputShape.push_back(n);
                }
            } else {
                o.saveModule = v;
            }
        } else if (const QString flag = a.section(QLatin1Char('='), 0, 0);
                   flag == QLatin1String("--rules") || flag == QLatin1String("--strip-prefix") ||
                   flag == QLatin1String("--add-prefix") || flag == QLatin1String("--rename") ||
                   flag == QLatin1String("--regex") || flag == QLatin1String("--drop") ||
                   flag == QLatin1String("--format") || flag == QLatin1String("--dtype")) {
            const QString v = value(i, flag);
            if (o.remapFlag.isEmpty()) o.remapFlag = flag;
            if (o.exportFlag.isEmpty() &&
                (flag == QLatin1String("--format") || flag == QLatin1String("--dtype")))
                o.exportFlag = flag;
            if (!o.error.isEmpty()) break;
            QString left, right;
            if (flag == QLatin1String("--rules")) {
                if (!o.rulesFile.isEmpty()) o.error = QStringLiteral("--rules can be given once");
                o.rulesFile = v;
            } else if (flag == QLatin1String("--strip-prefix")) {
                o.flagRules.push_back(sl::KeyRule::stripPrefix(v));
            } else if (flag == QLatin1String("--add-prefix")) {
                o.flagRules.push_back(sl::KeyRule::addPrefix(v));
            } else if (flag == QLatin1String("--rename")) {
                const qsizetype eq = v.indexOf(QLatin1Char('='));
                if (eq <= 0)
                    o.error = QStringLiteral("--rename needs OLD=NEW");
                else
                    o.flagRules.push_back(sl::KeyRule::rename(v.left(eq), v.mid(eq + 1)));
            } else if (flag == QLatin1String("--regex")) {
                if (!splitRegexFlag(v, left, right))
                    o.error = QStringLiteral("--regex needs PATTERN=REPLACEMENT");
                else
                    o.flagRules.push_back(sl::KeyRule::regex(left, right));
            } else if (flag == QLatin1String("--drop")) {
                o.flagRules.push_back(sl::KeyRule::drop(v));
            } else if (flag == QLatin1String("--format")) {
                o.format = v;
                if (v != QLatin1String("pth") && v != QLatin1String("safetensors"))
                    o.error = QStringLiteral("--format is pth or safetensors");
            } else {
                o.dtype = v;
                if (v != QLatin1String("float16") && v != QLatin1String("bfloat16"))
                    o.error = QStringLiteral("--dtype is float16 or bfloat16");
            }
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
    if (!checkpoint) std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), error.c_str());
    return checkpoint;
}

int inspect(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty()) return usageError(o.error);
    if (!o.remapFlag.isEmpty() || !o.testloadFlag.isEmpty())
        return usageError(QStringLiteral("inspect does not take %1")
                              .arg(o.remapFlag.isEmpty() ? o.testloadFlag : o.remapFlag));
    if (o.positional.size() != 1) return usageError(QStringLiteral("inspect needs exactly one FILE"));
    auto checkpoint = openOrReport(o.positional[0], o);
    if (!checkpoint) return BadInput;
    if (o.json)
        sl::printInspectJson(*checkpoint, o.objects, stdout);
    else
        print(sl::inspectTable(*checkpoint).toUtf8());
    // The process ends right after this: freeing a 30,000-key tree node by node costs ~18 ms that
    // the exit does at once. The global keeps it reachable, so LeakSanitizer does not report it.
    g_documentLeftForExit = checkpoint.release();
    return Ok;
}

int stats(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty()) return usageError(o.error);
    if (!o.remapFlag.isEmpty() || !o.testloadFlag.isEmpty())
        return usageError(QStringLiteral("stats does not take %1")
                              .arg(o.remapFlag.isEmpty() ? o.testloadFlag : o.remapFlag));
    if (o.positional.size() != 2) return usageError(QStringLiteral("stats needs a FILE and a KEY"));
    auto checkpoint = openOrReport(o.positional[0], o);
    if (!checkpoint) return BadInput;
    const std::string key = o.positional[1].toStdString();
    const auto &entries = checkpoint->entries();
    auto it =
        std::find_if(entries.begin(), entries.end(), [&](const sl::StateEntry &e) { return e.key == key; });
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
        std::fprintf(stderr, "%s: %s: %s\n", qPrintable(QFileInfo(o.positional[0]).fileName()), key.c_str(),
                     e.what());
        return BadInput;
    }
    if (o.json)
        print(QJsonDocument(sl::statsJson(*checkpoint, entry, result)).toJson(QJsonDocument::Indented));
    else
        print(sl::statsText(*checkpoint, entry, result).toUtf8());
    return Ok;
}

QString sizeText(qint64 bytes)
{
    const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 bytes").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

// The recipe's rules first, then the rule flags in the order given (docs/cli.md); shared by remap and
// testload. Prints the reason and returns false on a bad recipe or rule.
bool keyMapFromOptions(const Options &o, sl::KeyMap &map)
{
    QString ruleError;
    if (!o.rulesFile.isEmpty()) {
        QFile recipe(o.rulesFile);
        if (!recipe.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "%s: cannot read the recipe: %s\n",
                         qPrintable(QFileInfo(o.rulesFile).fileName()), qPrintable(recipe.errorString()));
            return false;
        }
        if (!sl::KeyMap::fromJson(recipe.readAll(), map, &ruleError)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(o.rulesFile).fileName()),
                         qPrintable(ruleError));
            return false;
        }
    }
    map.rules.insert(map.rules.end(), o.flagRules.begin(), o.flagRules.end());
    // The recipe parser checks every rule (fields, regexes) even where no key reaches it.
    sl::KeyMap checked;
    if (!sl::KeyMap::fromJson(map.toJson(), checked, &ruleError)) {
        std::fprintf(stderr, "statelens-cli: bad rule: %s\n", qPrintable(ruleError));
        return false;
    }
    return true;
}

// The state-dict keys of `checkpoint` after `map`; prints the reason and returns false on a collision.
bool mapKeys(const sl::Checkpoint &checkpoint, const sl::KeyMap &map, const QString &file,
             std::vector<sl::MappedKey> &mapping)
{
    QStringList keys;
    for (const sl::StateEntry &e : checkpoint.entries())
        keys << QString::fromStdString(e.key);
    QString ruleError;
    if (!map.apply(keys, mapping, &ruleError)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QFileInfo(file).fileName()), qPrintable(ruleError));
        return false;
    }
    return true;
}

int remap(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty()) return usageError(o.error);
    if (!o.testloadFlag.isEmpty())
        return usageError(QStringLiteral("remap does not take %1").arg(o.testloadFlag));
    if (o.positional.size() != 1) return usageError(QStringLiteral("remap needs exactly one FILE"));
    if (o.output.isEmpty()) return usageError(QStringLiteral("remap needs -o OUT"));
    QString formatError;
    if (!o.format.isEmpty() &&
        !sl::checkExportFormat(o.output,
                               o.format == QLatin1String("safetensors") ? sl::ExportOptions::Safetensors
                                                                        : sl::ExportOptions::Pth,
                               &formatError))
        return usageError(formatError);
    const QString file = o.positional[0];

    sl::KeyMap map;
    if (!keyMapFromOptions(o, map)) return BadInput;
    auto checkpoint = openOrReport(file, o);
    if (!checkpoint) return BadInput;
    std::vector<sl::MappedKey> mapping;
    if (!mapKeys(*checkpoint, map, file, mapping)) return BadInput;

    sl::ExportOptions opt;
    opt.rules = map.rules;
    opt.format = o.format.isEmpty()                         ? sl::exportFormatForPath(o.output)
                 : o.format == QLatin1String("safetensors") ? sl::ExportOptions::Safetensors
                                                            : sl::ExportOptions::Pth;
    if (o.dtype == QLatin1String("float16"))
        opt.convertFloat32To = sl::DType::Float16;
    else if (o.dtype == QLatin1String("bfloat16"))
        opt.convertFloat32To = sl::DType::BFloat16;
    std::string error;
    if (!sl::exportCheckpoint(*checkpoint, mapping, o.output, opt, nullptr, &error)) {
        std::fprintf(stderr, "%s: export failed: %s\n", qPrintable(QFileInfo(file).fileName()),
                     error.c_str());
        return BadInput;
    }
    const auto renamed = std::count_if(mapping.begin(), mapping.end(),
                                       [](const sl::MappedKey &m) { return !m.dropped && m.from != m.to; });
    const auto dropped =
        std::count_if(mapping.begin(), mapping.end(), [](const sl::MappedKey &m) { return m.dropped; });
    print(QStringLiteral("%1 renamed, %2 dropped, %3 kept; wrote %4 (%5, %6)\n")
              .arg(renamed)
              .arg(dropped)
              .arg(qsizetype(mapping.size()) - dropped)
              .arg(o.output,
                   opt.format == sl::ExportOptions::Safetensors ? QStringLiteral("safetensors")
                                                                : QStringLiteral("pth"),
                   sizeText(QFileInfo(o.output).size()))
              .toUtf8());
    return Ok;
}

int testload(const QStringList &args)
{
    const Options o = parseOptions(args);
    if (!o.error.isEmpty()) return usageError(o.error);
    if (!o.exportFlag.isEmpty())
        return usageError(QStringLiteral("testload does not take %1").arg(o.exportFlag));
    if (o.objects) return usageError(QStringLiteral("testload does not take --objects"));
    if (o.positional.size() != 1) return usageError(QStringLiteral("testload needs exactly one FILE"));
    if (o.arch.isEmpty()) return usageError(QStringLiteral("testload needs --arch ARCH"));
    const QString file = o.positional[0];

    sl::KeyMap map;
    if (!keyMapFromOptions(o, map)) return BadInput;
    auto checkpoint = openOrReport(file, o);
    if (!checkpoint) return BadInput;
    std::vector<sl::MappedKey> mapping;
    if (!mapKeys(*checkpoint, map, file, mapping)) return BadInput;

    sl::TestLoadTarget target;
    target.path = o.arch;
    sl::TestLoadOptions options;
    options.device = o.device;
    options.strict = o.strict;
    options.inputShape = o.inputShape;
    options.saveModulePath = o.saveModule;
    sl::TestLoadReport report;
    std::string error;
    if (!sl::runTestLoad(*checkpoint, mapping, target, options, report, {}, &error)) {
        // The engine's sentences name the file they are about (the architecture, a key, the output).
        std::fprintf(stderr, "statelens-cli: %s\n", error.c_str());
        return BadInput;
    }
    if (o.json)
        print(QJsonDocument(sl::testLoadJson(report)).toJson(QJsonDocument::Indented));
    else
        print(sl::testLoadText(report).toUtf8());
    return report.ok ? Ok : StrictNotSatisfied;
}

} // namespace

int main(int argc, char **argv)
{
    sl::adviseHugePagesForHeap(256);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("statelens-cli"));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h")) {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? Usage : Ok;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("inspect")) return inspect(args);
    if (command == QLatin1String("stats")) return stats(args);
    if (command == QLatin1String("remap")) return remap(args);
    if (command == QLatin1String("testload")) return testload(args);
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}
