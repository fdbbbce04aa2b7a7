#pragma once
// The histograms of a compared pair: a and b counted on the same bins (over both ranges), and the
// histogram of a - b, over the elements where both are finite. Two tensor passes: ranges, then counts.

#include "pass/tensor_pass.h"

#include <QMetaType>

#include <atomic>
#include <vector>

namespace sl {

struct PairHistogram
{
    std::vector<double> edges; // bins + 1, shared by a and b
    std::vector<int64_t> countsA, countsB;
    std::vector<double> diffEdges; // bins + 1
    std::vector<int64_t> diffCounts;
};

// False when cancelled. Throws FormatError when the values cannot be read.
bool computePairHistogram(std::shared_ptr<const TensorSource> a, std::shared_ptr<const TensorSource> b,
                          int bins, PairHistogram &out, const std::atomic<bool> *cancel = nullptr);

} // namespace sl

Q_DECLARE_METATYPE(sl::PairHistogram)
