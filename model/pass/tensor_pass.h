#pragma once
// The tensor pass: the one place where "for every tensor, or pair of tensors, read the values and
// compute something" runs. Items (single sources, or pairs read in lock-step) run in parallel on a
// small pool; each is read chunk by chunk into per-thread buffers, so memory stays at threads x
// chunk size whatever the tensors weigh. Progress is per byte, cancel is checked between chunks, and
// results reach the caller in item order on the calling thread, though they finish out of order.

#include "pass/tensor_source.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sl {

struct PassItem
{
    enum Read { Values, Bytes };
    std::shared_ptr<const TensorSource> a;
    std::shared_ptr<const TensorSource> b; // null for a single source
    Read read = Values;                    // float64 values, or the stored bytes (same dtype on both)
};

// Sees one item's chunks, on one worker thread; the pass makes a fresh visitor for every item.
class PassVisitor
{
public:
    virtual ~PassVisitor() = default;
    // `n` values of a (and of b, for a pair; b is null otherwise), in logical order.
    virtual void values(const double *a, const double *b, size_t n);
    // `n` elements' stored bytes (n * element size) of a and b, for PassItem::Bytes.
    virtual void bytes(const uint8_t *a, const uint8_t *b, size_t n, size_t elementSize);
};

struct PassOptions
{
    int threads = 0;                  // 0: the cores, at most kMaxPassThreads
    size_t chunkElements = 64 * 1024; // elements per read: the unit of memory, progress and cancel
};

constexpr int kMaxPassThreads = 8;

class TensorPass
{
public:
    // Called on a worker thread; must be thread-safe.
    using MakeVisitor = std::function<std::unique_ptr<PassVisitor>(int item)>;
    // Called on the calling thread, once per item in item order. `error` is empty on success; on a
    // read error it says what failed and the visitor holds whatever was seen before it.
    using Deliver = std::function<void(int item, PassVisitor &visitor, const std::string &error)>;
    using Progress = std::function<void(int64_t doneBytes, int64_t totalBytes)>;

    explicit TensorPass(std::vector<PassItem> items, PassOptions options = {});

    // A flag the caller may set from any thread; the pass stops between chunks when it is true.
    void setCancelFlag(const std::atomic<bool> *cancel) { m_cancel = cancel; }

    // Runs every item and blocks until done. False when cancelled: items already delivered stay
    // delivered, the rest are not. `progress` runs on the calling thread, a few times a second.
    bool run(const MakeVisitor &makeVisitor, const Deliver &deliver, const Progress &progress = {});

    int threadCount() const { return m_threads; }
    int64_t totalBytes() const { return m_totalBytes; }
    // The most chunk-buffer bytes alive at once during the last run: the pass's bound on memory.
    size_t peakBufferBytes() const { return m_peakBuffers.load(); }

private:
    struct Slot;
    void work(std::vector<Slot> &slots, const MakeVisitor &makeVisitor);
    void runItem(const PassItem &item, PassVisitor &visitor);
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    void addBuffers(int64_t bytes);

    std::vector<PassItem> m_items;
    PassOptions m_options;
    int m_threads = 1;
    int64_t m_totalBytes = 0;
    const std::atomic<bool> *m_cancel = nullptr;
    std::atomic<int> m_next{0};
    std::atomic<int64_t> m_doneBytes{0};
    std::atomic<int64_t> m_liveBuffers{0};
    std::atomic<size_t> m_peakBuffers{0};
    std::mutex m_mutex; // guards the slots' results
    std::condition_variable m_finished;
};

} // namespace sl
