#include "format/torchscript_reader.h"

#include "format/torch_globals.h"
#include "format/zip_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace sl {
namespace {

bool isModuleObject(const Value *v)
{
    return v->kind == ValueKind::Object && v->text.rfind("__torch__.", 0) == 0 &&
           v->text.rfind("__torch__.torch.classes.", 0) != 0 && v->state && v->state->kind == ValueKind::Dict;
}

// Which attributes of a TorchScript class are parameters and buffers, from its `__parameters__` and
// `__buffers__` lines in code/: the other tensor attributes (`self.state = torch.zeros(0)`) are not
// in state_dict().
struct ClassSlots
{
    std::unordered_set<std::string> parameters, buffers;
};
using ClassSlotMap = std::unordered_map<std::string, ClassSlots>;
constexpr uint64_t kMaxCodeBytes = uint64_t(64) << 20;

// The quoted names of a `__parameters__ = ["a", "b", ]` list that starts at `at`.
void readNameList(const std::string &text, size_t at, std::unordered_set<std::string> &out)
{
    const size_t open = text.find('[', at), close = text.find(']', at);
    if (open == std::string::npos || close == std::string::npos || close < open) return;
    for (size_t q = text.find('"', open); q != std::string::npos && q < close; q = text.find('"', q + 1)) {
        const size_t end = text.find('"', q + 1);
        if (end == std::string::npos || end > close) return;
        out.insert(text.substr(q + 1, end - q - 1));
        q = end;
    }
}

// code/__torch__/a/b.py holds `class C(Module):`, the type `__torch__.a.b.C` (mangled names too).
void readClassSlots(const ZipArchive &archive, ClassSlotMap &out)
{
    const ZipDirectory &dir = archive.directory();
    const std::string codeDir = dir.prefix + "code/";
    for (const ZipEntry &e : dir.entries) {
        if (e.name.rfind(codeDir, 0) != 0 || e.name.size() < codeDir.size() + 4 ||
            e.name.compare(e.name.size() - 3, 3, ".py") != 0)
            continue;
        std::string module = e.name.substr(codeDir.size(), e.name.size() - codeDir.size() - 3);
        std::replace(module.begin(), module.end(), '/', '.');
        std::string text;
        try {
            const std::vector<uint8_t> raw =
                archive.readRecord(e.name.substr(dir.prefix.size()), kMaxCodeBytes);
            text.assign(raw.begin(), raw.end());
        } catch (const FormatError &) {
            continue; // unreadable code: its classes list every tensor attribute, as without code/
        }
        ClassSlots *current = nullptr;
        for (size_t line = 0; line < text.size();) {
            size_t next = text.find('\n', line);
            if (next == std::string::npos) next = text.size();
            if (text.compare(line, 6, "class ") == 0) {
                const size_t name = line + 6, paren = text.find_first_of("(:", name);
                current = paren < next ? &out[module + "." + text.substr(name, paren - name)] : nullptr;
            } else if (current && text.compare(line, 17, "  __parameters__ ") == 0) {
                readNameList(text, line, current->parameters);
            } else if (current && text.compare(line, 14, "  __buffers__ ") == 0) {
                readNameList(text, line, current->buffers);
            }
            line = next + 1;
        }
    }
}

// torch.jit.load(f).state_dict(): a module's parameters, then its buffers, each in attribute order,
// then each submodule's, depth first. Tensors come detached (requires_grad False), as state_dict()
// gives them. A class without code/ (or not found there) lists every tensor attribute.
class StateDictBuilder
{
public:
    StateDictBuilder(ParsedFile &file, ValueArena &arena, Value *out, const ClassSlotMap &slots)
        : m_file(file), m_arena(arena), m_out(out), m_slots(slots)
    {
    }

