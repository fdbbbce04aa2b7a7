#include "qt/state_dict_builder.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "report/inspect_report.h"
#include "testload/testload.h"
#include "transform/transform_plan.h"

#include <QLocale>

#include <algorithm>

namespace sl {
namespace {

// Node::dtype values besides a DType: no tensor below yet, or tensors of more than one dtype.
constexpr int kNone = -1;
constexpr int kMixed = -2;

int fold(int mine, int child)
{
    if (child == kNone || mine == child) return mine;
    return mine == kNone ? child : kMixed;
}

} // namespace

void StateDictBuilder::run()
{
    m_model.m_nodes.clear();
    m_model.m_flatRows.clear();
    m_model.m_nodeOfEntry.clear();
    m_model.m_nodeOfScan.clear();
    m_model.m_nodeByKey.clear();
    m_model.m_nodes.emplace_back(); // the invisible root
    if (!m_model.m_checkpoint) return;

    const std::vector<StateEntry> &entries = m_model.m_checkpoint->entries();
    // Module rows rarely outnumber leaves; reserving both avoids moving every node while growing.
    m_model.m_nodes.reserve(2 * entries.size() + 1);
    m_model.m_flatRows.reserve(entries.size());
    m_model.m_nodeOfEntry.assign(entries.size(), -1);
    m_model.m_nodeOfScan.assign(m_model.m_plan ? m_model.m_plan->tensors.size() : entries.size(), -1);
    m_modules.reserve(entries.size() / 2 + 1);
    m_deviceOf.push_back(kNone);
    if (m_model.m_plan)
        addPlanEntries();
    else
        addEntries();
    addGhosts();
    sumSubtrees();
}

int StateDictBuilder::addNode(int parent, std::string_view name, QString key)
{
    const int id = int(m_model.m_nodes.size());
    Node n;
    n.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
    n.key = std::move(key);
    n.parent = parent;
    n.row = int(m_model.m_nodes[size_t(parent)].children.size());
    m_model.m_nodes[size_t(parent)].children.push_back(id);
    m_model.m_nodes.push_back(std::move(n));
    m_deviceOf.push_back(kNone);
    return id;
}

// A leaf under its module rows, creating those on the way; `key` must outlive the builder.
int StateDictBuilder::addLeaf(const std::string &key)
{
    int parent = 0;
    size_t start = 0;
    for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        const std::string_view component(key.data() + start, dot - start);
        auto found = m_modules.find({parent, component});
        if (found == m_modules.end()) {
            const int id = addNode(parent, component, QString::fromUtf8(key.data(), qsizetype(dot)));
            found = m_modules.emplace(ChildKey{parent, component}, id).first;
        }
        parent = found->second;
        start = dot + 1;
    }
    return addNode(parent, std::string_view(key).substr(start), QString::fromStdString(key));
}

void StateDictBuilder::addEntries()
{
    const std::vector<StateEntry> &entries = m_model.m_checkpoint->entries();
    // The names shown: the saved keys, or what the edit rules make of them.
    if (m_model.m_mapping) {
        m_mappedNames.reserve(entries.size());
        for (const MappedKey &m : *m_model.m_mapping)
            m_mappedNames.push_back((m.dropped ? m.droppedAs : m.to).toStdString());
    }
    for (size_t i = 0; i < entries.size(); ++i) {
        const MappedKey *mapped = m_model.m_mapping ? &(*m_model.m_mapping)[i] : nullptr;
        if (mapped && mapped->dropped && !m_model.m_showDropped) continue;
        addEntry(i, mapped, mapped ? m_mappedNames[i] : entries[i].key, int(i));
    }
}

// One stored entry's row, named `key` (which must outlive the builder), with the scan figures at `scan`.
void StateDictBuilder::addEntry(size_t i, const MappedKey *mapped, const std::string &key, int scan)
{
    const StateEntry &entry = m_model.m_checkpoint->entries()[i];
    const int id = addLeaf(key);
    Node &leaf = m_model.m_nodes[size_t(id)];
    const TensorRef &t = m_model.m_checkpoint->tensor(entry.tensor);
    leaf.entry = int(i);
    m_model.m_nodeOfEntry[i] = id;
    leaf.scan = scan;
    if (scan >= 0) m_model.m_nodeOfScan[size_t(scan)] = id;
    leaf.tensor = entry.tensor;
    if (mapped) {
        leaf.dropped = mapped->dropped;
        leaf.renamed = !mapped->dropped && mapped->from != mapped->to;
        leaf.original = mapped->from;
    } else {
        leaf.original = leaf.key;
    }
    leaf.transformed =
        m_model.m_plan && i < m_model.m_plan->transformed.size() && m_model.m_plan->transformed[i];
    leaf.flatRow = int(m_model.m_flatRows.size());
    auto shape = m_shapes.try_emplace(t.shape);
    if (shape.second) shape.first->second = shapeText(t.shape);
    leaf.shape = shape.first->second;
    leaf.dtype = int(t.dtype);
    leaf.parameters = t.numel();
    leaf.bytes = t.nbytes();
    auto device = m_deviceIds.emplace(t.device, int(m_devices.size()));
    if (device.second) m_devices.push_back(QString::fromStdString(t.device));
    m_deviceOf[size_t(id)] = device.first->second;
    m_model.m_flatRows.push_back(id);
}

