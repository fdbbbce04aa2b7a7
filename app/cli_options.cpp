#include "cli_options.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

namespace cli {

namespace {

const QString kRules = QStringLiteral("rules");

// Every option of every subcommand, so that one a subcommand lacks reads "inspect does not take
// --drop" rather than "unknown option". A new subcommand adds its options here.
const QStringList &allCommandOptions()
{
    static const QStringList names{QStringLiteral("root"),        QStringLiteral("json"),
                                   QStringLiteral("objects"),     QStringLiteral("bins"),
                                   QStringLiteral("o"),           QStringLiteral("output"),
                                   QStringLiteral("rules"),       QStringLiteral("strip-prefix"),
                                   QStringLiteral("add-prefix"),  QStringLiteral("rename"),
                                   QStringLiteral("regex"),       QStringLiteral("drop"),
                                   QStringLiteral("format"),      QStringLiteral("dtype"),
                                   QStringLiteral("arch"),        QStringLiteral("device"),
                                   QStringLiteral("strict"),      QStringLiteral("input-shape"),
                                   QStringLiteral("save-module"), QStringLiteral("csv"),
                                   QStringLiteral("transpose"),   QStringLiteral("cast")};
    return names;
}

bool isOption(const QString &arg)
{
    return arg.size() > 1 && arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("--");
}

// "--name=value", "--name" or "-name" (the parser reads single-dash words as long options) -> "name".
QString optionName(const QString &arg)
{
    return arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1).section(QLatin1Char('='), 0, 0);
}

} // namespace

void print(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

void printProblem(const QString &file, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(file.isEmpty() ? QStringLiteral("statelens-cli") : file),
                 qPrintable(message));
}

void printProblem(const sl::MappedCheckpoint::Problem &problem)
{
    printProblem(problem.file, problem.message);
}

CliOptions::CliOptions(const QString &command, const QString &description) : m_command(command)
{
    m_parser.setApplicationDescription(description);
    // One spelling per option as in the first CLI: "-o" is short, every other name long.
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                                 QStringLiteral("Show this help and exit.")));
}

void CliOptions::addPositional(const QString &name, const QString &description)
{
    m_parser.addPositionalArgument(name, description, name);
    m_positionalSyntax << name;
}

void CliOptions::addOption(const QCommandLineOption &option)
{
    m_parser.addOption(option);
    m_options << option;
}

void CliOptions::addIgnored(const QStringList &names, bool takesValue)
{
    for (const QString &name : names) {
        QCommandLineOption option(name);
        if (takesValue) option.setValueName(QStringLiteral("VALUE"));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        addOption(option);
    }
}

void CliOptions::addRootOption()
{
    addOption(QCommandLineOption(QStringLiteral("root"),
                                 QStringLiteral("Use the dict at PATH (components joined by '/', e.g. "
                                                "state_dict or optimizer_states/0) as the state dict "
                                                "instead of the one found automatically."),
                                 QStringLiteral("PATH")));
}

void CliOptions::addRuleOptions()
{
    const auto option = [this](const char *name, const char *help, const char *value) {
        addOption(QCommandLineOption(QLatin1String(name), QLatin1String(help), QLatin1String(value)));
    };
    option("rules", "Apply the rules of a recipe file first (see docs/cli.md).", "RECIPE.json");
    option("strip-prefix", "Remove the prefix P from the keys that start with it.", "P");
    option("add-prefix", "Put the prefix P before every key.", "P");
    option("rename", "Rename the key OLD, or every key below the module OLD, to NEW.", "OLD=NEW");
    option("regex",
           "Replace with Python re.sub semantics (\\1, \\g<name>). The first '=' outside (?=, (?<= and "
           "(?P= splits PATTERN from REPLACEMENT; write \\= for a literal '='.",
           "PATTERN=REPLACEMENT");
    option("drop", "Drop the keys that REGEX matches in full.", "REGEX");
    addOption(QCommandLineOption(
        QStringLiteral("strip-wrappers"),
        QStringLiteral("Remove the wrapper components _orig_mod., module., _fsdp_wrapped_module., "
                       "_checkpoint_wrapped_module., _forward_module. and base_model.model. wherever they "
                       "stand in a key.")));
}

void CliOptions::addTransformOptions()
{
    addOption(QCommandLineOption(QStringLiteral("transpose"),
                                 QStringLiteral("Transpose dims 0 and 1 of the tensors that REGEX matches in "
                                                "full (a transform rule, in order with the rule flags)."),
                                 QStringLiteral("REGEX")));
    addOption(QCommandLineOption(QStringLiteral("cast"),
                                 QStringLiteral("Cast the tensors that REGEX matches in full to DTYPE "
                                                "(float16, bfloat16, float32, int32, ...); the last '=' "
                                                "splits REGEX from DTYPE. Float to integer is refused."),
                                 QStringLiteral("REGEX=DTYPE")));
}

bool CliOptions::knows(const QString &name) const
{
    for (const QCommandLineOption &o : m_options) {
        if (o.names().contains(name)) return true;
    }
    return false;
}

bool CliOptions::takesValue(const QString &name) const
{
    for (const QCommandLineOption &o : m_options) {
        if (o.names().contains(name)) return !o.valueName().isEmpty();
    }
    return false;
}

QStringList CliOptions::optionSequence() const
{
    QStringList names;
    for (qsizetype i = 0; i < m_args.size() && m_args[i] != QLatin1String("--"); ++i) {
        if (!isOption(m_args[i])) continue;
        const QString name = optionName(m_args[i]);
        names << name;
        if (takesValue(name) && !m_args[i].contains(QLatin1Char('='))) ++i; // its value, whatever it is
    }
    return names;
}

