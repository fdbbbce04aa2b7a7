#include "keymap/tensor_op.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace sl {
namespace {

const char *const kNames[] = {"transpose", "reshape", "split", "concat", "permute_rotary",
                              "stack",     "unstack", "slice", "pad",    "cast"};

QString tr(const char *text)
{
    return QCoreApplication::translate("TensorOp", text);
}

// Reads the recipe's fields with one message for the first that is missing or of the wrong type.
class Fields
{
public:
    explicit Fields(const QJsonObject &o) : m_o(o) {}

    bool string(const char *name, QString &out, bool required = true)
    {
        const QJsonValue v = m_o.value(QLatin1String(name));
        if (v.isUndefined() && !required) return true;
        if (!v.isString() || v.toString().isEmpty()) return bad(name, tr("a non-empty string"));
        out = v.toString();
        return true;
    }
    bool strings(const char *name, QStringList &out)
    {
        const QJsonValue v = m_o.value(QLatin1String(name));
        if (!v.isArray() || v.toArray().isEmpty()) return bad(name, tr("a list of keys"));
        for (const QJsonValue &s : v.toArray()) {
            if (!s.isString() || s.toString().isEmpty()) return bad(name, tr("a list of keys"));
            out << s.toString();
        }
        return true;
    }
    bool integer(const char *name, int64_t &out, bool required = true)
    {
        const QJsonValue v = m_o.value(QLatin1String(name));
        if (v.isUndefined() && !required) return true;
        if (!isInteger(v)) return bad(name, tr("an integer"));
        out = int64_t(v.toDouble());
        return true;
    }
    bool integers(const char *name, std::vector<int64_t> &out, bool required = true)
    {
        const QJsonValue v = m_o.value(QLatin1String(name));
        if (v.isUndefined() && !required) return true;
        if (!v.isArray()) return bad(name, tr("a list of integers"));
        for (const QJsonValue &i : v.toArray()) {
            if (!isInteger(i)) return bad(name, tr("a list of integers"));
            out.push_back(int64_t(i.toDouble()));
        }
        return true;
    }
    bool number(const char *name, double &out)
    {
        const QJsonValue v = m_o.value(QLatin1String(name));
        if (v.isUndefined()) return true;
        if (!v.isDouble()) return bad(name, tr("a number"));
        out = v.toDouble();
        return true;
    }
    bool regex(const char *name, QString &out)
    {
        if (!string(name, out)) return false;
        const QRegularExpression re(out);
        if (!re.isValid()) return fail(tr("invalid regular expression /%1/: %2").arg(out, re.errorString()));
        return true;
    }
    bool fail(const QString &message)
    {
        if (m_error.isEmpty()) m_error = message;
        return false;
    }
    const QString &error() const { return m_error; }

private:
    static bool isInteger(const QJsonValue &v)
    {
        const double d = v.toDouble();
        return v.isDouble() && std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15;
    }
    bool bad(const char *name, const QString &what)
    {
        return fail(tr("field \"%1\" must be %2").arg(QLatin1String(name), what));
    }

