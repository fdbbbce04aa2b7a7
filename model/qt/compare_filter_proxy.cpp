#include "qt/compare_filter_proxy.h"

#include "qt/model_roles.h"

namespace sl {

CompareFilterProxy::CompareFilterProxy(QObject *parent) : KeyFilterProxy(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void CompareFilterProxy::setStatusFilter(std::optional<DiffStatus> status)
{
    m_status = status;
    invalidateFilter();
}

bool CompareFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_status) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(DiffStatusRole).toInt() != int(*m_status)) return false;
    }
    return KeyFilterProxy::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace sl
