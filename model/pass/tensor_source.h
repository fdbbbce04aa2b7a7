#pragma once
// What a tensor pass reads: a tensor's dtype, shape and values in logical (row-major) order, pulled
// chunk by chunk. A stored tensor of an open file is one source; a virtual tensor (a transform
// computed when it is read) is another, so every pass works on both alike.

#include "format/dtype.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sl {

// A cursor over one source's elements. Pulling (rather than a callback) lets a pass read two
// sources in lock-step. Used by one thread at a time.
class TensorReader
{
public:
    virtual ~TensorReader() = default;
    // Up to `maxValues` next elements as float64 into `out`; returns how many (0 at the end).
    // Throws FormatError for unreadable data or a dtype without values.
    virtual size_t readValues(double *out, size_t maxValues) = 0;
    // Up to `maxElements` next elements as stored bytes into `out` (maxElements * elementSize bytes);
    // returns how many elements. Throws FormatError where the source has no stored bytes.
    virtual size_t readBytes(uint8_t *out, size_t maxElements) = 0;
};

class TensorSource
{
public:
    virtual ~TensorSource() = default;
    virtual DType dtype() const = 0;
    virtual const std::vector<int64_t> &shape() const = 0;
    // The bytes a full read touches, for progress.
    virtual int64_t byteSize() const { return numel() * dtypeSize(dtype()); }
    int64_t numel() const;
    // A fresh cursor at the first element. Throws FormatError when the data cannot be reached.
    virtual std::unique_ptr<TensorReader> reader() const = 0;
};

} // namespace sl
