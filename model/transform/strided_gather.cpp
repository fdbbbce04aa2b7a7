#include "transform/strided_gather.h"

#include <algorithm>
#include <cstring>

namespace sl {
namespace {

template <size_t N> void gatherRun(const uint8_t *from, int64_t stride, size_t n, uint8_t *out)
{
    const size_t step = size_t(stride) * N;
    for (size_t i = 0; i < n; ++i, from += step, out += N)
        std::memcpy(out, from, N);
}

void gather(const uint8_t *from, int64_t stride, size_t n, size_t elem, uint8_t *out)
{
    if (stride == 1) {
        std::memcpy(out, from, n * elem);
        return;
    }
    switch (elem) {
    case 1:
        return gatherRun<1>(from, stride, n, out);
    case 2:
        return gatherRun<2>(from, stride, n, out);
    case 4:
        return gatherRun<4>(from, stride, n, out);
    case 8:
        return gatherRun<8>(from, stride, n, out);
    default:
        for (size_t i = 0; i < n; ++i)
            std::memcpy(out + i * elem, from + size_t(stride) * i * elem, elem);
    }
}

} // namespace

StridedGather::StridedGather(std::vector<int64_t> shape, std::vector<int64_t> stride, int64_t offset)
    : m_offset(offset)
{
    m_left = 1;
    for (int64_t s : shape)
        m_left *= s;
    // Size-1 dimensions are dropped; a dimension whose step equals the next one's whole span merges.
    for (size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] == 1) continue;
        if (!m_shape.empty() && m_stride.back() == stride[d] * shape[d]) {
            m_shape.back() *= shape[d];
            m_stride.back() = stride[d];
            continue;
        }
        m_shape.push_back(shape[d]);
        m_stride.push_back(stride[d]);
    }
    if (m_shape.empty()) {
        m_shape.push_back(1);
        m_stride.push_back(1);
    }
    m_index.assign(m_shape.size(), 0);
}

size_t StridedGather::next(const uint8_t *base, size_t elementSize, uint8_t *out, size_t maxElements)
{
    const size_t total = size_t(std::min<int64_t>(m_left, int64_t(maxElements)));
    const size_t inner = m_shape.size() - 1;
    size_t done = 0;
    while (done < total) {
        const size_t run = size_t(std::min<int64_t>(m_shape[inner] - m_index[inner], int64_t(total - done)));
        gather(base + size_t(m_offset) * elementSize, m_stride[inner], run, elementSize,
               out + done * elementSize);
        done += run;
        advance(int64_t(run));
    }
    m_left -= int64_t(total);
    return total;
}

void StridedGather::advance(int64_t count)
{
    size_t d = m_shape.size() - 1;
    m_index[d] += count;
    m_offset += count * m_stride[d];
    while (m_index[d] == m_shape[d] && d > 0) {
        m_offset -= m_shape[d] * m_stride[d];
        m_index[d] = 0;
        --d;
        ++m_index[d];
        m_offset += m_stride[d];
    }
}

} // namespace sl
