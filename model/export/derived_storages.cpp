#include "export/derived_storages.h"

#include "document/checkpoint.h"
#include "export/export_internal.h"

#include <algorithm>

namespace sl {
namespace {

// Elements read per call: small enough that a conversion's scratch stays a few MiB.
constexpr size_t kChunkElements = size_t(1) << 20;

} // namespace

std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &shape)
{
    std::vector<int64_t> stride(shape.size(), 1);
    for (size_t d = shape.size(); d-- > 1;)
        stride[d - 1] = stride[d] * std::max<int64_t>(shape[d], 1);
    return stride;
}

DerivedStorages::DerivedStorages(const Checkpoint &c, const TransformPlan &plan) : m_input(c.file())
{
    m_tensorOf.assign(plan.tensors.size(), -1);
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        const PlannedTensor &p = plan.tensors[j];
        if (!p.isDerived()) m_tensorOf[j] = c.entries().at(size_t(p.input)).tensor;
    }
    if (!plan.hasDerived()) return;
    m_own = true;
    m_file.format = m_input.format;
    m_file.top = m_input.top;
    m_file.tensors = m_input.tensors;
    m_file.storages = m_input.storages;
    m_file.files = m_input.files;
    m_file.archives = m_input.archives;
    for (size_t j = 0; j < plan.tensors.size(); ++j) {
        const PlannedTensor &p = plan.tensors[j];
        if (!p.isDerived()) continue;
        StorageRef s;
        s.key = "derived" + std::to_string(j);
        s.dtype = p.derived->dtype();
        s.declaredBytes = s.recordBytes = p.derived->numel() * dtypeSize(s.dtype);
        s.file = -1; // no file holds it: take() computes it
        s.record = p.key.toStdString();
        TensorRef t;
        t.dtype = s.dtype;
        t.shape = p.derived->shape();
        t.stride = contiguousStrides(t.shape);
        t.storage = int(m_file.storages.size());
        t.device = "cpu";
        m_file.storages.push_back(std::move(s));
        m_sources.emplace(t.storage, p.derived);
        std::vector<int> &reads = m_inputStorages[t.storage];
        for (int input : p.sources) {
            const int storage = c.tensor(c.entries().at(size_t(input)).tensor).storage;
            if (storage >= 0) reads.push_back(storage);
        }
        m_tensorOf[j] = int(m_file.tensors.size());
        m_file.tensors.push_back(std::move(t));
    }
}

DerivedStorages::~DerivedStorages()
{
    if (m_pending.bytes.valid()) m_pending.bytes.wait();
}

std::vector<uint8_t> DerivedStorages::compute(int storage, DType out) const
{
    const TensorSource &source = *m_sources.at(storage);
    const DType in = source.dtype();
    const bool convert = out != in;
    const size_t inElem = size_t(dtypeSize(in)), outElem = size_t(dtypeSize(out));
    const size_t count = size_t(source.numel());
    std::vector<uint8_t> bytes(count * outElem), scratch(convert ? kChunkElements * inElem : 0);
    auto reader = source.reader();
    size_t done = 0;
    while (done < count) {
        const size_t want = std::min(kChunkElements, count - done);
        uint8_t *to = bytes.data() + done * outElem;
        const size_t n = reader->readBytes(convert ? scratch.data() : to, want);
        if (n == 0)
            throw FormatError("derived tensor '" + m_file.storages[size_t(storage)].record + "' ended early");
        if (convert) convertFloat32(scratch.data(), int64_t(n), out, to);
        done += n;
    }
    // The pages it read stay in the page cache for the next reader, not in our resident set.
    for (int input : m_inputStorages.at(storage))
        releaseStoragePages(m_input, input);
    return bytes;
}

void DerivedStorages::start(int storage, DType out)
{
    m_pending.storage = storage;
    m_pending.bytes = std::async(std::launch::async, [this, storage, out] { return compute(storage, out); });
}

std::vector<uint8_t> DerivedStorages::take(int storage, DType out, int next, DType nextOut)
{
    std::vector<uint8_t> bytes;
    if (m_pending.bytes.valid() && m_pending.storage == storage) {
        m_pending.storage = -1;
        bytes = m_pending.bytes.get(); // rethrows the thread's FormatError
    } else {
        if (m_pending.bytes.valid()) m_pending.bytes.wait();
        bytes = compute(storage, out);
    }
    if (next >= 0 && isDerivedStorage(next)) start(next, nextOut);
    return bytes;
}

} // namespace sl
