#pragma once
// Shared by the widget tests: finding a row by key in a view's model, and writing fixtures with
// /usr/bin/python3 (torch) from a script that lives in a file, as torch.jit.script requires.

#include "qt/model_roles.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <functional>

namespace sl_test {

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

// Runs `script` with the output folder as its argument; returns an empty string or the error.
inline QString writeFixtures(const char *script, const QString &outDir)
{
    const QString path = QDir(outDir).filePath(QStringLiteral("make_fixtures.py"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(script) < 0)
        return QStringLiteral("cannot write %1").arg(path);
    f.close();
    QProcess py;
    py.start(QStringLiteral(STATELENS_PYTHON), {path, outDir});
    if (!py.waitForFinished(120000) || py.exitCode() != 0)
        return QString::fromUtf8(py.readAllStandardError());
    return {};
}

// Runs tests/fixtures/SCRIPT with /usr/bin/python3 (torch) and the output folder as its argument;
// returns an empty string or the error.
inline QString runFixtureScript(const QString &script, const QString &outDir)
{
    QProcess py;
    py.start(QStringLiteral(STATELENS_PYTHON),
             {QStringLiteral(STATELENS_SOURCE_DIR "/tests/fixtures/") + script, outDir});
    // Importing torch from a cold disk cache can take long.
    if (!py.waitForFinished(180000) || py.exitStatus() != QProcess::NormalExit || py.exitCode() != 0)
        return script + QStringLiteral(" failed: ") + QString::fromUtf8(py.readAllStandardError());
    return {};
}

// Calls `act` on the next modal dialog of type T once it is shown (from inside its exec()); gives up
// after `timeoutMs`. Modal dialogs block the test, so this is how a test answers them, as a user would.
template <typename T> void whenModal(std::function<void(T *)> act, int timeoutMs = 10000)
{
    auto *timer = new QTimer(qApp);
    timer->setObjectName(QStringLiteral("whenModal"));
    auto *waited = new QElapsedTimer;
    waited->start();
    QObject::connect(timer, &QTimer::timeout, [timer, waited, act, timeoutMs] {
        T *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog && waited->elapsed() < timeoutMs) return;
        timer->stop();
        timer->deleteLater();
        delete waited;
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

} // namespace sl_test
