#include "report/diff_report.h"

#include "compare/checkpoint_diff.h"
#include "report/inspect_report.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace sl {
namespace {

QJsonValue shapeJson(const std::vector<int64_t> &shape)
{
    QJsonArray a;
    for (int64_t d : shape)
        a.append(qint64(d));
    return a;
}

QJsonValue optionalJson(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject sideJson(const DiffSide &side)
{
    QJsonArray root;
    for (const std::string &part : side.root)
        root.append(QString::fromStdString(part));
    return {{QStringLiteral("file"), side.file},
            {QStringLiteral("format"), QString::fromLatin1(side.format.c_str())},
            {QStringLiteral("root"), root}};
}

QJsonObject entryJson(const DiffEntry &e)
{
    QJsonObject o{{QStringLiteral("key"), QString::fromStdString(e.key)},
                  {QStringLiteral("status"), QLatin1String(diffStatusName(e.status))}};
    const QJsonValue null(QJsonValue::Null);
    o[QStringLiteral("shape_a")] = e.hasA() ? shapeJson(e.shapeA) : null;
    o[QStringLiteral("shape_b")] = e.hasB() ? shapeJson(e.shapeB) : null;
    o[QStringLiteral("dtype_a")] = e.hasA() ? QJsonValue(QLatin1String(dtypeName(e.dtypeA))) : null;
    o[QStringLiteral("dtype_b")] = e.hasB() ? QJsonValue(QLatin1String(dtypeName(e.dtypeB))) : null;
    if (e.status == DiffStatus::Renamed) o[QStringLiteral("key_b")] = QString::fromStdString(e.keyB);
    if (e.compared && !e.pending) {
        o[QStringLiteral("max_abs_diff")] = e.metrics.maxAbsDiff;
        o[QStringLiteral("mean_abs_diff")] = e.metrics.meanAbsDiff;
        o[QStringLiteral("rel_l2")] = optionalJson(e.metrics.relL2);
        o[QStringLiteral("cosine")] = optionalJson(e.metrics.cosine);
        o[QStringLiteral("mismatched_elements")] = qint64(e.metrics.mismatched);
    }
    return o;
}

bool listed(const DiffEntry &e, const DiffReportOptions &options)
{
    return !options.onlyDifferences || e.differs();
}

QString number(double v)
{
    return QString::number(v, 'g', 17);
}

QString optionalNumber(const std::optional<double> &v)
{
    return v ? number(*v) : QString();
}

// RFC 4180: a field with a comma, quote or line break is quoted, with quotes doubled.
QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QJsonObject diffJson(const DiffResult &diff, const DiffReportOptions &options)
{
    QJsonObject summary;
    const auto counts = diffSummary(diff.entries);
    for (int s = 0; s < kDiffStatusCount; ++s)
        summary[QLatin1String(diffStatusName(DiffStatus(s)))] = qint64(counts[size_t(s)]);
    QJsonArray tensors;
    for (const DiffEntry &e : diff.entries)
        if (listed(e, options)) tensors.append(entryJson(e));
    QJsonArray modules;
    for (const ModuleDiff &m : diffModules(diff.entries)) {
        QJsonObject c;
        for (int s = 0; s < kDiffStatusCount; ++s)
            c[QLatin1String(diffStatusName(DiffStatus(s)))] = qint64(m.counts[size_t(s)]);
        modules.append(QJsonObject{{QStringLiteral("module"), QString::fromStdString(m.module)},
                                   {QStringLiteral("rel_l2"), optionalJson(m.relL2)},
                                   {QStringLiteral("counts"), c}});
    }
    return {{QStringLiteral("a"), sideJson(diff.a)},
            {QStringLiteral("b"), sideJson(diff.b)},
            {QStringLiteral("atol"), diff.atol},
            {QStringLiteral("rtol"), diff.rtol},
            {QStringLiteral("equal"), diffEqual(diff.entries)},
            {QStringLiteral("summary"), summary},
            {QStringLiteral("tensors"), tensors},
            {QStringLiteral("modules"), modules}};
}

QByteArray diffCsv(const DiffResult &diff, const DiffReportOptions &options)
{
    QString out =
        QStringLiteral("key,status,key_b,shape_a,shape_b,dtype_a,dtype_b,max_abs_diff,mean_abs_diff,"
                       "rel_l2,cosine,mismatched_elements\n");
    for (const DiffEntry &e : diff.entries) {
        if (!listed(e, options)) continue;
        const bool metrics = e.compared && !e.pending;
        const QStringList row{
            csvField(QString::fromStdString(e.key)),
            QLatin1String(diffStatusName(e.status)),
            csvField(e.status == DiffStatus::Renamed ? QString::fromStdString(e.keyB) : QString()),
            csvField(e.hasA() ? shapeText(e.shapeA) : QString()),
            csvField(e.hasB() ? shapeText(e.shapeB) : QString()),
            e.hasA() ? QLatin1String(dtypeName(e.dtypeA)) : QString(),
            e.hasB() ? QLatin1String(dtypeName(e.dtypeB)) : QString(),
            metrics ? number(e.metrics.maxAbsDiff) : QString(),
            metrics ? number(e.metrics.meanAbsDiff) : QString(),
            metrics ? optionalNumber(e.metrics.relL2) : QString(),
            metrics ? optionalNumber(e.metrics.cosine) : QString(),
            metrics ? QString::number(e.metrics.mismatched) : QString()};
        out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QString diffText(const DiffResult &diff, const DiffReportOptions &options)
{
    QString out;
    const auto counts = diffSummary(diff.entries);
    out += QStringLiteral("A: %1\nB: %2\n").arg(diff.a.file, diff.b.file);
    for (int s = 0; s < kDiffStatusCount; ++s)
        out += QStringLiteral("%1 %2\n")
                   .arg(QLatin1String(diffStatusName(DiffStatus(s))), -14)
                   .arg(counts[size_t(s)]);

    // The most changed first; a pair without rel_l2 (|a| = 0, b not) counts as the most changed of all.
    std::vector<const DiffEntry *> moved;
    for (const DiffEntry &e : diff.entries)
        if (!e.pending && (e.status == DiffStatus::Changed || e.status == DiffStatus::DtypeChanged))
            moved.push_back(&e);
    std::stable_sort(moved.begin(), moved.end(), [](const DiffEntry *x, const DiffEntry *y) {
        const double rx = x->metrics.relL2.value_or(HUGE_VAL), ry = y->metrics.relL2.value_or(HUGE_VAL);
        return rx > ry;
    });
    if (moved.size() > size_t(std::max(0, options.top))) moved.resize(size_t(std::max(0, options.top)));
    if (!moved.empty()) {
        int width = 0;
        for (const DiffEntry *e : moved)
            width = std::max(width, int(e->key.size()));
        out += QStringLiteral("\nmost changed (rel_l2, max_abs_diff, mismatched elements):\n");
        for (const DiffEntry *e : moved)
            out += QStringLiteral("  %1  %2  %3  %4\n")
                       .arg(QString::fromStdString(e->key), -width)
                       .arg(e->metrics.relL2 ? QString::number(*e->metrics.relL2, 'g', 6)
                                             : QStringLiteral("inf"),
                            -11)
                       .arg(QString::number(e->metrics.maxAbsDiff, 'g', 6), -11)
                       .arg(e->metrics.mismatched);
    }
    auto section = [&](DiffStatus status, const QString &title) {
        if (counts[size_t(status)] == 0) return;
        out += QLatin1Char('\n') + title + QLatin1Char('\n');
        for (const DiffEntry &e : diff.entries) {
            if (e.status != status) continue;
            out += QStringLiteral("  ") + QString::fromStdString(e.key);
            if (status == DiffStatus::Renamed) out += QStringLiteral(" -> ") + QString::fromStdString(e.keyB);
            out += QLatin1Char('\n');
        }
    };
    section(DiffStatus::ShapeChanged, QStringLiteral("shape changed:"));
    section(DiffStatus::OnlyA, QStringLiteral("only in A:"));
    section(DiffStatus::OnlyB, QStringLiteral("only in B:"));
    section(DiffStatus::Renamed, QStringLiteral("renamed (A -> B):"));
    out += diffEqual(diff.entries) ? QStringLiteral("\nequal\n") : QStringLiteral("\ndifferent\n");
    return out;
}

} // namespace sl
