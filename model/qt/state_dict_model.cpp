#include "qt/state_dict_model.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "qt/model_roles.h"
#include "qt/state_dict_builder.h"
#include "report/inspect_report.h"
#include "testload/testload.h"
#include "transform/transform_plan.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>
#include <map>

namespace sl {
namespace {

// Shared strings so data() hands out copies of one QString instead of building a new one per call.
const QString &dtypeText(int dtype)
{
    static const std::vector<QString> names = [] {
        std::vector<QString> v;
        for (int t = 0; t <= int(DType::Bits4x2); ++t)
            v.push_back(QLatin1String(dtypeName(sl::DType(t))));
        return v;
    }();
    static const QString empty;
    return dtype >= 0 && size_t(dtype) < names.size() ? names[size_t(dtype)] : empty;
}

const std::vector<int> &noChildren()
{
    static const std::vector<int> none;
    return none;
}

} // namespace

StateDictModel::StateDictModel(QObject *parent) : QAbstractItemModel(parent)
{
    build(); // the root row, so an empty model answers like a cleared one
}

StateDictModel::~StateDictModel() = default;

void StateDictModel::setCheckpoint(const Checkpoint *checkpoint)
{
    beginResetModel();
    m_checkpoint = checkpoint;
    m_mapping = nullptr;
    m_plan = nullptr;
    m_statuses.clear(); // they described the previous document or root
    m_scan.clear();
    m_verdicts.clear();
    m_ghosts.clear();
    build();
    endResetModel();
}

void StateDictModel::setMapping(const std::vector<MappedKey> *mapping, bool showDropped)
{
    beginResetModel();
    m_mapping =
        mapping && m_checkpoint && mapping->size() == m_checkpoint->entries().size() ? mapping : nullptr;
    // Figures from a plan's scan belong to its tensors, not to the entries shown from now on.
    if (m_plan) m_scan.clear();
    m_plan = nullptr;
    m_showDropped = showDropped;
    build();
    endResetModel();
}

void StateDictModel::setPlan(const TransformPlan *plan, bool showDropped)
{
    beginResetModel();
    const bool fits = plan && m_checkpoint && plan->inputs.size() == m_checkpoint->entries().size() &&
                      plan->mapping.size() == plan->inputs.size();
    m_plan = fits ? plan : nullptr;
    m_mapping = fits ? &plan->mapping : nullptr;
    m_showDropped = showDropped;
    // Scan figures are per stored entry, or per tensor of the plan shown before: neither fits now.
    m_scan.clear();
    build();
    endResetModel();
}

void StateDictModel::setTestLoadReport(const TestLoadReport *report)
{
    // Clearing what is already clear (every open does, through the test-load panel) must not pay
    // for a rebuild and a reset that collapses the view.
    if (!report && !hasTestLoadStatus()) return;
    beginResetModel();
    m_verdicts.clear();
    m_ghosts.clear();
    if (report && m_checkpoint) {
        if (!report->missingTensors.empty())
            m_ghosts = report->missingTensors;
        else
            for (const QString &k : report->missing)
                m_ghosts.push_back({k, {}, {}});
    }
    build();
    if (report && m_checkpoint) {
        QStringList kept;
        for (const Node &n : m_nodes)
            if (isLeaf(n) && !n.ghost && !n.dropped) kept << n.key;
        m_verdicts.compute(*report, kept, m_ghosts);
    }
    endResetModel();
}

void StateDictModel::setFlat(bool flat)
{
    if (flat == m_flat) return;
    beginResetModel();
    m_flat = flat;
    endResetModel();
}

void StateDictModel::build()
{
    StateDictBuilder(*this).run();
}

int StateDictModel::nodeForKey(const QString &key) const
{
    // Built on first use: opening a file should not pay for a lookup nobody may make.
    if (m_nodeByKey.isEmpty() && m_nodes.size() > 1) {
        m_nodeByKey.reserve(qsizetype(m_nodes.size()));
        for (size_t i = 1; i < m_nodes.size(); ++i)
            if (!isLeaf(m_nodes[i])) m_nodeByKey.insert(m_nodes[i].key, int(i));
        for (int leaf : m_flatRows) // a leaf wins over a module of the same name ("bn" and "bn.weight")
            m_nodeByKey.insert(m_nodes[size_t(leaf)].key, leaf);
    }
    return m_nodeByKey.value(key, -1);
}

int StateDictModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : 0;
}

