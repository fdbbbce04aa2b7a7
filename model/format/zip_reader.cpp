#include "format/zip_reader.h"

#include "format/torch_globals.h"
#include "format/torchscript_reader.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace sl {

ZipArchive::ZipArchive(const uint8_t *data, uint64_t size, const MappedFile *source)
    : m_data(data), m_source(source ? *source : MappedFile{}), m_dir(readZipDirectory(data, size, source))
{
}

void inflateExactly(const uint8_t *in, uint64_t inSize, uint8_t *out, uint64_t size, const std::string &what)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        throw FormatError("cannot start inflating " + what);
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
        throw FormatError(what + " is not a valid deflate stream" + (z.msg ? std::string(" (") + z.msg + ")" : std::string()));
    if (produced != size)
        throw FormatError(what + " inflates to " + std::to_string(produced) + " bytes instead of " + std::to_string(size));
}

std::vector<uint8_t> ZipArchive::readRecord(const std::string &name, uint64_t cap) const
{
    const ZipEntry *e = m_dir.find(name);
    if (!e)
        throw FormatError("record " + name + " is missing");
    if (e->size > cap)
        throw FormatError("record " + name + " would inflate to " + std::to_string(e->size) +
                          " bytes, over the limit of " + std::to_string(cap));
    // Deflate turns one byte into at most 1032; a record claiming more lies about its size, and we
    // would allocate the claimed size before finding that out.
    if (e->method == 8 && e->size / 1032 > e->compressedSize + 1)
        throw FormatError("record " + name + " claims to inflate " + std::to_string(e->compressedSize) + " bytes to " +
                          std::to_string(e->size) + ", more than deflate can produce");
    const uint8_t *begin = m_data + e->dataOffset;
    if (e->method == 0) {
        std::vector<uint8_t> out(size_t(e->size));
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

Value *zipStoragePid(PickleContext &ctx, const ZipDirectory &dir, int fileIndex, const std::string &dirName,
                     std::unordered_map<std::string, int> &seen, const Value *pid)
{
    StoragePid p = parseStoragePid(pid);
    const int64_t elem = p.untyped ? 1 : dtypeSize(p.dtype);
    if (p.numel > INT64_MAX / elem)
        throw FormatError("storage '" + p.key + "' claims " + std::to_string(p.numel) + " elements");
    const int64_t declared = p.numel * elem;
    auto it = seen.find(p.key);
    int index;
    if (it != seen.end()) {
        index = it->second;
        const StorageRef &s = ctx.file.storages[size_t(index)];
        if (s.dtype != p.dtype || s.declaredBytes != declared)
            throw FormatError("storage '" + p.key + "' is declared twice with different types or sizes");
    } else {
        const std::string record = dirName + p.key;
        const ZipEntry *e = dir.find(record);
        if (!e)
            throw FormatError("record " + record + " is missing (storage '" + p.key + "')");
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
        seen.emplace(p.key, index);
    }
    Value *v = ctx.arena->make(ValueKind::Storage);
    v->index = index;
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
    std::unordered_map<std::string, int> seen;
    PickleContext ctx(file);
    ctx.persistentLoad = [&](Value *pid) { return zipStoragePid(ctx, dir, fileIndex, "data/", seen, pid); };
    if (const ZipEntry *bo = dir.find("byteorder")) {
        std::vector<uint8_t> order = archive->readRecord("byteorder", 64);
        if (std::string(order.begin(), order.end()) == "big")
            throw FormatError("big-endian checkpoints are not supported");
        (void)bo;
    }
    file.top = loadPickle(pickle.data(), pickle.size(), ctx);
}

} // namespace sl
