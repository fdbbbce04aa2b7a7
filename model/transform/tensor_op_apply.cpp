// Each tensor op checked against the shapes and dtypes as they stand, then applied to the plan's
// items: derived values replace their sources in place, in the state dict's order.

#include "transform/plan_item.h"
#include "transform/tensor_cast.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sl {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TransformPlan", text);
}

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t d : shape)
        parts << QString::number(d);
    return QLatin1Char('(') + parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

// One op at work: the error it reports and the item values it reads.
class OpContext
{
public:
    OpContext(const TensorOp &op, PlanState &state, QString *error) : op(op), state(state), m_error(error) {}

    bool fail(const QString &key, const QString &reason)
    {
        if (m_error) *m_error = tr("%1 '%2': %3").arg(op.opName(), key, reason);
        return false;
    }
    bool failRule(const QString &reason)
    {
        if (m_error) *m_error = tr("%1: %2").arg(op.description(), reason);
        return false;
    }

    // The item's value, or a failure for entries without dense data.
    SourcePtr value(const PlanItem &item)
    {
        SourcePtr v = item.node ? item.node : state.inputs[size_t(item.input)].tensor;
        if (!v) fail(item.name, tr("has no dense data to transform (quantized, sparse or meta)"));
        return v;
    }

    bool dimension(const PlanItem &item, const SourcePtr &v, int64_t dim, size_t rank, int &out)
    {
        const int64_t d = dim < 0 ? dim + int64_t(rank) : dim;
        if (d < 0 || d >= int64_t(rank))
            return fail(item.name,
                        tr("dim %1 is out of range for shape %2").arg(dim).arg(shapeText(v->shape())));
        out = int(d);
        return true;
    }

    int find(const QString &name) const
    {
        for (size_t i = 0; i < state.items.size(); ++i)
            if (state.items[i].name == name) return int(i);
        return -1;
    }

    // A result name must be new, but for the items the op consumes.
    bool nameFree(const QString &name, const std::set<int> &consumed)
    {
        const int at = find(name);
        if (at >= 0 && !consumed.count(at)) return failRule(tr("'%1' already exists").arg(name));
        return true;
    }

    // The items at `consumed` go; `made` take the place of the first of them.
    void replace(const std::set<int> &consumed, int position, std::vector<PlanItem> made)
    {
        std::vector<int> sources;
        for (int i : consumed) {
            const PlanItem &item = state.items[size_t(i)];
            consume(item);
            sources.insert(sources.end(), item.sources.begin(), item.sources.end());
        }
        std::sort(sources.begin(), sources.end());
        sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
        for (PlanItem &m : made) {
            m.sources = sources;
            if (consumed.size() == 1) m.steps = state.items[size_t(*consumed.begin())].steps;
            m.steps << op.description();
        }
        std::vector<PlanItem> items;
        items.reserve(state.items.size() + made.size());
        for (size_t i = 0; i < state.items.size(); ++i) {
            if (int(i) == position)
                for (PlanItem &m : made)
                    items.push_back(std::move(m));
            if (!consumed.count(int(i))) items.push_back(std::move(state.items[i]));
        }
        state.items = std::move(items);
    }

    // Replaces one item's value in place, keeping its name and position.
    void update(int index, SourcePtr value)
    {
        PlanItem &item = state.items[size_t(index)];
        consume(item);
        item.input = -1;
        item.node = std::move(value);
        item.steps << op.description();
    }

    const TensorOp &op;
    PlanState &state;

private:
    // An input that a transform takes: it leaves the state dict as stored, and a derived value goes on.
    void consume(const PlanItem &item)
    {
        if (item.input < 0) return;
        MappedKey &m = state.mapping[size_t(item.input)];
        m.dropped = true;
        m.droppedAs = item.name;
        state.transformed[size_t(item.input)] = true;
    }

    QString *m_error;
};

bool matchingItems(OpContext &c, std::vector<int> &out)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(c.op.match));
    for (size_t i = 0; i < c.state.items.size(); ++i)
        if (re.match(c.state.items[i].name).hasMatch()) out.push_back(int(i));
    return !out.empty() || c.failRule(tr("no key matches"));
}

