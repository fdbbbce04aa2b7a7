#pragma once
// Walking an item tree in view order (depth first, parents before children) to the next row that
// answers true for a role, wrapping at the end: "Next problem" over scan marks or test-load verdicts.

#include <QAbstractItemModel>

namespace sl {

// The first row after `from` in view order (or the first row, when `from` is invalid) whose column 0
// has `role` true; wraps once; invalid when no row has it.
QModelIndex nextMarkedRow(const QAbstractItemModel &model, const QModelIndex &from, int role);

} // namespace sl
