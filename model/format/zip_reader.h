#pragma once
// torch.save's zip container and TorchScript archives, read straight from the memory map: our own
// bounds-checked directory, stored records by pointer, deflated ones inflated with zlib.

#include "format/parsed_file.h"
#include "format/pickle_vm.h"
#include "format/zip_directory.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace sl {

class ZipArchive
{
public:
    // Throws FormatError if the directory check refuses the archive. With `source`, headers and
    // stored records are read with pread rather than through the map.
    ZipArchive(const uint8_t *data, uint64_t size, const MappedFile *source = nullptr);

    const ZipDirectory &directory() const { return m_dir; }
    // A whole record (name without the prefix), inflated if needed; refuses records over `cap` bytes.
    std::vector<uint8_t> readRecord(const std::string &name, uint64_t cap) const;

private:
    const uint8_t *m_data;
    MappedFile m_source; // a copy: ParsedFile::files may grow and move while the archive lives
    ZipDirectory m_dir;
};

// Inflates a raw deflate stream that must produce exactly `size` bytes into `out`; throws FormatError
// naming `what` otherwise.
void inflateExactly(const uint8_t *in, uint64_t inSize, uint8_t *out, uint64_t size, const std::string &what);

// Reads a torch.save zip or a TorchScript archive mapped as files[fileIndex] into `file`.
void readZipCheckpoint(ParsedFile &file, int fileIndex);

// What zipStoragePid remembers between the storages of one pickle, and where it finds their records.
class StorageLookup
{
public:
    StorageLookup(const ZipDirectory &dir, const std::string &dirName);

    // The record `<dirName><key>`, or nullptr.
    const ZipEntry *record(const std::string &key) const;
    std::string recordName(const std::string &key) const { return m_dirName + key; }

    std::unordered_map<std::string, int> seen; // storage key -> index into ParsedFile::storages

private:
    const ZipDirectory &m_dir;
    std::string m_dirName;
    // torch.save names storages 0, 1, 2, ...: records by that number, where the name is one. A
    // directory hash lookup per storage cost a tenth of opening a 30,000-key file (cache misses).
    std::vector<uint32_t> m_byNumber; // entry index + 1; 0 = none
};

// Registers the storage a persistent id names, backed by the record `lookup` finds for its key;
// reuses an earlier registration of the same key. Used by the zip and TorchScript readers.
Value *zipStoragePid(PickleContext &ctx, int fileIndex, StorageLookup &lookup, const Value *pid);

constexpr uint64_t kMaxPickleBytes = uint64_t(1) << 30;

} // namespace sl
