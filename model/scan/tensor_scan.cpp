#include "scan/tensor_scan.h"

#include "stats/moments.h"

#include "document/checkpoint.h"
#include "pass/dtype_values.h"
#include "pass/stored_tensor.h"
#include "transform/transform_plan.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

namespace sl {

ScanFigures::ScanFigures()
    : min(std::nan("")), max(std::nan("")), mean(std::nan("")), std(std::nan("")), absMax(std::nan("")),
      l2(std::nan(""))
{
}

namespace {

// Counts, range, moments and a scaled sum of squares; chunks merge with Chan's formula for the
// moments and LAPACK's dnrm2 rescaling for the norm, so neither loses precision nor overflows
// where the values are near the double limits.
struct Accumulator : Moments
{
    double scale = 0, ssq = 0; // sum of squares = scale^2 * ssq

    void merge(const Accumulator &o)
    {
        Moments::merge(o);
        if (o.scale > scale) {
            ssq = (scale > 0 ? ssq * (scale / o.scale) * (scale / o.scale) : 0) + o.ssq;
            scale = o.scale;
        } else if (o.scale > 0) {
            ssq += o.ssq * (o.scale / scale) * (o.scale / scale);
        }
    }
};

// One chunk, in two sweeps over values that are still in cache: counts and range, then the
// deviations from the chunk's mean and the squares scaled by its largest magnitude.
Accumulator chunkOf(const double *a, size_t n)
{
    Accumulator c;
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = a[i];
        if (std::isnan(x)) {
            ++c.nan;
        } else if (std::isinf(x)) {
            ++c.inf;
        } else {
            c.zeros += x == 0;
            ++c.finite;
            sum += x;
            c.lo = std::min(c.lo, x);
            c.hi = std::max(c.hi, x);
        }
    }
    if (c.finite == 0) return c;
    c.mean = sum / double(c.finite);
    if (!std::isfinite(c.mean)) { // the sum overflowed: average in parts instead
        c.mean = 0;
        for (size_t i = 0; i < n; ++i)
            if (std::isfinite(a[i])) c.mean += a[i] / double(c.finite);
    }
    c.scale = std::max(std::abs(c.lo), std::abs(c.hi));
    // A reciprocal is faster than a division, but overflows for a subnormal scale.
    const bool reciprocal = c.scale >= 4 * DBL_MIN;
    const double inv = reciprocal ? 1 / c.scale : 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = a[i];
        if (!std::isfinite(x)) continue;
        const double d = x - c.mean;
        c.m2 += d * d;
        if (c.scale > 0) {
            const double s = reciprocal ? x * inv : x / c.scale;
            c.ssq += s * s;
        }
    }
    return c;
}

class ScanVisitor : public PassVisitor
{
public:
    void values(const double *a, const double *, size_t n) override { m_total.merge(chunkOf(a, n)); }

    void fill(ScanFigures &f) const
    {
        f.nan = m_total.nan;
        f.inf = m_total.inf;
        f.zeros = m_total.zeros;
        f.finite = m_total.finite;
        if (m_total.finite == 0) return;
        f.min = m_total.lo;
        f.max = m_total.hi;
        f.mean = m_total.mean;
        f.std = m_total.finite > 1 ? std::sqrt(m_total.m2 / double(m_total.finite - 1)) : std::nan("");
        f.absMax = std::max(std::abs(m_total.lo), std::abs(m_total.hi));
        f.l2 = m_total.scale * std::sqrt(m_total.ssq);
    }

private:
    Accumulator m_total;
};

} // namespace

namespace {

// What one entry of the scan reads: its dtype, element count and values.
struct ScanSubject
{
    DType dtype = DType::Unknown;
    int64_t numel = 0;
    std::shared_ptr<const TensorSource> source;
};

bool scanSubjects(const std::vector<ScanSubject> &subjects, std::vector<ScanFigures> &out,
                  const ScanOptions &options)
{
    out.assign(subjects.size(), ScanFigures());
    // Entries whose dtype has no numbers are answered at once; the rest go through the pass.
    std::vector<PassItem> items;
    std::vector<int> itemEntry;
    for (size_t i = 0; i < subjects.size(); ++i) {
        out[i].numel = subjects[i].numel;
        if (!dtypeHasValues(subjects[i].dtype)) {
            out[i].skipped = true;
            out[i].error =
                std::string(dtypeName(subjects[i].dtype)) + " values are not numbers that scan reads";
            continue;
        }
        PassItem item;
        item.a = subjects[i].source;
        items.push_back(std::move(item));
        itemEntry.push_back(int(i));
    }

    TensorPass pass(std::move(items), options.pass);
    pass.setCancelFlag(options.cancel);
    int announced = 0; // entries before this one have been handed to `delivered`
    auto announceUpTo = [&](int end) {
        for (; announced < end; ++announced)
            if (options.delivered) options.delivered(announced, out[size_t(announced)]);
    };
    const bool complete = pass.run([](int) { return std::make_unique<ScanVisitor>(); },
                                   [&](int item, PassVisitor &visitor, const std::string &error) {
                                       ScanFigures &f = out[size_t(itemEntry[size_t(item)])];
                                       if (error.empty())
                                           static_cast<ScanVisitor &>(visitor).fill(f);
                                       else
                                           f.error = error;
                                       announceUpTo(itemEntry[size_t(item)] + 1);
                                   },
                                   options.progress);
    if (complete) announceUpTo(int(subjects.size()));
    return complete;
}

} // namespace

bool scanCheckpoint(const Checkpoint &checkpoint, std::vector<ScanFigures> &out, const ScanOptions &options)
{
    std::vector<ScanSubject> subjects;
    subjects.reserve(checkpoint.entries().size());
    for (const StateEntry &e : checkpoint.entries()) {
        const TensorRef &t = checkpoint.tensor(e.tensor);
        subjects.push_back({t.dtype, t.numel(), std::make_shared<StoredTensor>(checkpoint.file(), e.tensor)});
    }
    return scanSubjects(subjects, out, options);
}

bool scanPlan(const Checkpoint &checkpoint, const TransformPlan &plan, std::vector<ScanFigures> &out,
              const ScanOptions &options)
{
    std::vector<ScanSubject> subjects;
    subjects.reserve(plan.tensors.size());
    for (const PlannedTensor &t : plan.tensors) {
        if (t.isDerived()) {
            subjects.push_back({t.derived->dtype(), t.derived->numel(), t.derived});
            continue;
        }
        // A kept tensor is read as stored, exactly as scanCheckpoint reads it (errors included).
        const int tensor = checkpoint.entries().at(size_t(t.input)).tensor;
        const TensorRef &ref = checkpoint.tensor(tensor);
        subjects.push_back(
            {ref.dtype, ref.numel(), std::make_shared<StoredTensor>(checkpoint.file(), tensor)});
    }
    return scanSubjects(subjects, out, options);
}

} // namespace sl
