#pragma once
// The plan's working list while rules apply: each entry of the state dict as it stands, with where its
// value comes from. Shared by transform_plan.cpp (renames, drops, the result) and tensor_op_apply.cpp.

#include "transform/transform_plan.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace sl {

struct PlanItem
{
    QString name;
    int input = -1; // kept as stored (no transform yet): the input's index
    SourcePtr node; // otherwise: the derived value
    std::vector<int> sources;
    QStringList steps;
};

// What the plan tracks while a tensor op applies: the items, and each input's fate.
struct PlanState
{
    const std::vector<PlanInput> &inputs;
    std::vector<PlanItem> items;
    std::vector<MappedKey> &mapping;
    std::vector<bool> &transformed;
};

// Applies one tensor op to `state`; false with a one-line `error` naming the key and the reason.
bool applyTensorOp(const TensorOp &op, PlanState &state, QString *error);

} // namespace sl
