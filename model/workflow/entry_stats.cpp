#include "workflow/entry_stats.h"

#include "document/checkpoint.h"

#include <algorithm>
#include <exception>

namespace sl {

int findStateEntry(const Checkpoint &checkpoint, const QString &key)
{
    const std::string wanted = key.toStdString();
    const auto &entries = checkpoint.entries();
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const StateEntry &e) { return e.key == wanted; });
    return it == entries.end() ? -1 : int(it - entries.begin());
}

bool computeEntryStats(const Checkpoint &checkpoint, int entry, int bins, TensorStats &out, QString *error)
{
    try {
        computeTensorStats(checkpoint.file(), checkpoint.entries()[size_t(entry)].tensor, bins, out);
    } catch (const std::exception &e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

} // namespace sl
