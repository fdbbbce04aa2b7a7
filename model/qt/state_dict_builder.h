#pragma once
// Builds StateDictModel's rows in one pass: module rows from the keys' dotted components, leaves for
// the entries as mapped (or the plan's resulting state dict, derived tensors included), ghost rows for
// keys a test-load misses, and every module's totals, dtype and device summed from below.

#include "qt/state_dict_model.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sl {

class StateDictBuilder
{
public:
    explicit StateDictBuilder(StateDictModel &model) : m_model(model) {}

    // Replaces the model's rows, from its checkpoint, mapping or plan, and ghosts. The model resets
    // around this itself.
    void run();

private:
    using Node = StateDictModel::Node;

    // Module rows are found by (parent node, component); the views point into the checkpoint's keys
    // or into the names held here, so building the tree allocates no strings for lookups.
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

    int addNode(int parent, std::string_view name, QString key);
    int addLeaf(const std::string &key);
    void addEntries();
    void addEntry(size_t entry, const MappedKey *mapped, const std::string &key, int scan);
    void addPlanEntries();
    void addDerived(size_t index);
    void addGhosts();
    void sumSubtrees();

    StateDictModel &m_model;
    // The names shown, when they are not the saved keys: what the edit rules make of them, and the
    // ghost keys. Reserved before filling, so the views into them stay valid.
    std::vector<std::string> m_mappedNames;
    std::vector<std::string> m_ghostNames;
    std::vector<std::string> m_derivedNames; // the plan's tensors' keys, by index
    std::unordered_map<ChildKey, int, ChildKeyHash> m_modules;
    std::unordered_map<std::string, int> m_deviceIds;
    std::vector<QString> m_devices;
    std::vector<int> m_deviceOf; // parallel to the model's nodes, folded like dtype
    // Few distinct shapes and sizes recur across thousands of keys: format each once and share it.
    std::map<std::vector<int64_t>, QString> m_shapes;
    std::unordered_map<int64_t, QString> m_sizes;
};

} // namespace sl
