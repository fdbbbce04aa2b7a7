#include "document/module_state_dict.h"

#include <unordered_set>

namespace sl {
namespace {

const Value *attribute(const Value *module, const char *name)
{
    return module->state ? module->state->dictGet(name) : nullptr;
}

} // namespace

bool isPickledModule(const Value *v)
{
    return v && v->kind == ValueKind::Object && v->state && v->state->kind == ValueKind::Dict &&
           v->state->dictGet("_parameters") && v->state->dictGet("_modules");
}

std::vector<StateEntry> moduleStateDict(const Value *root)
{
    std::vector<StateEntry> out;
    struct Frame
    {
        const Value *module;
        std::string prefix;
    };
    // Depth-first in registration order, like Module.state_dict(); explicit stack, cycle-safe.
    std::vector<Frame> stack{{root, ""}};
    std::unordered_set<const Value *> seen;
    while (!stack.empty()) {
        Frame f = std::move(stack.back());
        stack.pop_back();
        if (!isPickledModule(f.module) || !seen.insert(f.module).second || f.prefix.size() > 65536) continue;
        std::unordered_set<std::string> nonPersistent;
        if (const Value *np = attribute(f.module, "_non_persistent_buffers_set");
            np && np->kind == ValueKind::Set)
            for (const Value *n : np->items)
                if (n->isString()) nonPersistent.insert(n->text);
        for (const char *group : {"_parameters", "_buffers"}) {
            const Value *d = attribute(f.module, group);
            if (!d || d->kind != ValueKind::Dict) continue;
            for (size_t i = 0; i < d->dictSize(); ++i) {
                const Value *k = d->dictKey(i), *v = d->dictValue(i);
                if (!k->isString() || v->kind != ValueKind::Tensor)
                    continue; // None placeholders, e.g. a Linear without bias
                if (group[1] == 'b' && nonPersistent.count(k->text)) continue;
                out.push_back({f.prefix + k->text, int(v->tensorIndex)});
            }
        }
        const Value *children = attribute(f.module, "_modules");
        if (children && children->kind == ValueKind::Dict)
            for (size_t i = children->dictSize(); i-- > 0;)
                if (children->dictKey(i)->isString())
                    stack.push_back({children->dictValue(i), f.prefix + children->dictKey(i)->text + "."});
    }
    return out;
}

} // namespace sl
