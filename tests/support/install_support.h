// Helpers for tests/install: the fixtures, and running an installed program with the source and build
// folders hidden (an empty tmpfs over each, in a mount namespace of its own), so that a passing test
// proves the installed copy reads nothing from them.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <unistd.h>

namespace statelens_test {

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    bool ok() const { return finished && exitCode == 0; }
    QString describe() const
    {
        return QStringLiteral("finished=%1 exit=%2 stdout=[%3] stderr=[%4]")
            .arg(int(finished))
            .arg(exitCode)
            .arg(QString::fromUtf8(out.left(1500)), QString::fromUtf8(err.left(1500)));
    }
};

// What a user's shell would give the installed programs: no plugin path from the build, English text,
// no display, and no desktop session, so xdg-mime asks shared-mime-info.
inline QProcessEnvironment installedEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"STATELENS_TORCH_PLUGIN", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION",
                             "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID", "LD_LIBRARY_PATH"})
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    return env;
}

inline Run runProcess(const QString &program, const QStringList &args,
                      const QProcessEnvironment &env = installedEnvironment(), int timeoutMs = 120000,
                      const QString &workDir = QString())
{
    Run run;
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        run.err = "cannot start " + program.toUtf8();
        return run;
    }
    run.finished = p.waitForFinished(timeoutMs);
    if (!run.finished) {
        p.kill();
        p.waitForFinished(2000);
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

// Runs program with the source and build folders hidden behind empty tmpfs mounts. The build folder
// is hidden first, as it may lie inside the source folder.
inline Run runHidden(const QString &program, const QStringList &args, int timeoutMs = 120000,
                     const QString &workDir = QString())
{
    QStringList wrapped = {QStringLiteral("--mount")};
    if (geteuid() != 0) wrapped.prepend(QStringLiteral("--map-root-user"));
    wrapped << QStringLiteral("sh") << QStringLiteral("-c")
            << QStringLiteral("mount -t tmpfs tmpfs \"$1\" && mount -t tmpfs tmpfs \"$2\" && shift 2 && "
                              "exec \"$@\"")
            << QStringLiteral("sh") << QStringLiteral(STATELENS_BUILD_DIR)
            << QStringLiteral(STATELENS_SOURCE_DIR) << program << args;
    return runProcess(QStringLiteral("unshare"), wrapped, installedEnvironment(), timeoutMs, workDir);
}

// Why the folders cannot be hidden here (no unshare, or no right to a mount namespace), or "".
inline QString cannotHide()
{
    if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty())
        return QStringLiteral("unshare (util-linux) is not installed");
    const Run probe = runHidden(
        QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("test -e \"$1\" || echo hidden"),
                               QStringLiteral("sh"), QStringLiteral(STATELENS_BUILD_DIR "/CMakeCache.txt")});
    if (!probe.ok()) return QStringLiteral("no private mount namespace: ") + probe.describe();
    if (probe.out.trimmed() != "hidden") return QStringLiteral("the build folder still shows through");
    return QString();
}

// tests/fixtures/install_fixtures.py: model.pth, legacy.pth, arch.pt (TorchScript), expected.json.
inline bool writeFixtures(const QString &dir, QString *error)
{
    const Run run =
        runProcess(QStringLiteral(STATELENS_PYTHON),
                   {QStringLiteral(STATELENS_SOURCE_DIR "/tests/fixtures/install_fixtures.py"), dir},
                   QProcessEnvironment::systemEnvironment());
    if (!run.ok()) *error = run.describe();
    return run.ok();
}

// Every regular file below root, as paths relative to it.
inline QStringList filesBelow(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(root).relativeFilePath(it.next());
    files.sort();
    return files;
}

// The first file below root that holds the build folder's path (a path compiled in), or "".
inline QString fileNamingBuildFolder(const QString &root)
{
    const QByteArray needle = QByteArrayLiteral(STATELENS_BUILD_DIR);
    for (const QString &relative : filesBelow(root)) {
        QFile f(root + QLatin1Char('/') + relative);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) return relative;
    }
    return QString();
}

} // namespace statelens_test
