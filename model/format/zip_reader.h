#pragma once
// torch.save's zip container and TorchScript archives, read through LibTorch's PyTorchStreamReader
// over the memory map, with our own directory check for offsets and compression.

#include "format/parsed_file.h"
#include "format/pickle_vm.h"
#include "format/zip_directory.h"

#include <memory>
#include <unordered_map>

namespace sl {

class ZipArchive
{
public:
    // Throws FormatError if either our directory check or LibTorch's reader refuses the archive.
    ZipArchive(const uint8_t *data, uint64_t size);
    ~ZipArchive();

    const ZipDirectory &directory() const { return m_dir; }
    // A whole record (name without the prefix), inflated if needed; refuses records over `cap` bytes.
    std::vector<uint8_t> readRecord(const std::string &name, uint64_t cap) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    ZipDirectory m_dir;
};

// Reads a torch.save zip or a TorchScript archive mapped as files[fileIndex] into `file`.
void readZipCheckpoint(ParsedFile &file, int fileIndex);

// Registers the storage a persistent id names, backed by record `<dirName><key>`; reuses an
// earlier registration of the same key. Used by the zip and TorchScript readers.
Value *zipStoragePid(PickleContext &ctx, const ZipDirectory &dir, int fileIndex, const std::string &dirName,
                     std::unordered_map<std::string, int> &seen, const Value *pid);

constexpr uint64_t kMaxPickleBytes = uint64_t(1) << 30;

} // namespace sl
