#pragma once
// Values a pickle repeats, made once per pickle and shared: small ints, bools, None, and tuples of
// up to four such ints (the empty tuple too). Scalars and tuples are never changed once made
// (BUILD, APPENDS and SETITEMS refuse them), so sharing cannot be seen in the tree. Every tensor of
// a torch.save pickle names its offset, sizes, strides and requires_grad: for a 30,000-key file
// sharing them halved ~500,000 nodes, and with them the memory an open touches.

#include "format/value.h"

#include <array>
#include <functional>
#include <unordered_map>
#include <vector>

namespace sl {

class SharedValues
{
public:
    explicit SharedValues(ValueArena &arena) : m_arena(arena) {}

    Value *intValue(int64_t v);
    Value *boolValue(bool b);
    Value *noneValue();
    // The one tuple of these items if they can be shared, else a new one; `make` builds a tuple.
    Value *tupleValue(std::vector<Value *> items, const std::function<Value *(std::vector<Value *>)> &make);

private:
    bool isSharedInt(const Value *v) const;

    static constexpr int64_t kIntMin = -128, kIntEnd = 4096;
    struct SmallTuple
    {
        std::array<const Value *, 4> items; // nullptr past the end
        bool operator==(const SmallTuple &o) const { return items == o.items; }
    };
    struct SmallTupleHash
    {
        size_t operator()(const SmallTuple &t) const;
    };

    ValueArena &m_arena;
    std::vector<Value *> m_ints = std::vector<Value *>(size_t(kIntEnd - kIntMin), nullptr);
    Value *m_bools[2] = {nullptr, nullptr};
    Value *m_none = nullptr;
    std::unordered_map<SmallTuple, Value *, SmallTupleHash> m_tuples;
};

} // namespace sl
