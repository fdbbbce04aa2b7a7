#include "format/zip_reader.h"

#include "format/torch_globals.h"
#include "format/torchscript_reader.h"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>

#include <cstring>

namespace sl {
namespace {

class MappedReadAdapter final : public caffe2::serialize::ReadAdapterInterface
{
public:
    MappedReadAdapter(const uint8_t *data, uint64_t size) : m_data(data), m_size(size) {}
    size_t size() const override { return size_t(m_size); }
    size_t read(uint64_t pos, void *buf, size_t n, const char *) const override
    {
        if (pos >= m_size)
            return 0;
        n = size_t(std::min<uint64_t>(n, m_size - pos));
        std::memcpy(buf, m_data + pos, n);
        return n;
    }

private:
    const uint8_t *m_data;
    uint64_t m_size;
};

std::string firstLine(const std::string &s)
{
    return s.substr(0, s.find('\n'));
}

} // namespace

struct ZipArchive::Impl
{
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
};

ZipArchive::ZipArchive(const uint8_t *data, uint64_t size) : d(std::make_unique<Impl>())
{
    m_dir = readZipDirectory(data, size);
    try {
        d->reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(
            std::make_shared<MappedReadAdapter>(data, size));
    } catch (const c10::Error &e) {
        throw FormatError("zip: " + firstLine(e.what_without_backtrace()));
    } catch (const std::exception &e) {
        throw FormatError(std::string("zip: ") + firstLine(e.what()));
    }
}

ZipArchive::~ZipArchive() = default;

std::vector<uint8_t> ZipArchive::readRecord(const std::string &name, uint64_t cap) const
{
    const ZipEntry *e = m_dir.find(name);
    if (!e)
        throw FormatError("record " + name + " is missing");
    if (e->size > cap)
        throw FormatError("record " + name + " would inflate to " + std::to_string(e->size) +
                          " bytes, over the limit of " + std::to_string(cap));
    // Deflate turns one byte into at most 1032; a record claiming more lies about its size, and
    // LibTorch would allocate the claimed size before finding that out.
    if (e->method == 8 && e->size / 1032 > e->compressedSize + 1)
        throw FormatError("record " + name + " claims to inflate " + std::to_string(e->compressedSize) + " bytes to " +
                          std::to_string(e->size) + ", more than deflate can produce");
    try {
        auto [ptr, n] = d->reader->getRecord(name);
        const uint8_t *p = static_cast<const uint8_t *>(ptr.get());
        return std::vector<uint8_t>(p, p + n);
    } catch (const c10::Error &ex) {
        throw FormatError("record " + name + ": " + firstLine(ex.what_without_backtrace()));
    }
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
    auto archive = std::make_shared<ZipArchive>(mf.data, mf.size);
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
