#include "qt/marked_rows.h"

namespace sl {
namespace {

// The row after `index` in depth-first order, or invalid after the last.
QModelIndex following(const QAbstractItemModel &model, const QModelIndex &index)
{
    if (model.rowCount(index) > 0) return model.index(0, 0, index);
    for (QModelIndex at = index; at.isValid(); at = at.parent()) {
        const QModelIndex parent = at.parent();
        if (at.row() + 1 < model.rowCount(parent)) return model.index(at.row() + 1, 0, parent);
    }
    return {};
}

} // namespace

QModelIndex nextMarkedRow(const QAbstractItemModel &model, const QModelIndex &from, int role)
{
    if (model.rowCount() == 0) return {};
    const QModelIndex start = from.isValid() ? from.siblingAtColumn(0) : QModelIndex();
    QModelIndex at = start.isValid() ? following(model, start) : model.index(0, 0);
    bool wrapped = false;
    while (true) {
        if (!at.isValid()) {
            if (wrapped) return {};
            wrapped = true;
            at = model.index(0, 0);
        }
        if (at.data(role).toBool()) return at;
        if (wrapped && at == start) return {};
        at = following(model, at);
        if (wrapped && !at.isValid()) return {};
    }
}

} // namespace sl
