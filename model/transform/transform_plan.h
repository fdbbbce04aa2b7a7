#pragma once
// The state dict a recipe makes: every rule applied in order (renames and transforms alike) to the
// ordered list of state-dict entries. Entries no transform touched stay themselves (their bytes and
// storage sharing as stored, only renamed); transformed ones become virtual tensors, computed from
// their sources when read. The export, test-load, diff, scan and the app all read this one plan.

#include "keymap/key_map.h"
#include "transform/derived_tensor.h"

#include <QString>

#include <vector>

namespace sl {

class Checkpoint;

struct PlanInput
{
    QString key;
    DType dtype = DType::Unknown;
    std::vector<int64_t> shape;
    SourcePtr tensor; // its values; null where it has none to transform (quantized, sparse, meta)
};

struct PlannedTensor
{
    QString key;
    int input = -1;           // kept as stored: the index of its input
    SourcePtr derived;        // otherwise: computed from `sources` when read
    std::vector<int> sources; // the inputs it comes from (just `input` when kept)
    QStringList steps;        // the transforms that made it, as KeyRule::description() says them

    bool isDerived() const { return input < 0; }
};

struct TransformPlan
{
    std::vector<PlanInput> inputs;      // what the rules started from: the state dict's entries
    std::vector<PlannedTensor> tensors; // the resulting state dict, in its order
    // One per input, in input order: its final name when kept; dropped (droppedAs) when a drop rule
    // removed it or a transform consumed it (then `transformed` too, and a derived tensor carries on).
    std::vector<MappedKey> mapping;
    std::vector<bool> transformed;

    bool hasDerived() const;
    // The i-th resulting tensor's dtype, shape and values (the input's own when kept; null where an
    // input has no dense values).
    DType dtype(size_t i) const;
    const std::vector<int64_t> &shape(size_t i) const;
    SourcePtr source(size_t i) const;

    // Every rule in order. Fails with one line naming the key and the reason (for a clash, the key
    // that already exists) for an invalid rule, and leaves `out` alone.
    static bool build(const std::vector<PlanInput> &inputs, const std::vector<KeyRule> &rules,
                      TransformPlan &out, QString *error);
    // The same for an open checkpoint's state dict (planInputs); `checkpoint` must outlive the plan.
    static bool build(const Checkpoint &checkpoint, const std::vector<KeyRule> &rules, TransformPlan &out,
                      QString *error);
};

// The inputs of an open checkpoint's state dict, in entry order: stored tensors read from its map.
std::vector<PlanInput> planInputs(const Checkpoint &checkpoint);

} // namespace sl