// The plan's state dict in its order. Dropped and consumed inputs sit where they were in the file: each
// comes just before the first resulting tensor at or after its place, so a transposed key's consumed
// original shows right above its derived replacement.
void StateDictBuilder::addPlanEntries()
{
    const TransformPlan &plan = *m_model.m_plan;
    m_mappedNames.reserve(plan.mapping.size());
    for (const MappedKey &m : plan.mapping)
        m_mappedNames.push_back((m.dropped ? m.droppedAs : m.to).toStdString());
    m_derivedNames.reserve(plan.tensors.size());
    for (const PlannedTensor &t : plan.tensors)
        m_derivedNames.push_back(t.key.toStdString());
    size_t next = 0; // the inputs before this one are placed
    auto placeDroppedUpTo = [&](size_t last) {
        for (; next <= last && next < plan.mapping.size(); ++next)
            if (plan.mapping[next].dropped && m_model.m_showDropped)
                addEntry(next, &plan.mapping[next], m_mappedNames[next], -1);
    };
    for (size_t k = 0; k < plan.tensors.size(); ++k) {
        const PlannedTensor &t = plan.tensors[k];
        if (!t.isDerived()) {
            placeDroppedUpTo(size_t(t.input));
            addEntry(size_t(t.input), &plan.mapping[size_t(t.input)], m_mappedNames[size_t(t.input)], int(k));
            continue;
        }
        if (!t.sources.empty())
            placeDroppedUpTo(size_t(*std::min_element(t.sources.begin(), t.sources.end())));
        addDerived(k);
    }
    if (!plan.mapping.empty()) placeDroppedUpTo(plan.mapping.size() - 1);
}

// A derived tensor's row: its key, shape and dtype as the plan computes them; the device of its first
// source, where the values come from.
void StateDictBuilder::addDerived(size_t k)
{
    const PlannedTensor &t = m_model.m_plan->tensors[k];
    const int id = addLeaf(m_derivedNames[k]);
    Node &leaf = m_model.m_nodes[size_t(id)];
    leaf.derived = int(k);
    leaf.scan = int(k);
    m_model.m_nodeOfScan[k] = id;
    leaf.original = t.steps.join(QLatin1String("; "));
    leaf.flatRow = int(m_model.m_flatRows.size());
    const std::vector<int64_t> &shape = m_model.m_plan->shape(k);
    auto text = m_shapes.try_emplace(shape);
    if (text.second) text.first->second = shapeText(shape);
    leaf.shape = text.first->second;
    const sl::DType dtype = m_model.m_plan->dtype(k);
    leaf.dtype = int(dtype);
    leaf.parameters = 1;
    for (int64_t d : shape)
        leaf.parameters *= d;
    leaf.bytes = leaf.parameters * int64_t(dtypeSize(dtype));
    if (!t.sources.empty()) {
        const std::string &device =
            m_model.m_checkpoint->tensor(m_model.m_checkpoint->entries()[size_t(t.sources.front())].tensor)
                .device;
        auto found = m_deviceIds.emplace(device, int(m_devices.size()));
        if (found.second) m_devices.push_back(QString::fromStdString(device));
        m_deviceOf[size_t(id)] = found.first->second;
    }
    m_model.m_flatRows.push_back(id);
}

// Keys the test-load target expects but nobody provides: ghost rows where they would sit, with the
// architecture's shape and dtype so the user sees what would fill them.
void StateDictBuilder::addGhosts()
{
    m_ghostNames.reserve(m_model.m_ghosts.size());
    for (const MissingTensor &g : m_model.m_ghosts)
        m_ghostNames.push_back(g.key.toStdString());
    for (size_t i = 0; i < m_ghostNames.size(); ++i) {
        const int id = addLeaf(m_ghostNames[i]);
        Node &ghost = m_model.m_nodes[size_t(id)];
        const MissingTensor &g = m_model.m_ghosts[i];
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
        ghost.flatRow = int(m_model.m_flatRows.size());
        m_model.m_flatRows.push_back(id);
    }
}

// Children always come after their parent, so one backward pass sums every subtree. Each key counts in
// full, tied weights too: that is what load_state_dict copies and what Checkpoint::parameterCount()
// reports, so the root's totals match `inspect`. Dropped keys and ghost rows show their own numbers
// but count in no total: totals are what an export would write.
void StateDictBuilder::sumSubtrees()
{
    for (size_t i = m_model.m_nodes.size() - 1; i > 0; --i) {
        Node &n = m_model.m_nodes[i];
        Node &p = m_model.m_nodes[size_t(n.parent)];
        auto size = m_sizes.try_emplace(n.bytes);
        if (size.second) size.first->second = byteSizeText(n.bytes, QLocale());
        n.size = size.first->second;
        if (m_deviceOf[i] >= 0) n.device = m_devices[size_t(m_deviceOf[i])];
        if (n.dropped || n.ghost) continue;
        p.parameters += n.parameters;
        p.bytes += n.bytes;
        p.dtype = fold(p.dtype, n.dtype); // kMixed shows as an empty cell
        m_deviceOf[size_t(n.parent)] = fold(m_deviceOf[size_t(n.parent)], m_deviceOf[i]);
    }
    m_model.m_scan.updateMarks(m_model.m_nodes);
}

} // namespace sl
