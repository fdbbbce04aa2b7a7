#pragma once
// Stored elements as float64 with torch's semantics, for every dtype that has values to compute
// with: float16 and bfloat16 (torch's CPU conversion), float32, float64, the integer types and bool.
// Shared by the statistics and the tensor pass, so both read a value the same way.

#include "format/dtype.h"
#include "format/float16.h"
#include "format/parsed_file.h"

#include <cstring>
#include <string>

namespace sl {

// Elements are read with memcpy: a storage in a zip record need not be aligned for its type.
template <typename T> T loadAt(const uint8_t *p, int64_t i)
{
    T v;
    std::memcpy(&v, p + i * int64_t(sizeof(T)), sizeof(T));
    return v;
}

inline bool dtypeHasValues(DType t)
{
    switch (t) {
    case DType::Float64:
    case DType::Float32:
    case DType::Float16:
    case DType::BFloat16:
    case DType::Int64:
    case DType::Int32:
    case DType::Int16:
    case DType::Int8:
    case DType::UInt8:
    case DType::Bool:
        return true;
    default:
        return false;
    }
}

// Calls fn(load) with `load(p, i) -> double` for the dtype; refuses dtypes without values.
template <typename Fn> void withLoader(DType t, Fn &&fn)
{
    switch (t) {
    case DType::Float64:
        return fn([](const uint8_t *p, int64_t i) { return loadAt<double>(p, i); });
    case DType::Float32:
        return fn([](const uint8_t *p, int64_t i) { return double(loadAt<float>(p, i)); });
    case DType::Float16:
        return fn([](const uint8_t *p, int64_t i) { return double(floatFromHalf(loadAt<uint16_t>(p, i))); });
    case DType::BFloat16:
        return fn(
            [](const uint8_t *p, int64_t i) { return double(floatFromBFloat16(loadAt<uint16_t>(p, i))); });
    case DType::Int64:
        return fn([](const uint8_t *p, int64_t i) { return double(loadAt<int64_t>(p, i)); });
    case DType::Int32:
        return fn([](const uint8_t *p, int64_t i) { return double(loadAt<int32_t>(p, i)); });
    case DType::Int16:
        return fn([](const uint8_t *p, int64_t i) { return double(loadAt<int16_t>(p, i)); });
    case DType::Int8:
        return fn([](const uint8_t *p, int64_t i) { return double(loadAt<int8_t>(p, i)); });
    case DType::UInt8:
        return fn([](const uint8_t *p, int64_t i) { return double(p[i]); });
    case DType::Bool:
        return fn([](const uint8_t *p, int64_t i) { return p[i] ? 1.0 : 0.0; });
    default:
        throw FormatError(std::string("values of ") + dtypeName(t) + " tensors cannot be read as numbers");
    }
}

// `count` elements of dtype `t` from `src` into `out` as float64.
inline void convertToDouble(DType t, const uint8_t *src, double *out, int64_t count)
{
    withLoader(t, [&](auto load) {
        for (int64_t i = 0; i < count; ++i)
            out[i] = load(src, i);
    });
}

} // namespace sl
