#include "format/zip_directory.h"

#include "format/parsed_file.h"
#include "format/value.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace sl {
namespace {

uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

[[noreturn]] void fail(const std::string &what)
{
    throw FormatError("zip: " + what);
}

// Local headers come in file order, and in a checkpoint of many small tensors hundreds lie within
// 64 KiB: one pread for a window of them instead of a system call per record (30,000 calls cost
// ~90 ms of a 30,000-key open on a VM). Reading through the map would cost RSS instead.
class LocalHeaderReader
{
public:
    LocalHeaderReader(const uint8_t *data, uint64_t size, const MappedFile *source)
        : m_data(data), m_size(size), m_source(source)
    {
    }

    // The 30 fixed bytes at `offset`, which the caller has checked lie inside the file.
    void read(uint64_t offset, uint8_t *out)
    {
        if (!m_source) {
            std::memcpy(out, m_data + offset, 30);
            return;
        }
        if (offset < m_windowStart || offset + 30 > m_windowStart + m_windowLength) {
            m_windowStart = offset;
            m_windowLength = size_t(std::min<uint64_t>(sizeof m_window, m_size - offset));
            m_source->copyOut(offset, m_window, m_windowLength);
        }
        std::memcpy(out, m_window + (offset - m_windowStart), 30);
    }

private:
    const uint8_t *m_data;
    uint64_t m_size;
    const MappedFile *m_source;
    uint64_t m_windowStart = 0;
    size_t m_windowLength = 0;
    uint8_t m_window[64 * 1024];
};

struct CentralDirectory
{
    uint64_t count, size, offset;
};

// Where the central directory lies, from the end record (and its zip64 twin when a field saturates).
CentralDirectory findCentralDirectory(const uint8_t *data, uint64_t size)
{
    const uint64_t kEocd = 22;
    if (size < kEocd) fail("file too short to be an archive");
    // The end record sits in the last 64 KiB + 22 bytes (the comment may precede nothing else).
    uint64_t eocd = UINT64_MAX;
    uint64_t lowest = size > 65535 + kEocd ? size - 65535 - kEocd : 0;
    for (uint64_t p = size - kEocd + 1; p-- > lowest;) {
        if (rd(data + p, 4) == 0x06054b50) {
            eocd = p;
            break;
        }
    }
    if (eocd == UINT64_MAX) fail("no end-of-central-directory record (the file is truncated or not a zip)");
    uint64_t count = rd(data + eocd + 10, 2);
    uint64_t cdSize = rd(data + eocd + 12, 4);
    uint64_t cdOffset = rd(data + eocd + 16, 4);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
        if (eocd < 20 || rd(data + eocd - 20, 4) != 0x07064b50) fail("zip64 locator missing");
        uint64_t z64 = rd(data + eocd - 20 + 8, 8);
        if (z64 > size || size - z64 < 56 || rd(data + z64, 4) != 0x06064b50) fail("bad zip64 end record");
        count = rd(data + z64 + 32, 8);
        cdSize = rd(data + z64 + 40, 8);
        cdOffset = rd(data + z64 + 48, 8);
    }
    if (cdOffset > size || cdSize > size - cdOffset) fail("central directory lies outside the file");
    if (count > cdSize / 46) fail("central directory claims " + std::to_string(count) + " entries");
    return {count, cdSize, cdOffset};
}

// The zip64 extra field: the 64-bit values appear only for fields saturated in the entry.
void readZip64Extra(ZipEntry &e, const uint8_t *x, uint64_t extraLen)
{
    for (uint64_t off = 0; off + 4 <= extraLen;) {
        uint64_t id = rd(x + off, 2), len = rd(x + off + 2, 2);
        if (off + 4 + len > extraLen) break;
        if (id == 0x0001) {
            const uint8_t *f = x + off + 4;
            uint64_t left = len;
            auto next = [&](uint64_t &field) {
                if (field != 0xFFFFFFFF) return;
                if (left < 8) fail("short zip64 field in " + e.name);
                field = rd(f, 8);
                f += 8;
                left -= 8;
            };
            next(e.size);
            next(e.compressedSize);
            next(e.localHeaderOffset);
        }
        off += 4 + len;
    }
}

