#include "document/root_finder.h"

#include "document/module_state_dict.h"

#include <deque>
#include <unordered_set>

namespace sl {
namespace {

// Keys under which training frameworks keep the weights, most specific first.
const char *const kWellKnownRoots[] = {
    "state_dict", "model_state_dict", "model",          "module", "net",     "network",   "ema",
    "model_ema",  "state_dict_ema",   "ema_state_dict", "params", "weights", "generator", "student",
};

int tensorValues(const Value *d)
{
    int n = 0;
    for (size_t i = 0; i < d->dictSize(); ++i)
        n += d->dictKey(i)->isString() && d->dictValue(i)->kind == ValueKind::Tensor;
    return n;
}

bool isTensorDict(const Value *v)
{
    if (!v || v->kind != ValueKind::Dict) return false;
    const int tensors = tensorValues(v);
    return tensors > 0 && size_t(tensors) * 2 >= v->dictSize();
}

// A dict key as a dotted-name component: strings as they are, ints (optimizer parameter ids) in
// decimal; anything else cannot be named.
std::string componentName(const Value *k)
{
    if (k->isString()) return k->text;
    if (k->kind == ValueKind::Int) return std::to_string(k->integer);
    return {};
}

// The tensors below `d` at any depth, named by their dotted path ("0.exp_avg"), in dict order, as an
// optimizer's state holds them. Cycle-safe and depth-capped like the automatic root search.
void nestedEntries(const Value *d, const std::string &prefix, int depth,
                   std::unordered_set<const Value *> &seen, std::vector<StateEntry> &out)
{
    if (depth > 16) return;
    for (size_t i = 0; i < d->dictSize(); ++i) {
        const std::string name = componentName(d->dictKey(i));
        const Value *v = d->dictValue(i);
        if (name.empty() || !v) continue;
        if (v->kind == ValueKind::Tensor)
            out.push_back({prefix + name, int(v->tensorIndex)});
        else if (v->kind == ValueKind::Dict && seen.insert(v).second)
            nestedEntries(v, prefix + name + ".", depth + 1, seen, out);
    }
}

bool isRootCandidate(const Value *v)
{
    return isTensorDict(v) || isPickledModule(v);
}

const Value *child(const Value *v, const std::string &name)
{
    switch (v->kind) {
    case ValueKind::Dict:
        for (size_t i = 0; i < v->dictSize(); ++i) {
            const Value *k = v->dictKey(i);
            if ((k->isString() && k->text == name) ||
                (k->kind == ValueKind::Int && std::to_string(k->integer) == name))
                return v->dictValue(i);
        }
        return nullptr;
    case ValueKind::List:
    case ValueKind::Tuple: {
        char *end = nullptr;
        unsigned long long i = std::strtoull(name.c_str(), &end, 10);
        return !name.empty() && *end == '\0' && i < v->items.size() ? v->items[size_t(i)] : nullptr;
    }
    case ValueKind::Object:
        return v->state ? child(v->state, name) : nullptr;
    default:
        return nullptr;
    }
}

} // namespace

bool isTensorTuple(const Value *v)
{
    if (!v || v->kind != ValueKind::Tuple || v->items.empty() || v->items.size() > kMaxTupleEntries)
        return false;
    bool tensor = false;
    for (const Value *item : v->items) {
        if (item->kind == ValueKind::Tensor)
            tensor = true;
        else if (item->kind != ValueKind::None)
            return false;
    }
    return tensor;
}

RootPath parseRootPath(const std::string &text)
{
    RootPath out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t slash = text.find('/', start);
        std::string part = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (!part.empty()) out.push_back(part);
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

std::string joinRootPath(const RootPath &path)
{
    std::string s;
    for (const auto &p : path)
        s += (s.empty() ? "" : "/") + p;
    return s;
}

const Value *resolveRootPath(const Value *top, const RootPath &path, std::string *error)
{
    const Value *v = top;
    for (size_t i = 0; i < path.size(); ++i) {
        const Value *next = child(v, path[i]);
        if (!next) {
            if (error)
                *error = "root path '" + joinRootPath(path) + "' does not exist: no '" + path[i] + "' in " +
                         (i ? "'" + joinRootPath(RootPath(path.begin(), path.begin() + long(i))) + "'"
                            : std::string("the top level"));
            return nullptr;
        }
        v = next;
    }
    return v;
}

RootPath findStateDictRoot(const Value *top)
{
    if (!top || top->kind == ValueKind::Tensor || isPickledModule(top)) return {};
    // Well-known keys, also one or two levels down ({'model': {'state_dict': ...}}).
    RootPath prefix;
    const Value *level = top;
    for (int depth = 0; depth < 3 && level && level->kind == ValueKind::Dict; ++depth) {
        const Value *descend = nullptr;
        std::string descendName;
        for (const char *name : kWellKnownRoots) {
            const Value *c = level->dictGet(name);
            if (isRootCandidate(c)) {
                prefix.push_back(name);
                return prefix;
            }
            if (!descend && c && c->kind == ValueKind::Dict) {
                descend = c;
                descendName = name;
            }
        }
        if (depth == 0 && isTensorDict(top)) return {};
        if (!descend) break;
        prefix.push_back(descendName);
        level = descend;
    }
    if (isTensorDict(top)) return {};
    // Otherwise the candidate with the most tensors, breadth first, cycle-safe and depth-capped.
    struct Item
    {
        const Value *v;
        RootPath path;
    };
    std::deque<Item> queue{{top, {}}};
    std::unordered_set<const Value *> seen;
    RootPath best;
    size_t bestCount = 0;
    while (!queue.empty()) {
        Item it = std::move(queue.front());
        queue.pop_front();
        if (!it.v || !seen.insert(it.v).second || it.path.size() > 8) continue;
        if (isRootCandidate(it.v)) {
            size_t count = isPickledModule(it.v) ? moduleStateDict(it.v).size() : size_t(tensorValues(it.v));
            if (count > bestCount) {
                bestCount = count;
                best = it.path;
            }
        }
        if (it.v->kind == ValueKind::Dict) {
            for (size_t i = 0; i < it.v->dictSize(); ++i) {
                const Value *k = it.v->dictKey(i);
                std::string name = k->isString()               ? k->text
                                   : k->kind == ValueKind::Int ? std::to_string(k->integer)
                                                               : "";
                if (name.empty() || name.find('/') != std::string::npos) continue;
                RootPath p = it.path;
                p.push_back(name);
                queue.push_back({it.v->dictValue(i), std::move(p)});
            }
        } else if (it.v->isSequence()) {
            for (size_t i = 0; i < it.v->items.size() && i < 1024; ++i) {
                RootPath p = it.path;
                p.push_back(std::to_string(i));
                queue.push_back({it.v->items[i], std::move(p)});
            }
        }
    }
    return best;
}

std::vector<StateEntry> stateEntriesAt(const Value *node)
{
    std::vector<StateEntry> out;
    if (!node) return out;
    if (node->kind == ValueKind::Tensor) {
        out.push_back({"tensor", int(node->tensorIndex)});
    } else if (isPickledModule(node)) {
        out = moduleStateDict(node);
    } else if (node->kind == ValueKind::Dict) {
        const size_t before = out.size();
        for (size_t i = 0; i < node->dictSize(); ++i) {
            if (!node->dictKey(i)->isString()) continue;
            const std::string &key = node->dictKey(i)->text;
            const Value *v = node->dictValue(i);
            if (v->kind == ValueKind::Tensor) {
                out.push_back({key, int(v->tensorIndex)});
            } else if (isTensorTuple(v)) {
                for (size_t j = 0; j < v->items.size(); ++j)
                    if (v->items[j]->kind == ValueKind::Tensor)
                        out.push_back({key + "." + std::to_string(j), int(v->items[j]->tensorIndex)});
            }
        }
        if (out.size() == before) {
            std::unordered_set<const Value *> seen{node};
            nestedEntries(node, std::string(), 0, seen, out);
        }
    }
    return out;
}

bool isNestedTensorRoot(const Value *node)
{
    if (!node || node->kind != ValueKind::Dict || tensorValues(node) > 0) return false;
    // A dict of quantized packed-param tuples holds its tensors itself; it is not a nested root.
    for (size_t i = 0; i < node->dictSize(); ++i)
        if (isTensorTuple(node->dictValue(i))) return false;
    return !stateEntriesAt(node).empty();
}

namespace {

// True when every leaf below the dict `d`, at any depth, is a tensor; cycles and depth past the
// nested search's cap count as non-tensor leaves.
bool onlyTensorLeaves(const Value *d, int depth, std::unordered_set<const Value *> &seen)
{
    if (depth > 16) return false;
    for (size_t i = 0; i < d->dictSize(); ++i) {
        const Value *v = d->dictValue(i);
        if (!v) return false;
        if (v->kind == ValueKind::Dict) {
            if (!seen.insert(v).second || !onlyTensorLeaves(v, depth + 1, seen)) return false;
        } else if (v->kind != ValueKind::Tensor) {
            return false;
        }
    }
    return true;
}

} // namespace

bool isRootCandidateNode(const Value *node)
{
    if (!node) return false;
    if (!isNestedTensorRoot(node)) return !stateEntriesAt(node).empty();
    std::unordered_set<const Value *> seen{node};
    return onlyTensorLeaves(node, 0, seen);
}

} // namespace sl
