#include "recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace sl {
namespace {
const QString kKey = QStringLiteral("recentFiles");
}

QStringList RecentFiles::load()
{
    QStringList files;
    for (const QString &f : QSettings().value(kKey).toStringList())
        if (QFileInfo::exists(f)) files << f;
    return files;
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = QSettings().value(kKey).toStringList();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxEntries)
        files.removeLast();
    QSettings().setValue(kKey, files);
}

void RecentFiles::clear()
{
    QSettings().remove(kKey);
}

} // namespace sl
