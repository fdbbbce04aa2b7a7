#include "format/zip_writer.h"

#include <libdeflate.h>

#include <algorithm>
#include <future>

namespace sl {
namespace {

constexpr uint64_t kSaturated = 0xFFFFFFFF;
constexpr uint64_t kAlignment = 64;      // torch aligns record data so storages can be mapped
constexpr size_t kPieceBytes = 16 << 20; // the sink checks progress and cancel between pieces
constexpr uint64_t kParallelCrcBytes = 4 << 20;
constexpr uint16_t kFlags = 0x0808; // sizes in a data descriptor; UTF-8 names (as torch writes)

void le(std::vector<uint8_t> &out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(uint8_t(value >> (8 * i)));
}

// libdeflate's CRC-32 uses carry-less multiplication: ~11 GB/s here against zlib's ~2.7 GB/s, which
// made the checksum, not the disk, the slowest part of a large export.
uint32_t crcOf(const uint8_t *data, uint64_t size)
{
    return libdeflate_crc32(0, data, size_t(size));
}

} // namespace

ZipWriter::ZipWriter(Sink write, std::string folder) : m_write(std::move(write)), m_folder(std::move(folder))
{
}

bool ZipWriter::put(const void *data, size_t size)
{
    if (m_ok && size > 0) m_ok = m_write(data, size);
    m_offset += size;
    return m_ok;
}

bool ZipWriter::writeRecord(const std::string &name, const uint8_t *data, uint64_t size,
                            std::optional<uint32_t> knownCrc)
{
    Entry e;
    e.name = m_folder + "/" + name;
    e.size = size;
    e.offset = m_offset;
    const bool zip64 = m_alwaysZip64 || size >= kSaturated;

    std::vector<uint8_t> header;
    le(header, 0x04034b50, 4);
    le(header, zip64 ? 45 : 20, 2);
    le(header, kFlags, 2);
    le(header, 0, 2);    // stored
    le(header, 0, 2);    // time
    le(header, 0x21, 2); // 1980-01-01, as torch writes: the output does not depend on the clock
    le(header, 0, 4);    // CRC, in the descriptor
    le(header, zip64 ? kSaturated : 0, 4);
    le(header, zip64 ? kSaturated : 0, 4);
    le(header, e.name.size(), 2);
    const uint64_t zip64Extra = zip64 ? 4 + 16 : 0;
    const uint64_t unpadded = m_offset + 30 + e.name.size() + zip64Extra + 4;
    const uint64_t padding = (kAlignment - unpadded % kAlignment) % kAlignment;
    le(header, zip64Extra + 4 + padding, 2);
    header.insert(header.end(), e.name.begin(), e.name.end());
    if (zip64) {
        le(header, 0x0001, 2);
        le(header, 16, 2);
        le(header, 0, 8); // sizes, in the descriptor
        le(header, 0, 8);
    }
    le(header, 'F' | ('B' << 8), 2);
    le(header, padding, 2);
    header.insert(header.end(), size_t(padding), uint8_t('Z'));
    if (!put(header)) return false;

    // The CRC goes in the descriptor after the data, so a large record is checksummed on a second
    // core while this one writes it: the export then costs about what the write alone costs.
    std::future<uint32_t> crc;
    if (!knownCrc && size >= kParallelCrcBytes)
        crc = std::async(std::launch::async, [data, size] { return crcOf(data, size); });
    for (uint64_t done = 0; done < size;) {
        const size_t n = size_t(std::min<uint64_t>(size - done, kPieceBytes));
        if (!put(data + done, n)) break;
        done += n;
    }
    e.crc = knownCrc ? *knownCrc : crc.valid() ? crc.get() : crcOf(data, size);
    if (!m_ok) return false;

    std::vector<uint8_t> descriptor;
    le(descriptor, 0x08074b50, 4);
    le(descriptor, e.crc, 4);
    le(descriptor, size, zip64 ? 8 : 4);
    le(descriptor, size, zip64 ? 8 : 4);
    m_entries.push_back(std::move(e));
    return put(descriptor);
}

bool ZipWriter::finish()
{
    static const char kVersion[] = "3\n"; // the serialization format version torch 1.13 writes
    if (!writeRecord("version", reinterpret_cast<const uint8_t *>(kVersion), 2)) return false;

    const uint64_t cdOffset = m_offset;
    std::vector<uint8_t> cd;
    for (const Entry &e : m_entries) {
        const bool bigSize = m_alwaysZip64 || e.size >= kSaturated;
        const bool bigOffset = m_alwaysZip64 || e.offset >= kSaturated;
        std::vector<uint8_t> extra;
        if (bigSize || bigOffset) {
            le(extra, 0x0001, 2);
            le(extra, (bigSize ? 16 : 0) + (bigOffset ? 8 : 0), 2);
            if (bigSize) {
                le(extra, e.size, 8);
                le(extra, e.size, 8);
            }
            if (bigOffset) le(extra, e.offset, 8);
        }
        le(cd, 0x02014b50, 4);
        le(cd, 45, 2); // made by
        le(cd, extra.empty() ? 20 : 45, 2);
        le(cd, kFlags, 2);
        le(cd, 0, 2);
        le(cd, 0, 2);
        le(cd, 0x21, 2);
        le(cd, e.crc, 4);
        le(cd, bigSize ? kSaturated : e.size, 4);
        le(cd, bigSize ? kSaturated : e.size, 4);
        le(cd, e.name.size(), 2);
        le(cd, extra.size(), 2);
        le(cd, 0, 2); // comment
        le(cd, 0, 2); // disk
        le(cd, 0, 2); // internal attributes
        le(cd, 0, 4); // external attributes
        le(cd, bigOffset ? kSaturated : e.offset, 4);
        cd.insert(cd.end(), e.name.begin(), e.name.end());
        cd.insert(cd.end(), extra.begin(), extra.end());
    }
    if (!put(cd)) return false;

    const uint64_t count = m_entries.size();
    const bool zip64End =
        m_alwaysZip64 || count >= 0xFFFF || cdOffset >= kSaturated || cd.size() >= kSaturated;
    std::vector<uint8_t> end;
    if (zip64End) {
        const uint64_t recordOffset = m_offset;
        le(end, 0x06064b50, 4);
        le(end, 44, 8); // size of the rest of this record
        le(end, 45, 2);
        le(end, 45, 2);
        le(end, 0, 4);
        le(end, 0, 4);
        le(end, count, 8);
        le(end, count, 8);
        le(end, cd.size(), 8);
        le(end, cdOffset, 8);
        le(end, 0x07064b50, 4); // locator
        le(end, 0, 4);
        le(end, recordOffset, 8);
        le(end, 1, 4);
    }
    le(end, 0x06054b50, 4);
    le(end, 0, 2);
    le(end, 0, 2);
    le(end, zip64End ? 0xFFFF : count, 2);
    le(end, zip64End ? 0xFFFF : count, 2);
    le(end, zip64End ? kSaturated : cd.size(), 4);
    le(end, zip64End ? kSaturated : cdOffset, 4);
    le(end, 0, 2);
    return put(end);
}

} // namespace sl
