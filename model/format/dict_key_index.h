#pragma once
// Where each string or int key already sits in the dicts a pickle builds, so that SETITEMS can replace
// a repeated key in place, as a Python dict does, without a quadratic scan of a 30,000-key state dict.

#include "format/value.h"

#include <string_view>
#include <unordered_map>

namespace sl {

class DictKeyIndex
{
public:
    // Position in `dict->items` of a key equal to the string or int `key`, or nullptr. Small dicts are
    // scanned; a large one is indexed on its first lookup and kept up to date through added().
    size_t *find(Value *dict, const Value *key);
    // `key` (a string or int) was appended to `dict->items` at `position`.
    void added(const Value *dict, const Value *key, size_t position);

private:
    // The views point into key values in the arena, which outlive the pickle run.
    struct Keys
    {
        std::unordered_map<std::string_view, size_t> strings;
        std::unordered_map<int64_t, size_t> ints;

        void add(const Value *key, size_t position);
        size_t *find(const Value *key);
    };

    std::unordered_map<const Value *, Keys> m_dicts;
    size_t m_scratchPosition = 0;
};

} // namespace sl
