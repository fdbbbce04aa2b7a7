#pragma once
// A quantized tensor's real values, as torch 1.13's CPU t.dequantize() gives them (float32), so that
// statistics and histograms of quantized weights are those of the weights the model computes with.

#include "format/parsed_file.h"

#include <vector>

namespace sl {

class Dequantizer
{
public:
    // Reads the per-channel scales and zero points. Throws FormatError for a tensor that is not
    // quantized, a dtype without dequantization (quint4x2, ...) or unreadable parameters.
    Dequantizer(const ParsedFile &file, const TensorRef &t);

    // Dequantizes `count` stored elements that start at logical element `first`, into `out`.
    void run(const uint8_t *stored, int64_t first, int64_t count, float *out) const;

    const std::vector<double> &scales() const { return m_scales; }
    const std::vector<int64_t> &zeroPoints() const { return m_zeroPoints; }

private:
    double stored(const uint8_t *p, int64_t i) const;

    DType m_dtype;
    bool m_perChannel;
    double m_scale = 0;
    int64_t m_zeroPoint = 0;
    std::vector<double> m_scales;
    std::vector<int64_t> m_zeroPoints;
    int64_t m_inner = 1, m_channels = 1; // per channel: elements per channel step, channel count
};

// The values of a small tensor (scales, zero points) as doubles, in logical order. Throws FormatError.
std::vector<double> tensorValuesAsDouble(const ParsedFile &file, int tensorIndex);

} // namespace sl
