#pragma once
// Chunked, read-only access to one tensor's bytes in logical (row-major) order, straight from the
// memory map. Contiguous tensors are handed out in place; strided views are gathered chunk by chunk.

#include "format/parsed_file.h"

#include <functional>

namespace sl {

class TensorBytes
{
public:
    TensorBytes(const ParsedFile &file, int tensorIndex);

    // Calls `sink(bytes, length)` with consecutive pieces of at most `chunkBytes` (whole elements).
    // Stops early and returns false when `sink` returns false (cancel). Throws FormatError.
    bool forEachChunk(size_t chunkBytes, const std::function<bool(const uint8_t *, size_t)> &sink) const;

    bool isContiguous() const;

private:
    const ParsedFile &m_file;
    const TensorRef &m_tensor;
};

} // namespace sl
