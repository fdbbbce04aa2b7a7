#include "format/pickle_memo.h"

namespace sl {

void PickleMemo::put(uint64_t idx, Value *v)
{
    // Picklers number memo slots 0, 1, 2, ...: a vector serves them without a hash per PUT. An
    // index far past the entries stored so far (a hand-made pickle) goes to the map instead, so
    // the vector never grows faster than the input does.
    if (idx < m_slots.size() || idx <= 2 * m_count + 1024) {
        if (idx == m_slots.size())
            m_slots.push_back(nullptr);
        else if (idx > m_slots.size())
            m_slots.resize(size_t(idx) + 1);
        Value *&slot = m_slots[size_t(idx)];
        if (!slot) {
            const bool wasFar = !m_far.empty() && m_far.erase(idx) > 0;
            if (!wasFar) ++m_count;
        }
        slot = v;
        return;
    }
    if (m_far.insert_or_assign(idx, v).second) ++m_count;
}

} // namespace sl