// transpose, reshape, permute_rotary, slice, pad, cast: one result per matching key, in its place.
bool applyToEach(OpContext &c, SourcePtr (*apply)(OpContext &, const PlanItem &, const SourcePtr &, bool &))
{
    std::vector<int> matches;
    if (!matchingItems(c, matches)) return false;
    std::vector<std::pair<int, SourcePtr>> results;
    for (int i : matches) {
        const PlanItem &item = c.state.items[size_t(i)];
        const SourcePtr v = c.value(item);
        if (!v) return false;
        bool ok = true;
        SourcePtr result = apply(c, item, v, ok);
        if (!ok) return false;
        if (result) results.emplace_back(i, std::move(result));
    }
    for (auto &[index, value] : results)
        c.update(index, std::move(value));
    return true;
}

SourcePtr transposeOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    int d0 = 0, d1 = 0;
    ok = c.dimension(item, v, c.op.dims[0], v->shape().size(), d0) &&
         c.dimension(item, v, c.op.dims[1], v->shape().size(), d1);
    return ok && d0 != d1 ? transposed(v, d0, d1) : nullptr;
}

SourcePtr reshapeOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    std::vector<int64_t> shape = c.op.shape;
    int64_t known = 1;
    for (int64_t d : shape)
        if (d != -1) known *= d;
    const int64_t numel = v->numel();
    const auto inferred = std::find(shape.begin(), shape.end(), int64_t(-1));
    if (inferred != shape.end() && known != 0 && numel % known == 0) *inferred = numel / known;
    int64_t total = 1;
    for (int64_t d : shape)
        total *= d;
    if (total != numel || std::count(shape.begin(), shape.end(), int64_t(-1)) > 0) {
        ok = c.fail(item.name,
                    tr("cannot reshape %1 into %2").arg(shapeText(v->shape()), shapeText(c.op.shape)));
        return nullptr;
    }
    return shape == v->shape() ? nullptr : reshaped(v, shape);
}

SourcePtr rotaryOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    const std::vector<int64_t> &shape = v->shape();
    const int64_t heads = c.op.heads;
    if (shape.empty() || shape[0] % (2 * heads) != 0) {
        ok = c.fail(
            item.name,
            tr("%1 rows do not split into %2 heads of pairs").arg(shape.empty() ? 0 : shape[0]).arg(heads));
        return nullptr;
    }
    int64_t cols = 1;
    for (size_t i = 1; i < shape.size(); ++i)
        cols *= shape[i];
    const int64_t half = shape[0] / heads / 2;
    const std::vector<int64_t> split = c.op.metaToHf ? std::vector<int64_t>{heads, half, 2, cols}
                                                     : std::vector<int64_t>{heads, 2, half, cols};
    return reshaped(transposed(reshaped(v, split), 1, 2), shape);
}

// Python's t[start:stop:step] bounds along a dimension of `size`.
void pythonSliceBounds(int64_t size, int64_t &start, int64_t &stop)
{
    auto clamp = [size](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + size : i, 0, size); };
    start = clamp(start);
    stop = std::max(clamp(stop), start);
}

SourcePtr sliceOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    int d = 0;
    if (!(ok = c.dimension(item, v, c.op.dim, v->shape().size(), d))) return nullptr;
    int64_t start = c.op.start, stop = c.op.stop;
    pythonSliceBounds(v->shape()[size_t(d)], start, stop);
    if (start == 0 && stop == v->shape()[size_t(d)] && c.op.step == 1) return nullptr;
    return sliced(v, d, start, stop, c.op.step);
}

bool padValueFits(double value, DType t)
{
    if (dtypeIsFloatingPoint(t)) return true;
    if (!std::isfinite(value) || value != std::floor(value)) return false;
    switch (t) {
    case DType::Bool:
        return value == 0 || value == 1;
    case DType::UInt8:
        return value >= 0 && value <= 255;
    case DType::Int8:
        return value >= -128 && value <= 127;
    case DType::Int16:
        return value >= -32768 && value <= 32767;
    case DType::Int32:
        return value >= -2147483648.0 && value <= 2147483647.0;
    case DType::Int64:
        return std::fabs(value) < 9.2e18;
    default:
        return false;
    }
}

