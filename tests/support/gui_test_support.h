#pragma once
// Shared by the widget tests: finding a row by key in a view's model, and writing fixtures with
// /usr/bin/python3 (torch) from a script that lives in a file, as torch.jit.script requires.

#include "qt/model_roles.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

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

} // namespace sl_test