    const QJsonObject &m_o;
    QString m_error;
};

bool readFields(TensorOp &t, Fields &f)
{
    switch (t.kind) {
    case TensorOp::Transpose:
        if (!f.regex("match", t.match) || !f.integers("dims", t.dims)) return false;
        return t.dims.size() == 2 || f.fail(tr("field \"dims\" must hold two dimensions"));
    case TensorOp::Reshape: {
        if (!f.regex("match", t.match) || !f.integers("shape", t.shape)) return false;
        int inferred = 0;
        for (int64_t d : t.shape) {
            if (d < -1) return f.fail(tr("field \"shape\" holds a negative size"));
            inferred += d == -1;
        }
        return inferred <= 1 || f.fail(tr("field \"shape\" may hold one -1, not more"));
    }
    case TensorOp::Split:
        if (!f.string("key", t.key) || !f.integer("dim", t.dim) || !f.strings("into", t.into) ||
            !f.integers("sizes", t.sizes, false))
            return false;
        for (int64_t s : t.sizes)
            if (s < 0) return f.fail(tr("field \"sizes\" holds a negative size"));
        return t.sizes.empty() || t.sizes.size() == size_t(t.into.size()) ||
               f.fail(tr("\"sizes\" has %1 entries but \"into\" names %2 keys")
                          .arg(t.sizes.size())
                          .arg(t.into.size()));
    case TensorOp::Concat:
        t.into.resize(1);
        return f.strings("keys", t.keys) && f.integer("dim", t.dim) && f.string("into", t.into[0]);
    case TensorOp::PermuteRotary: {
        QString direction;
        if (!f.regex("match", t.match) || !f.integer("heads", t.heads) || !f.string("direction", direction))
            return false;
        if (t.heads <= 0) return f.fail(tr("field \"heads\" must be positive"));
        if (direction != QLatin1String("meta_to_hf") && direction != QLatin1String("hf_to_meta"))
            return f.fail(tr("field \"direction\" must be \"meta_to_hf\" or \"hf_to_meta\""));
        t.metaToHf = direction == QLatin1String("meta_to_hf");
        return true;
    }
    case TensorOp::Stack:
        t.into.resize(1);
        if (!f.regex("match", t.match) || !f.string("into", t.into[0]) || !f.integer("dim", t.dim, false))
            return false;
        return QRegularExpression(t.match).namedCaptureGroups().contains(QLatin1String("i")) ||
               f.fail(tr("field \"match\" needs a named group (?P<i>...) or (?<i>...) for the number"));
    case TensorOp::Unstack:
        t.into.resize(1);
        if (!f.string("key", t.key) || !f.integer("dim", t.dim) || !f.string("into", t.into[0])) return false;
        return t.into[0].contains(QLatin1String("{i}")) || f.fail(tr("field \"into\" must contain {i}"));
    case TensorOp::Slice:
        if (!f.regex("match", t.match) || !f.integer("dim", t.dim) || !f.integer("start", t.start) ||
            !f.integer("stop", t.stop) || !f.integer("step", t.step, false))
            return false;
        return t.step > 0 || f.fail(tr("field \"step\" must be positive"));
    case TensorOp::Pad:
        if (!f.regex("match", t.match) || !f.integer("dim", t.dim) || !f.integer("to", t.to) ||
            !f.number("value", t.value))
            return false;
        return t.to >= 0 || f.fail(tr("field \"to\" must not be negative"));
    case TensorOp::Cast: {
        QString name;
        if (!f.regex("match", t.match) || !f.string("dtype", name)) return false;
        t.dtype = castTargetFromName(name);
        return t.dtype != DType::Unknown ||
               f.fail(tr("cannot cast to '%1' (expected float16, bfloat16, float32, float64, int8, int16, "
                         "int32, int64, uint8 or bool)")
                          .arg(name));
    }
    }
    return false;
}

QJsonArray intArray(const std::vector<int64_t> &v)
{
    QJsonArray a;
    for (int64_t i : v)
        a.append(double(i));
    return a;
}

QString joinInts(const std::vector<int64_t> &v)
{
    QStringList parts;
    for (int64_t i : v)
        parts << QString::number(i);
    return parts.join(QLatin1String(", "));
}

} // namespace

DType castTargetFromName(const QString &name)
{
    const DType t = dtypeFromTorchName(name.toStdString());
    switch (t) {
    case DType::Float16:
    case DType::BFloat16:
    case DType::Float32:
    case DType::Float64:
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::Int64:
    case DType::UInt8:
    case DType::Bool:
        return t;
    default:
        return DType::Unknown;
    }
}

bool TensorOp::operator==(const TensorOp &o) const
{
    return kind == o.kind && match == o.match && key == o.key && keys == o.keys && into == o.into &&
           dims == o.dims && shape == o.shape && sizes == o.sizes && dim == o.dim && heads == o.heads &&
           metaToHf == o.metaToHf && start == o.start && stop == o.stop && step == o.step && to == o.to &&
           value == o.value && dtype == o.dtype;
}

QString TensorOp::opName() const
{
    return QLatin1String(kNames[kind]);
}

bool TensorOp::isOpName(const QString &op)
{
    return opNames().contains(op);
}

QStringList TensorOp::opNames()
{
    QStringList names;
    for (const char *n : kNames)
        names << QLatin1String(n);
    return names;
}

