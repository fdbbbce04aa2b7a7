#pragma once
// Counts, range and moments of a run of values, shared by the statistics of one tensor and the scan
// of all of them; runs computed apart (chunks, threads) merge with Chan's parallel formula.

#include <algorithm>
#include <cstdint>
#include <limits>

namespace sl {

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

} // namespace sl
