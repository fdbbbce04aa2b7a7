#include "compare/pair_histogram.h"

#include "format/parsed_file.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl {
namespace {

struct Range
{
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double x)
    {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    // An empty or constant range widened to [v-1, v+1], as torch.histc does.
    std::vector<double> edges(int bins) const
    {
        double l = lo, h = hi;
        if (!(l <= h)) l = h = 0;
        if (l == h) {
            l -= 1;
            h += 1;
        }
        std::vector<double> e(size_t(bins) + 1);
        for (int i = 0; i <= bins; ++i)
            e[size_t(i)] = l + (h - l) * double(i) / double(bins);
        return e;
    }
};

class RangeVisitor : public PassVisitor
{
public:
    void values(const double *a, const double *b, size_t n) override
    {
        for (size_t i = 0; i < n; ++i) {
            if (!std::isfinite(a[i]) || !std::isfinite(b[i])) continue;
            values_.add(a[i]);
            values_.add(b[i]);
            diff.add(a[i] - b[i]);
        }
    }
    Range values_, diff;
};

void countInto(const std::vector<double> &edges, std::vector<int64_t> &counts, double x)
{
    const size_t bins = counts.size();
    const double lo = edges.front(), hi = edges.back();
    if (!(x >= lo && x <= hi)) return;
    size_t bin = size_t((x - lo) / (hi - lo) * double(bins));
    ++counts[std::min(bin, bins - 1)];
}

class CountVisitor : public PassVisitor
{
public:
    explicit CountVisitor(const PairHistogram &h) : m_h(h), a(h.countsA), b(h.countsB), d(h.diffCounts) {}
    void values(const double *va, const double *vb, size_t n) override
    {
        for (size_t i = 0; i < n; ++i) {
            if (!std::isfinite(va[i]) || !std::isfinite(vb[i])) continue;
            countInto(m_h.edges, a, va[i]);
            countInto(m_h.edges, b, vb[i]);
            countInto(m_h.diffEdges, d, va[i] - vb[i]);
        }
    }
    const PairHistogram &m_h;
    std::vector<int64_t> a, b, d;
};

} // namespace

bool computePairHistogram(std::shared_ptr<const TensorSource> a, std::shared_ptr<const TensorSource> b,
                          int bins, PairHistogram &out, const std::atomic<bool> *cancel)
{
    bins = std::max(1, bins);
    out = PairHistogram();
    TensorPass pass({{a, b, PassItem::Values}});
    pass.setCancelFlag(cancel);
    std::string error;
    Range values, diff;
    if (!pass.run([](int) { return std::make_unique<RangeVisitor>(); },
                  [&](int, PassVisitor &v, const std::string &e) {
                      error = e;
                      values = static_cast<RangeVisitor &>(v).values_;
                      diff = static_cast<RangeVisitor &>(v).diff;
                  }))
        return false;
    if (!error.empty()) throw FormatError(error);
    out.edges = values.edges(bins);
    out.diffEdges = diff.edges(bins);
    out.countsA.assign(size_t(bins), 0);
    out.countsB.assign(size_t(bins), 0);
    out.diffCounts.assign(size_t(bins), 0);
    const PairHistogram &shape = out;
    const bool finished = pass.run([&shape](int) { return std::make_unique<CountVisitor>(shape); },
                                   [&](int, PassVisitor &v, const std::string &e) {
                                       error = e;
                                       auto &c = static_cast<CountVisitor &>(v);
                                       out.countsA = c.a;
                                       out.countsB = c.b;
                                       out.diffCounts = c.d;
                                   });
    if (!error.empty()) throw FormatError(error);
    return finished;
}

} // namespace sl
