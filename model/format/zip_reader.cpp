#include "format/zip_reader.h"

#include "format/torch_globals.h"
#include "format/torchscript_reader.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string_view>

namespace sl {

ZipArchive::ZipArchive(const uint8_t *data, uint64_t size, const MappedFile *source)
    : m_data(data), m_source(source ? *source : MappedFile{}), m_dir(readZipDirectory(data, size, source))
{
}

void inflateExactly(const uint8_t *in, uint64_t inSize, uint8_t *out, uint64_t size, const std::string &what)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw FormatError("cannot start inflating " + what);
    // zlib counts in uInt: feed and drain in pieces so records over 4 GiB inflate too.
    int rc = Z_OK;
    uint64_t inLeft = inSize, outLeft = size;
    z.next_in = const_cast<Bytef *>(in);
    z.next_out = out;
    while (rc == Z_OK) {
        if (z.avail_in == 0 && inLeft > 0) {
            z.avail_in = uInt(std::min<uint64_t>(inLeft, UINT_MAX));
            inLeft -= z.avail_in;
        }
        if (z.avail_out == 0 && outLeft > 0) {
            z.avail_out = uInt(std::min<uint64_t>(outLeft, UINT_MAX));
            outLeft -= z.avail_out;
        }
        const uInt before = z.avail_in + z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_OK && z.avail_in + z.avail_out == before)
            rc = Z_BUF_ERROR; // no progress: the stream wants more input or more room than it has
    }
    const uint64_t produced = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw FormatError(what + " is not a valid deflate stream" +
                          (z.msg ? std::string(" (") + z.msg + ")" : std::string()));
    if (produced != size)
        throw FormatError(what + " inflates to " + std::to_string(produced) + " bytes instead of " +
                          std::to_string(size));
}

std::vector<uint8_t> ZipArchive::readRecord(const std::string &name, uint64_t cap) const
{
    const ZipEntry *e = m_dir.find(name);
    if (!e) throw FormatError("record " + name + " is missing");
    if (e->size > cap)
        throw FormatError("record " + name + " would inflate to " + std::to_string(e->size) +
                          " bytes, over the limit of " + std::to_string(cap));
    // Deflate turns one byte into at most 1032; a record claiming more lies about its size, and we
    // would allocate the claimed size before finding that out.
    if (e->method == 8 && e->size / 1032 > e->compressedSize + 1)
        throw FormatError("record " + name + " claims to inflate " + std::to_string(e->compressedSize) +
                          " bytes to " + std::to_string(e->size) + ", more than deflate can produce");
    const uint8_t *begin = m_data + e->dataOffset;
    if (e->method == 0) {
        std::vector<uint8_t> out(size_t(e->size));
        // An empty record has no buffer: memcpy must not see its null pointer (UBSan).
        if (out.empty()) return out;
        if (m_source.data)
            m_source.copyOut(e->dataOffset, out.data(), out.size());
        else
            std::memcpy(out.data(), begin, out.size());
        return out;
    }
    std::vector<uint8_t> out(size_t(e->size));
    inflateExactly(begin, e->compressedSize, out.data(), e->size, "record " + name);
    return out;
}

namespace {

// The value of a decimal storage key as torch.save writes it ("0", "17"; no sign, no leading zero),
// if it is below `limit`.
bool storageNumber(std::string_view key, size_t limit, size_t &number)
{
    if (key.empty() || key.size() > 9 || (key[0] == '0' && key.size() > 1)) return false;
    number = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return false;
        number = number * 10 + size_t(c - '0');
    }
    return number < limit;
}

} // namespace

StorageLookup::StorageLookup(const ZipDirectory &dir, const std::string &dirName)
    : m_dir(dir), m_dirName(dirName)
{
    const std::string start = dir.prefix + dirName;
    const size_t limit = dir.entries.size();
    for (size_t i = 0; i < dir.entries.size(); ++i) {
        const std::string &name = dir.entries[i].name;
        size_t number;
        if (name.compare(0, start.size(), start) != 0 ||
            !storageNumber(std::string_view(name).substr(start.size()), limit, number))
            continue;
        if (m_byNumber.empty()) m_byNumber.resize(limit, 0);
        m_byNumber[number] = uint32_t(i + 1);
    }
}