int StateDictModel::rowOf(int node) const
{
    return m_flat ? m_nodes[size_t(node)].flatRow : m_nodes[size_t(node)].row;
}

const std::vector<int> &StateDictModel::childrenOf(int node) const
{
    if (m_flat) return node == 0 ? m_flatRows : noChildren();
    return m_nodes[size_t(node)].children;
}

const StateDictModel::Node *StateDictModel::childNode(int row, const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) return nullptr;
    const std::vector<int> &children = childrenOf(nodeOf(parent));
    if (row < 0 || size_t(row) >= children.size()) return nullptr;
    return &m_nodes[size_t(children[size_t(row)])];
}

const QString *StateDictModel::leafKeyAt(int row, const QModelIndex &parent) const
{
    const Node *n = childNode(row, parent);
    return n && isLeaf(*n) ? &n->key : nullptr;
}

bool StateDictModel::isProblemAt(int row, const QModelIndex &parent) const
{
    const Node *n = childNode(row, parent);
    return n && isLeaf(*n) && !n->dropped && m_verdicts.value(n->key).problem();
}

QModelIndex StateDictModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0)) return {};
    const std::vector<int> &children = childrenOf(nodeOf(parent));
    if (row < 0 || size_t(row) >= children.size()) return {};
    return createIndex(row, column, quintptr(children[size_t(row)]));
}

QModelIndex StateDictModel::parent(const QModelIndex &child) const
{
    const int node = nodeOf(child);
    if (node == 0 || m_flat) return {};
    const int parent = m_nodes[size_t(node)].parent;
    return parent == 0 ? QModelIndex() : createIndex(m_nodes[size_t(parent)].row, 0, quintptr(parent));
}

int StateDictModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(childrenOf(nodeOf(parent)).size());
}

int StateDictModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool StateDictModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant StateDictModel::display(const Node &n, int column) const
{
    switch (column) {
    case Name:
        return m_flat ? n.key : n.name;
    case Shape:
        return n.shape;
    case DType:
        return dtypeText(n.dtype);
    case Device:
        return n.device;
    case Parameters:
        // As text in the chosen locale (208.140 in German), as the status bar and details pane
        // write it; the delegate would print a qlonglong without digit groups. SortRole has the number.
        return QLocale().toString(qlonglong(n.parameters));
    case Size:
        return n.size;
    case Status:
        if (n.transformed) return tr("transformed");
        if (m_statuses.contains(n.key)) return m_statuses.value(n.key);
        return isLeaf(n) && !n.dropped ? TestLoadVerdicts::text(m_verdicts.value(n.key).verdict) : QString();
    default:
        return m_scan.cell(n.scan, column - ScanMin, Qt::DisplayRole);
    }
}

