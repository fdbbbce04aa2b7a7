#pragma once
// Virtual tensors: the results of transform rules, computed from their sources when read, chunk by
// chunk, as any TensorSource is. Transpose, slice, split, unstack and rotary permutations are strided
// views of the source's storage, read in place from the memory map; reshape, cast, concat, stack and
// pad stream their sources in order. Only a view of something that is not itself a view (a cast
// result, say) holds that one source in memory while it is read.

#include "pass/tensor_source.h"

#include <memory>
#include <vector>

namespace sl {

using SourcePtr = std::shared_ptr<const TensorSource>;

// Each function takes normalised, checked arguments (transform_plan validates the rule) and returns
// the result as torch computes it.
SourcePtr transposed(const SourcePtr &source, int dim0, int dim1);
// t.reshape(shape): `shape` has the same element count.
SourcePtr reshaped(const SourcePtr &source, const std::vector<int64_t> &shape);
// t[start:stop:step] along `dim`, with 0 <= start <= stop <= size and step > 0.
SourcePtr sliced(const SourcePtr &source, int dim, int64_t start, int64_t stop, int64_t step);
// t.select(dim, index): the dimension goes away.
SourcePtr selected(const SourcePtr &source, int dim, int64_t index);
// torch.cat(sources, dim): equal dtypes and ranks, equal sizes but along `dim`.
SourcePtr concatenated(const std::vector<SourcePtr> &sources, int dim);
// torch.cat([t, torch.full(..., value)], dim) up to size `to` (>= the size) along `dim`.
SourcePtr padded(const SourcePtr &source, int dim, int64_t to, double value);
// t.to(dtype) (castSupported first).
SourcePtr cast(const SourcePtr &source, DType dtype);

} // namespace sl
