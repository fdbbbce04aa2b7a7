// The .pth half of the exporter: the original object tree with the state-dict root replaced, pickled
// by PickleWriter and written in torch.save's zip layout, storages streamed from the memory map.

#include "export/export_internal.h"

#include "export/weights_only_copy.h"
#include "format/pickle_writer.h"
#include "format/zip_reader.h"
#include "format/zip_writer.h"

#include <QHash>

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

// The state-dict root with its tensor keys renamed or dropped; everything else in it is kept.
Value *renamedRoot(ValueArena &arena, const Checkpoint &c, const Value *root,
                   const std::vector<MappedKey> &mapping, const std::vector<KeyRule> &rules,
                   std::string *error)
{
    Value *out = arena.make(ValueKind::Dict);
    out->ordered = root->ordered;
    const auto &entries = c.entries();
    size_t e = 0;
    std::unordered_map<std::string, std::string> owner; // final key -> where it came from
    for (size_t i = 0; i < root->dictSize(); ++i) {
        Value *k = root->dictKey(i), *v = root->dictValue(i);
        if (k->isString() && v->kind == ValueKind::Tensor) {
            if (e >= entries.size() || entries[e].key != k->text ||
                entries[e].tensor != int(v->tensorIndex)) {
                *error = "internal error: the state dict no longer matches its entries";
                return nullptr;
            }
            const MappedKey &m = mapping[e++];
            if (m.dropped) continue;
            if (m.to.toStdString() != k->text) k = arena.makeString(m.to.toStdString());
        } else if (k->isString() && isTensorTuple(v)) {
            std::string tupleError;
            std::optional<std::string> to = renamedTuple(k->text, v, entries, mapping, e, &tupleError);
            if (!tupleError.empty()) {
                *error = tupleError;
                return nullptr;
            }
            if (!to) continue;
            if (*to != k->text) k = arena.makeString(*to);
        }
        if (k->isString()) {
            // KeyMap::apply keeps tensor keys apart; this catches a key renamed onto a non-tensor entry.
            const std::string &from = root->dictKey(i)->text;
            auto [it, fresh] = owner.emplace(k->text, from);
            if (!fresh) {
                *error = "'" + it->second + "' and '" + from + "' would both be '" + k->text +
                         "' in the state dict";
                return nullptr;
            }
        }
        out->items.push_back(k);
        out->items.push_back(v);
    }
    out->state = root->state;
    if (root->state && root->state->kind == ValueKind::Dict) {
        Value *meta = root->state->dictGet("_metadata");
        if (meta && meta->kind == ValueKind::Dict) {
            Value *state = arena.make(ValueKind::Dict);
            *state = *root->state;
            for (size_t i = 0; i < state->dictSize(); ++i)
                if (state->dictValue(i) == meta)
                    state->items[2 * i + 1] = renamedMetadata(arena, meta, mapping, rules);
            out->state = state;
        }
    }
    return out;
}

// A fresh OrderedDict of the kept entries: for roots whose container cannot be written back.
Value *plainStateDict(ValueArena &arena, const Checkpoint &c, const std::vector<MappedKey> &mapping)
{
    Value *out = arena.make(ValueKind::Dict);
    out->ordered = true;
    for (size_t i = 0; i < mapping.size(); ++i) {
        if (mapping[i].dropped) continue;
        Value *t = arena.make(ValueKind::Tensor);
        t->tensorIndex = c.entries()[i].tensor;
        out->items.push_back(arena.makeString(mapping[i].to.toStdString()));
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
              const std::set<int> &converted, ExportSink &sink, std::string *error)
{
    int64_t total = int64_t(pickle.size());
    for (const PickledStorage &p : storages)
        total += p.numel * dtypeSize(p.dtype);
    sink.setTotal(total);
    // The archive folder is `archive/`, as torch.save writes to a file object (docs/formats.md).
    ZipWriter zip([&sink](const void *data, size_t size) { return sink.write(data, size); });
    if (!zip.writeRecord("data.pkl", reinterpret_cast<const uint8_t *>(pickle.data()), pickle.size()))
        return false;
    std::vector<uint8_t> scratch, buffer;
    for (size_t i = 0; i < storages.size(); ++i) {
        const PickledStorage &p = storages[i];
        const StorageRef &s = file.storages[size_t(p.storage)];
        const uint8_t *bytes;
        try {
            bytes = storageBytes(file, p.storage, scratch);
        } catch (const FormatError &e) {
            *error = e.what();
            return false;
        }
        size_t size = size_t(s.recordBytes);
        std::optional<uint32_t> knownCrc = inputRecordCrc(file, s, size);
        if (converted.count(p.storage)) {
            knownCrc.reset();
            buffer.resize(size_t(p.numel) * size_t(dtypeSize(p.dtype)));
            convertFloat32(bytes, p.numel, p.dtype, buffer.data());
            bytes = buffer.data();
            size = buffer.size();
        }
        if (!zip.writeRecord("data/" + std::to_string(i), bytes, size, knownCrc)) return false;
        std::vector<uint8_t>().swap(scratch);
        releaseStoragePages(file, p.storage);
    }
    return zip.finish();
}

// What the re-read file must hold: every kept state-dict entry, in order, as the writer wrote it.
void fillExpected(const Checkpoint &c, const std::vector<MappedKey> &mapping, const ExportOptions &opt,
                  const std::set<int> &converted, const PickleWriter &writer, ExpectedFile &expected)
{
    std::unordered_map<int, const PickledStorage *> written;
    for (const PickledStorage &p : writer.storages())
        written.emplace(p.storage, &p);
    for (size_t i = 0; i < mapping.size(); ++i) {
        if (mapping[i].dropped) continue;
        const TensorRef &t = c.tensor(c.entries()[i].tensor);
        ExpectedTensor x;
        x.key = mapping[i].to.toStdString();
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

bool writePthExport(const Checkpoint &c, const std::vector<MappedKey> &mapping, const ExportOptions &opt,
                    ExportSink &sink, ExpectedFile &expected, std::vector<std::string> *notes,
                    std::string *error)
{
    const ParsedFile &file = c.file();
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
        renamed = nestedModule ? plainStateDict(arena, c, mapping)
                               : renamedRoot(arena, c, root, mapping, opt.rules, error);
        if (!renamed) return false;
        top = file.top;
        expected.root = c.root();
    } else {
        top = plainStateDict(arena, c, mapping);
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
            top = plainStateDict(arena, c, mapping);
            expected.root = {};
            plain = true;
        }
    }
    PickleWriter writer(weightsOnly ? weightsOnly->file() : file);
    const WeightsOnlyCopy *copy = weightsOnly.get();
    writer.setTensorNamer([&c, copy](int t) {
        return t < int(c.file().tensors.size()) ? c.tensorPath(t) : copy->arrayPath(t);
    });
    if (renamed && !weightsOnly) writer.substitute(root, renamed, nestedModule);
    writer.setPlainTensors(plain);

    std::set<int> converted;
    if (opt.convertFloat32To != DType::Unknown) {
        for (size_t i = 0; i < mapping.size(); ++i) {
            const TensorRef &t = c.tensor(c.entries()[i].tensor);
            if (!mapping[i].dropped && t.dtype == DType::Float32 && t.layout == TensorLayout::Strided &&
                t.storage >= 0 && converted.insert(t.storage).second)
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

    fillExpected(c, mapping, opt, converted, writer, expected);
    return writeZip(weightsOnly ? weightsOnly->file() : file, pickle, writer.storages(), converted, sink,
                    error);
}

} // namespace sl
