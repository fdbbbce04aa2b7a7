#include "qt/scan_columns.h"

#include "qt/model_roles.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace sl {

void ScanColumns::append(std::vector<ScanFigures> figures)
{
    m_figures.insert(m_figures.end(), std::make_move_iterator(figures.begin()),
                     std::make_move_iterator(figures.end()));
}

QVariant ScanColumns::cell(int entry, int column, int role) const
{
    if (entry < 0 || size_t(entry) >= m_figures.size()) return {};
    const ScanFigures &f = m_figures[size_t(entry)];
    double v = 0;
    // Text in the chosen locale for display (1.234 and 1,5 in German), numbers for sorting.
    const QLocale locale;
    auto count = [&](int64_t n) -> QVariant {
        return role == SortRole ? QVariant(qlonglong(n)) : QVariant(locale.toString(qlonglong(n)));
    };
    switch (column) {
    case NaN:
        return count(f.nan);
    case Inf:
        return count(f.inf);
    case Zeros:
        return count(f.zeros);
    case Min:
        v = f.min;
        break;
    case Max:
        v = f.max;
        break;
    case Mean:
        v = f.mean;
        break;
    case Std:
        v = f.std;
        break;
    default:
        return {};
    }
    if (role == SortRole) return std::isfinite(v) ? v : -std::numeric_limits<double>::infinity();
    return std::isfinite(v) ? locale.toString(v, 'g', 6) : QString();
}

QString ScanColumns::header(int column)
{
    switch (column) {
    case Min:
        return tr("Min");
    case Max:
        return tr("Max");
    case Mean:
        return tr("Mean");
    case Std:
        return tr("Std");
    case NaN:
        return tr("NaN");
    case Inf:
        return tr("Inf");
    case Zeros:
        return tr("Zeros");
    default:
        return {};
    }
}

} // namespace sl
