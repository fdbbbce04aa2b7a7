#include "report/stats_report.h"

#include "document/checkpoint.h"
#include "report/inspect_report.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace sl {
namespace {

// JSON has no NaN: a statistic over no finite values is null.
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject statsJson(const Checkpoint &c, int entryIndex, const TensorStats &s)
{
    const StateEntry &e = c.entries().at(size_t(entryIndex));
    const TensorRef &t = c.tensor(e.tensor);
    QJsonArray edges, counts, shape;
    for (double x : s.edges)
        edges.append(x);
    for (int64_t n : s.counts)
        counts.append(qint64(n));
    for (int64_t d : t.shape)
        shape.append(qint64(d));
    return QJsonObject{
        {QStringLiteral("key"), QString::fromStdString(e.key)},
        {QStringLiteral("dtype"), QLatin1String(dtypeName(t.dtype))},
        {QStringLiteral("shape"), shape},
        {QStringLiteral("numel"), qint64(s.numel)},
        {QStringLiteral("min"), number(s.min)},
        {QStringLiteral("max"), number(s.max)},
        {QStringLiteral("mean"), number(s.mean)},
        {QStringLiteral("std"), number(s.std)},
        {QStringLiteral("nan"), qint64(s.nan)},
        {QStringLiteral("inf"), qint64(s.inf)},
        {QStringLiteral("zeros"), qint64(s.zeros)},
        {QStringLiteral("histogram"),
         QJsonObject{{QStringLiteral("edges"), edges}, {QStringLiteral("counts"), counts}}},
    };
}

QString statsText(const Checkpoint &c, int entryIndex, const TensorStats &s)
{
    const StateEntry &e = c.entries().at(size_t(entryIndex));
    const TensorRef &t = c.tensor(e.tensor);
    QString out =
        QCoreApplication::translate("StatsReport", "%1  %2 %3\n")
            .arg(QString::fromStdString(e.key), shapeText(t.shape), QLatin1String(dtypeName(t.dtype)));
    out += QCoreApplication::translate("StatsReport", "numel %1   min %2   max %3   mean %4   std %5\n")
               .arg(s.numel)
               .arg(s.min, 0, 'g', 7)
               .arg(s.max, 0, 'g', 7)
               .arg(s.mean, 0, 'g', 7)
               .arg(s.std, 0, 'g', 7);
    out += QCoreApplication::translate("StatsReport", "zeros %1   nan %2   inf %3\n")
               .arg(s.zeros)
               .arg(s.nan)
               .arg(s.inf);
    int64_t peak = 1;
    for (int64_t n : s.counts)
        peak = std::max(peak, n);
    for (size_t i = 0; i < s.counts.size(); ++i) {
        const int bar = int(40 * s.counts[i] / peak);
        out += QStringLiteral("%1 .. %2 %3 %4\n")
                   .arg(s.edges[i], 12, 'g', 5)
                   .arg(s.edges[i + 1], -12, 'g', 5)
                   .arg(QString(bar, QLatin1Char('#')), -40)
                   .arg(s.counts[i]);
    }
    return out;
}

} // namespace sl