QString CliOptions::parseError() const
{
    // The first unknown option as typed, in the order given.
    for (qsizetype i = 0; i < m_args.size() && m_args[i] != QLatin1String("--"); ++i) {
        const QString &arg = m_args[i];
        if (!isOption(arg)) continue;
        const QString name = optionName(arg);
        if (!knows(name)) {
            return allCommandOptions().contains(name)
                       ? QStringLiteral("%1 does not take %2")
                             .arg(m_command, arg.section(QLatin1Char('='), 0, 0))
                       : QStringLiteral("unknown option %1").arg(arg);
        }
        const bool hasValue = arg.contains(QLatin1Char('='));
        if (!takesValue(name) && hasValue) return QStringLiteral("unknown option %1").arg(arg);
        if (takesValue(name) && !hasValue && ++i >= m_args.size())
            return QStringLiteral("%1 needs a value").arg(arg);
    }
    return m_parser.errorText();
}

std::optional<int> CliOptions::parse(const QStringList &args)
{
    m_args = args;
    // parse() skips the first argument as the program's name.
    if (!m_parser.parse(QStringList{m_command} + args)) return usageError(parseError());
    if (m_parser.isSet(QStringLiteral("help"))) {
        print(helpText().toUtf8());
        return Ok;
    }
    return std::nullopt;
}

QString CliOptions::helpText() const
{
    // The parser's first line names argv[0] as typed; ours names the subcommand too.
    const QString text = m_parser.helpText();
    QString usage = QStringLiteral("Usage: statelens-cli %1 [options]").arg(m_command);
    for (const QString &syntax : m_positionalSyntax)
        usage += QLatin1Char(' ') + syntax;
    return usage + text.mid(text.indexOf(QLatin1Char('\n')));
}

int CliOptions::usageError(const QString &message) const
{
    std::fprintf(stderr, "statelens-cli: %s\n%s", qPrintable(message), qPrintable(helpText()));
    return Usage;
}

std::optional<sl::RootPath> CliOptions::root() const
{
    if (!m_parser.isSet(QStringLiteral("root"))) return std::nullopt;
    return sl::parseRootPath(m_parser.value(QStringLiteral("root")).toStdString());
}

bool CliOptions::rules(std::vector<sl::KeyRule> &out, QString *error) const
{
    out.clear();
    if (m_parser.values(kRules).size() > 1) {
        *error = QStringLiteral("--rules can be given once");
        return false;
    }
    // QCommandLineParser keeps each option's values in order but not their order across options,
    // which the rules need: "--strip-prefix a. --rename a.b=c" is not "--rename a.b=c --strip-prefix a.".
    QHash<QString, qsizetype> used;
    for (const QString &name : optionSequence()) {
        if (name == kRules || !knows(name)) continue;
        if (name == QLatin1String("strip-wrappers")) { // a rule without a value
            out.push_back(sl::KeyRule::stripWrappers());
            continue;
        }
        const QStringList values = m_parser.values(name);
        const qsizetype index = used[name]++;
        if (index >= values.size()) continue;
        const QString &v = values[index];
        QString left, right;
        if (name == QLatin1String("strip-prefix")) {
            out.push_back(sl::KeyRule::stripPrefix(v));
        } else if (name == QLatin1String("add-prefix")) {
            out.push_back(sl::KeyRule::addPrefix(v));
        } else if (name == QLatin1String("rename")) {
            const qsizetype eq = v.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                *error = QStringLiteral("--rename needs OLD=NEW");
                return false;
            }
            out.push_back(sl::KeyRule::rename(v.left(eq), v.mid(eq + 1)));
        } else if (name == QLatin1String("regex")) {
            if (!splitRegexFlag(v, left, right)) {
                *error = QStringLiteral("--regex needs PATTERN=REPLACEMENT");
                return false;
            }
            out.push_back(sl::KeyRule::regex(left, right));
        } else if (name == QLatin1String("drop")) {
            out.push_back(sl::KeyRule::drop(v));
        } else if (name == QLatin1String("transpose") || name == QLatin1String("cast")) {
            sl::KeyRule rule;
            if (!transformFlag(name, v, rule, error)) return false;
            out.push_back(rule);
        }
    }
    return true;
}

bool transformFlag(const QString &name, const QString &value, sl::KeyRule &out, QString *error)
{
    // The recipe parser checks the fields (the regex, the dtype) exactly as for a recipe rule.
    QJsonObject o;
    if (name == QLatin1String("transpose")) {
        o.insert(QStringLiteral("match"), value);
        o.insert(QStringLiteral("dims"), QJsonArray{0, 1});
    } else {
        const qsizetype eq = value.lastIndexOf(QLatin1Char('='));
        if (eq <= 0 || eq == value.size() - 1) {
            *error = QStringLiteral("--cast needs REGEX=DTYPE");
            return false;
        }
        o.insert(QStringLiteral("match"), value.left(eq));
        o.insert(QStringLiteral("dtype"), value.mid(eq + 1));
    }
    sl::TensorOp op;
    QString why;
    if (!sl::TensorOp::fromJson(name, o, op, &why)) {
        *error = QStringLiteral("--%1 %2: %3").arg(name, value, why);
        return false;
    }
    out = sl::KeyRule::transform(op);
    return true;
}

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

} // namespace cli
