#include "qt/state_dict_model.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "qt/model_roles.h"
#include "report/inspect_report.h"
#include "testload/testload.h"
#include "transform/transform_plan.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace sl {
namespace {

// Node::dtype values besides a DType: no tensor below yet, or tensors of more than one dtype.
constexpr int kNone = -1;
constexpr int kMixed = -2;

// Module rows are found by (parent node, component); the views point into the checkpoint's keys,
// so building the tree allocates no strings for lookups.
struct ChildKey
{
    int parent;
    std::string_view name;
    bool operator==(const ChildKey &o) const { return parent == o.parent && name == o.name; }
};

struct ChildKeyHash
{
    size_t operator()(const ChildKey &k) const
    {
        return std::hash<std::string_view>()(k.name) ^ (size_t(k.parent) * 0x9e3779b97f4a7c15ULL);
    }
};

int fold(int mine, int child)
{
    if (child == kNone || mine == child) return mine;
    return mine == kNone ? child : kMixed;
}

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
    m_keyStatus.clear();
    m_ghosts.clear();
    build();
    endResetModel();
}

void StateDictModel::setMapping(const std::vector<MappedKey> *mapping, bool showDropped)
{
    beginResetModel();
    m_mapping =
        mapping && m_checkpoint && mapping->size() == m_checkpoint->entries().size() ? mapping : nullptr;
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
    // Scan figures are per stored entry; a derived state dict has other rows.
    if (m_plan) m_scan.clear();
    build();
    endResetModel();
}

void StateDictModel::setTestLoadReport(const TestLoadReport *report)
{
    // Clearing what is already clear (every open does, through the test-load panel) must not pay
    // for a rebuild and a reset that collapses the view.
    if (!report && !hasTestLoadStatus()) return;
    beginResetModel();
    m_keyStatus.clear();
    m_ghosts.clear();
    if (report && m_checkpoint) {
        if (!report->missingTensors.empty())
            m_ghosts = report->missingTensors;
        else
            for (const QString &k : report->missing)
                m_ghosts.push_back({k, {}, {}});
    }
    build();
    if (report && m_checkpoint) computeVerdicts(*report);
    endResetModel();
}

bool StateDictModel::KeyStatus::problem() const
{
    return verdict == Unexpected || verdict == Mismatched || verdict == Missing;
}

// load_state_dict's answer for every key on screen: the report names the problems, every other
// kept key loads, as saved or cast to the target's dtype.
void StateDictModel::computeVerdicts(const TestLoadReport &report)
{
    QSet<QString> unexpected(report.unexpected.begin(), report.unexpected.end());
    QHash<QString, const ShapeMismatch *> mismatched;
    for (const ShapeMismatch &m : report.mismatched)
        mismatched.insert(m.key, &m);
    QHash<QString, const DtypeCast *> casts;
    for (const DtypeCast &c : report.dtypeCasts)
        casts.insert(c.key, &c);
    for (const Node &n : m_nodes) {
        if ((n.entry < 0 && n.derived < 0) || n.dropped) continue;
        KeyStatus s;
        if (unexpected.contains(n.key)) {
            s = {Unexpected, tr("The target has no parameter or buffer named %1").arg(n.key)};
        } else if (const ShapeMismatch *m = mismatched.value(n.key)) {
            s = {Mismatched,
                 tr("checkpoint %1, model %2").arg(shapeText(m->checkpointShape), shapeText(m->modelShape))};
        } else if (const DtypeCast *c = casts.value(n.key)) {
            s = {LoadedWithCast, tr("cast from %1 to %2").arg(c->from, c->to)};
        } else {
            s = {LoadedAsSaved, tr("loaded as saved")};
        }
        m_keyStatus.insert(n.key, s);
    }
    for (const MissingTensor &g : m_ghosts)
        m_keyStatus.insert(g.key,
                           {Missing, g.dtype.isEmpty()
                                         ? tr("The target expects %1 %2; the checkpoint has no such key")
                                               .arg(g.key, shapeText(g.shape))
                                         : tr("The target expects %1 %2 %3; the checkpoint has no such key")
                                               .arg(g.key, shapeText(g.shape), g.dtype)});
}

