// The .pth half of the exporter: the original object tree with the state-dict root replaced, pickled
// by PickleWriter and written in torch.save's zip layout, storages streamed from the memory map.

#include "export/export_internal.h"

#include "export/derived_storages.h"
#include "export/weights_only_copy.h"
#include "format/pickle_writer.h"
#include "format/zip_reader.h"
#include "format/zip_writer.h"

#include <QHash>

#include <algorithm>

#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace sl {
namespace {

// How a module prefix moved under the mapping, learnt from the keys below it: `_metadata` then
// follows whatever rules made the mapping, without needing the rules themselves.
struct PrefixFate
{
    bool any = false; // some key lies below the prefix
    bool allDropped = true;
    bool haveTarget = false;
    bool conflict = false; // the keys below it did not move together
    QString target;
};

QHash<QString, PrefixFate> prefixFates(const std::vector<MappedKey> &mapping)
{
    QHash<QString, PrefixFate> fates;
    for (const MappedKey &m : mapping) {
        const QString &k = m.from;
        for (qsizetype dot = -1;;) {
            // The prefix before `dot` ("" for the whole model) and the rest of the key after it.
            const QString prefix = dot < 0 ? QString() : k.left(dot);
            const QString rest = k.mid(dot + 1);
            PrefixFate &f = fates[prefix];
            f.any = true;
            if (!m.dropped) {
                f.allDropped = false;
                bool ok = m.to.endsWith(rest);
                QString target;
                if (ok) {
                    const QString head = m.to.left(m.to.size() - rest.size());
                    if (head.size() > 1 && head.endsWith(QLatin1Char('.')))
                        target = head.chopped(1);
                    else
                        ok = head.isEmpty();
                }
                if (!ok)
                    f.conflict = true;
                else if (!f.haveTarget)
                    f.target = target, f.haveTarget = true;
                else if (f.target != target)
                    f.conflict = true;
            }
            dot = k.indexOf(QLatin1Char('.'), dot + 1);
            if (dot < 0) break;
        }
    }
    return fates;
}

// The new name of a `_metadata` prefix; nullopt when every key below it was dropped. A prefix with
// no keys of its own (a ReLU, a container) moves with its nearest ancestor that has some; a prefix
// whose keys moved apart keeps its name.
std::optional<QString> movedPrefix(const QString &p, const QHash<QString, PrefixFate> &fates)
{
    QString a = p;
    for (;;) {
        auto it = fates.constFind(a);
        if (it != fates.constEnd() && it->any) {
            if (it->conflict) return p;
            if (it->allDropped) return std::nullopt;
            const QString rest = a == p ? QString() : a.isEmpty() ? p : p.mid(a.size() + 1);
            if (rest.isEmpty()) return it->target;
            return it->target.isEmpty() ? rest : it->target + QLatin1Char('.') + rest;
        }
        if (a.isEmpty()) return p;
        const qsizetype dot = a.lastIndexOf(QLatin1Char('.'));
        a = dot < 0 ? QString() : a.left(dot);
    }
}

// The rules' verdict on prefix p, read from what they do to a key "p.<leaf>": the new prefix, an empty
// inner optional when they drop it, or nullopt when they cannot tell (no rules, or the leaf rewritten).
std::optional<std::optional<QString>> prefixByRules(const QString &p, const std::vector<KeyRule> &rules)
{
    if (rules.empty()) return std::nullopt;
    // A control character: no key holds one, and patterns like \w+ or \.weight$ leave it alone.
    const QString leaf(QChar(0x1));
    QString key = p.isEmpty() ? leaf : p + QLatin1Char('.') + leaf;
    bool dropped = false;
    for (const KeyRule &r : rules) {
        if (!KeyMap::applyRule(r, key, dropped, nullptr)) return std::nullopt;
        if (dropped) return std::optional<QString>();
    }
    if (key == leaf) return std::optional<QString>(QString());
    if (key.size() > 2 && key.endsWith(QLatin1Char('.') + leaf))
        return std::optional<QString>(key.chopped(2));
    return std::nullopt;
}

Value *renamedMetadata(ValueArena &arena, const Value *meta, const std::vector<MappedKey> &mapping,
                       const std::vector<KeyRule> &rules)
{
    const QHash<QString, PrefixFate> fates = prefixFates(mapping);
    struct Item
    {
        Value *key, *value;
        bool moved;
    };
    std::vector<Item> items;
    std::unordered_map<std::string, size_t> byName;
    for (size_t i = 0; i < meta->dictSize(); ++i) {
        Value *k = meta->dictKey(i), *v = meta->dictValue(i);
        if (!k->isString()) {
            items.push_back({k, v, false});
            continue;
        }
        const QString p = QString::fromStdString(k->text);
        const auto byRules = prefixByRules(p, rules);
        const std::optional<QString> moved = byRules ? *byRules : movedPrefix(p, fates);
        if (!moved) continue;
        const std::string name = moved->toStdString();
        Item item{k, v, name != k->text};
        if (item.moved) item.key = arena.makeString(name);
        // Two prefixes meeting (strip 'module.' brings 'module' onto ''): the moved one is the real
        // module, the one left in place was the wrapper.
        auto seen = byName.find(name);
        if (seen != byName.end()) {
            if (item.moved && !items[seen->second].moved) items[seen->second] = item;
            continue;
        }
        byName.emplace(name, items.size());
        items.push_back(item);
    }
    Value *out = arena.make(ValueKind::Dict);
    out->ordered = meta->ordered;
    for (const Item &item : items) {
        out->items.push_back(item.key);
        out->items.push_back(item.value);
    }
    return out;
}

// The new key of a tensor tuple entry ("p._packed_params" holding entries "p._packed_params.0" and
// ".1"), or nullopt when all its tensors are dropped. Its tensors must move and drop together: a tuple
// is one state-dict value. Advances `e` past its entries; sets `error` when they parted.
std::optional<std::string> renamedTuple(const std::string &key, const Value *tuple,
                                        const std::vector<StateEntry> &entries,
                                        const std::vector<MappedKey> &mapping, size_t &e, std::string *error)
{
    std::optional<std::string> target;
    int dropped = 0, kept = 0;
    for (size_t j = 0; j < tuple->items.size(); ++j) {
        if (tuple->items[j]->kind != ValueKind::Tensor) continue;
        const std::string part = "." + std::to_string(j);
        if (e >= entries.size() || entries[e].key != key + part ||
            entries[e].tensor != int(tuple->items[j]->tensorIndex)) {
            *error = "internal error: the state dict no longer matches its entries";
            return std::nullopt;
        }
        const MappedKey &m = mapping[e++];
        if (m.dropped) {
            ++dropped;
            continue;
        }
        ++kept;
        const std::string to = m.to.toStdString();
        const bool keepsPart =
            to.size() > part.size() && to.compare(to.size() - part.size(), part.size(), part) == 0;
        const std::string head = keepsPart ? to.substr(0, to.size() - part.size()) : std::string();
        if (!keepsPart || (target && *target != head)) {
            *error = "'" + key + "' is a tuple of tensors (" + key +
                     ".0, ...) and its parts must be renamed "
                     "together, keeping their '.N' ending";
            return std::nullopt;
        }
        target = head;
    }
    if (dropped && kept) {
        *error = "'" + key + "' is a tuple of tensors; drop all of its parts or none";
        return std::nullopt;
    }
    return target;
}

// One entry of the written state-dict root and where it goes: kept and derived tensors at their
// place in the plan, the root's other entries right after the kept tensor they followed.
struct RootItem
{
    Value *key, *value;
    double place;
    std::string from; // for messages: the input's key in quotes, or the derived tensor's
};

// The kept entries of the root, renamed, each at its planned place; false with `error`.
bool keptRootItems(ValueArena &arena, const Checkpoint &c, const Value *root, const TransformPlan &plan,
                   const std::vector<int> &placeOfInput, std::vector<RootItem> &items, std::string *error)
{
    const auto &entries = c.entries();
    const std::vector<MappedKey> &mapping = plan.mapping;
    size_t e = 0;
    double last = -1; // the place of the last kept tensor: other entries follow it
    for (size_t i = 0; i < root->dictSize(); ++i) {
        Value *k = root->dictKey(i), *v = root->dictValue(i);
        double place = last + 0.5;
        if (k->isString() && v->kind == ValueKind::Tensor) {
            if (e >= entries.size() || entries[e].key != k->text ||
                entries[e].tensor != int(v->tensorIndex)) {
                *error = "internal error: the state dict no longer matches its entries";
                return false;
            }
            const size_t input = e;
            const MappedKey &m = mapping[e++];
            if (m.dropped) continue;
            if (m.to.toStdString() != k->text) k = arena.makeString(m.to.toStdString());
            place = last = placeOfInput[input];
        } else if (k->isString() && isTensorTuple(v)) {
            const size_t first = e;
            std::string tupleError;
            std::optional<std::string> to = renamedTuple(k->text, v, entries, mapping, e, &tupleError);
            if (!tupleError.empty()) {
                *error = tupleError;
                return false;
            }
            if (!to) continue;
            if (*to != k->text) k = arena.makeString(*to);
            for (size_t part = first; part < e; ++part)
                if (placeOfInput[part] >= 0) place = last = placeOfInput[part];
        }
        items.push_back({k, v, place, "'" + root->dictKey(i)->text + "'"});
    }
    return true;
}

// The state-dict root with its tensor keys renamed or dropped and the plan's derived tensors in their
// places; everything else in it is kept.
Value *renamedRoot(ValueArena &arena, const Checkpoint &c, const Value *root, const TransformPlan &plan,
                   const DerivedStorages &derived, const std::vector<KeyRule> &rules, std::string *error)
{
    std::vector<int> placeOfInput(plan.mapping.size(), -1);
    for (size_t j = 0; j < plan.tensors.size(); ++j)
        if (!plan.tensors[j].isDerived()) placeOfInput[size_t(plan.tensors[j].input)] = int(j);
    std::vector<RootItem> items;
    if (!keptRootItems(arena, c, root, plan, placeOfInput, items, error)) return nullptr;
    bool moved = false;
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        if (!plan.tensors[j].isDerived()) continue;
        Value *t = arena.make(ValueKind::Tensor);
        t->tensorIndex = derived.tensorOf(j);
        const std::string key = plan.tensors[j].key.toStdString();
        items.push_back({arena.makeString(key), t, double(j), "the derived tensor '" + key + "'"});
        moved = true;
    }
    if (moved)
        std::stable_sort(items.begin(), items.end(),
                         [](const RootItem &a, const RootItem &b) { return a.place < b.place; });

