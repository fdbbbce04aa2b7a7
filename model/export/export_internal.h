#pragma once
// Pieces the exporter's two writers share: the output sink with progress and cancel, the list of what
// each writer meant to write (checked after re-reading the file), and float32 conversion.

#include "document/checkpoint.h"
#include "export/exporter.h"
#include "transform/transform_plan.h"

#include <QFile>

namespace sl {

// The temporary output file. Writes go out in slices so progress moves and a cancel is seen within
// one slice; after a failure or a cancel every later write is a no-op, so callers may keep going.
class ExportSink
{
public:
    // Bytes handed to write() that lie in one of `inputs`' maps are copied from that file by the
    // kernel (copy_file_range, as cp does) rather than through our memory.
    ExportSink(QFile &file, const std::vector<MappedFile> &inputs,
               const std::function<bool(int64_t, int64_t)> &progress);

    void setTotal(int64_t total) { m_total = total; }
    bool write(const void *data, size_t size);
    bool ok() const { return m_error.empty(); }
    bool cancelled() const { return m_cancelled; }
    const std::string &error() const { return m_error; }
    void fail(const std::string &error);
    int64_t written() const { return m_done; }
    void finish(); // reports done == total

private:
    // Copies what it can of [data, data + size) file to file; returns the bytes it copied, fewer where
    // the kernel cannot copy between these files (then writes go through memory from here on).
    size_t copyFromInput(const char *data, size_t size);
    void advance(size_t n); // counts written bytes and asks the progress callback

    QFile &m_file;
    const std::vector<MappedFile> &m_inputs;
    bool m_kernelCopies = true;
    const std::function<bool(int64_t, int64_t)> &m_progress;
    int64_t m_total = 0, m_done = 0;
    int64_t m_writebackFrom = 0; // bytes before this have been handed to the disk (sync_file_range)
    bool m_cancelled = false;
    std::string m_error;
};

// What one state-dict entry should look like when the written file is read back.
struct ExpectedTensor
{
    std::string key;
    DType dtype = DType::Unknown;
    std::vector<int64_t> shape, stride;
    int64_t offset = 0;
    int64_t storageBytes = 0;
};

struct ExpectedFile
{
    RootPath root; // where the state dict is in the written file
    std::vector<ExpectedTensor> entries;
    bool ordered = true;                 // entries are in file order (pth); safetensors: any order
    int64_t tensors = -1, storages = -1; // whole-file counts, when known
};

// Each writer writes `plan.tensors` in order (plan.mapping says what became of each input), fills
// `expected` and streams the file through `sink`; false with `error` on failure. `notes` (if given)
// gets one line per object a weights-only copy converted or dropped.
bool writePthExport(const Checkpoint &c, const TransformPlan &plan, const ExportOptions &opt,
                    ExportSink &sink, ExpectedFile &expected, std::vector<std::string> *notes,
                    std::string *error);
bool writeSafetensorsExport(const Checkpoint &c, const TransformPlan &plan, const ExportOptions &opt,
                            ExportSink &sink, ExpectedFile &expected, std::string *error);

// Converts `count` float32 values at `src` (any alignment) to `to` (Float16 or BFloat16) at `dst`.
void convertFloat32(const uint8_t *src, int64_t count, DType to, uint8_t *dst);

} // namespace sl