QString StateDictModel::verdictText(int verdict) const
{
    switch (verdict) {
    case LoadedAsSaved:
    case LoadedWithCast:
        return tr("loaded");
    case Unexpected:
        return tr("unexpected");
    case Mismatched:
        return tr("mismatched");
    case Missing:
        return tr("missing");
    default:
        return {};
    }
}

void StateDictModel::setFlat(bool flat)
{
    if (flat == m_flat) return;
    beginResetModel();
    m_flat = flat;
    endResetModel();
}

// Scratch of one build(): module rows by (parent, component), devices and display texts shared across
// rows. The string views in `modules` point into the checkpoint's keys or into the names held here.
struct StateDictModel::BuildState
{
    // The names shown, when they are not the saved keys: what the edit rules make of them, and the
    // ghost keys. Reserved before filling, so the views into them stay valid.
    std::vector<std::string> mappedNames;
    std::vector<std::string> ghostNames;
    std::vector<std::string> derivedNames; // the plan's tensors' keys, by index
    std::unordered_map<ChildKey, int, ChildKeyHash> modules;
    std::unordered_map<std::string, int> deviceIds;
    std::vector<QString> devices;
    std::vector<int> deviceOf; // parallel to m_nodes, folded like dtype
    // Few distinct shapes and sizes recur across thousands of keys: format each once and share it.
    std::map<std::vector<int64_t>, QString> shapes;
    std::unordered_map<int64_t, QString> sizes;
};

void StateDictModel::build()
{
    m_nodes.clear();
    m_flatRows.clear();
    m_nodeOfEntry.clear();
    m_nodeByKey.clear();
    m_nodes.emplace_back(); // the invisible root
    if (!m_checkpoint) return;

    const std::vector<StateEntry> &entries = m_checkpoint->entries();
    // Module rows rarely outnumber leaves; reserving both avoids moving every node while growing.
    m_nodes.reserve(2 * entries.size() + 1);
    m_flatRows.reserve(entries.size());
    m_nodeOfEntry.assign(entries.size(), -1);
    BuildState state;
    state.modules.reserve(entries.size() / 2 + 1);
    state.deviceOf.push_back(kNone);
    if (m_plan)
        addPlanEntries(state);
    else
        addEntries(state);
    addGhosts(state);
    sumSubtrees(state);
}

int StateDictModel::addNode(BuildState &state, int parent, std::string_view name, QString key)
{
    const int id = int(m_nodes.size());
    Node n;
    n.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
    n.key = std::move(key);
    n.parent = parent;
    n.row = int(m_nodes[size_t(parent)].children.size());
    m_nodes[size_t(parent)].children.push_back(id);
    m_nodes.push_back(std::move(n));
    state.deviceOf.push_back(kNone);
    return id;
}

// A leaf under its module rows, creating those on the way; `key` must outlive `state`.
int StateDictModel::addLeaf(BuildState &state, const std::string &key)
{
    int parent = 0;
    size_t start = 0;
    for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        const std::string_view component(key.data() + start, dot - start);
        auto found = state.modules.find({parent, component});
        if (found == state.modules.end()) {
            const int id = addNode(state, parent, component, QString::fromUtf8(key.data(), qsizetype(dot)));
            found = state.modules.emplace(ChildKey{parent, component}, id).first;
        }
        parent = found->second;
        start = dot + 1;
    }
    return addNode(state, parent, std::string_view(key).substr(start), QString::fromStdString(key));
}

void StateDictModel::addEntries(BuildState &state)
{
    const std::vector<StateEntry> &entries = m_checkpoint->entries();
    // The names shown: the saved keys, or what the edit rules make of them.
    std::vector<std::string> &mappedNames = state.mappedNames;
    if (m_mapping) {
        mappedNames.reserve(entries.size());
        for (const MappedKey &m : *m_mapping)
            mappedNames.push_back((m.dropped ? m.droppedAs : m.to).toStdString());
    }
    for (size_t i = 0; i < entries.size(); ++i) {
        const MappedKey *mapped = m_mapping ? &(*m_mapping)[i] : nullptr;
        if (mapped && mapped->dropped && !m_showDropped) continue;
        addEntry(state, i, mapped, mapped ? mappedNames[i] : entries[i].key);
    }
}

