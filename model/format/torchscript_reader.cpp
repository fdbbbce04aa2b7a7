#include "format/torchscript_reader.h"

#include "format/torch_globals.h"
#include "format/zip_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unordered_set>

namespace sl {
namespace {

bool isModuleObject(const Value *v)
{
    return v->kind == ValueKind::Object && v->text.rfind("__torch__.", 0) == 0 &&
           v->text.rfind("__torch__.torch.classes.", 0) != 0 && v->state && v->state->kind == ValueKind::Dict;
}

// state_dict() order: a module's own tensors first, then each submodule's, depth first.
class StateDictBuilder
{
public:
    StateDictBuilder(ValueArena &arena, Value *out) : m_arena(arena), m_out(out) {}

    void add(const Value *module, const std::string &prefix, int depth)
    {
        if (depth > 256 || !m_onPath.insert(module).second) return;
        const Value *attrs = module->state;
        for (size_t i = 0; i < attrs->dictSize(); ++i) {
            const Value *k = attrs->dictKey(i);
            Value *v = attrs->dictValue(i);
            if (k->isString() && v->kind == ValueKind::Tensor) {
                m_out->items.push_back(m_arena.makeString(prefix + k->text));
                m_out->items.push_back(v);
            }
        }
        for (size_t i = 0; i < attrs->dictSize(); ++i) {
            const Value *k = attrs->dictKey(i);
            const Value *v = attrs->dictValue(i);
            if (k->isString() && isModuleObject(v)) add(v, prefix + k->text + ".", depth + 1);
        }
        m_onPath.erase(module);
    }

private:
    ValueArena &m_arena;
    Value *m_out;
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
    if (isModuleObject(module))
        StateDictBuilder(*ctx.arena, stateDict).add(module, "", 0);
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
    ref.requiresGrad = t.value(QLatin1String("requiresGrad")).toBool();
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