    Value *out = arena.make(ValueKind::Dict);
    out->ordered = root->ordered;
    std::unordered_map<std::string, std::string> owner; // final key -> where it came from
    for (const RootItem &item : items) {
        if (item.key->isString()) {
            // The plan keeps tensor keys apart; this catches a key renamed onto a non-tensor entry.
            auto [it, fresh] = owner.emplace(item.key->text, item.from);
            if (!fresh) {
                *error = it->second + " and " + item.from + " would both be '" + item.key->text +
                         "' in the state dict";
                return nullptr;
            }
        }
        out->items.push_back(item.key);
        out->items.push_back(item.value);
    }
    out->state = root->state;
    if (root->state && root->state->kind == ValueKind::Dict) {
        Value *meta = root->state->dictGet("_metadata");
        if (meta && meta->kind == ValueKind::Dict) {
            // Inputs a transform consumed say nothing of where their module went.
            std::vector<MappedKey> names;
            for (size_t i = 0; i < plan.mapping.size(); ++i)
                if (i >= plan.transformed.size() || !plan.transformed[i]) names.push_back(plan.mapping[i]);
            Value *state = arena.make(ValueKind::Dict);
            *state = *root->state;
            for (size_t i = 0; i < state->dictSize(); ++i)
                if (state->dictValue(i) == meta)
                    state->items[2 * i + 1] = renamedMetadata(arena, meta, names, rules);
            out->state = state;
        }
    }
    return out;
}