// One stored entry's row, named `key` (which must outlive `state`).
void StateDictModel::addEntry(BuildState &state, size_t i, const MappedKey *mapped, const std::string &key)
{
    const StateEntry &entry = m_checkpoint->entries()[i];
    const int id = addLeaf(state, key);
    Node &leaf = m_nodes[size_t(id)];
    const TensorRef &t = m_checkpoint->tensor(entry.tensor);
    leaf.entry = int(i);
    m_nodeOfEntry[i] = id;
    leaf.tensor = entry.tensor;
    if (mapped) {
        leaf.dropped = mapped->dropped;
        leaf.renamed = !mapped->dropped && mapped->from != mapped->to;
        leaf.original = mapped->from;
    } else {
        leaf.original = leaf.key;
    }
    leaf.transformed = m_plan && i < m_plan->transformed.size() && m_plan->transformed[i];
    leaf.flatRow = int(m_flatRows.size());
    auto shape = state.shapes.try_emplace(t.shape);
    if (shape.second) shape.first->second = shapeText(t.shape);
    leaf.shape = shape.first->second;
    leaf.dtype = int(t.dtype);
    leaf.parameters = t.numel();
    leaf.bytes = t.nbytes();
    auto device = state.deviceIds.emplace(t.device, int(state.devices.size()));
    if (device.second) state.devices.push_back(QString::fromStdString(t.device));
    state.deviceOf[size_t(id)] = device.first->second;
    m_flatRows.push_back(id);
}

// The plan's state dict in its order. Dropped and consumed inputs sit where they were in the file: each
// comes just before the first resulting tensor at or after its place, so a transposed key's consumed
// original shows right above its derived replacement.
void StateDictModel::addPlanEntries(BuildState &state)
{
    const TransformPlan &plan = *m_plan;
    state.mappedNames.reserve(plan.mapping.size());
    for (const MappedKey &m : plan.mapping)
        state.mappedNames.push_back((m.dropped ? m.droppedAs : m.to).toStdString());
    state.derivedNames.reserve(plan.tensors.size());
    for (const PlannedTensor &t : plan.tensors)
        state.derivedNames.push_back(t.key.toStdString());
    size_t next = 0; // the inputs before this one are placed
    auto placeDroppedUpTo = [&](size_t last) {
        for (; next <= last && next < plan.mapping.size(); ++next)
            if (plan.mapping[next].dropped && m_showDropped)
                addEntry(state, next, &plan.mapping[next], state.mappedNames[next]);
    };
    for (size_t k = 0; k < plan.tensors.size(); ++k) {
        const PlannedTensor &t = plan.tensors[k];
        if (!t.isDerived()) {
            placeDroppedUpTo(size_t(t.input));
            addEntry(state, size_t(t.input), &plan.mapping[size_t(t.input)],
                     state.mappedNames[size_t(t.input)]);
            continue;
        }
        if (!t.sources.empty())
            placeDroppedUpTo(size_t(*std::min_element(t.sources.begin(), t.sources.end())));
        addDerived(state, k);
    }
    if (!plan.mapping.empty()) placeDroppedUpTo(plan.mapping.size() - 1);
}

// A derived tensor's row: its key, shape and dtype as the plan computes them; the device of its first
// source, where the values come from.
void StateDictModel::addDerived(BuildState &state, size_t k)
{
    const PlannedTensor &t = m_plan->tensors[k];
    const int id = addLeaf(state, state.derivedNames[k]);
    Node &leaf = m_nodes[size_t(id)];
    leaf.derived = int(k);
    leaf.original = t.steps.join(QLatin1String("; "));
    leaf.flatRow = int(m_flatRows.size());
    const std::vector<int64_t> &shape = m_plan->shape(k);
    auto text = state.shapes.try_emplace(shape);
    if (text.second) text.first->second = shapeText(shape);
    leaf.shape = text.first->second;
    const sl::DType dtype = m_plan->dtype(k);
    leaf.dtype = int(dtype);
    leaf.parameters = 1;
    for (int64_t d : shape)
        leaf.parameters *= d;
    leaf.bytes = leaf.parameters * int64_t(dtypeSize(dtype));
    if (!t.sources.empty()) {
        const std::string &device =
            m_checkpoint->tensor(m_checkpoint->entries()[size_t(t.sources.front())].tensor).device;
        auto found = state.deviceIds.emplace(device, int(state.devices.size()));
        if (found.second) state.devices.push_back(QString::fromStdString(device));
        state.deviceOf[size_t(id)] = found.first->second;
    }
    m_flatRows.push_back(id);
}

