#include "pass/tensor_pass.h"

#include "format/parsed_file.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace sl {

void PassVisitor::values(const double *, const double *, size_t) {}
void PassVisitor::bytes(const uint8_t *, const uint8_t *, size_t, size_t) {}

struct TensorPass::Slot
{
    std::unique_ptr<PassVisitor> visitor;
    std::string error;
    bool done = false;
};

TensorPass::TensorPass(std::vector<PassItem> items, PassOptions options)
    : m_items(std::move(items)), m_options(options)
{
    m_options.chunkElements = std::max<size_t>(1, m_options.chunkElements);
    int cores = m_options.threads > 0 ? m_options.threads : int(std::thread::hardware_concurrency());
    cores = std::max(1, std::min(cores, kMaxPassThreads));
    m_threads = std::max(1, std::min(cores, int(m_items.size())));
    for (const PassItem &item : m_items)
        m_totalBytes += item.a->byteSize() + (item.b ? item.b->byteSize() : 0);
}

void TensorPass::addBuffers(int64_t bytes)
{
    const int64_t live = m_liveBuffers.fetch_add(bytes) + bytes;
    size_t peak = m_peakBuffers.load();
    while (size_t(live) > peak && !m_peakBuffers.compare_exchange_weak(peak, size_t(live))) {
    }
}

namespace {

// Fills `n` values of b to match a run of a: a reader may hand out fewer than asked.
template <typename Read> size_t readFully(Read read, size_t n)
{
    size_t got = 0;
    while (got < n) {
        const size_t step = read(got, n - got);
        if (step == 0) break;
        got += step;
    }
    return got;
}

} // namespace

void TensorPass::runItem(const PassItem &item, PassVisitor &visitor)
{
    if (item.b && item.a->numel() != item.b->numel())
        throw FormatError("the two tensors of a pair differ in element count");
    const size_t chunk = m_options.chunkElements;
    const bool raw = item.read == PassItem::Bytes;
    if (raw && item.b && item.a->dtype() != item.b->dtype())
        throw FormatError("a byte comparison needs two tensors of the same dtype");
    const size_t elem = raw ? size_t(dtypeSize(item.a->dtype())) : sizeof(double);
    const int64_t bufferBytes = int64_t(chunk * elem) * (item.b ? 2 : 1);
    const int64_t bytesA = int64_t(dtypeSize(item.a->dtype())),
                  bytesB = item.b ? dtypeSize(item.b->dtype()) : 0;
    addBuffers(bufferBytes);
    struct Release
    {
        TensorPass *pass;
        int64_t bytes;
        ~Release() { pass->addBuffers(-bytes); }
    } release{this, bufferBytes};

    std::vector<uint8_t> bufA(chunk * elem), bufB(item.b ? chunk * elem : 0);
    std::unique_ptr<TensorReader> ra = item.a->reader(), rb = item.b ? item.b->reader() : nullptr;
    while (!cancelled()) {
        size_t n;
        if (raw) {
            n = ra->readBytes(bufA.data(), chunk);
            if (n == 0) break;
            if (rb &&
                readFully([&](size_t at, size_t k) { return rb->readBytes(bufB.data() + at * elem, k); },
                          n) != n)
                throw FormatError("the second tensor of a pair ended early");
            visitor.bytes(bufA.data(), rb ? bufB.data() : nullptr, n, elem);
        } else {
            double *a = reinterpret_cast<double *>(bufA.data());
            double *b = reinterpret_cast<double *>(bufB.data());
            n = ra->readValues(a, chunk);
            if (n == 0) break;
            if (rb && readFully([&](size_t at, size_t k) { return rb->readValues(b + at, k); }, n) != n)
                throw FormatError("the second tensor of a pair ended early");
            visitor.values(a, rb ? b : nullptr, n);
        }
        m_doneBytes.fetch_add(int64_t(n) * (bytesA + bytesB), std::memory_order_relaxed);
    }
}

void TensorPass::work(std::vector<Slot> &slots, const MakeVisitor &makeVisitor)
{
    for (int i = m_next++; i < int(m_items.size()) && !cancelled(); i = m_next++) {
        std::unique_ptr<PassVisitor> visitor = makeVisitor(i);
        std::string error;
        try {
            runItem(m_items[size_t(i)], *visitor);
        } catch (const std::exception &e) {
            error = e.what();
        }
        if (cancelled()) break; // a cut-short item is never delivered as if whole
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            slots[size_t(i)].visitor = std::move(visitor);
            slots[size_t(i)].error = std::move(error);
            slots[size_t(i)].done = true;
        }
        m_finished.notify_one();
    }
    m_finished.notify_one(); // a cancelled worker wakes the caller too
}

bool TensorPass::run(const MakeVisitor &makeVisitor, const Deliver &deliver, const Progress &progress)
{
    m_next = 0;
    m_doneBytes = 0;
    m_peakBuffers = 0;
    std::vector<Slot> slots(m_items.size());
    std::vector<std::thread> workers;
    std::atomic<int> running{m_threads};
    for (int t = 0; t < m_threads && !m_items.empty(); ++t)
        workers.emplace_back([&] {
            work(slots, makeVisitor);
            std::lock_guard<std::mutex> lock(m_mutex);
            --running;
            m_finished.notify_one();
        });

    // The calling thread hands out results in order and reports progress while the workers read.
    size_t nextToDeliver = 0;
    int64_t reported = -1;
    while (nextToDeliver < slots.size()) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_finished.wait_for(lock, std::chrono::milliseconds(50),
                            [&] { return slots[nextToDeliver].done || running == 0; });
        if (!slots[nextToDeliver].done && running == 0) break; // cancelled
        while (nextToDeliver < slots.size() && slots[nextToDeliver].done) {
            Slot slot = std::move(slots[nextToDeliver]);
            lock.unlock();
            deliver(int(nextToDeliver), *slot.visitor, slot.error);
            ++nextToDeliver;
            lock.lock();
        }
        lock.unlock();
        const int64_t done = m_doneBytes.load();
        if (progress && done != reported) progress(reported = done, m_totalBytes);
    }
    for (std::thread &w : workers)
        w.join();
    return nextToDeliver == slots.size();
}

} // namespace sl
