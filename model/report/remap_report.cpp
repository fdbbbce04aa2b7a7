#include "report/remap_report.h"

#include "report/inspect_report.h"

#include <QJsonArray>

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

RemapCounts countRemap(const TransformPlan &plan)
{
    RemapCounts c;
    for (size_t i = 0; i < plan.mapping.size(); ++i) {
        const MappedKey &m = plan.mapping[i];
        if (i < plan.transformed.size() && plan.transformed[i])
            ++c.transformed;
        else if (m.dropped)
            ++c.dropped;
        else
            c.renamed += m.from != m.to;
    }
    for (const PlannedTensor &t : plan.tensors)
        t.isDerived() ? ++c.derived : ++c.kept;
    return c;
}

QString remapSummaryText(const TransformPlan &plan, const QString &outputPath, const QString &formatName,
                         int64_t outputBytes)
{
    const RemapCounts c = countRemap(plan);
    if (c.derived == 0 && c.transformed == 0)
        return remapSummaryText(plan.mapping, outputPath, formatName, outputBytes);
    QString out = QStringLiteral("%1 renamed, %2 dropped, %3 kept, %4 transformed into %5 derived; wrote %6 "
                                 "(%7, %8)\n")
                      .arg(c.renamed)
                      .arg(c.dropped)
                      .arg(c.kept)
                      .arg(c.transformed)
                      .arg(c.derived)
                      .arg(outputPath, formatName, summarySize(outputBytes));
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        const PlannedTensor &t = plan.tensors[j];
        if (!t.isDerived()) continue;
        QStringList from;
        for (int input : t.sources)
            from << plan.inputs.at(size_t(input)).key;
        out += QStringLiteral("derived %1: %2 %3 from %4: %5\n")
                   .arg(t.key, QLatin1String(dtypeName(plan.dtype(j))), shapeText(plan.shape(j)),
                        from.join(QStringLiteral(", ")), t.steps.join(QStringLiteral("; ")));
    }
    return out;
}

QJsonObject remapJson(const TransformPlan &plan, const QString &outputPath, const QString &formatName,
                      int64_t outputBytes, const std::vector<std::string> &notes)
{
    const RemapCounts c = countRemap(plan);
    QJsonArray derived;
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        const PlannedTensor &t = plan.tensors[j];
        if (!t.isDerived()) continue;
        QJsonArray shape, from;
        for (int64_t d : plan.shape(j))
            shape.append(qint64(d));
        for (int input : t.sources)
            from.append(plan.inputs.at(size_t(input)).key);
        derived.append(QJsonObject{{QStringLiteral("key"), t.key},
                                   {QStringLiteral("index"), qint64(j)},
                                   {QStringLiteral("dtype"), QLatin1String(dtypeName(plan.dtype(j)))},
                                   {QStringLiteral("shape"), shape},
                                   {QStringLiteral("from"), from},
                                   {QStringLiteral("steps"), QJsonArray::fromStringList(t.steps)}});
    }
    QJsonArray noteArray;
    for (const std::string &n : notes)
        noteArray.append(QString::fromStdString(n));
    return QJsonObject{{QStringLiteral("output"), outputPath},
                       {QStringLiteral("format"), formatName},
                       {QStringLiteral("bytes"), qint64(outputBytes)},
                       {QStringLiteral("renamed"), qint64(c.renamed)},
                       {QStringLiteral("dropped"), qint64(c.dropped)},
                       {QStringLiteral("kept"), qint64(c.kept)},
                       {QStringLiteral("transformed"), qint64(c.transformed)},
                       {QStringLiteral("derived"), derived},
                       {QStringLiteral("notes"), noteArray}};
}

QString remapNotesText(const std::vector<std::string> &notes)
{
    QString out;
    for (const std::string &note : notes)
        out += QStringLiteral("Note: %1\n").arg(QString::fromStdString(note));
    return out;
}

} // namespace sl