    void add(const Value *module, const std::string &prefix, int depth)
    {
        if (depth > 256 || !m_onPath.insert(module).second) return;
        const Value *attrs = module->state;
        auto found = m_slots.find(module->text);
        if (found == m_slots.end()) {
            addTensors(attrs, prefix, nullptr);
        } else {
            addTensors(attrs, prefix, &found->second.parameters);
            addTensors(attrs, prefix, &found->second.buffers);
        }
        for (size_t i = 0; i < attrs->dictSize(); ++i) {
            const Value *k = attrs->dictKey(i);
            const Value *v = attrs->dictValue(i);
            if (k->isString() && isModuleObject(v)) add(v, prefix + k->text + ".", depth + 1);
        }
        m_onPath.erase(module);
    }

private:
    void addTensors(const Value *attrs, const std::string &prefix,
                    const std::unordered_set<std::string> *only)
    {
        for (size_t i = 0; i < attrs->dictSize(); ++i) {
            const Value *k = attrs->dictKey(i);
            Value *v = attrs->dictValue(i);
            if (!k->isString() || v->kind != ValueKind::Tensor || (only && !only->count(k->text))) continue;
            m_out->items.push_back(m_arena.makeString(prefix + k->text));
            m_out->items.push_back(v);
            m_file.tensors[size_t(v->tensorIndex)].requiresGrad = false;
        }
    }

    ParsedFile &m_file;
    ValueArena &m_arena;
    Value *m_out;
    const ClassSlotMap &m_slots;
    std::unordered_set<const Value *> m_onPath;
};

int64_t jsonInt(const QJsonValue &v)
{
    // protobuf's JSON writes int64 fields as strings.
    if (v.isString()) {
        bool ok = false;
        qint64 n = v.toString().toLongLong(&ok);
        if (!ok) throw FormatError("model.json: bad integer '" + v.toString().toStdString() + "'");
        return n;
    }
    if (v.isDouble()) return v.toInteger();
    if (v.isUndefined()) return 0;
    throw FormatError("model.json: expected an integer");
}

} // namespace

void readTorchScript(ParsedFile &file, int fileIndex, ZipArchive &archive)
{
    file.format = FileFormat::TorchScript;
    std::vector<uint8_t> pickle = archive.readRecord("data.pkl", kMaxPickleBytes);
    StorageLookup lookup(archive.directory(), "data/");
    PickleContext ctx(file);
    ctx.torchScript = true;
    ctx.persistentLoad = [&](Value *pid) { return zipStoragePid(ctx, fileIndex, lookup, pid); };
    Value *module = loadPickle(pickle.data(), pickle.size(), ctx);

    Value *stateDict = ctx.arena->make(ValueKind::Dict);
    stateDict->ordered = true;
    ClassSlotMap slots;
    readClassSlots(archive, slots);
    if (isModuleObject(module))
        StateDictBuilder(file, *ctx.arena, stateDict, slots).add(module, "", 0);
    else
        file.warnings.push_back("the TorchScript archive's data.pkl does not hold a module");
    file.top = stateDict;
    file.metadata["torchscript_class"] = module->text;
}

