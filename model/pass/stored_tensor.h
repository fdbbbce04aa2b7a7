#pragma once
// A tensor of an open file as a pass source: contiguous tensors are read in place from the memory
// map, strided views are gathered element by element; compressed records are inflated once per read.

#include "pass/tensor_source.h"

#include "format/parsed_file.h"

namespace sl {

class StoredTensor : public TensorSource
{
public:
    // `file` must outlive the source and every reader made from it.
    StoredTensor(const ParsedFile &file, int tensorIndex);

    DType dtype() const override { return m_tensor.dtype; }
    const std::vector<int64_t> &shape() const override { return m_tensor.shape; }
    std::unique_ptr<TensorReader> reader() const override;

    const TensorRef &tensor() const { return m_tensor; }
    const ParsedFile &file() const { return m_file; }

private:
    const ParsedFile &m_file;
    const TensorRef &m_tensor;
};

} // namespace sl
