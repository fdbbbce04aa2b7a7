#include "document/tensor_bytes.h"

#include <algorithm>
#include <cstring>

namespace sl {

TensorBytes::TensorBytes(const ParsedFile &file, int tensorIndex)
    : m_file(file), m_tensor(file.tensors.at(size_t(tensorIndex)))
{
}

bool TensorBytes::isContiguous() const
{
    int64_t expected = 1;
    for (size_t i = m_tensor.shape.size(); i-- > 0;) {
        if (m_tensor.shape[i] != 1 && m_tensor.stride[i] != expected) return false;
        expected *= m_tensor.shape[i];
    }
    return true;
}

bool TensorBytes::forEachChunk(size_t chunkBytes,
                               const std::function<bool(const uint8_t *, size_t)> &sink) const
{
    // A quantized tensor's stored integers are dense like any strided tensor's values.
    if (m_tensor.storage < 0 ||
        (m_tensor.layout != TensorLayout::Strided && m_tensor.layout != TensorLayout::Quantized))
        throw FormatError("this tensor has no readable dense data");
    const int64_t numel = m_tensor.numel();
    if (numel == 0) return true;
    std::vector<uint8_t> scratch;
    const uint8_t *base = storageBytes(m_file, m_tensor.storage, scratch);
    const size_t elem = size_t(dtypeSize(m_tensor.dtype));
    const size_t perChunk = std::max<size_t>(1, chunkBytes / elem);
    if (isContiguous()) {
        const uint8_t *p = base + size_t(m_tensor.offset) * elem;
        for (int64_t done = 0; done < numel;) {
            size_t n = size_t(std::min<int64_t>(int64_t(perChunk), numel - done));
            if (!sink(p + size_t(done) * elem, n * elem)) return false;
            done += int64_t(n);
        }
        return true;
    }
    // Strided: walk the index like an odometer, copying one element at a time into a buffer.
    const size_t ndim = m_tensor.shape.size();
    std::vector<int64_t> index(ndim, 0);
    std::vector<uint8_t> buffer(perChunk * elem);
    int64_t offset = m_tensor.offset;
    size_t filled = 0;
    for (int64_t done = 0; done < numel; ++done) {
        std::memcpy(buffer.data() + filled * elem, base + size_t(offset) * elem, elem);
        if (++filled == perChunk) {
            if (!sink(buffer.data(), filled * elem)) return false;
            filled = 0;
        }
        for (size_t d = ndim; d-- > 0;) {
            offset += m_tensor.stride[d];
            if (++index[d] < m_tensor.shape[d]) break;
            offset -= m_tensor.stride[d] * m_tensor.shape[d];
            index[d] = 0;
        }
    }
    return filled == 0 || sink(buffer.data(), filled * elem);
}

} // namespace sl
