#include "qt/scan_columns.h"

#include "qt/model_roles.h"

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
    switch (column) {
    case NaN:
        return qlonglong(f.nan);
    case Inf:
        return qlonglong(f.inf);
    case Zeros:
        return qlonglong(f.zeros);
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
    return std::isfinite(v) ? QString::number(v, 'g', 6) : QString();
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
