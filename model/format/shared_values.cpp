#include "format/shared_values.h"

#include <algorithm>

namespace sl {

Value *SharedValues::intValue(int64_t v)
{
    if (v < kIntMin || v >= kIntEnd) return m_arena.makeInt(v);
    Value *&shared = m_ints[size_t(v - kIntMin)];
    if (!shared) shared = m_arena.makeInt(v);
    return shared;
}

Value *SharedValues::boolValue(bool b)
{
    Value *&shared = m_bools[b];
    if (!shared) {
        shared = m_arena.make(ValueKind::Bool);
        shared->integer = b;
    }
    return shared;
}

Value *SharedValues::noneValue()
{
    if (!m_none) m_none = m_arena.make(ValueKind::None);
    return m_none;
}

Value *SharedValues::tupleValue(std::vector<Value *> items,
                                const std::function<Value *(std::vector<Value *>)> &make)
{
    SmallTuple key{};
    const bool shareable =
        items.size() <= key.items.size() &&
        std::all_of(items.begin(), items.end(), [this](const Value *v) { return isSharedInt(v); });
    if (!shareable) return make(std::move(items));
    std::copy(items.begin(), items.end(), key.items.begin());
    Value *&shared = m_tuples[key];
    if (!shared) shared = make(std::move(items));
    return shared;
}

bool SharedValues::isSharedInt(const Value *v) const
{
    return v->kind == ValueKind::Int && v->integer >= kIntMin && v->integer < kIntEnd &&
           m_ints[size_t(v->integer - kIntMin)] == v;
}

size_t SharedValues::SmallTupleHash::operator()(const SmallTuple &t) const
{
    size_t h = 0;
    for (const Value *v : t.items)
        h = h * 1000003u ^ std::hash<const Value *>()(v);
    return h;
}

} // namespace sl
