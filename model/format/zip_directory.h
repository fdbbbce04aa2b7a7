#pragma once
// A bounds-checked read of a zip central directory, zip64 included: every record's compression,
// sizes, CRC and the local-header data offset that storages are mapped from.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sl {

struct ZipEntry
{
    std::string name;
    uint16_t method = 0; // 0 stored, 8 deflated
    uint16_t flags = 0;
    uint32_t crc32 = 0;
    uint64_t compressedSize = 0;
    uint64_t size = 0;
    uint64_t localHeaderOffset = 0;
    uint64_t dataOffset = 0; // first byte of the (possibly compressed) data, from the local header
};

struct ZipDirectory
{
    std::vector<ZipEntry> entries;
    std::unordered_map<std::string, size_t> byName;
    std::string prefix; // "archive/" etc., taken from the first entry as torch does

    const ZipEntry *find(const std::string &nameWithoutPrefix) const;
};

struct MappedFile;

// Throws FormatError on anything malformed: truncation, overlapping or out-of-file records,
// encrypted entries, duplicate names. With `source`, the local headers, which lie all over a large
// file, are read with pread instead of through the map (see MappedFile::copyOut).
ZipDirectory readZipDirectory(const uint8_t *data, uint64_t size, const MappedFile *source = nullptr);

} // namespace sl