// Checks what the record holds and finds its first data byte behind the local header.
void locateData(ZipEntry &e, uint64_t size, LocalHeaderReader &localHeaders)
{
    if (e.flags & 1) fail("record " + e.name + " is encrypted");
    if (e.method != 0 && e.method != 8)
        fail("record " + e.name + " uses compression method " + std::to_string(e.method));
    const uint64_t lh = e.localHeaderOffset;
    uint8_t local[30];
    if (lh <= size && size - lh >= 30) localHeaders.read(lh, local);
    if (lh > size || size - lh < 30 || rd(local, 4) != 0x04034b50)
        fail("record " + e.name + " has no local header");
    uint64_t start = lh + 30 + rd(local + 26, 2) + rd(local + 28, 2);
    if (start > size || e.compressedSize > size - start)
        fail("record " + e.name + " runs past the end of the file");
    if (e.method == 0 && e.compressedSize != e.size)
        fail("stored record " + e.name + " has inconsistent sizes");
    e.dataOffset = start;
}

// Records that overlap would let one storage alias another's bytes.
void checkNoOverlap(const ZipDirectory &dir)
{
    std::vector<const ZipEntry *> sorted;
    for (const auto &e : dir.entries)
        sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(),
              [](const ZipEntry *a, const ZipEntry *b) { return a->dataOffset < b->dataOffset; });
    for (size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i - 1]->dataOffset + sorted[i - 1]->compressedSize > sorted[i]->localHeaderOffset &&
            sorted[i - 1]->compressedSize > 0)
            fail("records " + sorted[i - 1]->name + " and " + sorted[i]->name + " overlap");
}

} // namespace

const ZipEntry *ZipDirectory::find(const std::string &nameWithoutPrefix) const
{
    auto it = byName.find(prefix + nameWithoutPrefix);
    return it == byName.end() ? nullptr : &entries[it->second];
}

ZipDirectory readZipDirectory(const uint8_t *data, uint64_t size, const MappedFile *source)
{
    const CentralDirectory cd = findCentralDirectory(data, size);
    ZipDirectory dir;
    dir.entries.reserve(size_t(cd.count));
    auto localHeaders = std::make_unique<LocalHeaderReader>(data, size, source);
    uint64_t p = cd.offset;
    const uint64_t cdEnd = cd.offset + cd.size;
    for (uint64_t i = 0; i < cd.count; ++i) {
        if (cdEnd - p < 46 || rd(data + p, 4) != 0x02014b50)
            fail("bad central directory entry " + std::to_string(i));
        ZipEntry e;
        e.flags = uint16_t(rd(data + p + 8, 2));
        e.method = uint16_t(rd(data + p + 10, 2));
        e.crc32 = uint32_t(rd(data + p + 16, 4));
        e.compressedSize = rd(data + p + 20, 4);
        e.size = rd(data + p + 24, 4);
        uint64_t nameLen = rd(data + p + 28, 2), extraLen = rd(data + p + 30, 2),
                 commentLen = rd(data + p + 32, 2);
        e.localHeaderOffset = rd(data + p + 42, 4);
        if (cdEnd - p - 46 < nameLen + extraLen + commentLen)
            fail("central directory entry " + std::to_string(i) + " is truncated");
        e.name.assign(reinterpret_cast<const char *>(data + p + 46), size_t(nameLen));
        readZip64Extra(e, data + p + 46 + nameLen, extraLen);
        locateData(e, size, *localHeaders);
        if (!dir.byName.emplace(e.name, dir.entries.size()).second) fail("duplicate record " + e.name);
        dir.entries.push_back(std::move(e));
        p += 46 + nameLen + extraLen + commentLen;
    }
    if (dir.entries.empty()) fail("archive is empty");
    const std::string &first = dir.entries.front().name;
    size_t slash = first.find('/');
    if (slash != std::string::npos) dir.prefix = first.substr(0, slash + 1);
    checkNoOverlap(dir);
    return dir;
}

} // namespace sl
