#include "report/remap_report.h"

#include <algorithm>

namespace sl {

namespace {

// Not byteSizeText(): the summary line predates it, and scripts read "N bytes" and one decimal.
QString summarySize(int64_t bytes)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 bytes").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

} // namespace

RemapCounts countRemap(const std::vector<MappedKey> &mapping)
{
    RemapCounts c;
    c.renamed = std::count_if(mapping.begin(), mapping.end(),
                              [](const MappedKey &m) { return !m.dropped && m.from != m.to; });
    c.dropped = std::count_if(mapping.begin(), mapping.end(), [](const MappedKey &m) { return m.dropped; });
    c.kept = int64_t(mapping.size()) - c.dropped;
    return c;
}

QString remapSummaryText(const std::vector<MappedKey> &mapping, const QString &outputPath,
                         const QString &formatName, int64_t outputBytes)
{
    const RemapCounts c = countRemap(mapping);
    return QStringLiteral("%1 renamed, %2 dropped, %3 kept; wrote %4 (%5, %6)\n")
        .arg(c.renamed)
        .arg(c.dropped)
        .arg(c.kept)
        .arg(outputPath, formatName, summarySize(outputBytes));
}

} // namespace sl
