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

// `rows` whole runs of `n` elements, run r starting `rowStride` elements after run r-1, copied in
// square tiles: a transposed matrix's runs walk its columns, and element by element each one would
// touch a new cache line (and often a new page) per element. Within a tile the lines are reused.
template <size_t N>
void gatherTiles(const uint8_t *from, int64_t stride, int64_t rowStride, size_t n, size_t rows, uint8_t *out)
{
    constexpr size_t kTile = 32;
    for (size_t r0 = 0; r0 < rows; r0 += kTile) {
        const size_t r1 = std::min(rows, r0 + kTile);
        for (size_t i0 = 0; i0 < n; i0 += kTile) {
            const size_t i1 = std::min(n, i0 + kTile);
            for (size_t r = r0; r < r1; ++r) {
                const uint8_t *src = from + (int64_t(r) * rowStride + int64_t(i0) * stride) * int64_t(N);
                uint8_t *dst = out + (r * n + i0) * N;
                for (size_t i = i0; i < i1; ++i, src += stride * int64_t(N), dst += N)
                    std::memcpy(dst, src, N);
            }
        }
    }
}

// Whether gatherTiles serves this element size; others go run by run.
bool gatherRows(const uint8_t *from, int64_t stride, int64_t rowStride, size_t n, size_t rows, size_t elem,
                uint8_t *out)
{
    switch (elem) {
    case 1:
        return gatherTiles<1>(from, stride, rowStride, n, rows, out), true;
    case 2:
        return gatherTiles<2>(from, stride, rowStride, n, rows, out), true;
    case 4:
        return gatherTiles<4>(from, stride, rowStride, n, rows, out), true;
    case 8:
        return gatherTiles<8>(from, stride, rowStride, n, rows, out), true;
    default:
        return false;
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
        // Whole runs of a strided inner dimension, several at once: copied in tiles.
        if (inner > 0 && m_stride[inner] != 1 && m_index[inner] == 0) {
            const size_t n = size_t(m_shape[inner]);
            const size_t rows = size_t(
                std::min<int64_t>(m_shape[inner - 1] - m_index[inner - 1], int64_t((total - done) / n)));
            if (rows >= 2 &&
                gatherRows(base + size_t(m_offset) * elementSize, m_stride[inner], m_stride[inner - 1], n,
                           rows, elementSize, out + done * elementSize)) {
                for (size_t r = 0; r < rows; ++r)
                    advance(int64_t(n));
                done += rows * n;
                continue;
            }
        }
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