const ZipEntry *StorageLookup::record(const std::string &key) const
{
    size_t number;
    if (!m_byNumber.empty() && storageNumber(key, m_byNumber.size(), number))
        return m_byNumber[number] ? &m_dir.entries[m_byNumber[number] - 1] : nullptr;
    return m_dir.find(m_dirName + key);
}

Value *zipStoragePid(PickleContext &ctx, int fileIndex, StorageLookup &lookup, const Value *pid)
{
    StoragePid p = parseStoragePid(pid);
    const int64_t elem = p.untyped ? 1 : dtypeSize(p.dtype);
    if (p.numel > INT64_MAX / elem)
        throw FormatError("storage '" + p.key + "' claims " + std::to_string(p.numel) + " elements");
    const int64_t declared = p.numel * elem;
    auto it = lookup.seen.find(p.key);
    int index;
    if (it != lookup.seen.end()) {
        index = it->second;
        const StorageRef &s = ctx.file.storages[size_t(index)];
        if (s.dtype != p.dtype || s.declaredBytes != declared)
            throw FormatError("storage '" + p.key + "' is declared twice with different types or sizes");
    } else {
        const std::string record = lookup.recordName(p.key);
        const ZipEntry *e = lookup.record(p.key);
        if (!e) throw FormatError("record " + record + " is missing (storage '" + p.key + "')");
        StorageRef s;
        s.key = p.key;
        s.dtype = p.dtype;
        s.declaredBytes = declared;
        s.recordBytes = int64_t(e->size);
        s.location = p.location;
        s.file = fileIndex;
        s.fileOffset = e->dataOffset;
        s.record = record;
        s.compressed = e->method != 0;
        ctx.file.storages.push_back(std::move(s));
        index = int(ctx.file.storages.size() - 1);
        lookup.seen.emplace(p.key, index);
    }
    Value *v = ctx.arena->make(ValueKind::Storage);
    v->storageIndex = index;
    return v;
}

void readZipCheckpoint(ParsedFile &file, int fileIndex)
{
    const MappedFile &mf = file.files[size_t(fileIndex)];
    auto archive = std::make_shared<ZipArchive>(mf.data, mf.size, &mf);
    file.archives[size_t(fileIndex)] = archive;
    const ZipDirectory &dir = archive->directory();

    if (dir.find("constants.pkl")) {
        readTorchScript(file, fileIndex, *archive);
        return;
    }
    if (dir.find("model.json")) {
        readLegacyTorchScript(file, fileIndex, *archive);
        return;
    }
    if (!dir.find("data.pkl"))
        throw FormatError("zip archive has no data.pkl record: not a torch.save checkpoint");

    file.format = FileFormat::Zip;
    std::vector<uint8_t> pickle = archive->readRecord("data.pkl", kMaxPickleBytes);
    StorageLookup lookup(dir, "data/");
    // Usually one storage and one tensor per record: growing by doubling would briefly hold 1.5x.
    lookup.seen.reserve(dir.entries.size());
    file.storages.reserve(file.storages.size() + dir.entries.size());
    file.tensors.reserve(file.tensors.size() + dir.entries.size());
    PickleContext ctx(file);
    ctx.persistentLoad = [&](Value *pid) { return zipStoragePid(ctx, fileIndex, lookup, pid); };
    if (const ZipEntry *bo = dir.find("byteorder")) {
        std::vector<uint8_t> order = archive->readRecord("byteorder", 64);
        if (std::string(order.begin(), order.end()) == "big")
            throw FormatError("big-endian checkpoints are not supported");
        (void)bo;
    }
    file.top = loadPickle(pickle.data(), pickle.size(), ctx);
}

} // namespace sl
