#include "tensor_stats.h"

#include "tensor_bytes.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl {
namespace {

c10::ScalarType scalarTypeOf(DType t)
{
    switch (t) {
    case DType::Float64: return torch::kFloat64;
    case DType::Float32: return torch::kFloat32;
    case DType::Float16: return torch::kFloat16;
    case DType::BFloat16: return torch::kBFloat16;
    case DType::Int64: return torch::kInt64;
    case DType::Int32: return torch::kInt32;
    case DType::Int16: return torch::kInt16;
    case DType::Int8: return torch::kInt8;
    case DType::UInt8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    default:
        throw FormatError(std::string("statistics are not available for ") + dtypeName(t) + " tensors");
    }
}

// Elements per chunk: large enough for torch's parallel kernels, small enough to bound memory.
constexpr size_t kChunkBytes = size_t(16) << 20;

template <typename Fn>
bool forEachChunkTensor(const ParsedFile &file, int tensorIndex, int64_t total,
                        const std::function<bool(int64_t, int64_t)> &progress, int64_t &done, Fn &&fn)
{
    const TensorRef &t = file.tensors.at(size_t(tensorIndex));
    const c10::ScalarType type = scalarTypeOf(t.dtype);
    const int elem = dtypeSize(t.dtype);
    return TensorBytes(file, tensorIndex).forEachChunk(kChunkBytes, [&](const uint8_t *p, size_t n) {
        const int64_t count = int64_t(n) / elem;
        // from_blob never copies; the mapped bytes are only read, converted into a fresh tensor.
        at::Tensor chunk = torch::from_blob(const_cast<uint8_t *>(p), {count}, torch::TensorOptions().dtype(type))
                               .to(torch::kFloat64);
        fn(chunk);
        done += count;
        return !progress || progress(done, total);
    });
}

} // namespace

bool computeTensorStats(const ParsedFile &file, int tensorIndex, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress)
{
    const TensorRef &t = file.tensors.at(size_t(tensorIndex));
    if (bins < 1 || bins > kMaxHistogramBins)
        throw FormatError("the bin count must be between 1 and " + std::to_string(kMaxHistogramBins));
    scalarTypeOf(t.dtype); // refuse unsupported dtypes before any work
    out = TensorStats();
    out.numel = t.numel();
    const int64_t total = 2 * out.numel; // two passes: moments, then the histogram
    int64_t done = 0;
    torch::NoGradGuard noGrad;

    // Pass 1: counts, range and moments, merged across chunks with Chan's parallel formula.
    double mean = 0, m2 = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool more = forEachChunkTensor(file, tensorIndex, total, progress, done, [&](const at::Tensor &x) {
        const at::Tensor finiteMask = torch::isfinite(x);
        out.nan += torch::isnan(x).sum().item<int64_t>();
        out.inf += torch::isinf(x).sum().item<int64_t>();
        out.zeros += x.eq(0).sum().item<int64_t>();
        const at::Tensor v = x.masked_select(finiteMask);
        const int64_t n = v.numel();
        if (n == 0)
            return;
        const double chunkMean = v.mean().item<double>();
        const double chunkM2 = (v - chunkMean).pow(2).sum().item<double>();
        lo = std::min(lo, v.min().item<double>());
        hi = std::max(hi, v.max().item<double>());
        const double delta = chunkMean - mean;
        const int64_t merged = out.finite + n;
        mean += delta * double(n) / double(merged);
        m2 += chunkM2 + delta * delta * double(out.finite) * double(n) / double(merged);
        out.finite = merged;
    });
    if (!more)
        return false;
    if (out.finite == 0) {
        out.min = out.max = out.mean = out.std = std::nan("");
        return true;
    }
    out.min = lo;
    out.max = hi;
    out.mean = mean;
    out.std = out.finite > 1 ? std::sqrt(m2 / double(out.finite - 1)) : std::nan("");

    // Pass 2: histogram over the finite range; torch.histc widens a constant range to [v-1, v+1].
    // Where 1 is below the value's precision (|v| >= 2^53) that widening vanishes and histc refuses
    // ("max must be larger than min"), so such a range is widened by a part of the value instead.
    if (lo == hi) {
        const double pad = lo - 1 == lo ? std::abs(lo) * 1e-9 : 1;
        lo = std::max(lo - pad, -std::numeric_limits<double>::max());
        hi = std::min(hi + pad, std::numeric_limits<double>::max());
    }
    at::Tensor counts = torch::zeros({bins}, torch::kFloat64);
    more = forEachChunkTensor(file, tensorIndex, total, progress, done, [&](const at::Tensor &x) {
        const at::Tensor v = x.masked_select(torch::isfinite(x));
        if (v.numel())
            counts += torch::histc(v, bins, lo, hi);
    });
    if (!more)
        return false;
    out.counts.resize(size_t(bins));
    out.edges.resize(size_t(bins) + 1);
    auto c = counts.accessor<double, 1>();
    for (int i = 0; i < bins; ++i)
        out.counts[size_t(i)] = int64_t(c[i]);
    for (int i = 0; i <= bins; ++i)
        out.edges[size_t(i)] = lo + (hi - lo) * double(i) / double(bins);
    return true;
}

} // namespace sl
