// Compares scan's per-tensor JSON with torch's figures from tests/fixtures/scan_fixtures.py
// (expected.json): counts and the range exactly, the moments and the norm to a few ulps of the
// values' scale, and nulls where torch has none. Shared by the engine and the CLI suites.
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace sl_test {

inline QJsonArray readScanOracle(const QString &dir)
{
    QFile f(dir + QStringLiteral("/expected.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).array();
}

// Empty when `actual` (scan's "tensors") matches `expected`; otherwise what differs first.
inline QString compareScanTensors(const QJsonArray &actual, const QJsonArray &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("%1 tensors, torch has %2").arg(actual.size()).arg(expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonObject a = actual[i].toObject(), e = expected[i].toObject();
        const QString key = e.value(QLatin1String("key")).toString();
        if (a.value(QLatin1String("key")).toString() != key)
            return QStringLiteral("tensor %1 is %2, torch has %3")
                .arg(i)
                .arg(a.value(QLatin1String("key")).toString(), key);
        for (const char *count : {"numel", "zeros", "nan", "inf"})
            if (a.value(QLatin1String(count)).toInteger(-1) != e.value(QLatin1String(count)).toInteger(-2))
                return QStringLiteral("%1 %2: %3, torch %4")
                    .arg(key, QLatin1String(count))
                    .arg(a.value(QLatin1String(count)).toInteger(-1))
                    .arg(e.value(QLatin1String(count)).toInteger(-2));
        const double scale = std::abs(e.value(QLatin1String("abs_max")).toDouble());
        for (const char *figure : {"min", "max", "abs_max", "mean", "std", "l2"}) {
            const QJsonValue av = a.value(QLatin1String(figure)), ev = e.value(QLatin1String(figure));
            if (ev.isNull() || av.isNull()) {
                if (ev.isNull() != av.isNull() || av.isUndefined())
                    return QStringLiteral("%1 %2: %3, torch %4")
                        .arg(key, QLatin1String(figure),
                             av.isNull() ? QStringLiteral("null") : QString::number(av.toDouble()),
                             ev.isNull() ? QStringLiteral("null") : QString::number(ev.toDouble()));
                continue;
            }
            const double x = av.toDouble(), y = ev.toDouble();
            const bool exact = std::string_view(figure) == "min" || std::string_view(figure) == "max" ||
                               std::string_view(figure) == "abs_max";
            const double tolerance =
                exact ? 0 : 1e-12 * std::max(std::abs(y), std::string_view(figure) == "l2" ? 0.0 : scale);
            if (!(std::abs(x - y) <= tolerance))
                return QStringLiteral("%1 %2: %3, torch %4")
                    .arg(key, QLatin1String(figure))
                    .arg(x, 0, 'g', 17)
                    .arg(y, 0, 'g', 17);
        }
    }
    return QString();
}

} // namespace sl_test
