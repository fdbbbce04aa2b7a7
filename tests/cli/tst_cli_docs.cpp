// docs/cli.md is the reference users read: every subcommand that `statelens-cli --help` lists has a
// section there, and that section names every option the subcommand's --help lists, so a new option
// cannot ship undocumented. Also the exit codes.

#include "test_support.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>

using namespace sl_test;

namespace {

// The lines of `text` between `heading` (a line of its own) and the next line starting with `## `.
QString section(const QString &text, const QString &heading)
{
    const QRegularExpression start(QLatin1Char('^') + QRegularExpression::escape(heading) + QLatin1Char('$'),
                                   QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = start.match(text);
    if (!m.hasMatch()) return QString();
    const qsizetype next = text.indexOf(QLatin1String("\n## "), m.capturedEnd());
    return text.mid(m.capturedEnd(), next < 0 ? -1 : next - m.capturedEnd());
}

// The indented lines after `title` up to the next blank line: "  inspect   List..." -> "inspect".
QStringList firstWords(const QString &help, const QString &title)
{
    QStringList words;
    const qsizetype at = help.indexOf(title + QLatin1Char('\n'));
    if (at < 0) return words;
    const QStringList lines = help.mid(at + title.size() + 1).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (!line.startsWith(QLatin1String("  "))) break;
        words << line.trimmed().section(QLatin1Char(' '), 0, 0);
    }
    return words;
}

} // namespace

class TestCliDocs : public QObject
{
    Q_OBJECT

    QString m_docs;

private Q_SLOTS:
    void initTestCase()
    {
        QFile docs(QStringLiteral(STATELENS_SOURCE_DIR "/docs/cli.md"));
        QVERIFY2(docs.open(QIODevice::ReadOnly), "docs/cli.md is missing");
        m_docs = QString::fromUtf8(docs.readAll());
    }

    void everyOptionDocumented_data()
    {
        QTest::addColumn<QString>("command");
        const CliRun run = runCli({QStringLiteral("--help")}, QDir::tempPath());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QStringList commands = firstWords(QString::fromUtf8(run.out), QStringLiteral("Commands:"));
        QVERIFY2(commands.size() >= 4, run.out.constData());
        for (const QString &command : commands)
            QTest::newRow(qPrintable(command)) << command;
    }

    void everyOptionDocumented()
    {
        QFETCH(QString, command);
        const QString text = section(m_docs, QStringLiteral("## ") + command);
        QVERIFY2(!text.isEmpty(),
                 qPrintable(QStringLiteral("docs/cli.md has no '## %1' section").arg(command)));
        const CliRun run = runCli({command, QStringLiteral("--help")}, QDir::tempPath());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        // "  -o, --output <OUT>  Write..." -> "-o", "--output".
        const QRegularExpression optionLine(QStringLiteral("^  (-[^ ,]+)(?:, (--[^ ,]+))?"),
                                            QRegularExpression::MultilineOption);
        int checked = 0;
        for (auto it = optionLine.globalMatch(QString::fromUtf8(run.out)); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            for (const QString &name : {m.captured(1), m.captured(2)}) {
                if (name.isEmpty() || name == QLatin1String("-h") || name == QLatin1String("--help"))
                    continue;
                // In backticks, alone or with its value: `--root PATH`, `--json`, `--bins N`.
                const QRegularExpression documented(QLatin1Char('`') + QRegularExpression::escape(name) +
                                                    QStringLiteral("[ =`]"));
                QVERIFY2(text.contains(documented),
                         qPrintable(QStringLiteral("docs/cli.md's %1 section lacks %2").arg(command, name)));
                ++checked;
            }
        }
        QVERIFY2(checked > 0, run.out.constData());
    }

    void exitCodesDocumented()
    {
        for (int code = 0; code <= 4; ++code)
            QVERIFY2(m_docs.contains(QStringLiteral("\n| %1 | ").arg(code)),
                     qPrintable(QString::number(code)));
        QVERIFY(m_docs.contains(QLatin1String("COMMAND --help")));
    }
};

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_cli_docs.moc"
