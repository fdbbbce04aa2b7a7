#pragma once
// Tensor element types as PyTorch names them, with their sizes and the spellings each file format uses.

#include <cstdint>
#include <string>

namespace sl {

enum class DType : uint8_t {
    Unknown,
    Float64,
    Float32,
    Float16,
    BFloat16,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
    Complex32,
    Complex64,
    Complex128,
    QUInt8,
    QInt8,
    QInt32,
    QUInt4x2,
    QUInt2x4,
    UInt16,
    UInt32,
    UInt64,
    Float8_e5m2,
    Float8_e4m3fn,
    Float8_e5m2fnuz,
    Float8_e4m3fnuz,
    Float8_e8m0fnu,
    Float4_e2m1fn_x2,
    Bits8,
    Bits16,
    Bits1x8,
    Bits2x4,
    Bits4x2,
};

// PyTorch's name without the `torch.` prefix: "float32", "bfloat16", ...
const char *dtypeName(DType t);
// Bytes per element (for packed sub-byte types, bytes per storage element).
int dtypeSize(DType t);
bool dtypeIsFloatingPoint(DType t);
bool dtypeIsQuantized(DType t);

// `torch.<name>` as it appears in a pickle GLOBAL: float32, float, half, long, ...
DType dtypeFromTorchName(const std::string &name);
// Legacy storage class names: FloatStorage, BFloat16Storage, ... (torch.X and torch.cuda.X).
DType dtypeFromStorageClass(const std::string &name);
// Storage class name for writing: FloatStorage etc. Empty when the dtype has none (2.x-only types).
std::string storageClassName(DType t);
// safetensors codes: F32, BF16, I64, BOOL, ...
DType dtypeFromSafetensors(const std::string &code);
std::string safetensorsCode(DType t);
// TorchScript model.json dataType strings (FLOAT, DOUBLE, INT64, ...).
DType dtypeFromScalarTypeName(const std::string &name);

} // namespace sl
