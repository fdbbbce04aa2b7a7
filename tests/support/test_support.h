// What every suite shares: running the Python oracle (/usr/bin/python3 with torch) on a script under
// tests/, driving statelens-cli as a child process, and finding, dumping and opening model rows.
#pragma once

#include "document/checkpoint.h"
#include "qt/model_roles.h"

#include <QAbstractItemModel>
#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#ifdef QT_WIDGETS_LIB
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#endif

#include <algorithm>
#include <functional>
#include <memory>
#include <string>

namespace sl_test {

// ---- Child processes ----------------------------------------------------------------------------

struct ProcessRun
{
    QString program;
    bool started = false;
    bool finished = false; // false: killed after the timeout
    bool crashed = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    bool ok() const { return started && finished && !crashed && exitCode == 0; }

    QString describe() const
    {
        return QStringLiteral("started=%1 finished=%2 crashed=%3 exit=%4 stderr=[%5]")
            .arg(int(started))
            .arg(int(finished))
            .arg(int(crashed))
            .arg(exitCode)
            .arg(QString::fromUtf8(err.left(4000)));
    }
};

// The CLI's runs and the oracle's runs are the same thing: a child with a timeout that never hangs
// the suite (a child past its time is killed and reported as unfinished).
inline ProcessRun runProcess(const QString &program, const QStringList &args, const QString &workDir,
                             int timeoutMs)
{
    ProcessRun run;
    run.program = program;
    QProcess p;
    if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
    p.start(program, args);
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

// ---- The Python oracle ----------------------------------------------------------------------------

// Importing torch from a cold disk cache can take long; a fixture script that runs past this is hung.
constexpr int kPythonTimeoutMs = 180000;

inline QString testsDir()
{
    return QString::fromUtf8(STATELENS_SOURCE_DIR) + QStringLiteral("/tests/");
}

struct PythonRun : ProcessRun
{
    QString script;

    // Why the run failed, for QVERIFY2(run.ok(), qPrintable(run.why())): the script's stderr, and the
    // end of its stdout, where some checkers print their verdict.
    QString why() const
    {
        return QStringLiteral("python3 %1 failed: ").arg(script) + describe() + QStringLiteral(" stdout=[") +
               QString::fromUtf8(out.right(2000)) + QLatin1Char(']');
    }
};

// The one way a suite runs Python: `script` is a path below tests/ (say "fixtures/make_fixtures.py"),
// run by Debian's /usr/bin/python3, the interpreter with torch. The oracle is required, so a suite
// checks ok() and fails with why(); it never skips for want of Python.
inline PythonRun runPython(const QString &script, const QStringList &args = {},
                           int timeoutMs = kPythonTimeoutMs, const QString &workDir = {})
{
    PythonRun run;
    static_cast<ProcessRun &>(run) = runProcess(QString::fromUtf8(STATELENS_PYTHON),
                                                QStringList{testsDir() + script} + args, workDir, timeoutMs);
    run.script = script;
    return run;
}

// Runs the fixture generator `script` (a path below tests/) with the folder `dir` as its one argument,
// after checking the folder: empty when the fixtures are written, else why not, for QVERIFY2.
inline QString writeFixtures(const QString &script, const QString &dir)
{
    if (dir.isEmpty()) return QStringLiteral("no fixture folder (QTemporaryDir failed)");
    const PythonRun run = runPython(script, {dir});
    return run.ok() ? QString() : run.why();
}

// ---- statelens-cli --------------------------------------------------------------------------------

using CliRun = ProcessRun;

inline QString cliPath()
{
    return QString::fromUtf8(STATELENS_CLI);
}

// workDir matters for the payload fixtures: a payload that ran would drop MARKER there.
inline CliRun runCli(const QStringList &args, const QString &workDir, int timeoutMs = 10000)
{
    return runProcess(cliPath(), args, workDir, timeoutMs);
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

// ---- Documents and item models --------------------------------------------------------------------

inline std::unique_ptr<sl::Checkpoint> openFixture(const QString &path, QString *error)
{
    std::string why;
    auto checkpoint = sl::Checkpoint::open(path, &why);
    if (!checkpoint) *error = path + QStringLiteral(": ") + QString::fromStdString(why);
    return checkpoint;
}

// Depth-first search for the row whose KeyRole is `key` (a full key or a module prefix).
inline QModelIndex findKey(const QAbstractItemModel *model, const QString &key,
                           const QModelIndex &parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (i.data(sl::KeyRole).toString() == key) return i;
        const QModelIndex found = findKey(model, key, i);
        if (found.isValid()) return found;
    }
    return {};
}

// One line per row, "  " per level, the given columns' display text joined by " | ".
inline void dumpRows(const QAbstractItemModel &model, const QList<int> &columns, const QModelIndex &parent,
                     int depth, QString &out)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column : columns)
            cells << model.index(row, column, parent).data().toString();
        out += QString(depth * 2, QLatin1Char(' ')) + cells.join(QLatin1String(" | ")) + QLatin1Char('\n');
        dumpRows(model, columns, model.index(row, 0, parent), depth + 1, out);
    }
}

// A printed tree, so an expected tree reads like the tree a user would see.
inline QString dumpModel(const QAbstractItemModel &model, const QList<int> &columns,
                         const QModelIndex &parent = QModelIndex())
{
    QString out;
    dumpRows(model, columns, parent, 0, out);
    return out;
}

// Compares dumps line by line, so a failure names the first differing line rather than two blobs.
inline QString firstDifference(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split(QLatin1Char('\n'));
    const QStringList e = expected.split(QLatin1Char('\n'));
    for (int i = 0; i < std::max(a.size(), e.size()); ++i) {
        const QString al = i < a.size() ? a.at(i) : QStringLiteral("<end>");
        const QString el = i < e.size() ? e.at(i) : QStringLiteral("<end>");
        if (al != el)
            return QStringLiteral("line %1:\n  actual:   %2\n  expected: %3\nwhole dump:\n%4")
                .arg(i + 1)
                .arg(al, el, actual);
    }
    return {};
}

// ---- Modal dialogs (widget suites only) ----------------------------------------------------------

#ifdef QT_WIDGETS_LIB
// Calls `act` on the next modal dialog of type T once it is shown (from inside its exec()); gives up
// after `timeoutMs`. Modal dialogs block the test, so this is how a test answers them, as a user would.
template <typename T> void whenModal(std::function<void(T *)> act, int timeoutMs = 10000)
{
    auto *timer = new QTimer(qApp);
    timer->setObjectName(QStringLiteral("whenModal"));
    // Owned by the connection, so a watcher deleted before it fires frees it too.
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    QObject::connect(timer, &QTimer::timeout, [timer, waited, act, timeoutMs] {
        T *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog && waited->elapsed() < timeoutMs) return;
        timer->stop();
        timer->deleteLater();
        if (dialog) act(dialog);
    });
    timer->start(20);
}

// Stops the watchers that no dialog answered, so none outlives the test that set it up.
inline void cancelModalWatchers()
{
    for (QTimer *t : qApp->findChildren<QTimer *>(QStringLiteral("whenModal"), Qt::FindDirectChildrenOnly))
        delete t;
}
#endif

} // namespace sl_test
