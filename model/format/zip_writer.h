#pragma once
// Writes a zip archive as torch.save does when it writes to a file object: stored records under one
// folder ("archive/"), data aligned to 64 bytes by an "FB" padding field, the CRC and sizes in a data
// descriptor after each record, zip64 where a size or offset needs it, then "version" and the
// central directory. Sequential output only, so any byte sink works.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sl {

class ZipWriter
{
public:
    // `write` takes every byte in order and returns false once the output has failed or been
    // cancelled; the writer then stops and returns false too.
    using Sink = std::function<bool(const void *data, size_t size)>;
    explicit ZipWriter(Sink write, std::string folder = "archive");

    // Zip64 fields even where 32 bits would do: lets tests cover the > 4 GiB layout with small files.
    void setAlwaysZip64(bool on) { m_alwaysZip64 = on; }

    // `knownCrc`: the CRC-32 these bytes already carry, for a record copied unchanged from another
    // archive. It is kept rather than computed again (a 2 GB remap spent ~0.4 s on CRCs), which
    // also keeps a record damaged in the input detectably damaged for any CRC check, not blessed.
    bool writeRecord(const std::string &name, const uint8_t *data, uint64_t size,
                     std::optional<uint32_t> knownCrc = std::nullopt);
    // Writes the "version" record, the central directory and its end records.
    bool finish();

    uint64_t bytesWritten() const { return m_offset; }

private:
    struct Entry
    {
        std::string name;
        uint32_t crc = 0;
        uint64_t size = 0, offset = 0;
    };
    bool put(const void *data, size_t size);
    bool put(const std::vector<uint8_t> &bytes) { return put(bytes.data(), bytes.size()); }

    Sink m_write;
    std::string m_folder;
    std::vector<Entry> m_entries;
    uint64_t m_offset = 0;
    bool m_alwaysZip64 = false;
    bool m_ok = true;
};

} // namespace sl
