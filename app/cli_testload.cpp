// statelens-cli testload: load the (remapped) state dict into an architecture and report like
// torch.nn.Module.load_state_dict.

#include "cli_commands.h"
#include "cli_options.h"
#include "testload/testload.h"
#include "workflow/mapped_checkpoint.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace {

void addTestloadOptions(cli::CliOptions &options)
{
    options.addPositional(QStringLiteral("FILE"), QStringLiteral("The checkpoint to load."));
    const auto option = [&options](const char *name, const char *help, const char *value) {
        options.addOption(QCommandLineOption(QLatin1String(name), QLatin1String(help), QLatin1String(value)));
    };
    option("arch",
           "The target (required): a TorchScript archive (torch.jit.save), a reference checkpoint, or a "
           "JSON manifest {\"tensors\": [{\"key\", \"shape\", \"dtype\"}]}.",
           "ARCH");
    option("device", "Where the tensors are copied: cpu (default), cuda or cuda:N.", "DEVICE");
    options.addOption(QCommandLineOption(QStringLiteral("strict"),
                                         QStringLiteral("Any missing, unexpected or shape-mismatched key "
                                                        "fails the load (exit 3).")));
    option("input-shape",
           "After the load, run one forward pass on random input of this shape (TorchScript only).",
           "1,3,224,224");
    option("save-module", "After the load, save the TorchScript module with the copied weights to OUT.pt.",
           "OUT.pt");
    options.addOption(QCommandLineOption(QStringLiteral("json"),
                                         QStringLiteral("Print JSON (see docs/cli.md) instead of text.")));
    options.addRuleOptions();
    options.addRootOption();
    options.addIgnored({QStringLiteral("bins")}, true);
}

// "1,3,224,224" -> {1, 3, 224, 224}; false on anything but non-negative integers.
bool parseShape(const QString &text, std::vector<int64_t> &shape)
{
    shape.clear();
    for (const QString &d : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qlonglong n = d.trimmed().toLongLong(&ok);
        if (!ok || n < 0) return false;
        shape.push_back(n);
    }
    return true;
}

} // namespace

int runTestload(const QStringList &args)
{
    cli::CliOptions options(
        QStringLiteral("testload"),
        QStringLiteral("Load the (remapped) state dict of FILE into ARCH and report like\n"
                       "load_state_dict: missing, unexpected and mismatched keys."));
    addTestloadOptions(options);
    if (const auto done = options.parse(args)) return *done;
    const QCommandLineParser &parser = options.parser();
    sl::TestLoadOptions loadOptions;
    if (parser.isSet(QStringLiteral("device"))) {
        loadOptions.device = parser.value(QStringLiteral("device"));
        const QRegularExpression form(QStringLiteral("^(cpu|cuda(:[0-9]+)?)$"));
        if (!form.match(loadOptions.device).hasMatch())
            return options.usageError(QStringLiteral("--device is cpu, cuda or cuda:N"));
    }
    if (parser.isSet(QStringLiteral("input-shape")) &&
        !parseShape(parser.value(QStringLiteral("input-shape")), loadOptions.inputShape))
        return options.usageError(QStringLiteral("--input-shape needs sizes like 1,3,224,224"));
    std::vector<sl::KeyRule> rules;
    QString error;
    if (!options.rules(rules, &error)) return options.usageError(error);
    if (options.positional().size() != 1)
        return options.usageError(QStringLiteral("testload needs exactly one FILE"));
    sl::TestLoadTarget target;
    target.path = parser.value(QStringLiteral("arch"));
    if (target.path.isEmpty()) return options.usageError(QStringLiteral("testload needs --arch ARCH"));
    loadOptions.strict = parser.isSet(QStringLiteral("strict"));
    loadOptions.saveModulePath = parser.value(QStringLiteral("save-module"));

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
    sl::TestLoadReport report;
    std::string loadError;
    // The plan's state dict: transforms included, derived tensors are what the module receives.
    if (!sl::runTestLoad(*mapped.checkpoint, mapped.plan, target, loadOptions, report, {}, &loadError)) {
        // The engine's sentences name the file they are about (the architecture, a key, the output).
        cli::printProblem(QString(), QString::fromStdString(loadError));
        return cli::BadInput;
    }
    if (parser.isSet(QStringLiteral("json")))
        cli::print(QJsonDocument(sl::testLoadJson(report)).toJson(QJsonDocument::Indented));
    else
        cli::print(sl::testLoadText(report).toUtf8());
    return report.ok ? cli::Ok : cli::StrictNotSatisfied;
}
