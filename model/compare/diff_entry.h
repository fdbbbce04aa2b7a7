#pragma once
// The plain values a comparison of two checkpoints produces: each key's status and metrics, and the
// per-module figures. They cross threads by value and are what the reports and the compare view show.

#include "document/root_finder.h"
#include "format/dtype.h"
#include "pass/tensor_source.h"

#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sl {

// In the order a key's status is decided (docs/cli.md, diff).
enum class DiffStatus : uint8_t { Same, Changed, DtypeChanged, ShapeChanged, Renamed, OnlyA, OnlyB };
constexpr int kDiffStatusCount = 7;

// "same", "changed", "dtype_changed", "shape_changed", "renamed", "only_a", "only_b".
const char *diffStatusName(DiffStatus s);

// Figures over the elements where both a and b are finite; `mismatched` counts over all elements.
struct PairMetrics
{
    double maxAbsDiff = 0;
    double meanAbsDiff = 0;
    std::optional<double> relL2;  // null when |a| = 0 and |a - b| > 0
    std::optional<double> cosine; // null when either norm is 0
    int64_t mismatched = 0;
    // Sums the module figures add up.
    double diffSquares = 0, aSquares = 0;
};

struct DiffEntry
{
    std::string key;  // A's key after the rules; B's key for only_b
    std::string keyB; // the matched key in B (equal to `key` unless renamed); empty for only_a
    DiffStatus status = DiffStatus::Same;
    int tensorA = -1, tensorB = -1; // tensor indices in each file; -1 on the side that lacks the key
    // A's value when a recipe transform computed it (tensorA is then its first source): what the
    // comparison reads instead of A's stored tensor.
    std::shared_ptr<const TensorSource> derivedA;
    std::vector<int64_t> shapeA, shapeB;
    DType dtypeA = DType::Unknown, dtypeB = DType::Unknown;
    bool hasA() const { return tensorA >= 0; }
    bool hasB() const { return tensorB >= 0; }
    // Something differs: every status but `same`.
    bool differs() const { return status != DiffStatus::Same; }
    bool compared = false; // values were compared: `metrics` holds the figures
    bool pending = false;  // still waiting for its values to be read
    PairMetrics metrics;
};

struct ModuleDiff
{
    std::string module;          // a dotted prefix of keys, e.g. "encoder.layer.0"
    std::optional<double> relL2; // sqrt(sum |a-b|^2 / sum |a|^2) over compared pairs beneath it
    std::array<int64_t, kDiffStatusCount> counts{};
};

struct DiffSide
{
    QString file;
    std::string format; // inspect --json's name: zip, legacy, torchscript, safetensors, index
    RootPath root;
};

// A whole comparison as plain values: what the reports print and the compare view shows.
struct DiffResult
{
    DiffSide a, b;
    double atol = 0, rtol = 0;
    std::vector<DiffEntry> entries;
};

std::array<int64_t, kDiffStatusCount> diffSummary(const std::vector<DiffEntry> &entries);
// True exactly when every key is `same` (and every pair was read).
bool diffEqual(const std::vector<DiffEntry> &entries);

} // namespace sl
