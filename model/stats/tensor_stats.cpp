#include "stats/tensor_stats.h"

#include "document/tensor_bytes.h"

#include "pass/dtype_values.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

namespace sl {
namespace {

// Counts, range and moments of a run of values; runs merge with Chan's parallel formula.
struct Moments
{
    int64_t finite = 0, nan = 0, inf = 0, zeros = 0;
    double mean = 0, m2 = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();

    void merge(const Moments &o)
    {
        nan += o.nan;
        inf += o.inf;
        zeros += o.zeros;
        if (o.finite == 0) return;
        lo = std::min(lo, o.lo);
        hi = std::max(hi, o.hi);
        const double delta = o.mean - mean;
        const int64_t merged = finite + o.finite;
        mean += delta * double(o.finite) / double(merged);
        m2 += o.m2 + delta * delta * double(finite) * double(o.finite) / double(merged);
        finite = merged;
    }
};

// Blocks small enough to stay in cache for their second (deviation) pass.
constexpr int64_t kBlock = 4096;

template <typename Load> Moments momentsOf(const uint8_t *p, int64_t begin, int64_t end, Load load)
{
    Moments total;
    for (int64_t b = begin; b < end; b += kBlock) {
        const int64_t e = std::min(end, b + kBlock);
        Moments m;
        double sum = 0;
        for (int64_t i = b; i < e; ++i) {
            const double x = load(p, i);
            if (std::isnan(x)) {
                ++m.nan;
                continue;
            }
            if (std::isinf(x)) {
                ++m.inf;
                continue;
            }
            m.zeros += x == 0;
            ++m.finite;
            sum += x;
            m.lo = std::min(m.lo, x);
            m.hi = std::max(m.hi, x);
        }
        if (m.finite) {
            m.mean = sum / double(m.finite);
            for (int64_t i = b; i < e; ++i) {
                const double d = load(p, i) - m.mean;
                if (std::isfinite(d)) m.m2 += d * d;
            }
        }
        total.merge(m);
    }
    return total;
}

// torch.histc's bin edges: torch.linspace(lo, hi, bins + 1), which fills the upper half from the end.
// Only the outer two take part in the counting, and the last one is not always `hi`: when the edge
// count is a multiple of 8, LibTorch 1.13's AVX2 linspace kernel writes it as the fourth lane of
// arange(base, step) with base = hi - 3 * step contracted to one fused multiply-add.
std::vector<double> histcEdges(double lo, double hi, int bins)
{
    const int64_t steps = bins + 1;
    const double step = (hi - lo) / double(bins);
    std::vector<double> edges(static_cast<size_t>(steps));
    for (int64_t i = 0; i < steps; ++i)
        edges[size_t(i)] = i < steps / 2 ? lo + step * double(i) : hi - step * double(steps - i - 1);
    if (steps % 8 == 0) {
        const double base = std::fma(-3.0, step, hi);
        edges.back() = base + 3.0 * step;
    }
    return edges;
}

// torch.histc's CPU kernel (LibTorch 1.13): a bin by linear interpolation between the outer edges,
// no correction against the inner ones; the last bin includes its right edge.
template <typename Load>
void histogramOf(const uint8_t *p, int64_t begin, int64_t end, Load load, const std::vector<double> &edges,
                 std::vector<int64_t> &counts)
{
    const int64_t bins = int64_t(edges.size()) - 1;
    const double lo = edges.front(), hi = edges.back();
    for (int64_t i = begin; i < end; ++i) {
        const double x = load(p, i);
        if (!(x >= lo && x <= hi)) continue; // NaN and Inf included
        // Clamped before the cast: a range near the double limits overflows to Inf or NaN here.
        const double guess = (x - lo) / (hi - lo) * double(bins);
        const int64_t pos = guess >= 0 && guess < double(bins) ? int64_t(guess)
                            : guess >= double(bins)            ? bins - 1
                                                               : 0;
        ++counts[size_t(pos)];
    }
}

// Runs work(begin, end, slot) over [0, count) split across the cores; slot indexes per-thread results.
template <typename Work> void splitAcrossCores(int64_t count, int threads, Work &&work)
{
    if (threads == 1) {
        work(0, count, 0);
        return;
    }
    std::vector<std::thread> helpers;
    const int64_t share = (count + threads - 1) / threads;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(
            [&, t] { work(std::min(count, t * share), std::min(count, (t + 1) * share), t); });
    work(0, std::min(count, share), 0);
    for (std::thread &h : helpers)
        h.join();
}

int threadsFor(int64_t elements)
{
    // Below this a thread costs more than it saves.
    constexpr int64_t kMinPerThread = int64_t(1) << 16;
    const int cores = int(std::max(1u, std::min(8u, std::thread::hardware_concurrency())));
    return int(std::max<int64_t>(1, std::min<int64_t>(cores, elements / kMinPerThread)));
}

// Elements per chunk: the unit of progress and cancel, and of the gather buffer for strided views.
constexpr size_t kChunkBytes = size_t(16) << 20;

} // namespace

bool computeTensorStats(const ParsedFile &file, int tensorIndex, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress)
{
    const TensorRef &t = file.tensors.at(size_t(tensorIndex));
    if (bins < 1 || bins > kMaxHistogramBins)
        throw FormatError("the bin count must be between 1 and " + std::to_string(kMaxHistogramBins));
    out = TensorStats();
    out.numel = t.numel();
    const int64_t total = 2 * out.numel; // two passes: moments, then the histogram
    const int64_t elem = dtypeSize(t.dtype);
    const TensorBytes bytes(file, tensorIndex);
    int64_t done = 0;
    bool more = true;

    Moments all;
    withLoader(t.dtype, [&](auto load) {
        more = bytes.forEachChunk(kChunkBytes, [&](const uint8_t *p, size_t n) {
            const int64_t count = int64_t(n) / elem;
            const int threads = threadsFor(count);
            std::vector<Moments> parts(static_cast<size_t>(threads));
            splitAcrossCores(count, threads, [&](int64_t b, int64_t e, int slot) {
                parts[size_t(slot)] = momentsOf(p, b, e, load);
            });
            for (const Moments &m : parts)
                all.merge(m);
            done += count;
            return !progress || progress(done, total);
        });
    });
    if (!more) return false;
    out.finite = all.finite;
    out.nan = all.nan;
    out.inf = all.inf;
    out.zeros = all.zeros;
    if (out.finite == 0) {
        out.min = out.max = out.mean = out.std = std::nan("");
        return true;
    }
    out.min = all.lo;
    out.max = all.hi;
    out.mean = all.mean;
    out.std = out.finite > 1 ? std::sqrt(all.m2 / double(out.finite - 1)) : std::nan("");

    // Histogram over the finite range; torch.histc widens a constant range to [v-1, v+1]. Where 1 is
    // below the value's precision (|v| >= 2^53) that widening vanishes and histc refuses ("max must
    // be larger than min"), so such a range is widened by a part of the value instead.
    double lo = all.lo, hi = all.hi;
    if (lo == hi) {
        const double pad = lo - 1 == lo ? std::abs(lo) * 1e-9 : 1;
        lo = std::max(lo - pad, -std::numeric_limits<double>::max());
        hi = std::min(hi + pad, std::numeric_limits<double>::max());
    }
    out.edges = histcEdges(lo, hi, bins);
    out.counts.assign(size_t(bins), 0);
    withLoader(t.dtype, [&](auto load) {
        more = bytes.forEachChunk(kChunkBytes, [&](const uint8_t *p, size_t n) {
            const int64_t count = int64_t(n) / elem;
            const int threads = threadsFor(count);
            std::vector<std::vector<int64_t>> parts(size_t(threads), std::vector<int64_t>(size_t(bins), 0));
            splitAcrossCores(count, threads, [&](int64_t b, int64_t e, int slot) {
                histogramOf(p, b, e, load, out.edges, parts[size_t(slot)]);
            });
            for (const auto &part : parts)
                for (int i = 0; i < bins; ++i)
                    out.counts[size_t(i)] += part[size_t(i)];
            done += count;
            return !progress || progress(done, total);
        });
    });
    return more;
}

} // namespace sl