QString TensorOp::description() const
{
    switch (kind) {
    case Transpose:
        return tr("transpose /%1/ dims %2").arg(match, joinInts(dims));
    case Reshape:
        return tr("reshape /%1/ to (%2)").arg(match, joinInts(shape));
    case Split:
        return tr("split '%1' along dim %2 into %3").arg(key).arg(dim).arg(into.join(QLatin1String(", ")));
    case Concat:
        return tr("concat %1 along dim %2 into '%3'")
            .arg(keys.join(QLatin1String(", ")))
            .arg(dim)
            .arg(into.value(0));
    case PermuteRotary:
        return (metaToHf ? tr("permute rotary /%1/ (%2 heads, Meta to HF)")
                         : tr("permute rotary /%1/ (%2 heads, HF to Meta)"))
            .arg(match)
            .arg(heads);
    case Stack:
        return tr("stack /%1/ along dim %2 into '%3'").arg(match).arg(dim).arg(into.value(0));
    case Unstack:
        return tr("unstack '%1' along dim %2 into '%3'").arg(key).arg(dim).arg(into.value(0));
    case Slice:
        return tr("slice /%1/ dim %2 [%3:%4:%5]").arg(match).arg(dim).arg(start).arg(stop).arg(step);
    case Pad:
        return tr("pad /%1/ dim %2 to %3 with %4").arg(match).arg(dim).arg(to).arg(value);
    case Cast:
        return tr("cast /%1/ to %2").arg(match, QLatin1String(dtypeName(dtype)));
    }
    return {};
}

QJsonObject TensorOp::toJson() const
{
    QJsonObject o{{QStringLiteral("op"), opName()}};
    switch (kind) {
    case Transpose:
        return o.insert(QStringLiteral("match"), match), o.insert(QStringLiteral("dims"), intArray(dims)), o;
    case Reshape:
        return o.insert(QStringLiteral("match"), match), o.insert(QStringLiteral("shape"), intArray(shape)),
               o;
    case Split:
        o.insert(QStringLiteral("key"), key);
        o.insert(QStringLiteral("dim"), double(dim));
        o.insert(QStringLiteral("into"), QJsonArray::fromStringList(into));
        if (!sizes.empty()) o.insert(QStringLiteral("sizes"), intArray(sizes));
        return o;
    case Concat:
        o.insert(QStringLiteral("keys"), QJsonArray::fromStringList(keys));
        o.insert(QStringLiteral("dim"), double(dim));
        o.insert(QStringLiteral("into"), into.value(0));
        return o;
    case PermuteRotary:
        o.insert(QStringLiteral("match"), match);
        o.insert(QStringLiteral("heads"), double(heads));
        o.insert(QStringLiteral("direction"),
                 metaToHf ? QStringLiteral("meta_to_hf") : QStringLiteral("hf_to_meta"));
        return o;
    case Stack:
    case Unstack:
        if (kind == Stack)
            o.insert(QStringLiteral("match"), match);
        else
            o.insert(QStringLiteral("key"), key);
        o.insert(QStringLiteral("dim"), double(dim));
        o.insert(QStringLiteral("into"), into.value(0));
        return o;
    case Slice:
        o.insert(QStringLiteral("match"), match);
        o.insert(QStringLiteral("dim"), double(dim));
        o.insert(QStringLiteral("start"), double(start));
        o.insert(QStringLiteral("stop"), double(stop));
        if (step != 1) o.insert(QStringLiteral("step"), double(step));
        return o;
    case Pad:
        o.insert(QStringLiteral("match"), match);
        o.insert(QStringLiteral("dim"), double(dim));
        o.insert(QStringLiteral("to"), double(to));
        o.insert(QStringLiteral("value"), value);
        return o;
    case Cast:
        o.insert(QStringLiteral("match"), match);
        o.insert(QStringLiteral("dtype"), QLatin1String(dtypeName(dtype)));
        return o;
    }
    return o;
}

bool TensorOp::fromJson(const QString &op, const QJsonObject &o, TensorOp &out, QString *error)
{
    const QStringList names = opNames();
    const qsizetype index = names.indexOf(op);
    if (index < 0) {
        if (error) *error = tr("unknown op '%1'").arg(op);
        return false;
    }
    TensorOp t;
    t.kind = Kind(index);
    Fields fields(o);
    if (!readFields(t, fields)) {
        if (error) *error = fields.error();
        return false;
    }
    out = std::move(t);
    return true;
}

} // namespace sl
