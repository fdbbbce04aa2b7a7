#include "transform/transform_plan.h"

#include "document/checkpoint.h"
#include "pass/stored_tensor.h"
#include "transform/plan_item.h"

#include <QCoreApplication>
#include <QHash>

#include <memory>

namespace sl {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TransformPlan", text);
}

// A name rule (rename, prefix, regex, wrappers) or a drop, on every item as it stands.
bool applyKeyRule(const KeyRule &rule, PlanState &state, QString *error)
{
    std::vector<PlanItem> kept;
    kept.reserve(state.items.size());
    for (PlanItem &item : state.items) {
        bool dropped = false;
        if (!KeyMap::applyRule(rule, item.name, dropped, error)) return false;
        if (!dropped) {
            kept.push_back(std::move(item));
            continue;
        }
        if (item.input >= 0) {
            MappedKey &m = state.mapping[size_t(item.input)];
            m.dropped = true;
            m.droppedAs = item.name;
        }
    }
    state.items = std::move(kept);
    return true;
}

// The final names: none empty, none twice. The message names the inputs, as KeyMap::apply does.
bool checkNames(const PlanState &state, QString *error)
{
    QHash<QString, size_t> owner;
    owner.reserve(qsizetype(state.items.size()));
    auto origin = [&](const PlanItem &item) {
        return item.input >= 0 ? state.inputs[size_t(item.input)].key : item.name;
    };
    for (size_t i = 0; i < state.items.size(); ++i) {
        const PlanItem &item = state.items[i];
        if (item.name.isEmpty()) {
            if (error) *error = tr("'%1' would be renamed to an empty key").arg(origin(item));
            return false;
        }
        const auto it = owner.constFind(item.name);
        if (it != owner.constEnd()) {
            if (error)
                *error = tr("'%1' and '%2' would both become '%3'")
                             .arg(origin(state.items[*it]), origin(item), item.name);
            return false;
        }
        owner.insert(item.name, i);
    }
    return true;
}

} // namespace

DType TransformPlan::dtype(size_t i) const
{
    const PlannedTensor &t = tensors.at(i);
    return t.derived ? t.derived->dtype() : inputs[size_t(t.input)].dtype;
}

const std::vector<int64_t> &TransformPlan::shape(size_t i) const
{
    const PlannedTensor &t = tensors.at(i);
    return t.derived ? t.derived->shape() : inputs[size_t(t.input)].shape;
}

SourcePtr TransformPlan::source(size_t i) const
{
    const PlannedTensor &t = tensors.at(i);
    return t.derived ? t.derived : inputs[size_t(t.input)].tensor;
}

bool TransformPlan::hasDerived() const
{
    for (const PlannedTensor &t : tensors)
        if (t.isDerived()) return true;
    return false;
}

bool TransformPlan::build(const std::vector<PlanInput> &inputs, const std::vector<KeyRule> &rules,
                          TransformPlan &out, QString *error)
{
    std::vector<MappedKey> mapping(inputs.size());
    std::vector<bool> transformed(inputs.size(), false);
    PlanState state{inputs, {}, mapping, transformed};
    state.items.reserve(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
        mapping[i].from = inputs[i].key;
        state.items.push_back({inputs[i].key, int(i), nullptr, {int(i)}, {}});
    }
    for (const KeyRule &rule : rules) {
        const bool ok = rule.op == KeyRule::Transform ? applyTensorOp(rule.tensor, state, error)
                                                      : applyKeyRule(rule, state, error);
        if (!ok) return false;
    }
    if (!checkNames(state, error)) return false;

    TransformPlan plan;
    plan.inputs = inputs;
    plan.tensors.reserve(state.items.size());
    for (PlanItem &item : state.items) {
        if (item.input >= 0) mapping[size_t(item.input)].to = item.name;
        plan.tensors.push_back(
            {item.name, item.input, std::move(item.node), std::move(item.sources), std::move(item.steps)});
    }
    plan.mapping = std::move(mapping);
    plan.transformed = std::move(transformed);
    out = std::move(plan);
    return true;
}

bool TransformPlan::build(const Checkpoint &checkpoint, const std::vector<KeyRule> &rules, TransformPlan &out,
                          QString *error)
{
    return build(planInputs(checkpoint), rules, out, error);
}

std::vector<PlanInput> planInputs(const Checkpoint &checkpoint)
{
    std::vector<PlanInput> inputs;
    inputs.reserve(checkpoint.entries().size());
    for (const StateEntry &e : checkpoint.entries()) {
        const TensorRef &t = checkpoint.tensor(e.tensor);
        PlanInput in{QString::fromStdString(e.key), t.dtype, t.shape, nullptr};
        if (t.layout == TensorLayout::Strided && t.storage >= 0)
            in.tensor = std::make_shared<StoredTensor>(checkpoint.file(), e.tensor);
        inputs.push_back(std::move(in));
    }
    return inputs;
}

} // namespace sl
