#include "report/scan_report.h"

#include "document/checkpoint.h"
#include "report/inspect_report.h"
#include "transform/transform_plan.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sl {
namespace {

// JSON has no NaN: an undefined figure is null.
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

// The scanned entries' names, dtypes and shapes: the checkpoint's own, or a recipe plan's.
class Rows
{
public:
    Rows(const Checkpoint &c, const TransformPlan *plan) : m_c(c), m_plan(plan) {}
    QString key(size_t i) const
    {
        return m_plan ? m_plan->tensors[i].key : QString::fromStdString(m_c.entries()[i].key);
    }
    DType dtype(size_t i) const
    {
        return m_plan ? m_plan->dtype(i) : m_c.tensor(m_c.entries()[i].tensor).dtype;
    }
    const std::vector<int64_t> &shape(size_t i) const
    {
        return m_plan ? m_plan->shape(i) : m_c.tensor(m_c.entries()[i].tensor).shape;
    }

private:
    const Checkpoint &m_c;
    const TransformPlan *m_plan;
};

QString keyOf(const Rows &c, size_t entry)
{
    return c.key(entry);
}

QJsonObject tensorJson(const Rows &c, size_t entry, const ScanFigures &f)
{
    QJsonArray shape;
    for (int64_t d : c.shape(entry))
        shape.append(qint64(d));
    QJsonObject o{
        {QStringLiteral("key"), keyOf(c, entry)},
        {QStringLiteral("dtype"), QLatin1String(dtypeName(c.dtype(entry)))},
        {QStringLiteral("shape"), shape},
        {QStringLiteral("numel"), qint64(f.numel)},
        {QStringLiteral("min"), number(f.min)},
        {QStringLiteral("max"), number(f.max)},
        {QStringLiteral("mean"), number(f.mean)},
        {QStringLiteral("std"), number(f.std)},
        {QStringLiteral("zeros"), qint64(f.zeros)},
        {QStringLiteral("nan"), qint64(f.nan)},
        {QStringLiteral("inf"), qint64(f.inf)},
        {QStringLiteral("abs_max"), number(f.absMax)},
        {QStringLiteral("l2"), number(f.l2)},
    };
    if (!f.error.empty()) o.insert(QStringLiteral("error"), QString::fromStdString(f.error));
    return o;
}

// The shortest text that reads back as the same double; empty for an undefined figure.
QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 17) : QString();
}

QString csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString quoted = s;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString line(const Rows &c, size_t entry, const QString &detail)
{
    return QStringLiteral("  %1  %2 %3  %4\n")
        .arg(keyOf(c, entry), shapeText(c.shape(entry)), QLatin1String(dtypeName(c.dtype(entry))), detail);
}

QString g(double v)
{
    return QString::number(v, 'g', 7);
}

} // namespace

QJsonObject scanJson(const Checkpoint &c, const std::vector<ScanFigures> &figures, const TransformPlan *plan)
{
    const Rows rows(c, plan);
    QJsonArray tensors, nonfinite, root;
    for (size_t i = 0; i < figures.size(); ++i) {
        tensors.append(tensorJson(rows, i, figures[i]));
        if (figures[i].nonfinite()) nonfinite.append(keyOf(rows, i));
    }
    for (const std::string &part : c.root())
        root.append(QString::fromStdString(part));
    return QJsonObject{
        {QStringLiteral("file"), QFileInfo(c.path()).fileName()},
        {QStringLiteral("format"), QLatin1String(formatName(c.format()))},
        {QStringLiteral("root"), root},
        {QStringLiteral("tensors"), tensors},
        {QStringLiteral("nonfinite"), nonfinite},
    };
}

QByteArray scanCsv(const Checkpoint &checkpoint, const std::vector<ScanFigures> &figures,
                   const TransformPlan *plan)
{
    const Rows c(checkpoint, plan);
    QString out = QStringLiteral("key,dtype,shape,numel,min,max,mean,std,zeros,nan,inf,abs_max,l2,error\n");
    for (size_t i = 0; i < figures.size(); ++i) {
        const ScanFigures &f = figures[i];
        const QStringList fields{csvField(keyOf(c, i)),
                                 QLatin1String(dtypeName(c.dtype(i))),
                                 csvField(shapeText(c.shape(i))),
                                 QString::number(f.numel),
                                 csvNumber(f.min),
                                 csvNumber(f.max),
                                 csvNumber(f.mean),
                                 csvNumber(f.std),
                                 QString::number(f.zeros),
                                 QString::number(f.nan),
                                 QString::number(f.inf),
                                 csvNumber(f.absMax),
                                 csvNumber(f.l2),
                                 csvField(QString::fromStdString(f.error))};
        out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QString scanText(const Checkpoint &checkpoint, const std::vector<ScanFigures> &figures,
                 const TransformPlan *plan)
{
    const Rows c(checkpoint, plan);
    QString bad, zero, constant, unread;
    int badCount = 0;
    for (size_t i = 0; i < figures.size(); ++i) {
        const ScanFigures &f = figures[i];
        if (f.nonfinite()) {
            ++badCount;
            bad +=
                line(c, i, QCoreApplication::translate("ScanReport", "nan %1  inf %2").arg(f.nan).arg(f.inf));
        } else if (f.allZero()) {
            zero += line(c, i, QCoreApplication::translate("ScanReport", "all zero"));
        } else if (f.constant()) {
            constant += line(c, i, QCoreApplication::translate("ScanReport", "constant %1").arg(g(f.min)));
        }
        if (!f.error.empty()) unread += line(c, i, QString::fromStdString(f.error));
    }
    QString out = QCoreApplication::translate("ScanReport", "%1: %2 tensors scanned, %3 with NaN or Inf\n")
                      .arg(QFileInfo(checkpoint.path()).fileName())
                      .arg(figures.size())
                      .arg(badCount);
    if (!bad.isEmpty()) out += QCoreApplication::translate("ScanReport", "\nNaN or Inf:\n") + bad;
    if (!zero.isEmpty()) out += QCoreApplication::translate("ScanReport", "\nAll zero:\n") + zero;
    if (!constant.isEmpty()) out += QCoreApplication::translate("ScanReport", "\nConstant:\n") + constant;
    if (!unread.isEmpty()) out += QCoreApplication::translate("ScanReport", "\nNot scanned:\n") + unread;

    std::vector<size_t> order(figures.size());
    std::iota(order.begin(), order.end(), size_t(0));
    order.erase(std::remove_if(order.begin(), order.end(),
                               [&](size_t i) { return !std::isfinite(figures[i].absMax); }),
                order.end());
    // Stable, so that equal magnitudes stay in file order.
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return figures[a].absMax > figures[b].absMax; });
    if (order.size() > size_t(kScanLargestShown)) order.resize(size_t(kScanLargestShown));
    if (!order.empty()) {
        out += QCoreApplication::translate("ScanReport", "\nLargest abs_max:\n");
        for (size_t i : order)
            out += line(c, i,
                        QCoreApplication::translate("ScanReport", "abs_max %1  l2 %2")
                            .arg(g(figures[i].absMax), g(figures[i].l2)));
    }
    return out;
}

} // namespace sl
