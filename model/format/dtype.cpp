#include "format/dtype.h"

#include <cstring>

namespace sl {
namespace {

struct DTypeInfo
{
    DType type;
    const char *name;
    int size;
    const char *storageClass; // nullptr when torch 1.x has no typed storage for it
    const char *safetensors;  // nullptr when safetensors cannot hold it
};

const DTypeInfo kInfo[] = {
    {DType::Unknown, "unknown", 1, nullptr, nullptr},
    {DType::Float64, "float64", 8, "DoubleStorage", "F64"},
    {DType::Float32, "float32", 4, "FloatStorage", "F32"},
    {DType::Float16, "float16", 2, "HalfStorage", "F16"},
    {DType::BFloat16, "bfloat16", 2, "BFloat16Storage", "BF16"},
    {DType::Int64, "int64", 8, "LongStorage", "I64"},
    {DType::Int32, "int32", 4, "IntStorage", "I32"},
    {DType::Int16, "int16", 2, "ShortStorage", "I16"},
    {DType::Int8, "int8", 1, "CharStorage", "I8"},
    {DType::UInt8, "uint8", 1, "ByteStorage", "U8"},
    {DType::Bool, "bool", 1, "BoolStorage", "BOOL"},
    {DType::Complex32, "complex32", 4, nullptr, nullptr},
    {DType::Complex64, "complex64", 8, "ComplexFloatStorage", "C64"},
    {DType::Complex128, "complex128", 16, "ComplexDoubleStorage", nullptr},
    {DType::QUInt8, "quint8", 1, "QUInt8Storage", nullptr},
    {DType::QInt8, "qint8", 1, "QInt8Storage", nullptr},
    {DType::QInt32, "qint32", 4, "QInt32Storage", nullptr},
    {DType::QUInt4x2, "quint4x2", 1, "QUInt4x2Storage", nullptr},
    {DType::QUInt2x4, "quint2x4", 1, "QUInt2x4Storage", nullptr},
    {DType::UInt16, "uint16", 2, nullptr, "U16"},
    {DType::UInt32, "uint32", 4, nullptr, "U32"},
    {DType::UInt64, "uint64", 8, nullptr, "U64"},
    {DType::Float8_e5m2, "float8_e5m2", 1, nullptr, "F8_E5M2"},
    {DType::Float8_e4m3fn, "float8_e4m3fn", 1, nullptr, "F8_E4M3"},
    {DType::Float8_e5m2fnuz, "float8_e5m2fnuz", 1, nullptr, "F8_E5M2FNUZ"},
    {DType::Float8_e4m3fnuz, "float8_e4m3fnuz", 1, nullptr, "F8_E4M3FNUZ"},
    {DType::Float8_e8m0fnu, "float8_e8m0fnu", 1, nullptr, "F8_E8M0"},
    {DType::Float4_e2m1fn_x2, "float4_e2m1fn_x2", 1, nullptr, nullptr},
    {DType::Bits8, "bits8", 1, nullptr, nullptr},
    {DType::Bits16, "bits16", 2, nullptr, nullptr},
    {DType::Bits1x8, "bits1x8", 1, nullptr, nullptr},
    {DType::Bits2x4, "bits2x4", 1, nullptr, nullptr},
    {DType::Bits4x2, "bits4x2", 1, nullptr, nullptr},
};

const DTypeInfo &info(DType t)
{
    for (const auto &i : kInfo)
        if (i.type == t) return i;
    return kInfo[0];
}

} // namespace

const char *dtypeName(DType t)
{
    return info(t).name;
}
int dtypeSize(DType t)
{
    return info(t).size;
}

bool dtypeIsFloatingPoint(DType t)
{
    switch (t) {
    case DType::Float64:
    case DType::Float32:
    case DType::Float16:
    case DType::BFloat16:
    case DType::Float8_e5m2:
    case DType::Float8_e4m3fn:
    case DType::Float8_e5m2fnuz:
    case DType::Float8_e4m3fnuz:
    case DType::Float8_e8m0fnu:
        return true;
    default:
        return false;
    }
}

bool dtypeIsQuantized(DType t)
{
    return t == DType::QUInt8 || t == DType::QInt8 || t == DType::QInt32 || t == DType::QUInt4x2 ||
           t == DType::QUInt2x4;
}

DType dtypeFromTorchName(const std::string &name)
{
    for (const auto &i : kInfo)
        if (i.type != DType::Unknown && name == i.name) return i.type;
    // Python aliases that torch also exports as attributes.
    static const struct
    {
        const char *alias;
        DType t;
    } aliases[] = {
        {"float", DType::Float32},    {"double", DType::Float64},     {"half", DType::Float16},
        {"long", DType::Int64},       {"int", DType::Int32},          {"short", DType::Int16},
        {"cfloat", DType::Complex64}, {"cdouble", DType::Complex128}, {"chalf", DType::Complex32},
    };
    for (const auto &a : aliases)
        if (name == a.alias) return a.t;
    return DType::Unknown;
}

DType dtypeFromStorageClass(const std::string &name)
{
    for (const auto &i : kInfo)
        if (i.storageClass && name == i.storageClass) return i.type;
    if (name == "UntypedStorage") return DType::UInt8;
    return DType::Unknown;
}

std::string storageClassName(DType t)
{
    const char *s = info(t).storageClass;
    return s ? s : "";
}

DType dtypeFromSafetensors(const std::string &code)
{
    for (const auto &i : kInfo)
        if (i.safetensors && code == i.safetensors) return i.type;
    return DType::Unknown;
}

std::string safetensorsCode(DType t)
{
    const char *s = info(t).safetensors;
    return s ? s : "";
}

DType dtypeFromScalarTypeName(const std::string &name)
{
    static const struct
    {
        const char *name;
        DType t;
    } names[] = {
        {"FLOAT", DType::Float32},     {"DOUBLE", DType::Float64},    {"HALF", DType::Float16},
        {"BFLOAT16", DType::BFloat16}, {"INT64", DType::Int64},       {"INT32", DType::Int32},
        {"INT16", DType::Int16},       {"INT8", DType::Int8},         {"UINT8", DType::UInt8},
        {"BOOL", DType::Bool},         {"Float", DType::Float32},     {"Double", DType::Float64},
        {"Half", DType::Float16},      {"BFloat16", DType::BFloat16}, {"Long", DType::Int64},
        {"Int", DType::Int32},         {"Short", DType::Int16},       {"Char", DType::Int8},
        {"Byte", DType::UInt8},        {"Bool", DType::Bool},
    };
    for (const auto &n : names)
        if (name == n.name) return n.t;
    return DType::Unknown;
}

} // namespace sl
