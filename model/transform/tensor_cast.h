#pragma once
// Element type conversion with torch's CPU arithmetic: each element goes from its stored type to the
// target with C++'s static_cast, as c10's conversions do, and float16/bfloat16 are reached through
// float32 with round-to-nearest-even. Used by the cast rule and by pad's fill value.

#include "format/dtype.h"

#include <QString>

#include <cstddef>
#include <cstdint>

namespace sl {

// Whether `from` can be cast to `to`; false with the reason. Floating point to integer is refused:
// torch's result for values out of range is undefined behaviour, so no file should depend on it.
bool castSupported(DType from, DType to, QString *why);

// `count` elements of `from` at `src` written as `to` at `dst` (any alignment). castSupported first.
void castElements(DType from, const uint8_t *src, DType to, uint8_t *dst, size_t count);

// One value (a recipe's pad value) stored as `to`, as torch.full(..., value, dtype=to) stores it.
void encodeScalar(double value, DType to, uint8_t *dst);

} // namespace sl