// A fresh OrderedDict of the plan's tensors: for roots whose container cannot be written back.
Value *plainStateDict(ValueArena &arena, const TransformPlan &plan, const DerivedStorages &derived)
{
    Value *out = arena.make(ValueKind::Dict);
    out->ordered = true;
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        Value *t = arena.make(ValueKind::Tensor);
        t->tensorIndex = derived.tensorOf(j);
        out->items.push_back(arena.makeString(plan.tensors[j].key.toStdString()));
        out->items.push_back(t);
    }
    return out;
}

// The CRC-32 of a storage that is a whole stored zip record of the input, as its archive gives it.
std::optional<uint32_t> inputRecordCrc(const ParsedFile &file, const StorageRef &s, size_t size)
{
    if (s.compressed || size_t(s.file) >= file.archives.size() || !file.archives[size_t(s.file)])
        return std::nullopt;
    const ZipEntry *e = file.archives[size_t(s.file)]->directory().find(s.record);
    if (!e || e->method != 0 || e->size != size || e->dataOffset != s.fileOffset) return std::nullopt;
    return e->crc32;
}

bool writeZip(const ParsedFile &file, const std::string &pickle, const std::vector<PickledStorage> &storages,
              const std::set<int> &converted, DerivedStorages &derived, ExportSink &sink, std::string *error)
{
    int64_t total = int64_t(pickle.size());
    for (const PickledStorage &p : storages)
        total += p.numel * dtypeSize(p.dtype);
    sink.setTotal(total);
    // The archive folder is `archive/`, as torch.save writes to a file object (docs/formats.md).
    ZipWriter zip([&sink](const void *data, size_t size) { return sink.write(data, size); });
    if (!zip.writeRecord("data.pkl", reinterpret_cast<const uint8_t *>(pickle.data()), pickle.size()))
        return false;
    // Derived storages in write order: each one's successor is computed while it is written.
    std::vector<size_t> derivedOrder;
    for (size_t i = 0; i < storages.size(); ++i)
        if (derived.isDerivedStorage(storages[i].storage)) derivedOrder.push_back(i);
    size_t nextDerived = 0;
    std::vector<uint8_t> scratch, buffer;
    for (size_t i = 0; i < storages.size() && sink.ok(); ++i) {
        const PickledStorage &p = storages[i];
        const StorageRef &s = file.storages[size_t(p.storage)];
        const uint8_t *bytes;
        size_t size = size_t(s.recordBytes);
        std::optional<uint32_t> knownCrc;
        try {
            if (derived.isDerivedStorage(p.storage)) {
                const PickledStorage *next =
                    ++nextDerived < derivedOrder.size() ? &storages[derivedOrder[nextDerived]] : nullptr;
                buffer = derived.take(p.storage, p.dtype, next ? next->storage : -1,
                                      next ? next->dtype : DType::Unknown);
                bytes = buffer.data();
                size = buffer.size();
            } else {
                bytes = storageBytes(file, p.storage, scratch);
                knownCrc = inputRecordCrc(file, s, size);
                if (converted.count(p.storage)) {
                    knownCrc.reset();
                    buffer.resize(size_t(p.numel) * size_t(dtypeSize(p.dtype)));
                    convertFloat32(bytes, p.numel, p.dtype, buffer.data());
                    bytes = buffer.data();
                    size = buffer.size();
                }
            }
        } catch (const FormatError &e) {
            *error = e.what();
            return false;
        }
        if (!zip.writeRecord("data/" + std::to_string(i), bytes, size, knownCrc)) return false;
        std::vector<uint8_t>().swap(scratch);
        if (derived.isDerivedStorage(p.storage))
            std::vector<uint8_t>().swap(buffer); // one derived tensor in memory, besides the next
        else
            releaseStoragePages(file, p.storage);
    }
    return zip.finish();
}

