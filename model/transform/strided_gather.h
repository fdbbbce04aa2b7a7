#pragma once
// Walks a strided view's elements in logical (row-major) order and copies them out in pieces: runs
// along a unit stride are copied whole, other runs element by element with the element size fixed at
// compile time. Dimensions that lie one after the other in memory are merged first.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sl {

class StridedGather
{
public:
    // Offsets and strides in elements from the base that next() is given.
    StridedGather(std::vector<int64_t> shape, std::vector<int64_t> stride, int64_t offset);

    // Copies up to `maxElements` next elements (of `elementSize` bytes) from `base` to `out`; returns
    // how many (0 at the end).
    size_t next(const uint8_t *base, size_t elementSize, uint8_t *out, size_t maxElements);

private:
    void advance(int64_t count); // moves the odometer on by `count` elements of the innermost run

    std::vector<int64_t> m_shape, m_stride, m_index;
    int64_t m_offset = 0, m_left = 0;
};

} // namespace sl