QVariant StateDictModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Node &n = m_nodes[size_t(nodeOf(index))];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(n, column);
    case Qt::EditRole:
        return display(n, column);
    case Qt::ForegroundRole:
        if (n.dropped) return QColor(0x9a, 0x9a, 0x9a);
        if (n.ghost) return QColor(0x8a, 0x5a, 0x00);
        if (column == Status && isLeaf(n) && !n.ghost && m_verdicts.value(n.key).problem())
            return QColor(0xb0, 0x00, 0x20);
        if (column == Status && isLeaf(n) && !n.ghost && m_verdicts.value(n.key).verdict != NoVerdict)
            return QColor(0x2b, 0x8a, 0x3e);
        if (n.renamed && column == Name) return QColor(0x1f, 0x5f, 0xbf);
        if (n.derived >= 0 && column <= DType) return QColor(0x7b, 0x1f, 0xa2);
        return {};
    case Qt::BackgroundRole:
        if (m_scan.isMarked(nodeOf(index))) return QColor(0xff, 0xd8, 0xd8);
        return {};
    case Qt::FontRole:
        if (n.dropped || n.ghost || n.derived >= 0) {
            QFont f;
            f.setStrikeOut(n.dropped && !n.transformed);
            f.setItalic(n.ghost || n.transformed || n.derived >= 0);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Status && isLeaf(n)) return m_verdicts.value(n.key).detail;
        if (column == Name && n.ghost)
            return tr("%1 (missing: the target expects it, the checkpoint has no such key)").arg(n.key);
        if (column == Name && n.transformed)
            return tr("%1 (transformed: a derived key replaces it in export and test-load)").arg(n.original);
        if (column == Name && n.dropped)
            return tr("%1 (dropped: left out of export and test-load)").arg(n.original);
        if (column == Name && n.derived >= 0) return tr("%1\nderived: %2").arg(n.key, n.original);
        if (column == Name && n.renamed) return tr("%1\nsaved as: %2").arg(n.key, n.original);
        if (column == Name) return n.key;
        if (column == Size) return tr("%1 bytes").arg(QLocale().toString(qlonglong(n.bytes)));
        if (column == Parameters) return QLocale().toString(qlonglong(n.parameters));
        return {};
    case Qt::TextAlignmentRole:
        if (column == Parameters || column == Size || column >= ScanMin)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case KeyRole:
        return n.key;
    case TensorIndexRole:
        return n.tensor;
    case EntryIndexRole:
        return n.entry;
    case IsLeafRole:
        return isLeaf(n);
    case IsGhostRole:
        return n.ghost;
    case IsProblemRole:
        return isLeaf(n) && !n.dropped && m_verdicts.value(n.key).problem();
    case TestLoadVerdictRole:
        return isLeaf(n) ? m_verdicts.value(n.key).verdict : int(NoVerdict);
    case TestLoadDetailRole:
        return isLeaf(n) ? m_verdicts.value(n.key).detail : QString();
    case OriginalKeyRole:
        return n.entry >= 0 ? n.original : n.key;
    case DerivedIndexRole:
        return n.derived;
    case IsTransformedRole:
        return n.transformed;
    case IsDroppedRole:
        return n.dropped;
    case IsRenamedRole:
        return n.renamed;
    case IsScanProblemRole:
        return m_scan.isMarked(nodeOf(index));
    case SortRole:
        if (column == Parameters) return qlonglong(n.parameters);
        if (column == Size) return qlonglong(n.bytes);
        if (column >= ScanMin) return m_scan.cell(n.scan, column - ScanMin, SortRole);
        return display(n, column);
    default:
        return {};
    }
}

Qt::ItemFlags StateDictModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractItemModel::flags(index);
    if (index.isValid() && (m_flat || isLeaf(m_nodes[size_t(nodeOf(index))]))) f |= Qt::ItemNeverHasChildren;
    if (index.isValid() && index.column() == Name && !m_nodes[size_t(nodeOf(index))].dropped &&
        !m_nodes[size_t(nodeOf(index))].ghost)
        f |= Qt::ItemIsEditable;
    return f;
}

bool StateDictModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != Name || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const Node &n = m_nodes[size_t(nodeOf(index))];
    const QString name = value.toString().trimmed();
    if (n.dropped || name.isEmpty()) return false;
    // In the flat list the name is the full key; in the tree it is the last component.
    const int dot = n.key.lastIndexOf(QLatin1Char('.'));
    const QString newKey = m_flat || dot < 0 ? name : n.key.left(dot + 1) + name;
    if (newKey != n.key) Q_EMIT renameRequested(n.key, newKey);
    return false;
}

QVariant StateDictModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::TextAlignmentRole && (section == Parameters || section == Size || section >= ScanMin))
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Shape:
        return tr("Shape");
    case DType:
        return tr("DType");
    case Device:
        return tr("Device");
    case Parameters:
        return tr("Parameters");
    case Size:
        return tr("Size");
    case Status:
        return tr("Status");
    default:
        if (section >= ScanMin && section < ColumnCount) return ScanColumns::header(section - ScanMin);
        return {};
    }
}

QModelIndex StateDictModel::indexForEntry(int entry) const
{
    if (entry < 0 || size_t(entry) >= m_nodeOfEntry.size() || m_nodeOfEntry[size_t(entry)] < 0) return {};
    const int node = m_nodeOfEntry[size_t(entry)];
    return createIndex(rowOf(node), 0, quintptr(node));
}