// What the re-read file must hold: every planned state-dict entry, in order, as the writer wrote it.
void fillExpected(const TransformPlan &plan, const DerivedStorages &derived, const ExportOptions &opt,
                  const std::set<int> &converted, const PickleWriter &writer, ExpectedFile &expected)
{
    std::unordered_map<int, const PickledStorage *> written;
    for (const PickledStorage &p : writer.storages())
        written.emplace(p.storage, &p);
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        const TensorRef &t = derived.file().tensors[size_t(derived.tensorOf(j))];
        ExpectedTensor x;
        x.key = plan.tensors[j].key.toStdString();
        x.dtype = converted.count(t.storage) ? opt.convertFloat32To : t.dtype;
        x.shape = t.shape;
        x.stride = t.stride;
        x.offset = t.offset;
        auto w = written.find(t.storage);
        x.storageBytes = w == written.end() ? -1 : w->second->numel * dtypeSize(w->second->dtype);
        expected.entries.push_back(std::move(x));
    }
    expected.ordered = true;
    expected.tensors = int64_t(writer.tensorsWritten());
    expected.storages = int64_t(writer.storages().size());
}

} // namespace

bool writePthExport(const Checkpoint &c, const TransformPlan &plan, const ExportOptions &opt,
                    ExportSink &sink, ExpectedFile &expected, std::vector<std::string> *notes,
                    std::string *error)
{
    DerivedStorages derived(c, plan);
    const ParsedFile &file = derived.file();
    const Value *root = resolveRootPath(file.top, c.root(), error);
    if (!root) return false;
    // The tree is kept where it is a torch.save pickle and the root a dict we can rewrite, or a whole
    // nn.Module inside it (YOLO's {"model": module, ...}), which becomes its state dict in place. A root
    // whose tensors lie below nested dicts is written as a plain state dict.
    const bool treeFormat = c.format() == FileFormat::Zip || c.format() == FileFormat::Legacy;
    const bool nestedModule = isPickledModule(root) && !c.root().empty();
    const bool keepTree =
        treeFormat && ((root->kind == ValueKind::Dict && !isNestedTensorRoot(root)) || nestedModule);
    ValueArena arena;
    const Value *top = nullptr, *renamed = nullptr;
    bool plain = !keepTree;
    if (keepTree) {
        renamed = nestedModule ? plainStateDict(arena, plan, derived)
                               : renamedRoot(arena, c, root, plan, derived, opt.rules, error);
        if (!renamed) return false;
        top = file.top;
        expected.root = c.root();
    } else {
        top = plainStateDict(arena, plan, derived);
        expected.root = {};
    }
    // A weights-only copy writes a rewritten tree, whose numpy arrays became tensors of their own.
    std::unique_ptr<WeightsOnlyCopy> weightsOnly;
    if (opt.weightsOnly) {
        weightsOnly = std::make_unique<WeightsOnlyCopy>(file);
        try {
            top = weightsOnly->convert(top, keepTree ? root : nullptr, renamed);
        } catch (const FormatError &e) {
            *error = e.what();
            return false;
        }
        if (notes) {
            for (const WeightsOnlyChange &change : weightsOnly->changes())
                notes->push_back(change.text());
        }
        if (!top || (keepTree && !weightsOnly->rootReached())) {
            // The state dict sat inside a dropped object: it is kept, as a plain state dict.
            top = plainStateDict(arena, plan, derived);
            expected.root = {};
            plain = true;
        }
    }
    PickleWriter writer(weightsOnly ? weightsOnly->file() : file);
    const WeightsOnlyCopy *copy = weightsOnly.get();
    writer.setTensorNamer([&c, &derived, copy](int t) {
        if (t < int(c.file().tensors.size())) return c.tensorPath(t);
        if (t < int(derived.file().tensors.size()))
            return derived.file().storages[size_t(derived.file().tensors[size_t(t)].storage)].record;
        return copy ? copy->arrayPath(t) : std::string();
    });
    if (renamed && !weightsOnly) writer.substitute(root, renamed, nestedModule);
    writer.setPlainTensors(plain);

    std::set<int> converted;
    if (opt.convertFloat32To != DType::Unknown) {
        for (size_t j = 0; j < plan.tensors.size(); ++j) {
            const TensorRef &t = file.tensors[size_t(derived.tensorOf(j))];
            if (t.dtype == DType::Float32 && t.layout == TensorLayout::Strided && t.storage >= 0 &&
                converted.insert(t.storage).second)
                writer.setStorageDtype(t.storage, opt.convertFloat32To);
        }
    }

    std::string pickle;
    try {
        pickle = writer.write(top);
    } catch (const FormatError &e) {
        *error = e.what();
        return false;
    }

    fillExpected(plan, derived, opt, converted, writer, expected);
    return writeZip(weightsOnly ? weightsOnly->file() : file, pickle, writer.storages(), converted, derived,
                    sink, error);
}

} // namespace sl
