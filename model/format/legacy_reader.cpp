#include "format/legacy_reader.h"

#include "format/torch_globals.h"

#include <cstring>
#include <unordered_map>

namespace sl {
namespace {

// 0x1950a86a20f9469cfc6c, little-endian, as LONG1 stores it.
const uint8_t kMagic[10] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// A persistent id of the main pickle: a storage (one record per key, views into it allowed) or a
// pickled module's class.
Value *legacyPersistent(PickleContext &ctx, std::unordered_map<std::string, int> &byKey, int fileIndex,
                        Value *pid)
{
    // ('module', cls, source_file, source): torch uses the source only to warn when it changed.
    if (pid->isSequence() && pid->items.size() >= 2 && pid->items[0]->isString() &&
        pid->items[0]->text == "module")
        return pid->items[1];
    StoragePid p = parseStoragePid(pid);
    const int64_t elem = p.untyped ? 1 : dtypeSize(p.dtype);
    if (p.numel > INT64_MAX / elem)
        throw FormatError("storage '" + p.key + "' claims " + std::to_string(p.numel) + " elements");
    auto it = byKey.find(p.key);
    if (it == byKey.end()) {
        StorageRef s;
        s.key = p.key;
        s.dtype = p.dtype;
        s.declaredBytes = p.numel * elem;
        s.location = p.location;
        s.file = fileIndex;
        s.record = "storage " + p.key;
        ctx.file.storages.push_back(std::move(s));
        it = byKey.emplace(p.key, int(ctx.file.storages.size() - 1)).first;
    } else if (ctx.file.storages[size_t(it->second)].dtype != p.dtype ||
               ctx.file.storages[size_t(it->second)].declaredBytes != p.numel * elem) {
        throw FormatError("storage '" + p.key + "' is declared twice with different types or sizes");
    }
    Value *v = ctx.arena->make(ValueKind::Storage);
    v->storageIndex = it->second;
    if (p.isView) {
        if (p.viewOffset < 0 || p.viewSize < 0 || p.viewOffset > p.numel ||
            p.viewSize > p.numel - p.viewOffset)
            throw FormatError("storage view '" + p.viewKey + "' lies outside storage '" + p.key + "'");
        v->viewOffset = p.viewOffset;
    }
    return v;
}

// The storage records after the pickles: for each listed key, an element count and the raw bytes.
uint64_t readStorageRecords(ParsedFile &file, const MappedFile &mf, const Value *keys,
                            const std::unordered_map<std::string, int> &byKey, uint64_t pos)
{
    const uint64_t size = mf.size;
    for (const Value *k : keys->items) {
        if (!k->isString()) throw FormatError("legacy storage key is not a string");
        auto it = byKey.find(k->text);
        if (it == byKey.end()) throw FormatError("storage '" + k->text + "' is listed but no tensor uses it");
        StorageRef &s = file.storages[size_t(it->second)];
        if (size - pos < 8)
            throw FormatError("storage '" + k->text + "' is cut off at byte " + std::to_string(pos));
        uint8_t countBytes[8];
        mf.copyOut(pos, countBytes, sizeof countBytes); // not through the map: see MappedFile::copyOut
        const uint64_t count = le64(countBytes);
        pos += 8;
        const uint64_t elem = uint64_t(dtypeSize(s.dtype));
        if (count > (size - pos) / elem)
            throw FormatError("storage '" + k->text + "' claims " + std::to_string(count) +
                              " elements but the file ends at byte " + std::to_string(size));
        s.fileOffset = pos;
        s.recordBytes = int64_t(count * elem);
        pos += count * elem;
    }
    return pos;
}

} // namespace

bool looksLikeLegacy(const uint8_t *data, uint64_t size)
{
    // PROTO n, then maybe FRAME (protocol 4+), then LONG1 10 <magic>.
    if (size < 14 || data[0] != 0x80) return false;
    uint64_t p = 2;
    if (data[p] == 0x95) p += 9;
    return size >= p + 12 && data[p] == 0x8a && data[p + 1] == 10 &&
           std::memcmp(data + p + 2, kMagic, 10) == 0;
}

void readLegacyCheckpoint(ParsedFile &file, int fileIndex)
{
    file.format = FileFormat::Legacy;
    const MappedFile &mf = file.files[size_t(fileIndex)];
    const uint8_t *data = mf.data;
    const uint64_t size = mf.size;
    uint64_t pos = 0;

    PickleContext ctx(file);
    std::unordered_map<std::string, int> byKey;
    auto next = [&](const char *what) {
        size_t used = 0;
        try {
            Value *v = loadPickle(data + pos, size_t(size - pos), ctx, &used);
            pos += used;
            return v;
        } catch (const FormatError &e) {
            throw FormatError(std::string("legacy ") + what + " (at byte " + std::to_string(pos) +
                              "): " + e.what());
        }
    };

    Value *magic = next("magic number");
    if (magic->kind != ValueKind::BigInt ||
        magic->text != std::string(reinterpret_cast<const char *>(kMagic), 10))
        throw FormatError("not a torch.save file: wrong magic number");
    Value *protocol = next("protocol version");
    if (!protocol->isInt() || protocol->integer != 1001)
        throw FormatError("unsupported legacy protocol version " + valueSummary(protocol));
    Value *sysInfo = next("sys_info");
    if (Value *little = sysInfo->dictGet("little_endian"); little && little->isInt() && !little->integer)
        throw FormatError("big-endian legacy checkpoints are not supported");

    ctx.persistentLoad = [&](Value *pid) { return legacyPersistent(ctx, byKey, fileIndex, pid); };
    file.top = next("main pickle");
    ctx.persistentLoad = nullptr;
    Value *keys = next("storage key list");
    if (keys->kind != ValueKind::List) throw FormatError("legacy storage key list is not a list");

    pos = readStorageRecords(file, mf, keys, byKey, pos);
    for (const StorageRef &s : file.storages)
        if (s.fileOffset == 0)
            throw FormatError("storage '" + s.key + "' is used but missing from the storage key list");
    if (pos != size)
        file.warnings.push_back(std::to_string(size - pos) +
                                " bytes follow the last storage and were ignored");
}

} // namespace sl
