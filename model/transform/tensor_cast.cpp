#include "transform/tensor_cast.h"

#include "format/float16.h"

#include <QCoreApplication>

#include <cstring>

namespace sl {
namespace {

template <typename T> struct Native
{
    using Value = T;
    static Value load(const uint8_t *p)
    {
        T v;
        std::memcpy(&v, p, sizeof(T));
        return v;
    }
    static void store(Value v, uint8_t *p) { std::memcpy(p, &v, sizeof(T)); }
};
template <> struct Native<bool>
{
    using Value = bool;
    static Value load(const uint8_t *p) { return *p != 0; }
    static void store(Value v, uint8_t *p) { *p = v ? 1 : 0; }
};
// float16 and bfloat16 stand in as their float32 value, converted as c10 does.
template <uint16_t (*Encode)(float), float (*Decode)(uint16_t)> struct HalfNative
{
    using Value = float;
    static Value load(const uint8_t *p)
    {
        uint16_t h;
        std::memcpy(&h, p, 2);
        return Decode(h);
    }
    static void store(float v, uint8_t *p)
    {
        const uint16_t h = Encode(v);
        std::memcpy(p, &h, 2);
    }
};

template <typename Fn> bool withType(DType t, Fn &&fn)
{
    switch (t) {
    case DType::Float64:
        return fn(Native<double>{}), true;
    case DType::Float32:
        return fn(Native<float>{}), true;
    case DType::Float16:
        return fn(HalfNative<halfFromFloat, floatFromHalf>{}), true;
    case DType::BFloat16:
        return fn(HalfNative<bfloat16FromFloat, floatFromBFloat16>{}), true;
    case DType::Int64:
        return fn(Native<int64_t>{}), true;
    case DType::Int32:
        return fn(Native<int32_t>{}), true;
    case DType::Int16:
        return fn(Native<int16_t>{}), true;
    case DType::Int8:
        return fn(Native<int8_t>{}), true;
    case DType::UInt8:
        return fn(Native<uint8_t>{}), true;
    case DType::UInt16:
        return fn(Native<uint16_t>{}), true;
    case DType::UInt32:
        return fn(Native<uint32_t>{}), true;
    case DType::UInt64:
        return fn(Native<uint64_t>{}), true;
    case DType::Bool:
        return fn(Native<bool>{}), true;
    default:
        return false;
    }
}

template <typename To, typename From> typename To::Value convertValue(typename From::Value v)
{
    using Out = typename To::Value;
    if constexpr (std::is_same_v<Out, bool>)
        return v != typename From::Value(0);
    else
        return static_cast<Out>(v);
}

} // namespace

bool castSupported(DType from, DType to, QString *why)
{
    const bool fromKnown = withType(from, [](auto) {});
    const bool toKnown = withType(to, [](auto) {});
    if (!fromKnown || !toKnown) {
        if (why)
            *why = QCoreApplication::translate("TensorCast", "cannot cast %1 to %2")
                       .arg(QLatin1String(dtypeName(from)), QLatin1String(dtypeName(to)));
        return false;
    }
    if (dtypeIsFloatingPoint(from) && !dtypeIsFloatingPoint(to) && to != DType::Bool) {
        if (why)
            *why = QCoreApplication::translate(
                       "TensorCast", "casting %1 to %2 is refused: torch's result for values out of "
                                     "range is undefined")
                       .arg(QLatin1String(dtypeName(from)), QLatin1String(dtypeName(to)));
        return false;
    }
    return true;
}

void castElements(DType from, const uint8_t *src, DType to, uint8_t *dst, size_t count)
{
    const size_t inSize = size_t(dtypeSize(from)), outSize = size_t(dtypeSize(to));
    withType(from, [&](auto in) {
        using In = decltype(in);
        withType(to, [&](auto out) {
            using Out = decltype(out);
            for (size_t i = 0; i < count; ++i)
                Out::store(convertValue<Out, In>(In::load(src + i * inSize)), dst + i * outSize);
        });
    });
}

void encodeScalar(double value, DType to, uint8_t *dst)
{
    uint8_t bytes[8];
    std::memcpy(bytes, &value, 8);
    castElements(DType::Float64, bytes, to, dst, 1);
}

} // namespace sl
