// Helpers shared by the tests that drive statelens-cli as a child process: the CLI is the contract
// scripts see (docs/cli.md), so these tests check its output, not the engine's C++ API.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace statelens_test {

struct CliRun
{
    bool started = false;
    bool finished = false; // false: killed after the timeout
    bool crashed = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString describe() const
    {
        return QStringLiteral("started=%1 finished=%2 crashed=%3 exit=%4 stderr=[%5]")
            .arg(int(started))
            .arg(int(finished))
            .arg(int(crashed))
            .arg(exitCode)
            .arg(QString::fromUtf8(err.left(2000)));
    }
};

inline QString cliPath()
{
    return QString::fromUtf8(STATELENS_CLI);
}

// workDir matters for the payload fixtures: a payload that ran would drop MARKER there.
inline CliRun runCli(const QStringList &args, const QString &workDir, int timeoutMs = 10000)
{
    CliRun run;
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.start(cliPath(), args);
    run.started = p.waitForStarted(timeoutMs);
    if (!run.started) return run;
    run.finished = p.waitForFinished(timeoutMs);
    if (!run.finished) {
        p.kill();
        p.waitForFinished(2000);
    }
    run.crashed = p.exitStatus() != QProcess::NormalExit;
    run.exitCode = p.exitCode();
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

// docs/cli.md: bad input exits 1 with a one-line reason on stderr and no stack trace.
// Returns what is wrong, or an empty string.
inline QString badInputProblem(const CliRun &run)
{
    if (!run.started) return QStringLiteral("statelens-cli did not start: ") + cliPath();
    if (!run.finished) return QStringLiteral("timed out");
    if (run.crashed) return QStringLiteral("crashed: ") + run.describe();
    if (run.exitCode != 1) return QStringLiteral("expected exit code 1: ") + run.describe();
    const QString err = QString::fromUtf8(run.err).trimmed();
    if (err.isEmpty()) return QStringLiteral("stderr is empty");
    if (err.contains(QLatin1Char('\n')))
        return QStringLiteral("stderr has more than one line: [") + err + QLatin1Char(']');
    static const char *const crashWords[] = {"terminate called",   "Aborted", "Stack trace", "frame #",
                                             "Segmentation fault", "what():"};
    for (const char *word : crashWords) {
        if (err.contains(QLatin1String(word)))
            return QStringLiteral("stderr looks like a crash report: ") + err;
    }
    return QString();
}

// Compact JSON text, so QCOMPARE on two values prints both when they differ.
inline QString jsonText(const QJsonValue &v)
{
    if (v.isArray()) return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject()) return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isString()) return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.isNull() ? QStringLiteral("null") : QStringLiteral("<undefined>");
}

} // namespace statelens_test