QModelIndex StateDictModel::indexForKey(const QString &key) const
{
    const int node = nodeForKey(key);
    if (node <= 0 || (m_flat && !isLeaf(m_nodes[size_t(node)]))) return {};
    return createIndex(rowOf(node), 0, quintptr(node));
}

void StateDictModel::setStatuses(const QHash<QString, QString> &statusByKey)
{
    // Only rows whose text changes are announced, one dataChanged per parent spanning its changed rows.
    QHash<int, std::pair<int, int>> spans; // visible parent node -> first, last changed row
    auto note = [&](const QString &key) {
        const int node = nodeForKey(key);
        if (node <= 0 || (m_flat && !isLeaf(m_nodes[size_t(node)]))) return;
        const int parent = m_flat ? 0 : m_nodes[size_t(node)].parent;
        const int row = rowOf(node);
        auto it = spans.find(parent);
        if (it == spans.end())
            spans.insert(parent, {row, row});
        else
            *it = {std::min(it->first, row), std::max(it->second, row)};
    };
    for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it)
        if (statusByKey.value(it.key()) != it.value()) note(it.key());
    for (auto it = statusByKey.cbegin(); it != statusByKey.cend(); ++it)
        if (!m_statuses.contains(it.key())) note(it.key());
    m_statuses = statusByKey;
    for (auto it = spans.cbegin(); it != spans.cend(); ++it) {
        const int parent = it.key();
        const QModelIndex parentIndex =
            parent == 0 ? QModelIndex() : createIndex(rowOf(parent), 0, quintptr(parent));
        Q_EMIT dataChanged(index(it->first, Status, parentIndex), index(it->second, Status, parentIndex),
                           {Qt::DisplayRole, SortRole});
    }
}

void StateDictModel::setScanFigures(std::vector<ScanFigures> figures)
{
    m_scan.setFigures(std::move(figures));
    m_scan.updateMarks(m_nodes);
    // Every row may change: one dataChanged per parent that has rows.
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (isLeaf(m_nodes[i])) continue;
        const QModelIndex parent = i == 0 ? QModelIndex() : createIndex(rowOf(int(i)), 0, quintptr(i));
        const int rows = rowCount(parent);
        if (rows > 0) Q_EMIT dataChanged(index(0, 0, parent), index(rows - 1, ColumnCount - 1, parent));
        if (m_flat) break; // the flat list has only the root's rows
    }
}

void StateDictModel::addScanFigures(int first, std::vector<ScanFigures> figures)
{
    if (first < 0 || size_t(first) != m_scan.size() || figures.empty()) return;
    const int end = first + int(figures.size());
    m_scan.append(std::move(figures));
    std::vector<int> rows;
    for (int e = first; e < end && size_t(e) < m_nodeOfScan.size(); ++e)
        if (m_nodeOfScan[size_t(e)] >= 0) rows.push_back(m_nodeOfScan[size_t(e)]);
    std::vector<int> marked = m_scan.updateMarks(m_nodes);
    if (m_flat) // the flat list has no module rows to mark
        marked.erase(std::remove_if(marked.begin(), marked.end(),
                                    [this](int node) { return !isLeaf(m_nodes[size_t(node)]); }),
                     marked.end());
    announceRows(rows, ScanMin);
    announceRows(marked, 0); // the mark colours the whole row
}

// One dataChanged per parent, spanning the rows of `nodes` under it, from `firstColumn` to the last.
void StateDictModel::announceRows(const std::vector<int> &nodes, int firstColumn)
{
    std::map<int, std::pair<int, int>> spans; // visible parent node -> first, last row
    for (int node : nodes) {
        const int parent = m_flat ? 0 : m_nodes[size_t(node)].parent;
        const int row = rowOf(node);
        auto it = spans.try_emplace(parent, row, row).first;
        it->second = {std::min(it->second.first, row), std::max(it->second.second, row)};
    }
    for (const auto &[parent, span] : spans) {
        const QModelIndex parentIndex =
            parent == 0 ? QModelIndex() : createIndex(rowOf(parent), 0, quintptr(parent));
        Q_EMIT dataChanged(index(span.first, firstColumn, parentIndex),
                           index(span.second, ColumnCount - 1, parentIndex));
    }
}

} // namespace sl
