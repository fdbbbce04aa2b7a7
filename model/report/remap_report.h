#pragma once
// What `statelens-cli remap` prints after a write: how many keys were renamed, dropped and kept,
// and where the result went.

#include "keymap/key_map.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace sl {

struct RemapCounts
{
    int64_t renamed = 0, dropped = 0, kept = 0; // kept counts the renamed keys too
};

RemapCounts countRemap(const std::vector<MappedKey> &mapping);
// "3 renamed, 1 dropped, 5 kept; wrote out.pth (pth, 1.2 KiB)" and a newline.
QString remapSummaryText(const std::vector<MappedKey> &mapping, const QString &outputPath,
                         const QString &formatName, int64_t outputBytes);

} // namespace sl