// Keys the test-load target expects but nobody provides: ghost rows where they would sit, with the
// architecture's shape and dtype so the user sees what would fill them.
void StateDictModel::addGhosts(BuildState &state)
{
    state.ghostNames.reserve(m_ghosts.size());
    for (const MissingTensor &g : m_ghosts)
        state.ghostNames.push_back(g.key.toStdString());
    for (size_t i = 0; i < state.ghostNames.size(); ++i) {
        const int id = addLeaf(state, state.ghostNames[i]);
        Node &ghost = m_nodes[size_t(id)];
        const MissingTensor &g = m_ghosts[i];
        ghost.ghost = true;
        ghost.original = ghost.key;
        ghost.shape = shapeText(g.shape);
        const sl::DType dtype =
            g.dtype.isEmpty() ? sl::DType::Unknown : dtypeFromTorchName(g.dtype.toStdString());
        ghost.dtype = dtype == sl::DType::Unknown ? kNone : int(dtype);
        ghost.parameters = 1;
        for (int64_t d : g.shape)
            ghost.parameters *= d;
        ghost.bytes = dtype == sl::DType::Unknown ? 0 : ghost.parameters * int64_t(dtypeSize(dtype));
        ghost.flatRow = int(m_flatRows.size());
        m_flatRows.push_back(id);
    }
}

// Children always come after their parent, so one backward pass sums every subtree. Each key counts in
// full, tied weights too: that is what load_state_dict copies and what Checkpoint::parameterCount()
// reports, so the root's totals match `inspect`. Dropped keys and ghost rows show their own numbers
// but count in no total: totals are what an export would write.
void StateDictModel::sumSubtrees(BuildState &state)
{
    for (size_t i = m_nodes.size() - 1; i > 0; --i) {
        Node &n = m_nodes[i];
        Node &p = m_nodes[size_t(n.parent)];
        auto size = state.sizes.try_emplace(n.bytes);
        if (size.second) size.first->second = byteSizeText(n.bytes, QLocale());
        n.size = size.first->second;
        if (state.deviceOf[i] >= 0) n.device = state.devices[size_t(state.deviceOf[i])];
        if (n.dropped || n.ghost) continue;
        p.parameters += n.parameters;
        p.bytes += n.bytes;
        p.dtype = fold(p.dtype, n.dtype); // kMixed shows as an empty cell
        state.deviceOf[size_t(n.parent)] = fold(state.deviceOf[size_t(n.parent)], state.deviceOf[i]);
    }
    m_scan.updateMarks(m_nodes);
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
    return n && isLeaf(*n) && m_keyStatus.value(n->key).problem();
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
        return qlonglong(n.parameters);
    case Size:
        return n.size;
    case Status:
        if (n.transformed) return tr("transformed");
        if (m_statuses.contains(n.key)) return m_statuses.value(n.key);
        return isLeaf(n) && !n.dropped ? verdictText(m_keyStatus.value(n.key).verdict) : QString();
    default:
        return m_scan.cell(n.entry, column - ScanMin, Qt::DisplayRole);
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
        if (column == Status && isLeaf(n) && !n.ghost && m_keyStatus.value(n.key).problem())
            return QColor(0xb0, 0x00, 0x20);
        if (column == Status && isLeaf(n) && !n.ghost && m_keyStatus.value(n.key).verdict != NoVerdict)
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
        if (column == Status && isLeaf(n)) return m_keyStatus.value(n.key).detail;
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
        return isLeaf(n) && m_keyStatus.value(n.key).problem();
    case TestLoadVerdictRole:
        return isLeaf(n) ? m_keyStatus.value(n.key).verdict : int(NoVerdict);
    case TestLoadDetailRole:
        return isLeaf(n) ? m_keyStatus.value(n.key).detail : QString();
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
        if (column >= ScanMin) return m_scan.cell(n.entry, column - ScanMin, SortRole);
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
    for (int e = first; e < end && size_t(e) < m_nodeOfEntry.size(); ++e)
        if (m_nodeOfEntry[size_t(e)] >= 0) rows.push_back(m_nodeOfEntry[size_t(e)]);
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
