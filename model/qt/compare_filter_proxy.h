#pragma once
// Filters and sorts the compare table: the key tree's text/regex filter (KeyFilterProxy), plus a
// status filter and "only differences".

#include "compare/diff_entry.h"
#include "qt/key_filter_proxy.h"

#include <optional>

namespace sl {

class CompareFilterProxy : public KeyFilterProxy
{
    Q_OBJECT
public:
    explicit CompareFilterProxy(QObject *parent = nullptr);

    // Only rows of this status; nullopt shows every status.
    void setStatusFilter(std::optional<DiffStatus> status);
    std::optional<DiffStatus> statusFilter() const { return m_status; }
    void setOnlyDifferences(bool on) { setProblemsOnly(on); }
    bool onlyDifferences() const { return problemsOnly(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<DiffStatus> m_status;
};

} // namespace sl
