#include "stats/tensor_stats.h"

#include "document/tensor_bytes.h"
#include "stats/dequantize.h"
#include "stats/moments.h"

#include "pass/dtype_values.h"
#include "pass/tensor_source.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>

namespace sl {
namespace {

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

// The floating type torch.histc computes a tensor's bins in: its own for float64, float32 and bfloat16;
// float32 for float16 (torch 1.13 has no histc for Half, so its values are histogrammed as t.float());
// float64 for integers and bool (no histc either; their values are exact in float64).
// `round` gives the value one arithmetic step of that type yields; `lanes` is the width of LibTorch's
// AVX2 vector of it, which decides how linspace writes its last edge.
struct HistcArith
{
    enum Kind { F64, F32, BF16 } kind = F64;
    int lanes = 4;

    double round(double v) const
    {
        if (kind == F64) return v;
        // One float operation computed in double then rounded to float is the float operation
        // itself (53 >= 2 * 24 + 2 bits); c10::BFloat16 then rounds that float to bfloat16.
        const float f = float(v);
        return kind == F32 ? double(f) : double(floatFromBFloat16(bfloat16FromFloat(f)));
    }
};

HistcArith histcArith(DType t)
{
    switch (t) {
    case DType::Float32:
    case DType::Float16:
        return {HistcArith::F32, 8};
    case DType::BFloat16:
        return {HistcArith::BF16, 16};
    default:
        return {HistcArith::F64, 4};
    }
}

// torch.histc's bin edges: torch.linspace(lo, hi, bins + 1) in the arithmetic's type, which fills the
// upper half from the end. Only the outer two take part in the counting, and the last one is not
// always `hi`: when the edge count is a multiple of two vectors, LibTorch 1.13's AVX2 linspace kernel
// writes it as the last lane of arange(base, step), base = hi - (lanes - 1) * step, which the
// compiler contracts to one fused multiply-add for float and double (c10::BFloat16 rounds each step).
std::vector<double> histcEdges(double lo, double hi, int bins, const HistcArith &a)
{
    const int64_t steps = bins + 1;
    lo = a.round(lo);
    hi = a.round(hi);
    const double step = a.round(a.round(hi - lo) / a.round(double(bins)));
    std::vector<double> edges(static_cast<size_t>(steps));
    for (int64_t i = 0; i < steps; ++i)
        edges[size_t(i)] = i < steps / 2 ? a.round(lo + a.round(step * double(i)))
                                         : a.round(hi - a.round(step * double(steps - i - 1)));
    if (steps % (2 * a.lanes) == 0) {
        const double back = double(a.lanes - 1);
        double base;
        if (a.kind == HistcArith::F64)
            base = std::fma(-back, step, hi);
        else if (a.kind == HistcArith::F32)
            base = double(std::fma(float(-back), float(step), float(hi)));
        else
            base = a.round(hi - a.round(step * back));
        edges.back() = a.round(base + a.round(back * step));
    }
    return edges;
}

// torch.histc's CPU kernel (LibTorch 1.13): values outside the outer edges (NaN and Inf included) are
// skipped, and the bin is (x - lo) / (hi - lo) * bins in the arithmetic's type, truncated, with no
// correction against the inner edges; the last bin includes its right edge.
template <typename Load>
void histogramOf(const uint8_t *p, int64_t begin, int64_t end, Load load, const std::vector<double> &edges,
                 const HistcArith &a, std::vector<int64_t> &counts)
{
    const int64_t bins = int64_t(edges.size()) - 1;
    const double lo = edges.front(), hi = edges.back();
    const double width = a.round(hi - lo), scale = a.round(double(bins));
    for (int64_t i = begin; i < end; ++i) {
        const double x = a.round(load(p, i));
        if (!(x >= lo && x <= hi)) continue;
        // Clamped before the cast: a range near the double limits overflows to Inf or NaN here.
        const double guess = a.round(a.round(a.round(x - lo) / width) * scale);
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

using ChunkFn = std::function<bool(const uint8_t *, int64_t)>;
// Calls fn(values, count) for consecutive chunks of a tensor's values; false when fn stopped it.
using ChunkWalk = std::function<bool(const ChunkFn &)>;

// The statistics of `numel` values of dtype `valueType`, walked twice (moments, then the histogram).
bool statsOfValues(DType valueType, int64_t numel, const ChunkWalk &forEachValues, int bins, TensorStats &out,
                   const std::function<bool(int64_t, int64_t)> &progress)
{
    if (bins < 1 || bins > kMaxHistogramBins)
        throw FormatError("the bin count must be between 1 and " + std::to_string(kMaxHistogramBins));
    out = TensorStats();
    out.numel = numel;
    const int64_t total = 2 * out.numel; // two passes: moments, then the histogram
    int64_t done = 0;
    bool more = true;

    Moments all;
    withLoader(valueType, [&](auto load) {
        more = forEachValues([&](const uint8_t *p, int64_t count) {
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
    const HistcArith arith = histcArith(valueType);
    out.edges = histcEdges(lo, hi, bins, arith);
    out.counts.assign(size_t(bins), 0);
    withLoader(valueType, [&](auto load) {
        more = forEachValues([&](const uint8_t *p, int64_t count) {
            const int threads = threadsFor(count);
            std::vector<std::vector<int64_t>> parts(size_t(threads), std::vector<int64_t>(size_t(bins), 0));
            splitAcrossCores(count, threads, [&](int64_t b, int64_t e, int slot) {
                histogramOf(p, b, e, load, out.edges, arith, parts[size_t(slot)]);
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

} // namespace

bool computeTensorStats(const ParsedFile &file, int tensorIndex, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress)
{
    const TensorRef &t = file.tensors.at(size_t(tensorIndex));
    if (bins < 1 || bins > kMaxHistogramBins)
        throw FormatError("the bin count must be between 1 and " + std::to_string(kMaxHistogramBins));
    const TensorBytes bytes(file, tensorIndex);
    // A quantized tensor's statistics are those of t.dequantize(): float32 values, made chunk by chunk.
    std::unique_ptr<Dequantizer> dequantizer;
    if (t.layout == TensorLayout::Quantized) dequantizer = std::make_unique<Dequantizer>(file, t);
    const DType valueType = dequantizer ? DType::Float32 : t.dtype;
    const int64_t elem = dtypeSize(t.dtype);
    std::vector<float> dequantized;
    auto forEachValues = [&](const ChunkFn &fn) {
        int64_t first = 0;
        return bytes.forEachChunk(kChunkBytes, [&](const uint8_t *p, size_t n) {
            const int64_t count = int64_t(n) / elem;
            if (dequantizer) {
                dequantized.resize(size_t(count));
                dequantizer->run(p, first, count, dequantized.data());
                p = reinterpret_cast<const uint8_t *>(dequantized.data());
            }
            first += count;
            return fn(p, count);
        });
    };
    return statsOfValues(valueType, t.numel(), forEachValues, bins, out, progress);
}

bool computeSourceStats(const TensorSource &source, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress)
{
    const DType dtype = source.dtype();
    const int64_t elem = dtypeSize(dtype);
    if (elem <= 0) throw FormatError(std::string("no statistics for dtype ") + dtypeName(dtype));
    const size_t chunk = std::max<size_t>(1, kChunkBytes / size_t(elem));
    std::vector<uint8_t> buffer(chunk * size_t(elem));
    // Each walk reads the source afresh: a virtual tensor is computed again rather than held.
    auto forEachValues = [&](const ChunkFn &fn) {
        const std::unique_ptr<TensorReader> reader = source.reader();
        for (size_t n = reader->readBytes(buffer.data(), chunk); n > 0;
             n = reader->readBytes(buffer.data(), chunk))
            if (!fn(buffer.data(), int64_t(n))) return false;
        return true;
    };
    return statsOfValues(dtype, source.numel(), forEachValues, bins, out, progress);
}

} // namespace sl