SourcePtr padOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    int d = 0;
    if (!(ok = c.dimension(item, v, c.op.dim, v->shape().size(), d))) return nullptr;
    const int64_t size = v->shape()[size_t(d)];
    if (c.op.to < size) {
        ok = c.fail(item.name,
                    tr("dim %1 has size %2, more than %3 (use slice to cut)").arg(d).arg(size).arg(c.op.to));
        return nullptr;
    }
    QString why;
    if (!castSupported(v->dtype(), v->dtype(), &why) || !padValueFits(c.op.value, v->dtype())) {
        ok = c.fail(
            item.name,
            tr("cannot pad a %1 tensor with %2").arg(QLatin1String(dtypeName(v->dtype()))).arg(c.op.value));
        return nullptr;
    }
    return c.op.to == size ? nullptr : padded(v, d, c.op.to, c.op.value);
}

SourcePtr castOne(OpContext &c, const PlanItem &item, const SourcePtr &v, bool &ok)
{
    QString why;
    if (!castSupported(v->dtype(), c.op.dtype, &why)) {
        ok = c.fail(item.name, why);
        return nullptr;
    }
    return v->dtype() == c.op.dtype ? nullptr : cast(v, c.op.dtype);
}

bool applySplit(OpContext &c)
{
    const TensorOp &op = c.op;
    const int at = c.find(op.key);
    if (at < 0) return c.fail(op.key, tr("no such key"));
    const PlanItem &item = c.state.items[size_t(at)];
    const SourcePtr v = c.value(item);
    int d = 0;
    if (!v || !c.dimension(item, v, op.dim, v->shape().size(), d)) return false;
    const int64_t size = v->shape()[size_t(d)];
    std::vector<int64_t> sizes = op.sizes;
    if (sizes.empty()) {
        const int64_t parts = op.into.size();
        if (size % parts != 0)
            return c.fail(
                op.key,
                tr("dim %1 of size %2 does not divide into %3 equal parts").arg(d).arg(size).arg(parts));
        sizes.assign(size_t(parts), size / parts);
    }
    int64_t sum = 0;
    for (int64_t s : sizes)
        sum += s;
    if (sum != size)
        return c.fail(op.key, tr("sizes add up to %1, but dim %2 has size %3").arg(sum).arg(d).arg(size));
    QStringList names = op.into;
    if (names.removeDuplicates() > 0) return c.fail(op.key, tr("\"into\" names a key twice"));
    std::vector<PlanItem> made;
    int64_t offset = 0;
    for (qsizetype i = 0; i < op.into.size(); ++i) {
        if (!c.nameFree(op.into[i], {at})) return false;
        PlanItem piece;
        piece.name = op.into[i];
        piece.node = sliced(v, d, offset, offset + sizes[size_t(i)], 1);
        offset += sizes[size_t(i)];
        made.push_back(std::move(piece));
    }
    c.replace({at}, at, std::move(made));
    return true;
}

bool applyUnstack(OpContext &c)
{
    const int at = c.find(c.op.key);
    if (at < 0) return c.fail(c.op.key, tr("no such key"));
    const PlanItem &item = c.state.items[size_t(at)];
    const SourcePtr v = c.value(item);
    int d = 0;
    if (!v || !c.dimension(item, v, c.op.dim, v->shape().size(), d)) return false;
    const int64_t n = v->shape()[size_t(d)];
    if (n == 0) return c.fail(c.op.key, tr("dim %1 is empty").arg(d));
    std::vector<PlanItem> made;
    for (int64_t i = 0; i < n; ++i) {
        PlanItem piece;
        piece.name = QString(c.op.into[0]).replace(QLatin1String("{i}"), QString::number(i));
        if (!c.nameFree(piece.name, {at})) return false;
        piece.node = selected(v, d, i);
        made.push_back(std::move(piece));
    }
    c.replace({at}, at, std::move(made));
    return true;
}

