// Helpers shared by the item-model tests: fixtures written at test time by torch (the oracle), and a
// printed dump of a model's rows, so an expected tree reads like the tree a user would see.
#pragma once

#include "document/checkpoint.h"

#include <QAbstractItemModel>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace statelens_test {

// Runs tests/fixtures/make_model_fixtures.py with Debian's /usr/bin/python3 (it has torch; README,
// Development).
inline QString makeModelFixtures(const QString &dir, const QStringList &names)
{
#ifdef STATELENS_PYTHON
    const QString python = QString::fromUtf8(STATELENS_PYTHON);
#else
    const QString python = QStringLiteral("/usr/bin/python3");
#endif
    const QString script =
        QString::fromUtf8(STATELENS_SOURCE_DIR) + QStringLiteral("/tests/fixtures/make_model_fixtures.py");
    QProcess process;
    process.start(python, QStringList{script, dir} + names);
    if (!process.waitForStarted(10000)) return QStringLiteral("cannot start ") + python;
    // Importing torch from a cold disk cache can take long.
    const bool finished = process.waitForFinished(180000);
    if (!finished) {
        process.kill();
        process.waitForFinished();
    }
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("make_model_fixtures.py failed:\n") +
               QString::fromUtf8(process.readAllStandardError());
    return {};
}

inline std::unique_ptr<sl::Checkpoint> openFixture(const QString &path, QString *error)
{
    std::string why;
    auto checkpoint = sl::Checkpoint::open(path, &why);
    if (!checkpoint) *error = path + QStringLiteral(": ") + QString::fromStdString(why);
    return checkpoint;
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

} // namespace statelens_test
