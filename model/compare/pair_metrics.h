#pragma once
// The pass visitors of a comparison: the metrics of one tensor pair with torch.isclose's test, and
// the byte hash and byte equality that recognise a renamed tensor.

#include "compare/diff_entry.h"
#include "pass/tensor_pass.h"

namespace sl {

class PairMetricsVisitor : public PassVisitor
{
public:
    PairMetricsVisitor(double atol, double rtol) : m_atol(atol), m_rtol(rtol) {}
    void values(const double *a, const double *b, size_t n) override;
    PairMetrics metrics() const;

private:
    double m_atol, m_rtol;
    int64_t m_finite = 0, m_mismatched = 0;
    double m_maxAbs = 0, m_sumAbs = 0, m_diffSq = 0, m_aSq = 0, m_bSq = 0, m_dot = 0;
};

// A 64-bit hash of the stored bytes in logical order; equal tensors hash equal whatever their strides.
class ByteHashVisitor : public PassVisitor
{
public:
    void bytes(const uint8_t *a, const uint8_t *b, size_t n, size_t elementSize) override;
    uint64_t hash() const { return m_hash; }

private:
    uint64_t m_hash = 0x9E3779B97F4A7C15ull;
};

// Whether a pair's stored bytes are identical.
class BytesEqualVisitor : public PassVisitor
{
public:
    void bytes(const uint8_t *a, const uint8_t *b, size_t n, size_t elementSize) override;
    bool equal() const { return m_equal; }

private:
    bool m_equal = true;
};

} // namespace sl
