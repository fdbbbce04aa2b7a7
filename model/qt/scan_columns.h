#pragma once
// The statistics columns that Tools ▸ Scan All Tensors adds to the key tree: each entry's scan
// figures as cells (text, or numbers for sorting), their headers, and the marks on rows with NaN or
// Inf and on the module rows above them. StateDictModel owns one and asks it for those columns.

#include "scan/tensor_scan.h"

#include <QCoreApplication>
#include <QVariant>

#include <vector>

namespace sl {

class ScanColumns
{
    Q_DECLARE_TR_FUNCTIONS(ScanColumns)

public:
    enum Column { Min, Max, Mean, Std, NaN, Inf, Zeros, Count };

    // Forgets every figure; the marks go with the next updateMarks().
    void clear() { m_figures.clear(); }
    // Replaces the figures: one per state-dict entry, in entry order.
    void setFigures(std::vector<ScanFigures> figures) { m_figures = std::move(figures); }
    // The figures of the next entries, in entry order, after those already held.
    void append(std::vector<ScanFigures> figures);
    bool isEmpty() const { return m_figures.empty(); }
    // How many entries, counted from the first, have figures.
    size_t size() const { return m_figures.size(); }

    // Marks each node whose entry holds NaN or Inf and every ancestor of one. `nodes` are the model's
    // rows with `entry` (-1 for modules) and `parent`; node 0 is the root, children follow parents.
    // Returns the nodes whose mark changed.
    template <class Node> std::vector<int> updateMarks(const std::vector<Node> &nodes);
    bool isMarked(int node) const { return size_t(node) < m_marks.size() && m_marks[size_t(node)]; }

    // The cell of `entry` in `column`: the figure as text (empty when undefined) for DisplayRole, or
    // a number for SortRole, where an undefined figure sorts as the smallest. Invalid before the
    // entry has figures.
    QVariant cell(int entry, int column, int role) const;
    static QString header(int column);

private:
    std::vector<ScanFigures> m_figures; // per entry, from the first; shorter while a scan runs
    std::vector<char> m_marks;          // per node: NaN/Inf here or below
};

template <class Node> std::vector<int> ScanColumns::updateMarks(const std::vector<Node> &nodes)
{
    std::vector<char> marks(nodes.size(), 0);
    // Children come after their parents, so one backward sweep carries a mark up to every ancestor.
    for (size_t i = nodes.size(); !m_figures.empty() && i-- > 1;) {
        const Node &n = nodes[i];
        if (n.entry >= 0 && size_t(n.entry) < m_figures.size() && m_figures[size_t(n.entry)].nonfinite())
            marks[i] = 1;
        if (marks[i] && n.parent > 0) marks[size_t(n.parent)] = 1;
    }
    std::vector<int> changed;
    for (size_t i = 1; i < marks.size(); ++i)
        if (marks[i] != (i < m_marks.size() ? m_marks[i] : 0)) changed.push_back(int(i));
    m_marks = std::move(marks);
    return changed;
}

} // namespace sl
