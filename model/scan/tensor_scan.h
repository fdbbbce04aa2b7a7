#pragma once
// Scan: the health figures of every state-dict tensor (range, moments, NaN/Inf/zero counts, largest
// magnitude and L2 norm), computed on the tensor pass so that the whole file is read once, in
// parallel, in bounded memory; after a recipe, the plan's tensors (transforms computed as read). Shared by
// `statelens-cli scan` and the app's Scan All Tensors.

#include "pass/tensor_pass.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sl {

class Checkpoint;
struct TransformPlan;

// One tensor's figures. A figure that is not defined (no finite values, fewer than two for `std`)
// is NaN here and null in the reports.
struct ScanFigures
{
    int64_t numel = 0;
    int64_t finite = 0;
    int64_t zeros = 0, nan = 0, inf = 0;    // over all values
    double min, max, mean, std, absMax, l2; // over the finite values; std is unbiased (N - 1)
    // Why the values were not read: a dtype without numbers (complex, quantized, float8) is skipped;
    // anything else is a read error.
    std::string error;
    bool skipped = false;

    ScanFigures();
    bool nonfinite() const { return nan > 0 || inf > 0; }
    bool allZero() const { return numel > 0 && zeros == numel; }
    // Two or more values, all finite and equal, not all zero.
    bool constant() const { return numel > 1 && finite == numel && min == max && !allZero(); }
};

struct ScanOptions
{
    PassOptions pass;
    const std::atomic<bool> *cancel = nullptr;
    TensorPass::Progress progress; // (doneBytes, totalBytes) on the calling thread
    // Called on the calling thread for each state-dict entry in entry order as soon as it is known.
    std::function<void(int entry, const ScanFigures &figures)> delivered;
};

// Scans every state-dict entry of `checkpoint` in entry order into `out` (one per entry). Returns
// false when cancelled; `out` then holds the entries delivered so far and default figures after.
bool scanCheckpoint(const Checkpoint &checkpoint, std::vector<ScanFigures> &out,
                    const ScanOptions &options = {});
// The same over the state dict a recipe makes of `checkpoint` (its TransformPlan, built from it): one
// figure per plan tensor, in the plan's order; derived tensors are scanned by their computed values.
bool scanPlan(const Checkpoint &checkpoint, const TransformPlan &plan, std::vector<ScanFigures> &out,
              const ScanOptions &options = {});

} // namespace sl
