#include "qt/compare_model.h"

#include "qt/model_roles.h"
#include "report/inspect_report.h"

#include <QColor>

namespace sl {

CompareModel::CompareModel(QObject *parent) : QAbstractTableModel(parent) {}

void CompareModel::setResult(const DiffResult &result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

void CompareModel::clear()
{
    setResult({});
}

void CompareModel::updateEntry(int entry, const DiffEntry &value)
{
    if (entry < 0 || entry >= int(m_result.entries.size())) return;
    m_result.entries[size_t(entry)] = value;
    Q_EMIT dataChanged(index(entry, 0), index(entry, ColumnCount - 1));
}

int CompareModel::statusCount(DiffStatus status) const
{
    return int(std::count_if(m_result.entries.begin(), m_result.entries.end(),
                             [status](const DiffEntry &e) { return e.status == status && !e.pending; }));
}

int CompareModel::firstRowInModule(const QString &module) const
{
    const std::string prefix = module.toStdString() + '.';
    for (size_t i = 0; i < m_result.entries.size(); ++i)
        if (m_result.entries[i].key.compare(0, prefix.size(), prefix) == 0) return int(i);
    return -1;
}

QString CompareModel::statusText(DiffStatus status)
{
    switch (status) {
    case DiffStatus::Same:
        return tr("same");
    case DiffStatus::Changed:
        return tr("changed");
    case DiffStatus::DtypeChanged:
        return tr("dtype changed");
    case DiffStatus::ShapeChanged:
        return tr("shape changed");
    case DiffStatus::Renamed:
        return tr("renamed");
    case DiffStatus::OnlyA:
        return tr("only in A");
    case DiffStatus::OnlyB:
        return tr("only in B");
    }
    return {};
}

QColor CompareModel::statusColor(DiffStatus status)
{
    switch (status) {
    case DiffStatus::Same:
        return QColor(0xe3, 0xf4, 0xe1);
    case DiffStatus::Changed:
        return QColor(0xfd, 0xe2, 0xc8);
    case DiffStatus::DtypeChanged:
        return QColor(0xfb, 0xf0, 0xb8);
    case DiffStatus::ShapeChanged:
        return QColor(0xf8, 0xc9, 0xc9);
    case DiffStatus::Renamed:
        return QColor(0xd6, 0xe6, 0xfa);
    case DiffStatus::OnlyA:
    case DiffStatus::OnlyB:
        return QColor(0xe6, 0xe0, 0xf2);
    }
    return {};
}

int CompareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.entries.size());
}

int CompareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareModel::metric(const DiffEntry &e, int column) const
{
    if (!e.compared || e.pending) return {};
    switch (column) {
    case MaxAbs:
        return e.metrics.maxAbsDiff;
    case MeanAbs:
        return e.metrics.meanAbsDiff;
    case RelL2:
        return e.metrics.relL2 ? QVariant(*e.metrics.relL2) : QVariant();
    case Cosine:
        return e.metrics.cosine ? QVariant(*e.metrics.cosine) : QVariant();
    case Mismatched:
        return qlonglong(e.metrics.mismatched);
    }
    return {};
}

QVariant CompareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_result.entries.size())) return {};
    const DiffEntry &e = m_result.entries[size_t(index.row())];
    switch (role) {
    case KeyRole:
        return QString::fromStdString(e.key);
    case IsLeafRole:
        return true;
    case IsProblemRole: // what "only differences" keeps
        return e.differs() && !e.pending;
    case DiffStatusRole:
        return e.pending ? -1 : int(e.status);
    case DiffEntryRole:
        return index.row();
    case Qt::BackgroundRole:
        return index.column() == Status && !e.pending ? QVariant(statusColor(e.status)) : QVariant();
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const int c = index.column();
    if (c >= MaxAbs) {
        const QVariant v = metric(e, c);
        if (role == SortRole) return v.isValid() ? v : QVariant(-1.0);
        if (!v.isValid()) return {};
        return c == Mismatched ? QString::number(v.toLongLong()) : QString::number(v.toDouble(), 'g', 6);
    }
    switch (c) {
    case Key:
        return QString::fromStdString(e.key);
    case Status:
        return e.pending ? tr("comparing…") : statusText(e.status);
    case KeyB:
        return e.status == DiffStatus::Renamed ? QString::fromStdString(e.keyB) : QString();
    case ShapeA:
        return e.hasA() ? shapeText(e.shapeA) : QString();
    case ShapeB:
        return e.hasB() ? shapeText(e.shapeB) : QString();
    case DtypeA:
        return e.hasA() ? QString::fromLatin1(dtypeName(e.dtypeA)) : QString();
    case DtypeB:
        return e.hasB() ? QString::fromLatin1(dtypeName(e.dtypeB)) : QString();
    }
    return {};
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Status:
        return tr("Status");
    case KeyB:
        return tr("Key in B");
    case ShapeA:
        return tr("Shape A");
    case ShapeB:
        return tr("Shape B");
    case DtypeA:
        return tr("Dtype A");
    case DtypeB:
        return tr("Dtype B");
    case MaxAbs:
        return tr("max |a−b|");
    case MeanAbs:
        return tr("mean |a−b|");
    case RelL2:
        return tr("rel L2");
    case Cosine:
        return tr("cosine");
    case Mismatched:
        return tr("mismatched");
    }
    return {};
}

} // namespace sl
