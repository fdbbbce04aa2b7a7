#include "transform/derived_tensor.h"

#include "pass/dtype_values.h"
#include "pass/stored_tensor.h"
#include "transform/strided_gather.h"
#include "transform/tensor_cast.h"

#include <algorithm>
#include <cstring>

namespace sl {
namespace {

std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &shape)
{
    std::vector<int64_t> stride(shape.size(), 1);
    for (size_t i = shape.size(); i-- > 1;)
        stride[i - 1] = stride[i] * std::max<int64_t>(shape[i], 1);
    return stride;
}

int64_t product(const std::vector<int64_t> &v, size_t from, size_t to)
{
    int64_t n = 1;
    for (size_t i = from; i < to; ++i)
        n *= v[i];
    return n;
}

class Derived : public TensorSource
{
public:
    Derived(DType dtype, std::vector<int64_t> shape) : m_dtype(dtype), m_shape(std::move(shape)) {}
    DType dtype() const override { return m_dtype; }
    const std::vector<int64_t> &shape() const override { return m_shape; }

protected:
    DType m_dtype;
    std::vector<int64_t> m_shape;
};

// Readers of derived values produce bytes; values are those bytes decoded as the dtype says.
class DerivedReader : public TensorReader
{
public:
    explicit DerivedReader(DType dtype) : m_dtype(dtype), m_elem(size_t(dtypeSize(dtype))) {}

    size_t readValues(double *out, size_t maxValues) override
    {
        if (!dtypeHasValues(m_dtype)) withLoader(m_dtype, [](auto) {}); // throws
        m_raw.resize(std::max(m_raw.size(), maxValues * m_elem));
        const size_t n = readBytes(m_raw.data(), maxValues);
        convertToDouble(m_dtype, m_raw.data(), out, int64_t(n));
        return n;
    }

protected:
    DType m_dtype;
    size_t m_elem;

private:
    std::vector<uint8_t> m_raw;
};

// Reads exactly `count` elements from `reader` into `out`, or throws.
void readAll(TensorReader &reader, uint8_t *out, int64_t count, size_t elem)
{
    int64_t got = 0;
    while (got < count) {
        const size_t n = reader.readBytes(out + size_t(got) * elem, size_t(count - got));
        if (n == 0) throw FormatError("a transform's source ended early");
        got += int64_t(n);
    }
}

// A strided view of a base: a stored tensor's storage (offsets in its elements), or any other
// source's values in logical order, held in memory while a reader lives.
class ViewTensor : public Derived
{
public:
    ViewTensor(SourcePtr base, DType dtype, std::vector<int64_t> shape, std::vector<int64_t> stride,
               int64_t offset)
        : Derived(dtype, std::move(shape)), m_base(std::move(base)), m_stride(std::move(stride)),
          m_offset(offset)
    {
        const auto *stored = dynamic_cast<const StoredTensor *>(m_base.get());
        m_stored = stored && stored->tensor().storage >= 0 && stored->tensor().layout == TensorLayout::Strided
                       ? stored
                       : nullptr;
    }

    std::unique_ptr<TensorReader> reader() const override;

    SourcePtr m_base;
    const StoredTensor *m_stored = nullptr;
    std::vector<int64_t> m_stride;
    int64_t m_offset;
};

class ViewReader : public DerivedReader
{
public:
    explicit ViewReader(const ViewTensor &v)
        : DerivedReader(v.dtype()), m_gather(v.shape(), v.m_stride, v.m_offset)
    {
        if (v.numel() == 0) return;
        if (v.m_stored) {
            m_file = &v.m_stored->file();
            m_storage = v.m_stored->tensor().storage;
            m_base = storageBytes(*m_file, m_storage, m_scratch);
        } else {
            m_scratch.resize(size_t(v.m_base->numel()) * m_elem);
            readAll(*v.m_base->reader(), m_scratch.data(), v.m_base->numel(), m_elem);
            m_base = m_scratch.data();
        }
    }
    ~ViewReader() override
    {
        if (m_file) releaseStoragePages(*m_file, m_storage);
    }

