#pragma once
// The File ▸ Open Recent list, kept in QSettings: most recent first, at most ten, missing files pruned.

#include <QStringList>

namespace sl {

class RecentFiles
{
public:
    static constexpr int kMaxEntries = 10;
    static QStringList load();
    static void add(const QString &path);
    static void clear();
};

} // namespace sl
