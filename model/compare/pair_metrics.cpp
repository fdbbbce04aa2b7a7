#include "compare/pair_metrics.h"

#include <cmath>
#include <cstring>

namespace sl {

const char *diffStatusName(DiffStatus s)
{
    switch (s) {
    case DiffStatus::Same:
        return "same";
    case DiffStatus::Changed:
        return "changed";
    case DiffStatus::DtypeChanged:
        return "dtype_changed";
    case DiffStatus::ShapeChanged:
        return "shape_changed";
    case DiffStatus::Renamed:
        return "renamed";
    case DiffStatus::OnlyA:
        return "only_a";
    case DiffStatus::OnlyB:
        return "only_b";
    }
    return "?";
}

void PairMetricsVisitor::values(const double *a, const double *b, size_t n)
{
    // Per-chunk partial sums keep the rounding error near that of a pairwise sum.
    double sumAbs = 0, diffSq = 0, aSq = 0, bSq = 0, dot = 0, maxAbs = m_maxAbs;
    int64_t finite = 0, mismatched = 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = a[i], y = b[i];
        if (std::isfinite(x) && std::isfinite(y)) {
            const double d = std::fabs(x - y);
            ++finite;
            sumAbs += d;
            maxAbs = d > maxAbs ? d : maxAbs;
            diffSq += d * d;
            aSq += x * x;
            bSq += y * y;
            dot += x * y;
            // torch.isclose: finite values within atol + rtol * |b| (exact when both are 0).
            mismatched += !(x == y || d <= m_atol + m_rtol * std::fabs(y));
        } else {
            // NaN matches NaN (equal_nan), an infinity matches only the same infinity.
            mismatched += !(x == y || (std::isnan(x) && std::isnan(y)));
        }
    }
    m_maxAbs = maxAbs;
    m_sumAbs += sumAbs;
    m_diffSq += diffSq;
    m_aSq += aSq;
    m_bSq += bSq;
    m_dot += dot;
    m_finite += finite;
    m_mismatched += mismatched;
}

PairMetrics PairMetricsVisitor::metrics() const
{
    PairMetrics m;
    m.mismatched = m_mismatched;
    m.diffSquares = m_diffSq;
    m.aSquares = m_aSq;
    if (m_finite > 0) {
        m.maxAbsDiff = m_maxAbs;
        m.meanAbsDiff = m_sumAbs / double(m_finite);
    }
    if (m_aSq > 0)
        m.relL2 = std::sqrt(m_diffSq) / std::sqrt(m_aSq);
    else if (m_diffSq == 0)
        m.relL2 = 0.0;
    if (m_aSq > 0 && m_bSq > 0) m.cosine = m_dot / (std::sqrt(m_aSq) * std::sqrt(m_bSq));
    return m;
}

void ByteHashVisitor::bytes(const uint8_t *a, const uint8_t *, size_t n, size_t elementSize)
{
    // Eight bytes at a time through a multiply-xorshift mix; equality is confirmed byte by byte later.
    const size_t total = n * elementSize;
    uint64_t h = m_hash;
    size_t i = 0;
    for (; i + 8 <= total; i += 8) {
        uint64_t w;
        std::memcpy(&w, a + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    for (; i < total; ++i)
        h = (h ^ a[i]) * 0x100000001B3ull;
    m_hash = h ^ total;
}

void BytesEqualVisitor::bytes(const uint8_t *a, const uint8_t *b, size_t n, size_t elementSize)
{
    if (m_equal) m_equal = std::memcmp(a, b, n * elementSize) == 0;
}

} // namespace sl
