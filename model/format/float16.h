#pragma once
// float16 and bfloat16 bit conversions that match torch 1.13's CPU conversion of a contiguous float32
// tensor (`tensor.half()`, `tensor.bfloat16()`) bit for bit: round to nearest even; NaN becomes
// 0x7E00 with its sign for float16, and 0xFFFF for bfloat16 (the vectorised kernel's NaN; torch's
// scalar path, used for strided tensors only, writes 0x7FC0).

#include <cmath>
#include <cstdint>
#include <cstring>

namespace sl {

inline uint32_t floatBits(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

inline float floatFromBits(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// The FP16 library's fp16_ieee_from_fp32_value, which c10::Half uses: scaling by 2^112 then 2^-110
// makes the float unit round the mantissa, and adding a biased power of two aligns it.
inline uint16_t halfFromFloat(float f)
{
    const float scaleToInf = floatFromBits(uint32_t(239) << 23);
    const float scaleToZero = floatFromBits(uint32_t(17) << 23);
    float base = (std::fabs(f) * scaleToInf) * scaleToZero;
    const uint32_t w = floatBits(f);
    const uint32_t shl1 = w + w;
    const uint32_t sign = w & 0x80000000u;
    uint32_t bias = shl1 & 0xFF000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    base = floatFromBits((bias >> 1) + 0x07800000u) + base;
    const uint32_t bits = floatBits(base);
    const uint32_t nonsign = ((bits >> 13) & 0x00007C00u) + (bits & 0x00000FFFu);
    return uint16_t((sign >> 16) | (shl1 > 0xFF000000u ? 0x7E00u : nonsign));
}

inline uint16_t bfloat16FromFloat(float f)
{
    if (std::isnan(f)) return 0xFFFF;
    const uint32_t u = floatBits(f);
    return uint16_t((u + ((u >> 16) & 1) + 0x7FFFu) >> 16);
}

inline float floatFromHalf(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    if (exponent == 0) {
        const float magnitude = std::ldexp(float(mantissa), -24); // zero or subnormal: exact
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 31) return floatFromBits(sign | 0x7F800000u | (mantissa << 13));
    return floatFromBits(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

inline float floatFromBFloat16(uint16_t b)
{
    return floatFromBits(uint32_t(b) << 16);
}

} // namespace sl
