// statelens-cli remap: rename or drop state-dict keys and write the result to a new file.

#include "cli_commands.h"
#include "cli_options.h"
#include "export/export_format.h"
#include "export/exporter.h"
#include "report/remap_report.h"
#include "workflow/mapped_checkpoint.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace {

void addRemapOptions(cli::CliOptions &options)
{
    options.addPositional(QStringLiteral("FILE"),
                          QStringLiteral("The checkpoint to read; it is never changed."));
    options.addOption(QCommandLineOption({QStringLiteral("o"), QStringLiteral("output")},
                                         QStringLiteral("Write the result to OUT (required; atomically, "
                                                        "read back and checked)."),
                                         QStringLiteral("OUT")));
    options.addRuleOptions();
    options.addTransformOptions();
    options.addOption(QCommandLineOption(QStringLiteral("format"),
                                         QStringLiteral("pth (the torch.save zip) or safetensors; default: "
                                                        "safetensors for *.safetensors, else pth."),
                                         QStringLiteral("FORMAT")));
    options.addOption(QCommandLineOption(
        QStringLiteral("dtype"), QStringLiteral("Write float32 state-dict tensors as float16 or bfloat16."),
        QStringLiteral("DTYPE")));
    options.addOption(QCommandLineOption(
        QStringLiteral("weights-only"),
        QStringLiteral("Write a copy that torch.load(weights_only=True) reads: argparse.Namespace, numpy "
                       "values and TorchVersion are converted, other foreign objects dropped; each one is "
                       "reported. From the parsed tree: nothing from the file runs.")));
    options.addRootOption();
    options.addOption(QCommandLineOption(
        QStringLiteral("json"),
        QStringLiteral(
            "Print the result as JSON: counts, output, derived tensors and notes (docs/cli.md).")));
    options.addIgnored({QStringLiteral("objects")}, false);
    options.addIgnored({QStringLiteral("bins")}, true);
}

} // namespace

int runRemap(const QStringList &args)
{
    cli::CliOptions options(
        QStringLiteral("remap"),
        QStringLiteral("Rename, drop or transform state-dict tensors and write the result to OUT.\n"
                       "Rules apply in order: the recipe's first, then the rule "
                       "flags as given."));
    addRemapOptions(options);
    if (const auto done = options.parse(args)) return *done;
    const QCommandLineParser &parser = options.parser();
    std::vector<sl::KeyRule> rules;
    QString error;
    if (!options.rules(rules, &error)) return options.usageError(error);
    const QString format = parser.value(QStringLiteral("format"));
    if (parser.isSet(QStringLiteral("format")) && format != QLatin1String("pth") &&
        format != QLatin1String("safetensors"))
        return options.usageError(QStringLiteral("--format is pth or safetensors"));
    const QString dtype = parser.value(QStringLiteral("dtype"));
    if (parser.isSet(QStringLiteral("dtype")) && dtype != QLatin1String("float16") &&
        dtype != QLatin1String("bfloat16"))
        return options.usageError(QStringLiteral("--dtype is float16 or bfloat16"));
    if (options.positional().size() != 1)
        return options.usageError(QStringLiteral("remap needs exactly one FILE"));
    const QString output = parser.value(QStringLiteral("o"));
    if (output.isEmpty()) return options.usageError(QStringLiteral("remap needs -o OUT"));
    QString formatError;
    if (!format.isEmpty() &&
        !sl::checkExportFormat(output,
                               format == QLatin1String("safetensors") ? sl::ExportOptions::Safetensors
                                                                      : sl::ExportOptions::Pth,
                               &formatError))
        return options.usageError(formatError);
    const bool weightsOnly = parser.isSet(QStringLiteral("weights-only"));
    if (weightsOnly &&
        (format == QLatin1String("safetensors") ||
         (format.isEmpty() && sl::exportFormatForPath(output) == sl::ExportOptions::Safetensors)))
        return options.usageError(QStringLiteral("--weights-only writes a .pth file, not safetensors"));

    sl::MappedCheckpoint::Request request;
    request.path = options.positional()[0];
    request.recipePath = options.recipePath();
    request.rules = rules;
    request.root = options.root();
    sl::MappedCheckpoint mapped;
    sl::MappedCheckpoint::Problem problem;
    if (!sl::MappedCheckpoint::open(request, mapped, &problem)) {
        cli::printProblem(problem);
        return cli::BadInput;
    }

    sl::ExportOptions exportOptions;
    exportOptions.rules = mapped.map.rules;
    exportOptions.format = format.isEmpty()                         ? sl::exportFormatForPath(output)
                           : format == QLatin1String("safetensors") ? sl::ExportOptions::Safetensors
                                                                    : sl::ExportOptions::Pth;
    if (dtype == QLatin1String("float16"))
        exportOptions.convertFloat32To = sl::DType::Float16;
    else if (dtype == QLatin1String("bfloat16"))
        exportOptions.convertFloat32To = sl::DType::BFloat16;
    exportOptions.weightsOnly = weightsOnly;
    std::string exportError;
    std::vector<std::string> notes;
    if (!sl::exportCheckpoint(*mapped.checkpoint, mapped.plan, output, exportOptions, nullptr, &exportError,
                              &notes)) {
        cli::printProblem(QFileInfo(request.path).fileName(),
                          QStringLiteral("export failed: ") + QString::fromStdString(exportError));
        return cli::BadInput;
    }
    const QString formatName = exportOptions.format == sl::ExportOptions::Safetensors
                                   ? QStringLiteral("safetensors")
                                   : QStringLiteral("pth");
    const std::vector<std::string> exportNotes = sl::exportNotes(*mapped.checkpoint, exportOptions);
    if (parser.isSet(QStringLiteral("json"))) {
        notes.insert(notes.end(), exportNotes.begin(), exportNotes.end());
        const QJsonObject json =
            sl::remapJson(mapped.plan, output, formatName, QFileInfo(output).size(), notes);
        cli::print(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return cli::Ok;
    }
    for (const std::string &note : notes) // "converted a/b: X -> dict", "dropped c: Y"
        cli::print(QByteArray::fromStdString(note + "\n"));
    cli::print(sl::remapSummaryText(mapped.plan, output, formatName, QFileInfo(output).size()).toUtf8());
    cli::print(sl::remapNotesText(exportNotes).toUtf8());
    return cli::Ok;
}
