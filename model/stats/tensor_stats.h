#pragma once
// Statistics and a histogram of one tensor, computed from the memory map in chunks on every core,
// with torch.std and torch.histc semantics.
// Shared by the details pane (on a worker thread) and `statelens-cli stats`.

#include "format/parsed_file.h"

#include <QMetaType>

#include <functional>
#include <string>
#include <vector>

namespace sl {

struct TensorStats
{
    int64_t numel = 0;
    int64_t finite = 0; // values that min, max, mean, std and the histogram are computed over
    double min = 0, max = 0, mean = 0, std = 0; // std is the sample (N-1) standard deviation, as torch.std
    int64_t nan = 0, inf = 0, zeros = 0;
    std::vector<double> edges;   // bins + 1 edges
    std::vector<int64_t> counts; // bins counts
};

// `progress(doneElements, totalElements)` is called after each chunk; returning false cancels.
// Returns false when cancelled. Throws FormatError for unreadable data or unsupported dtypes.
bool computeTensorStats(const ParsedFile &file, int tensorIndex, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress = {});

class TensorSource;
// The same for any tensor source, a virtual (transformed) one included: the values it reads, in its
// dtype, so a cast or transposed tensor's figures are torch's on the converted tensor.
bool computeSourceStats(const TensorSource &source, int bins, TensorStats &out,
                        const std::function<bool(int64_t, int64_t)> &progress = {});

constexpr int kDefaultHistogramBins = 64;
constexpr int kMaxHistogramBins = 100000;

} // namespace sl

Q_DECLARE_METATYPE(sl::TensorStats)
