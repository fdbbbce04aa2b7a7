#pragma once
// The compare view's table: one row per key of a comparison, with its status (coloured) and the
// metrics as numeric sortable columns. Rows arrive with the entry list; metrics fill in as pairs finish.

#include "compare/diff_entry.h"

#include <QAbstractTableModel>

namespace sl {

class CompareModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Key,
        Status,
        KeyB,
        ShapeA,
        ShapeB,
        DtypeA,
        DtypeB,
        MaxAbs,
        MeanAbs,
        RelL2,
        Cosine,
        Mismatched,
        ColumnCount
    };

    explicit CompareModel(QObject *parent = nullptr);

    // A new comparison: a model reset.
    void setResult(const DiffResult &result);
    // One pair's metrics arrived.
    void updateEntry(int entry, const DiffEntry &value);
    void clear();

    const DiffResult &result() const { return m_result; }
    int statusCount(DiffStatus status) const;
    // The first row whose key lies in `module` (a dotted prefix), or -1.
    int firstRowInModule(const QString &module) const;

    // The status's name as the view shows it, and its colour.
    static QString statusText(DiffStatus status);
    static QColor statusColor(DiffStatus status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant metric(const DiffEntry &e, int column) const;

    DiffResult m_result;
};

} // namespace sl
