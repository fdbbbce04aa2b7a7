#pragma once
// A pickle interpreter that only decodes. GLOBAL names are looked up in an allow-list of torch
// semantics; everything else becomes an opaque Object that is recorded, never imported or called.

#include "format/parsed_file.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace sl {

struct PickleLimits
{
    size_t maxStack = size_t(1) << 26;
    size_t maxMarks = 1 << 20;
    int maxDepth = 1000;          // containers nested deeper than this are refused
    size_t maxBigIntBytes = 4096; // LONG1/LONG4 magnitudes
};

struct PickleContext
{
    explicit PickleContext(ParsedFile &f) : file(f) {}
    ParsedFile &file; // tensors go to file.tensors, unsafe names to file.unsafeGlobals
    ValueArena *arena = nullptr;
    // Turns a persistent id (the value pickled by persistent_id) into a Storage value. Throws FormatError.
    std::function<Value *(Value *pid)> persistentLoad;
    bool torchScript = false; // `__torch__.*` classes are TorchScript types, not Python imports
    PickleLimits limits;
};

// Runs one pickle starting at data[0]. Returns the value left by STOP; `consumed` gets the bytes read.
// Throws FormatError with the opcode offset on malformed input.
Value *loadPickle(const uint8_t *data, size_t size, PickleContext &ctx, size_t *consumed = nullptr);

// Raises nesting depth of `parent` after `child` was put in it; throws past the limit.
void noteChild(Value *parent, const Value *child, const PickleContext &ctx);

} // namespace sl
