#pragma once
// The pickle memo: the values PUT stored under an index, for GET to fetch again.

#include "format/value.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace sl {

class PickleMemo
{
public:
    // The value stored under `idx`, or nullptr when none was.
    Value *get(uint64_t idx) const
    {
        if (idx < m_slots.size() && m_slots[size_t(idx)]) return m_slots[size_t(idx)];
        auto it = m_far.find(idx);
        return it == m_far.end() ? nullptr : it->second;
    }
    void put(uint64_t idx, Value *v);
    // Distinct indices stored: len(memo), the index MEMOIZE uses.
    size_t count() const { return m_count; }

private:
    std::vector<Value *> m_slots; // nullptr: never stored
    std::unordered_map<uint64_t, Value *> m_far;
    size_t m_count = 0;
};

} // namespace sl