    size_t readBytes(uint8_t *out, size_t maxElements) override
    {
        return m_gather.next(m_base, m_elem, out, maxElements);
    }

private:
    StridedGather m_gather;
    const ParsedFile *m_file = nullptr;
    int m_storage = -1;
    const uint8_t *m_base = nullptr;
    std::vector<uint8_t> m_scratch;
};

std::unique_ptr<TensorReader> ViewTensor::reader() const
{
    return std::make_unique<ViewReader>(*this);
}

struct ViewParts
{
    SourcePtr base;
    std::vector<int64_t> shape, stride;
    int64_t offset = 0;
};

// The source as a strided view: its own when it is one, a stored tensor's geometry, or its values.
ViewParts viewOf(const SourcePtr &s)
{
    if (const auto *v = dynamic_cast<const ViewTensor *>(s.get()))
        return {v->m_base, v->shape(), v->m_stride, v->m_offset};
    if (const auto *st = dynamic_cast<const StoredTensor *>(s.get())) {
        const TensorRef &t = st->tensor();
        if (t.storage >= 0 && t.layout == TensorLayout::Strided) return {s, t.shape, t.stride, t.offset};
    }
    return {s, s->shape(), contiguousStrides(s->shape()), 0};
}

SourcePtr makeView(const SourcePtr &source, ViewParts parts)
{
    return std::make_shared<ViewTensor>(parts.base, source->dtype(), std::move(parts.shape),
                                        std::move(parts.stride), parts.offset);
}

// at::detail::computeStride: the strides that read `view` in the same element order as the old
// geometry, if there are any (else the reshape must copy).
bool viewStrides(const std::vector<int64_t> &oldShape, const std::vector<int64_t> &oldStride,
                 const std::vector<int64_t> &newShape, std::vector<int64_t> &newStride)
{
    newStride.assign(newShape.size(), 0);
    if (oldShape.empty()) {
        std::fill(newStride.begin(), newStride.end(), 1);
        return true;
    }
    if (product(oldShape, 0, oldShape.size()) == 0) {
        newStride = contiguousStrides(newShape);
        return true;
    }
    int64_t viewD = int64_t(newShape.size()) - 1;
    int64_t chunkBase = oldStride.back();
    int64_t tensorElems = 1, viewElems = 1;
    for (int64_t d = int64_t(oldShape.size()) - 1; d >= 0; --d) {
        tensorElems *= oldShape[size_t(d)];
        if (d == 0 || (oldShape[size_t(d) - 1] != 1 && oldStride[size_t(d) - 1] != tensorElems * chunkBase)) {
            while (viewD >= 0 && (viewElems < tensorElems || newShape[size_t(viewD)] == 1)) {
                newStride[size_t(viewD)] = viewElems * chunkBase;
                viewElems *= newShape[size_t(viewD)];
                --viewD;
            }
            if (viewElems != tensorElems) return false;
            if (d > 0) {
                chunkBase = oldStride[size_t(d) - 1];
                tensorElems = 1;
                viewElems = 1;
            }
        }
    }
    return viewD == -1;
}

class ReshapedTensor : public Derived
{
public:
    ReshapedTensor(SourcePtr source, std::vector<int64_t> shape)
        : Derived(source->dtype(), std::move(shape)), m_source(std::move(source))
    {
    }
    int64_t byteSize() const override { return m_source->byteSize(); }
    std::unique_ptr<TensorReader> reader() const override { return m_source->reader(); }

    SourcePtr m_source;
};

class CastTensor : public Derived
{
public:
    CastTensor(SourcePtr source, DType dtype) : Derived(dtype, source->shape()), m_source(std::move(source))
    {
    }
    int64_t byteSize() const override { return m_source->byteSize(); }
    std::unique_ptr<TensorReader> reader() const override;

    SourcePtr m_source;
};

class CastReader : public DerivedReader
{
public:
    CastReader(const CastTensor &t)
        : DerivedReader(t.dtype()), m_from(t.m_source->dtype()), m_source(t.m_source->reader())
    {
    }

    size_t readBytes(uint8_t *out, size_t maxElements) override
    {
        m_in.resize(std::max(m_in.size(), maxElements * size_t(dtypeSize(m_from))));
        const size_t n = m_source->readBytes(m_in.data(), maxElements);
        castElements(m_from, m_in.data(), m_dtype, out, n);
        return n;
    }

private:
    DType m_from;
    std::unique_ptr<TensorReader> m_source;
    std::vector<uint8_t> m_in;
};

std::unique_ptr<TensorReader> CastTensor::reader() const
{
    return std::make_unique<CastReader>(*this);
}

// Rows of the result along the outer dimensions, each made of runs of elements from the parts in
// turn: concat (a run per source) and pad (the source's run, then the fill).
class RunsTensor : public Derived
{
public:
    struct Part
    {
        SourcePtr source; // null: the fill value
        int64_t run = 0;  // elements per outer index
    };
    RunsTensor(DType dtype, std::vector<int64_t> shape, std::vector<Part> parts, int64_t outer,
               std::vector<uint8_t> fill)
        : Derived(dtype, std::move(shape)), m_parts(std::move(parts)), m_outer(outer), m_fill(std::move(fill))
    {
    }
    int64_t byteSize() const override
    {
        int64_t n = 0;
        for (const Part &p : m_parts)
            n += p.source ? p.source->byteSize() : p.run * m_outer * dtypeSize(m_dtype);
        return n;
    }
    std::unique_ptr<TensorReader> reader() const override;