namespace {

// A tensor of model.json without its storage: dtype, dims, strides, offset and device.
TensorRef legacyTensorRef(const QJsonObject &t)
{
    TensorRef ref;
    ref.dtype = dtypeFromScalarTypeName(t.value(QLatin1String("dataType")).toString().toStdString());
    if (ref.dtype == DType::Unknown)
        throw FormatError("model.json: unknown dataType " +
                          t.value(QLatin1String("dataType")).toString().toStdString());
    for (const QJsonValue &d : t.value(QLatin1String("dims")).toArray())
        ref.shape.push_back(jsonInt(d));
    for (const QJsonValue &s : t.value(QLatin1String("strides")).toArray())
        ref.stride.push_back(jsonInt(s));
    if (ref.shape.size() != ref.stride.size() || ref.shape.size() > 64)
        throw FormatError("model.json: tensor dims and strides differ");
    ref.offset = jsonInt(t.value(QLatin1String("offset")));
    // state_dict() gives detached tensors, whatever requiresGrad the archive saved.
    ref.requiresGrad = false;
    ref.device = t.value(QLatin1String("device")).toString(QStringLiteral("cpu")).toStdString();
    return ref;
}

// The state dict of model.json's module tree: parameters and tensor attributes, named by their path.
Value *legacyStateDict(ValueArena &arena, const QJsonObject &root, const std::vector<Value *> &tensorValues)
{
    Value *stateDict = arena.make(ValueKind::Dict);
    stateDict->ordered = true;
    auto tensorById = [&](const QJsonValue &id) -> Value * {
        int64_t i = jsonInt(id);
        if (i < 0 || size_t(i) >= tensorValues.size())
            throw FormatError("model.json: tensor id " + std::to_string(i) + " does not exist");
        return tensorValues[size_t(i)];
    };
    // Iterative walk with an explicit stack keeps hostile nesting from exhausting ours.
    std::vector<std::pair<QJsonObject, std::string>> work{
        {root.value(QLatin1String("mainModule")).toObject(), ""}};
    while (!work.empty()) {
        auto [module, prefix] = work.back();
        work.pop_back();
        if (prefix.size() > 4096) throw FormatError("model.json: modules nest too deeply");
        for (const QJsonValue &p : module.value(QLatin1String("parameters")).toArray()) {
            const QJsonObject o = p.toObject();
            stateDict->items.push_back(
                arena.makeString(prefix + o.value(QLatin1String("name")).toString().toStdString()));
            stateDict->items.push_back(tensorById(o.value(QLatin1String("tensorId"))));
        }
        for (const QJsonValue &a : module.value(QLatin1String("attributes")).toArray()) {
            const QJsonObject o = a.toObject();
            if (o.value(QLatin1String("type")).toString() != QLatin1String("Tensor")) continue;
            stateDict->items.push_back(
                arena.makeString(prefix + o.value(QLatin1String("name")).toString().toStdString()));
            stateDict->items.push_back(tensorById(o.value(QLatin1String("id"))));
        }
        const QJsonArray subs = module.value(QLatin1String("submodules")).toArray();
        for (auto it = subs.end(); it != subs.begin();) {
            const QJsonObject sub = (--it)->toObject();
            work.emplace_back(sub, prefix + sub.value(QLatin1String("name")).toString().toStdString() + ".");
        }
    }
    return stateDict;
}

} // namespace

void readLegacyTorchScript(ParsedFile &file, int fileIndex, ZipArchive &archive)
{
    file.format = FileFormat::TorchScript;
    std::vector<uint8_t> raw = archive.readRecord("model.json", kMaxPickleBytes);
    QJsonParseError err;
    QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(raw.data()), qsizetype(raw.size())), &err);
    if (!doc.isObject()) throw FormatError("model.json: " + err.errorString().toStdString());
    const QJsonObject root = doc.object();
    const QJsonArray tensors = root.value(QLatin1String("tensors")).toArray();

    file.arenas.push_back(std::make_unique<ValueArena>());
    ValueArena &arena = *file.arenas.back();
    const ZipDirectory &dir = archive.directory();
    std::unordered_map<std::string, int> storageByRecord;
    std::vector<Value *> tensorValues;
    for (const QJsonValue &tv : tensors) {
        const QJsonObject t = tv.toObject();
        const std::string record =
            t.value(QLatin1String("data")).toObject().value(QLatin1String("key")).toString().toStdString();
        TensorRef ref = legacyTensorRef(t);
        auto it = storageByRecord.find(record);
        if (it == storageByRecord.end()) {
            const ZipEntry *e = dir.find(record);
            if (!e) throw FormatError("record " + record + " is missing");
            StorageRef s;
            s.key = record;
            s.dtype = ref.dtype;
            s.recordBytes = s.declaredBytes = int64_t(e->size);
            s.location = ref.device;
            s.file = fileIndex;
            s.fileOffset = e->dataOffset;
            s.record = record;
            s.compressed = e->method != 0;
            file.storages.push_back(std::move(s));
            it = storageByRecord.emplace(record, int(file.storages.size() - 1)).first;
        }
        ref.storage = it->second;
        file.tensors.push_back(std::move(ref));
        Value *v = arena.make(ValueKind::Tensor);
        v->tensorIndex = int64_t(file.tensors.size() - 1);
        tensorValues.push_back(v);
    }

    file.top = legacyStateDict(arena, root, tensorValues);
}

} // namespace sl
