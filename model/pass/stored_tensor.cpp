#include "pass/stored_tensor.h"

#include "pass/dtype_values.h"

#include <algorithm>
#include <cstring>

namespace sl {

int64_t TensorSource::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape())
        n *= d;
    return n;
}

namespace {

// Walks the tensor's elements in logical order; `next` yields the byte offset of each in the storage.
class StoredReader : public TensorReader
{
public:
    explicit StoredReader(const ParsedFile &file, const TensorRef &t) : m_tensor(t)
    {
        if (t.storage < 0 || t.layout != TensorLayout::Strided)
            throw FormatError("this tensor has no readable dense data");
        m_numel = t.numel();
        m_elem = size_t(dtypeSize(t.dtype));
        m_contiguous = isContiguous();
        const StorageRef &storage = file.storages.at(size_t(t.storage));
        if (m_contiguous && !storage.compressed) {
            // Read with pread rather than through the map: mapped pages stay in the resident set, so
            // a pass over a 2 GB file would otherwise hold 2 GB of RSS by its end.
            m_mapped = &file.files.at(size_t(storage.file));
            m_fileOffset = storage.fileOffset;
        } else if (m_numel > 0) {
            m_base = storageBytes(file, t.storage, m_scratch);
        }
        m_index.assign(t.shape.size(), 0);
        m_offset = t.offset;
    }

    size_t readValues(double *out, size_t maxValues) override
    {
        if (!dtypeHasValues(m_tensor.dtype)) withLoader(m_tensor.dtype, [](auto) {}); // throws
        const size_t n = take(maxValues);
        if (n == 0) return 0;
        if (m_contiguous) {
            m_raw.resize(std::max(m_raw.size(), n * m_elem));
            convertToDouble(m_tensor.dtype, contiguousAt(m_raw.data(), n), out, int64_t(n));
        } else {
            withLoader(m_tensor.dtype, [&](auto load) {
                for (size_t i = 0; i < n; ++i)
                    out[i] = load(m_base + size_t(nextOffset()) * m_elem, 0);
            });
        }
        m_done += int64_t(n);
        return n;
    }

    size_t readBytes(uint8_t *out, size_t maxElements) override
    {
        const size_t n = take(maxElements);
        if (n == 0) return 0;
        if (m_contiguous) {
            const uint8_t *p = contiguousAt(out, n);
            if (p != out) std::memcpy(out, p, n * m_elem);
        } else {
            for (size_t i = 0; i < n; ++i)
                std::memcpy(out + i * m_elem, m_base + size_t(nextOffset()) * m_elem, m_elem);
        }
        m_done += int64_t(n);
        return n;
    }

private:
    // The next `n` elements of a contiguous tensor: copied into `buffer` from the file, or in place
    // in the inflated record.
    const uint8_t *contiguousAt(uint8_t *buffer, size_t n)
    {
        const uint64_t at = uint64_t(m_tensor.offset + m_done) * m_elem;
        if (!m_mapped) return m_base + at;
        m_mapped->copyOut(m_fileOffset + at, buffer, n * m_elem);
        return buffer;
    }

    size_t take(size_t most) const { return size_t(std::min<int64_t>(int64_t(most), m_numel - m_done)); }

    bool isContiguous() const
    {
        int64_t expected = 1;
        for (size_t i = m_tensor.shape.size(); i-- > 0;) {
            if (m_tensor.shape[i] != 1 && m_tensor.stride[i] != expected) return false;
            expected *= m_tensor.shape[i];
        }
        return true;
    }

    // The storage offset of the current element, then the index advances like an odometer.
    int64_t nextOffset()
    {
        const int64_t here = m_offset;
        for (size_t d = m_index.size(); d-- > 0;) {
            m_offset += m_tensor.stride[d];
            if (++m_index[d] < m_tensor.shape[d]) break;
            m_offset -= m_tensor.stride[d] * m_tensor.shape[d];
            m_index[d] = 0;
        }
        return here;
    }

    const TensorRef &m_tensor;
    std::vector<uint8_t> m_scratch, m_raw;
    const uint8_t *m_base = nullptr;
    const MappedFile *m_mapped = nullptr;
    uint64_t m_fileOffset = 0;
    int64_t m_numel = 0, m_done = 0, m_offset = 0;
    size_t m_elem = 1;
    bool m_contiguous = true;
    std::vector<int64_t> m_index;
};

} // namespace

StoredTensor::StoredTensor(const ParsedFile &file, int tensorIndex)
    : m_file(file), m_tensor(file.tensors.at(size_t(tensorIndex)))
{
}

std::unique_ptr<TensorReader> StoredTensor::reader() const
{
    return std::make_unique<StoredReader>(m_file, m_tensor);
}

} // namespace sl
