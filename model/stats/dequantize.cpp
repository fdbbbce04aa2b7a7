#include "stats/dequantize.h"

#include "document/tensor_bytes.h"

#include <cstring>

namespace sl {
namespace {

// Per-channel parameters are one value per channel: more than this is not a real model.
constexpr int64_t kMaxChannels = int64_t(1) << 24;

template <typename T> T loadAt(const uint8_t *p, int64_t i)
{
    T v;
    std::memcpy(&v, p + i * int64_t(sizeof(T)), sizeof(T));
    return v;
}

} // namespace

std::vector<double> tensorValuesAsDouble(const ParsedFile &file, int tensorIndex)
{
    const TensorRef &t = file.tensors.at(size_t(tensorIndex));
    if (t.layout != TensorLayout::Strided || t.numel() > kMaxChannels)
        throw FormatError("quantization parameters are not a small dense tensor");
    std::vector<double> out;
    out.reserve(size_t(t.numel()));
    TensorBytes(file, tensorIndex).forEachChunk(size_t(1) << 20, [&](const uint8_t *p, size_t n) {
        const int64_t count = int64_t(n) / dtypeSize(t.dtype);
        for (int64_t i = 0; i < count; ++i) {
            switch (t.dtype) {
            case DType::Float64:
                out.push_back(loadAt<double>(p, i));
                break;
            case DType::Float32:
                out.push_back(double(loadAt<float>(p, i)));
                break;
            case DType::Int64:
                out.push_back(double(loadAt<int64_t>(p, i)));
                break;
            case DType::Int32:
                out.push_back(double(loadAt<int32_t>(p, i)));
                break;
            default:
                throw FormatError(std::string("quantization parameters of dtype ") + dtypeName(t.dtype));
            }
        }
        return true;
    });
    return out;
}

Dequantizer::Dequantizer(const ParsedFile &file, const TensorRef &t)
    : m_dtype(t.dtype), m_perChannel(t.quantization && t.quantization->perChannel())
{
    if (!t.quantization) throw FormatError("the tensor is not quantized");
    if (t.dtype != DType::QInt8 && t.dtype != DType::QUInt8 && t.dtype != DType::QInt32)
        throw FormatError(std::string("values of ") + dtypeName(t.dtype) + " tensors cannot be dequantized");
    const Quantization &q = *t.quantization;
    if (!m_perChannel) {
        m_scale = q.scale;
        m_zeroPoint = q.zeroPoint;
        return;
    }
    if (q.axis < 0 || size_t(q.axis) >= t.shape.size())
        throw FormatError("the quantization axis " + std::to_string(q.axis) + " is not a dimension");
    m_scales = tensorValuesAsDouble(file, q.scales);
    for (double z : tensorValuesAsDouble(file, q.zeroPoints))
        m_zeroPoints.push_back(int64_t(z));
    m_channels = t.shape[size_t(q.axis)];
    for (size_t d = size_t(q.axis) + 1; d < t.shape.size(); ++d)
        m_inner *= t.shape[d];
    if (int64_t(m_scales.size()) != m_channels || int64_t(m_zeroPoints.size()) != m_channels)
        throw FormatError("the per-channel scales and zero points do not match the channel count");
}

double Dequantizer::stored(const uint8_t *p, int64_t i) const
{
    switch (m_dtype) {
    case DType::QInt8:
        return double(loadAt<int8_t>(p, i));
    case DType::QUInt8:
        return double(p[i]);
    default:
        return double(loadAt<int32_t>(p, i));
    }
}

void Dequantizer::run(const uint8_t *p, int64_t first, int64_t count, float *out) const
{
    if (!m_perChannel) {
        // torch's per-tensor kernel: (float(q) - float(zero_point)) * float(scale), in float.
        const float scale = float(m_scale), zero = float(m_zeroPoint);
        for (int64_t i = 0; i < count; ++i)
            out[i] = (float(stored(p, i)) - zero) * scale;
        return;
    }
    // The per-channel kernel computes (q - zero_point) * scale in double and rounds once.
    for (int64_t i = 0; i < count; ++i) {
        const size_t c = size_t(((first + i) / m_inner) % m_channels);
        out[i] = float((stored(p, i) - double(m_zeroPoints[c])) * m_scales[c]);
    }
}

} // namespace sl
