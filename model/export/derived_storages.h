#pragma once
// A plan's derived tensors as the exporter writes them: new contiguous tensors, one storage each at
// offset 0 (torch.save's layout for a fresh tensor), appended to a copy of the input's tables, and
// their bytes computed one tensor at a time, the next one on a second thread while one is written.

#include "format/parsed_file.h"
#include "transform/transform_plan.h"

#include <future>
#include <unordered_map>
#include <vector>

namespace sl {

class Checkpoint;

class DerivedStorages
{
public:
    // Builds the tables when `plan` has derived tensors; otherwise file() is the checkpoint's own.
    DerivedStorages(const Checkpoint &c, const TransformPlan &plan);
    DerivedStorages(const DerivedStorages &) = delete;
    DerivedStorages &operator=(const DerivedStorages &) = delete;
    ~DerivedStorages();

    // The input's tensors and storages, then the derived ones: what the writer reads.
    const ParsedFile &file() const { return m_own ? m_file : m_input; }
    // The tensor index (into file()) of the plan's i-th tensor.
    int tensorOf(size_t planIndex) const { return m_tensorOf[planIndex]; }
    bool isDerivedStorage(int storage) const { return m_sources.count(storage) != 0; }

    // The bytes of derived storage `storage` in dtype `out` (its own, or Float16/BFloat16 from
    // Float32). Call in the order the storages are written; `next` (or -1) is started meanwhile.
    // Throws FormatError.
    std::vector<uint8_t> take(int storage, DType out, int next, DType nextOut);

private:
    struct Job
    {
        int storage = -1;
        std::future<std::vector<uint8_t>> bytes;
    };
    std::vector<uint8_t> compute(int storage, DType out) const;
    void start(int storage, DType out);

    const ParsedFile &m_input;
    ParsedFile m_file;
    bool m_own = false;
    std::vector<int> m_tensorOf;
    std::unordered_map<int, SourcePtr> m_sources;
    std::unordered_map<int, std::vector<int>> m_inputStorages; // what a derived storage reads
    Job m_pending;
};

// torch's contiguous strides of `shape`.
std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &shape);

} // namespace sl
