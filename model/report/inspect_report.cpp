#include "report/inspect_report.h"

#include "format/weights_only_globals.h"
#include "stats/dequantize.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>

#include <unordered_set>

namespace sl {
namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string joinStrings(const std::vector<std::string> &v)
{
    std::string out;
    for (const std::string &s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The object tree with tensors as references; cycles and extreme depth are cut, never followed.
QJsonValue objectJson(const Value *v, std::unordered_set<const Value *> &onPath, int depth)
{
    if (!v) return QJsonValue::Null;
    if (depth > 200) return QStringLiteral("<nested too deeply>");
    switch (v->kind) {
    case ValueKind::None:
        return QJsonValue::Null;
    case ValueKind::Bool:
        return bool(v->integer);
    case ValueKind::Int:
        return qint64(v->integer);
    case ValueKind::Float:
        return v->real;
    case ValueKind::String:
        return qs(v->text);
    case ValueKind::Tensor:
        return QJsonObject{{QStringLiteral("tensor"), qint64(v->tensorIndex)}};
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
    case ValueKind::Dict:
    case ValueKind::Object: {
        if (!onPath.insert(v).second) return QStringLiteral("<cycle>");
        QJsonValue out;
        if (v->kind == ValueKind::Dict) {
            QJsonObject o;
            for (size_t i = 0; i < v->dictSize(); ++i)
                o.insert(v->dictKey(i)->isString() ? qs(v->dictKey(i)->text)
                                                   : qs(valueSummary(v->dictKey(i))),
                         objectJson(v->dictValue(i), onPath, depth + 1));
            out = o;
        } else if (v->kind == ValueKind::Object) {
            QJsonObject o{{QStringLiteral("object"), qs(v->text)}};
            if (v->args) o.insert(QStringLiteral("args"), objectJson(v->args, onPath, depth + 1));
            if (v->state) o.insert(QStringLiteral("state"), objectJson(v->state, onPath, depth + 1));
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

// Writes exactly what QJsonDocument::toJson(Indented) writes, without building QJsonObjects first:
// every QJsonObject insert keeps its keys sorted in CBOR form, which made a 30,000-key report cost
// about 1.9 G instructions (two thirds of `inspect --json`); writing the text directly costs ~5 %.
// Callers give object keys in sorted order, as QJsonObject would hold them. The text grows in a
// std::string: QByteArray's appends go through its general insert(), several times slower per call.
class IndentedJson
{
public:
    explicit IndentedJson(std::string &out) : m_out(out) {}

    IndentedJson &beginObject() { return open('{'); }
    IndentedJson &endObject() { return close('}'); }
    IndentedJson &beginArray() { return open('['); }
    IndentedJson &endArray() { return close(']'); }
    // Starts the next array element.
    IndentedJson &element()
    {
        separate();
        return *this;
    }
    // `name` is plain ASCII that needs no escaping.
    IndentedJson &key(const char *name)
    {
        separate();
        m_out += '"';
        m_out += name;
        m_out += "\": ";
        return *this;
    }
    void null() { m_out += "null"; }
    void real(double v)
    {
        const QByteArray text = QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
        m_out.append(text.constData(), size_t(text.size()));
    }
    void boolean(bool b) { m_out += b ? "true" : "false"; }
    void number(int64_t v)
    {
        char buf[24];
        const auto result = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, size_t(result.ptr - buf));
    }
    void string(std::string_view s)
    {
        // Printable ASCII is copied as it is; anything else goes through Qt's own escaping (control
        // characters, invalid UTF-8 and lone surrogates each have their own spelling there).
        const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
            return c >= 0x20 && c != '"' && c != '\\' && uint8_t(c) < 0x80;
        });
        if (plain) {
            m_out += '"';
            m_out += s;
            m_out += '"';
            return;
        }
        const QByteArray quoted = QJsonDocument(QJsonArray{QString::fromUtf8(s.data(), qsizetype(s.size()))})
                                      .toJson(QJsonDocument::Compact); // ["..."]
        m_out.append(quoted.constData() + 1, size_t(quoted.size() - 2));
    }
    // A value built with Qt's JSON classes (keys of any spelling, duplicates, doubles): Qt writes it
    // inside a one-element array, whose element sits one level in, as ours does after a top-level key.
    void qtValue(const QJsonValue &v)
    {
        Q_ASSERT(m_empty.size() == 1);
        const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Indented); // [\n    V\n]\n
        m_out.append(text.constData() + 6, size_t(text.size() - 9));
    }

private:
    IndentedJson &open(char bracket)
    {
        m_out += bracket;
        m_out += '\n';
        m_empty.push_back(true);
        return *this;
    }
    IndentedJson &close(char bracket)
    {
        const bool empty = m_empty.back();
        m_empty.pop_back();
        if (!empty) m_out += '\n';
        indent();
        m_out += bracket;
        return *this;
    }
    void separate()
    {
        if (!m_empty.back()) m_out += ",\n";
        m_empty.back() = false;
        indent();
    }
    void indent() { m_out.append(4 * m_empty.size(), ' '); }

    std::string &m_out;
    std::vector<bool> m_empty; // one per open container: true until it holds an element
};
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
    return byteSizeText(bytes, QLocale::c());
}

QString byteSizeText(int64_t bytes, const QLocale &locale)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    if (u == 0) return locale.toString(qlonglong(bytes)) + QLatin1String(" B");
    return locale.toString(v, 'f', v < 10 ? 2 : 1) + QLatin1Char(' ') + QLatin1String(units[u]);
}

namespace {

// With a `sink`, the text goes out in pieces as it grows: a 30,000-key report is 10 MiB, which
// would otherwise be held (and page-faulted in) whole before the first byte is written.
// A quantized tensor's scheme and parameters (docs/cli.md): scale and zero_point for per-tensor
// schemes; axis, scales and zero_points for per-channel ones, or null where they cannot be read.
void writeQuantization(IndentedJson &json, const ParsedFile &file, const TensorRef &t)
{
    const Quantization &q = *t.quantization;
    json.key("quantization").beginObject();
    if (q.perChannel()) {
        std::unique_ptr<Dequantizer> params;
        try {
            params = std::make_unique<Dequantizer>(file, t);
        } catch (const FormatError &) {
        }
        json.key("axis").number(q.axis);
        json.key("scales");
        if (params) {
            json.beginArray();
            for (double s : params->scales())
                json.element().real(s);
            json.endArray();
        } else {
            json.null();
        }
        json.key("scheme").string(q.scheme);
        json.key("zero_points");
        if (params) {
            json.beginArray();
            for (int64_t z : params->zeroPoints())
                json.element().number(z);
            json.endArray();
        } else {
            json.null();
        }
    } else {
        json.key("scale").real(q.scale);
        json.key("scheme").string(q.scheme);
        json.key("zero_point").number(q.zeroPoint);
    }
    json.endObject();
}

void writeInspectJson(const Checkpoint &c, bool withObjects, std::string &out, std::FILE *sink)
{
    constexpr size_t kPieceBytes = 256 * 1024;
    auto drain = [&] {
        if (sink) {
            std::fwrite(out.data(), 1, out.size(), sink);
            out.clear();
        }
    };
    out.reserve(sink ? kPieceBytes + 4096 : c.entries().size() * 400 + 256);
    IndentedJson json(out);
    auto strings = [&](const std::vector<std::string> &v) {
        json.beginArray();
        for (const std::string &s : v)
            json.element().string(s);
        json.endArray();
    };
    auto ints = [&](const std::vector<int64_t> &v) {
        json.beginArray();
        for (int64_t x : v)
            json.element().number(x);
        json.endArray();
    };
    // Keys in QJsonObject's order (sorted), so that the text is what QJsonDocument would write.
    json.beginObject();
    json.key("format").string(formatName(c.format()));
    if (!c.file().metadata.empty()) {
        QJsonObject meta;
        for (const auto &[k, v] : c.file().metadata)
            meta.insert(qs(k), qs(v));
        json.key("metadata").qtValue(meta);
    }
    if (withObjects) {
        std::unordered_set<const Value *> onPath;
        json.key("objects").qtValue(objectJson(c.file().top, onPath, 0));
    }
    json.key("root");
    strings(c.root());
    json.key("tensors").beginArray();
    for (const StateEntry &e : c.entries()) {
        const TensorRef &t = c.tensor(e.tensor);
        const StorageRef *s = c.storageOf(e.tensor);
        json.element().beginObject();
        json.key("device").string(t.device);
        json.key("dtype").string(dtypeName(t.dtype));
        json.key("key").string(e.key);
        if (t.layout != TensorLayout::Strided) json.key("layout").string(layoutName(t.layout));
        json.key("nbytes").number(t.nbytes());
        json.key("offset").number(t.offset);
        if (t.quantization) writeQuantization(json, c.file(), t);
        json.key("requires_grad").boolean(t.requiresGrad);
        json.key("shape");
        ints(t.shape);
        if (s)
            json.key("storage").string(s->key);
        else
            json.key("storage").null();
        json.key("stride");
        ints(t.stride);
        json.endObject();
        if (out.size() >= kPieceBytes) drain();
    }
    json.endArray();
    json.key("unsafe_globals");
    strings(c.unsafeGlobals());
    json.key("warnings");
    strings(c.warnings());
    const WeightsOnlyVerdict weightsOnly = weightsOnlyVerdict(c.file());
    json.key("weights_only").beginObject();
    json.key("blockers");
    strings(weightsOnly.blockers);
    json.key("loadable").boolean(weightsOnly.loadable);
    json.endObject();
    json.endObject();
    out += '\n';
    drain();
}

} // namespace

QByteArray inspectJsonText(const Checkpoint &c, bool withObjects)
{
    std::string out;
    writeInspectJson(c, withObjects, out, nullptr);
    return QByteArray(out.data(), qsizetype(out.size()));
}

void printInspectJson(const Checkpoint &c, bool withObjects, std::FILE *out)
{
    std::string buffer;
    writeInspectJson(c, withObjects, buffer, out);
}

QJsonObject inspectJson(const Checkpoint &c, bool withObjects)
{
    return QJsonDocument::fromJson(inspectJsonText(c, withObjects)).object();
}

QString inspectTable(const Checkpoint &c)
{
    struct Row
    {
        QString key, shape, dtype, device, size;
    };
    std::vector<Row> rows;
    Row header{QCoreApplication::translate("InspectReport", "KEY"),
               QCoreApplication::translate("InspectReport", "SHAPE"),
               QCoreApplication::translate("InspectReport", "DTYPE"),
               QCoreApplication::translate("InspectReport", "DEVICE"),
               QCoreApplication::translate("InspectReport", "SIZE")};
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
    out += QCoreApplication::translate("InspectReport", "Root:   %1\n")
               .arg(c.root().empty() ? QCoreApplication::translate("InspectReport", "(top level)")
                                     : qs(joinRootPath(c.root())));
    out += QLatin1Char('\n');
    for (const Row &r : rows)
        out += r.key.leftJustified(w[0] + 2) + r.shape.leftJustified(w[1] + 2) +
               r.dtype.leftJustified(w[2] + 2) + r.device.leftJustified(w[3] + 2) + r.size +
               QLatin1Char('\n');
    out += QLatin1Char('\n');
    out += QCoreApplication::translate("InspectReport", "%1 tensors, %2 parameters, %3\n")
               .arg(c.entries().size())
               .arg(c.parameterCount())
               .arg(byteSizeText(c.tensorBytes()));
    for (const std::string &g : c.unsafeGlobals())
        out += QCoreApplication::translate(
                   "InspectReport",
                   "Note: the file references %1; StateLens never runs code from a checkpoint.\n")
                   .arg(qs(g));
    const WeightsOnlyVerdict weightsOnly = weightsOnlyVerdict(c.file());
    if (!weightsOnly.blockers.empty())
        out += QCoreApplication::translate("InspectReport",
                                           "Note: torch.load in PyTorch 2.6 and later would refuse this file "
                                           "(weights_only): it names %1.\n")
                   .arg(qs(joinStrings(weightsOnly.blockers)));
    for (const std::string &w2 : c.warnings())
        out += QCoreApplication::translate("InspectReport", "Warning: %1\n").arg(qs(w2));
    return out;
}

} // namespace sl
