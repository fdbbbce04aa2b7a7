#include "inspect_report.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>

#include <unordered_set>

namespace sl {
namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

QJsonArray intArray(const std::vector<int64_t> &v)
{
    QJsonArray a;
    for (int64_t x : v)
        a.append(qint64(x));
    return a;
}

QJsonArray stringArray(const std::vector<std::string> &v)
{
    QJsonArray a;
    for (const auto &s : v)
        a.append(qs(s));
    return a;
}

// The object tree with tensors as references; cycles and extreme depth are cut, never followed.
QJsonValue objectJson(const Value *v, std::unordered_set<const Value *> &onPath, int depth)
{
    if (!v)
        return QJsonValue::Null;
    if (depth > 200)
        return QStringLiteral("<nested too deeply>");
    switch (v->kind) {
    case ValueKind::None: return QJsonValue::Null;
    case ValueKind::Bool: return bool(v->index);
    case ValueKind::Int: return qint64(v->index);
    case ValueKind::Float: return v->real;
    case ValueKind::String: return qs(v->text);
    case ValueKind::Tensor: return QJsonObject{{QStringLiteral("tensor"), qint64(v->index)}};
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
    case ValueKind::Dict:
    case ValueKind::Object: {
        if (!onPath.insert(v).second)
            return QStringLiteral("<cycle>");
        QJsonValue out;
        if (v->kind == ValueKind::Dict) {
            QJsonObject o;
            for (size_t i = 0; i < v->dictSize(); ++i)
                o.insert(v->dictKey(i)->isString() ? qs(v->dictKey(i)->text) : qs(valueSummary(v->dictKey(i))),
                         objectJson(v->dictValue(i), onPath, depth + 1));
            out = o;
        } else if (v->kind == ValueKind::Object) {
            QJsonObject o{{QStringLiteral("object"), qs(v->text)}};
            if (v->args)
                o.insert(QStringLiteral("args"), objectJson(v->args, onPath, depth + 1));
            if (v->state)
                o.insert(QStringLiteral("state"), objectJson(v->state, onPath, depth + 1));
            out = o;
        } else {
            QJsonArray a;
            for (const Value *i : v->items)
                a.append(objectJson(i, onPath, depth + 1));
            out = a;
        }
        onPath.erase(v);
        return out;
    }
    default:
        return qs(valueSummary(v));
    }
}


} // namespace

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString byteSizeText(int64_t bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    if (u == 0)
        return QString::number(bytes) + QLatin1String(" B");
    return QString::number(v, 'f', v < 10 ? 2 : 1) + QLatin1Char(' ') + QLatin1String(units[u]);
}

QJsonObject inspectJson(const Checkpoint &c, bool withObjects)
{
    QJsonArray tensors;
    for (const StateEntry &e : c.entries()) {
        const TensorRef &t = c.tensor(e.tensor);
        const StorageRef *s = c.storageOf(e.tensor);
        QJsonObject o{
            {QStringLiteral("key"), qs(e.key)},
            {QStringLiteral("dtype"), QLatin1String(dtypeName(t.dtype))},
            {QStringLiteral("shape"), intArray(t.shape)},
            {QStringLiteral("stride"), intArray(t.stride)},
            {QStringLiteral("offset"), qint64(t.offset)},
            {QStringLiteral("device"), qs(t.device)},
            {QStringLiteral("storage"), s ? QJsonValue(qs(s->key)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("nbytes"), qint64(t.nbytes())},
            {QStringLiteral("requires_grad"), t.requiresGrad},
        };
        if (t.layout != TensorLayout::Strided)
            o.insert(QStringLiteral("layout"), QLatin1String(layoutName(t.layout)));
        tensors.append(o);
    }
    QJsonObject out{
        {QStringLiteral("format"), QLatin1String(formatName(c.format()))},
        {QStringLiteral("root"), stringArray(c.root())},
        {QStringLiteral("tensors"), tensors},
        {QStringLiteral("unsafe_globals"), stringArray(c.unsafeGlobals())},
        {QStringLiteral("warnings"), stringArray(c.warnings())},
    };
    if (!c.file().metadata.empty()) {
        QJsonObject meta;
        for (const auto &[k, v] : c.file().metadata)
            meta.insert(qs(k), qs(v));
        out.insert(QStringLiteral("metadata"), meta);
    }
    if (withObjects) {
        std::unordered_set<const Value *> onPath;
        out.insert(QStringLiteral("objects"), objectJson(c.file().top, onPath, 0));
    }
    return out;
}

QString inspectTable(const Checkpoint &c)
{
    struct Row
    {
        QString key, shape, dtype, device, size;
    };
    std::vector<Row> rows;
    Row header{QCoreApplication::translate("InspectReport", "KEY"), QCoreApplication::translate("InspectReport", "SHAPE"), QCoreApplication::translate("InspectReport", "DTYPE"), QCoreApplication::translate("InspectReport", "DEVICE"), QCoreApplication::translate("InspectReport", "SIZE")};
    rows.push_back(header);
    for (const StateEntry &e : c.entries()) {
        const TensorRef &t = c.tensor(e.tensor);
        rows.push_back({qs(e.key), shapeText(t.shape), QLatin1String(dtypeName(t.dtype)), qs(t.device),
                        byteSizeText(t.nbytes())});
    }
    int w[4] = {0, 0, 0, 0};
    for (const Row &r : rows) {
        w[0] = std::max(w[0], int(r.key.size()));
        w[1] = std::max(w[1], int(r.shape.size()));
        w[2] = std::max(w[2], int(r.dtype.size()));
        w[3] = std::max(w[3], int(r.device.size()));
    }
    QString out;
    out += QCoreApplication::translate("InspectReport", "File:   %1 (%2, %3)\n")
               .arg(QFileInfo(c.path()).fileName(), QLatin1String(formatName(c.format())),
                    byteSizeText(int64_t(c.fileSize())));
    out += QCoreApplication::translate("InspectReport", "Root:   %1\n").arg(c.root().empty() ? QCoreApplication::translate("InspectReport", "(top level)") : qs(joinRootPath(c.root())));
    out += QLatin1Char('\n');
    for (const Row &r : rows)
        out += r.key.leftJustified(w[0] + 2) + r.shape.leftJustified(w[1] + 2) + r.dtype.leftJustified(w[2] + 2) +
               r.device.leftJustified(w[3] + 2) + r.size + QLatin1Char('\n');
    out += QLatin1Char('\n');
    out += QCoreApplication::translate("InspectReport", "%1 tensors, %2 parameters, %3\n")
               .arg(c.entries().size())
               .arg(c.parameterCount())
               .arg(byteSizeText(c.tensorBytes()));
    for (const std::string &g : c.unsafeGlobals())
        out += QCoreApplication::translate("InspectReport", "Note: the file references %1; StateLens never runs code from a checkpoint.\n").arg(qs(g));
    for (const std::string &w2 : c.warnings())
        out += QCoreApplication::translate("InspectReport", "Warning: %1\n").arg(qs(w2));
    return out;
}

} // namespace sl
