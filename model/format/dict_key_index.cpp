#include "format/dict_key_index.h"

namespace sl {

void DictKeyIndex::Keys::add(const Value *key, size_t position)
{
    if (key->kind == ValueKind::String)
        strings.emplace(key->text, position);
    else if (key->kind == ValueKind::Int)
        ints.emplace(key->integer, position);
}

size_t *DictKeyIndex::Keys::find(const Value *key)
{
    if (key->kind == ValueKind::String) {
        auto it = strings.find(key->text);
        return it == strings.end() ? nullptr : &it->second;
    }
    auto it = ints.find(key->integer);
    return it == ints.end() ? nullptr : &it->second;
}

size_t *DictKeyIndex::find(Value *dict, const Value *key)
{
    constexpr size_t kIndexFrom = 32;
    auto it = m_dicts.find(dict);
    if (it == m_dicts.end()) {
        if (dict->items.size() < 2 * kIndexFrom) {
            for (size_t j = 0; j + 1 < dict->items.size(); j += 2) {
                const Value *k = dict->items[j];
                if (k->kind == key->kind && k->text == key->text && k->integer == key->integer) {
                    m_scratchPosition = j;
                    return &m_scratchPosition;
                }
            }
            return nullptr;
        }
        it = m_dicts.emplace(dict, Keys()).first;
        for (size_t j = 0; j + 1 < dict->items.size(); j += 2)
            it->second.add(dict->items[j], j);
    }
    return it->second.find(key);
}

void DictKeyIndex::added(const Value *dict, const Value *key, size_t position)
{
    if (auto it = m_dicts.find(dict); it != m_dicts.end()) it->second.add(key, position);
}

} // namespace sl
