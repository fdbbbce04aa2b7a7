#pragma once
// What the statelens-cli subcommands share: exit codes, printing, and CliOptions, a subcommand's
// QCommandLineParser with the options more than one subcommand takes (--root, the key-rule flags).

#include "document/root_finder.h"
#include "keymap/key_map.h"
#include "workflow/mapped_checkpoint.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace cli {

enum ExitCode {
    Ok = 0,
    BadInput = 1,           // unreadable, corrupt or unsupported input; one line on stderr
    Usage = 2,              // a bad command line; one line and the usage on stderr
    StrictNotSatisfied = 3, // testload --strict found missing, unexpected or mismatched keys
    FoundProblem = 4,       // the command ran and found a difference or a problem (diff, scan)
};

void print(const QByteArray &bytes);
// One line on stderr: "FILE: message", or "statelens-cli: message" when it is about no file.
void printProblem(const sl::MappedCheckpoint::Problem &problem);
void printProblem(const QString &file, const QString &message);

class CliOptions
{
public:
    CliOptions(const QString &command, const QString &description);

    void addPositional(const QString &name, const QString &description);
    void addOption(const QCommandLineOption &option);
    // Accepted and ignored, hidden from --help: options the first CLI took on every subcommand.
    void addIgnored(const QStringList &names, bool takesValue);
    void addRootOption();
    void
    addRuleOptions(); // --rules, --strip-prefix, --add-prefix, --rename, --regex, --drop, --strip-wrappers
    // --transpose and --cast: transform rules, read in order with the rule flags (remap only).
    void addTransformOptions();

    // Parses `args` (what follows the subcommand). Returns an exit code when the command is done:
    // Ok after printing --help, Usage after printing a usage error; nothing when the command runs.
    std::optional<int> parse(const QStringList &args);
    // Prints "statelens-cli: message" and the usage on stderr; returns Usage.
    int usageError(const QString &message) const;
    QString helpText() const;

    const QCommandLineParser &parser() const { return m_parser; }
    QStringList positional() const { return m_parser.positionalArguments(); }
    std::optional<sl::RootPath> root() const;
    QString recipePath() const { return m_parser.value(QStringLiteral("rules")); }
    // The rule flags in command-line order across flags; false with a usage message on a bad one.
    bool rules(std::vector<sl::KeyRule> &out, QString *error) const;

private:
    bool takesValue(const QString &name) const;
    bool knows(const QString &name) const;
    QString parseError() const;
    // The option names of `args` in order, values skipped, up to "--".
    QStringList optionSequence() const;

    QString m_command;
    QCommandLineParser m_parser;
    QList<QCommandLineOption> m_options;
    QStringList m_positionalSyntax;
    QStringList m_args;
};

// A --transpose REGEX or --cast REGEX=DTYPE flag as the transform rule it stands for; false with a
// usage message for a bad regex or dtype.
bool transformFlag(const QString &name, const QString &value, sl::KeyRule &out, QString *error);

// PATTERN=REPLACEMENT split at the first '=' that is not part of (?=, (?<=, (?P= or escaped as \=.
bool splitRegexFlag(const QString &text, QString &pattern, QString &replace);

} // namespace cli