    std::vector<Part> m_parts;
    int64_t m_outer;
    std::vector<uint8_t> m_fill; // one element
};

class RunsReader : public DerivedReader
{
public:
    explicit RunsReader(const RunsTensor &t) : DerivedReader(t.dtype()), m_t(t)
    {
        for (const RunsTensor::Part &p : t.m_parts)
            m_readers.push_back(p.source ? p.source->reader() : nullptr);
        m_left = t.m_parts.empty() ? 0 : t.m_parts[0].run;
        if (t.numel() == 0) m_row = t.m_outer; // nothing to read, however many empty rows
    }

    size_t readBytes(uint8_t *out, size_t maxElements) override
    {
        size_t done = 0;
        while (done < maxElements && m_row < m_t.m_outer) {
            if (m_left == 0) {
                advancePart();
                continue;
            }
            const size_t want = size_t(std::min<int64_t>(m_left, int64_t(maxElements - done)));
            uint8_t *to = out + done * m_elem;
            size_t n = want;
            if (TensorReader *r = m_readers[m_part].get()) {
                n = r->readBytes(to, want);
                if (n == 0) throw FormatError("a transform's source ended early");
            } else {
                for (size_t i = 0; i < n; ++i)
                    std::memcpy(to + i * m_elem, m_t.m_fill.data(), m_elem);
            }
            done += n;
            m_left -= int64_t(n);
        }
        return done;
    }

private:
    void advancePart()
    {
        if (++m_part == m_readers.size()) {
            m_part = 0;
            ++m_row;
        }
        m_left = m_t.m_parts[m_part].run;
    }

    const RunsTensor &m_t;
    std::vector<std::unique_ptr<TensorReader>> m_readers;
    size_t m_part = 0;
    int64_t m_row = 0, m_left = 0;
};

std::unique_ptr<TensorReader> RunsTensor::reader() const
{
    return std::make_unique<RunsReader>(*this);
}

} // namespace

SourcePtr transposed(const SourcePtr &source, int dim0, int dim1)
{
    ViewParts v = viewOf(source);
    std::swap(v.shape[size_t(dim0)], v.shape[size_t(dim1)]);
    std::swap(v.stride[size_t(dim0)], v.stride[size_t(dim1)]);
    return makeView(source, std::move(v));
}

SourcePtr reshaped(const SourcePtr &source, const std::vector<int64_t> &shape)
{
    ViewParts v = viewOf(source);
    std::vector<int64_t> stride;
    if (viewStrides(v.shape, v.stride, shape, stride)) {
        v.shape = shape;
        v.stride = std::move(stride);
        return makeView(source, std::move(v));
    }
    if (const auto *r = dynamic_cast<const ReshapedTensor *>(source.get()))
        return std::make_shared<ReshapedTensor>(r->m_source, shape);
    return std::make_shared<ReshapedTensor>(source, shape);
}

SourcePtr sliced(const SourcePtr &source, int dim, int64_t start, int64_t stop, int64_t step)
{
    ViewParts v = viewOf(source);
    const size_t d = size_t(dim);
    v.offset += start * v.stride[d];
    v.shape[d] = stop > start ? (stop - start + step - 1) / step : 0;
    v.stride[d] *= step;
    return makeView(source, std::move(v));
}

SourcePtr selected(const SourcePtr &source, int dim, int64_t index)
{
    ViewParts v = viewOf(source);
    const size_t d = size_t(dim);
    v.offset += index * v.stride[d];
    v.shape.erase(v.shape.begin() + dim);
    v.stride.erase(v.stride.begin() + dim);
    return makeView(source, std::move(v));
}

SourcePtr concatenated(const std::vector<SourcePtr> &sources, int dim)
{
    std::vector<int64_t> shape = sources.front()->shape();
    shape[size_t(dim)] = 0;
    std::vector<RunsTensor::Part> parts;
    for (const SourcePtr &s : sources) {
        shape[size_t(dim)] += s->shape()[size_t(dim)];
        parts.push_back({s, product(s->shape(), size_t(dim), s->shape().size())});
    }
    const int64_t outer = product(shape, 0, size_t(dim));
    return std::make_shared<RunsTensor>(sources.front()->dtype(), std::move(shape), std::move(parts), outer,
                                        std::vector<uint8_t>());
}

SourcePtr padded(const SourcePtr &source, int dim, int64_t to, double value)
{
    std::vector<int64_t> shape = source->shape();
    const int64_t inner = product(shape, size_t(dim) + 1, shape.size());
    const int64_t extra = (to - shape[size_t(dim)]) * inner;
    std::vector<RunsTensor::Part> parts{{source, shape[size_t(dim)] * inner}, {nullptr, extra}};
    shape[size_t(dim)] = to;
    std::vector<uint8_t> fill(size_t(dtypeSize(source->dtype())));
    encodeScalar(value, source->dtype(), fill.data());
    const int64_t outer = product(shape, 0, size_t(dim));
    return std::make_shared<RunsTensor>(source->dtype(), std::move(shape), std::move(parts), outer,
                                        std::move(fill));
}

SourcePtr cast(const SourcePtr &source, DType dtype)
{
    return std::make_shared<CastTensor>(source, dtype);
}

} // namespace sl