// concat and stack: the sources in order, checked alike, joined along `dim` into one key.
bool join(OpContext &c, const std::vector<int> &order, bool stack)
{
    std::vector<SourcePtr> values;
    for (int i : order) {
        const PlanItem &item = c.state.items[size_t(i)];
        SourcePtr v = c.value(item);
        if (!v) return false;
        if (!values.empty()) {
            const SourcePtr &first = values.front();
            if (v->dtype() != first->dtype())
                return c.fail(item.name, tr("is %1, but '%2' is %3")
                                             .arg(QLatin1String(dtypeName(v->dtype())),
                                                  c.state.items[size_t(order[0])].name,
                                                  QLatin1String(dtypeName(first->dtype()))));
            std::vector<int64_t> a = v->shape(), b = first->shape();
            const size_t d = size_t(c.op.dim < 0 ? c.op.dim + int64_t(a.size()) : c.op.dim);
            if (!stack && a.size() == b.size() && d < a.size()) a[d] = b[d] = 0;
            if (a != b)
                return c.fail(item.name, tr("has shape %1, which does not fit '%2' of shape %3")
                                             .arg(shapeText(v->shape()), c.state.items[size_t(order[0])].name,
                                                  shapeText(first->shape())));
        }
        values.push_back(std::move(v));
    }
    const PlanItem &first = c.state.items[size_t(order[0])];
    int d = 0;
    if (!c.dimension(first, values[0], c.op.dim, values[0]->shape().size() + (stack ? 1 : 0), d))
        return false;
    if (stack)
        for (SourcePtr &v : values) {
            std::vector<int64_t> shape = v->shape();
            shape.insert(shape.begin() + d, 1);
            v = reshaped(v, shape);
        }
    const std::set<int> consumed(order.begin(), order.end());
    if (!c.nameFree(c.op.into[0], consumed)) return false;
    PlanItem result;
    result.name = c.op.into[0];
    result.node = concatenated(values, d);
    c.replace(consumed, stack ? *consumed.begin() : order[0], {std::move(result)});
    return true;
}

bool applyConcat(OpContext &c)
{
    std::vector<int> order;
    for (const QString &key : c.op.keys) {
        const int at = c.find(key);
        if (at < 0) return c.fail(key, tr("no such key"));
        if (std::find(order.begin(), order.end(), at) != order.end())
            return c.fail(key, tr("is listed twice"));
        order.push_back(at);
    }
    return join(c, order, false);
}

bool applyStack(OpContext &c)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(c.op.match));
    std::map<qlonglong, int> byNumber;
    for (size_t i = 0; i < c.state.items.size(); ++i) {
        const QRegularExpressionMatch m = re.match(c.state.items[i].name);
        if (!m.hasMatch()) continue;
        bool ok = false;
        const qlonglong n = m.captured(QLatin1String("i")).toLongLong(&ok);
        if (!ok)
            return c.fail(c.state.items[i].name,
                          tr("group i is '%1', not a number").arg(m.captured(QLatin1String("i"))));
        if (!byNumber.emplace(n, int(i)).second)
            return c.fail(c.state.items[i].name,
                          tr("number %1 is also '%2'").arg(n).arg(c.state.items[size_t(byNumber[n])].name));
    }
    if (byNumber.empty()) return c.failRule(tr("no key matches"));
    std::vector<int> order;
    for (const auto &entry : byNumber)
        order.push_back(entry.second);
    return join(c, order, true);
}

} // namespace

bool applyTensorOp(const TensorOp &op, PlanState &state, QString *error)
{
    OpContext c(op, state, error);
    switch (op.kind) {
    case TensorOp::Transpose:
        return applyToEach(c, transposeOne);
    case TensorOp::Reshape:
        return applyToEach(c, reshapeOne);
    case TensorOp::PermuteRotary:
        return applyToEach(c, rotaryOne);
    case TensorOp::Slice:
        return applyToEach(c, sliceOne);
    case TensorOp::Pad:
        return applyToEach(c, padOne);
    case TensorOp::Cast:
        return applyToEach(c, castOne);
    case TensorOp::Split:
        return applySplit(c);
    case TensorOp::Concat:
        return applyConcat(c);
    case TensorOp::Stack:
        return applyStack(c);
    case TensorOp::Unstack:
        return applyUnstack(c);
    }
    return false;
}

} // namespace sl
