#pragma once
// Writes a Value tree back as a protocol-2 pickle in torch.save's data.pkl dialect, so that the export
// keeps everything a checkpoint holds (epoch, optimizer, hyper-parameters, opaque objects) as it was.

#include "format/parsed_file.h"
#include "format/pickle_opcodes.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sl {

// One storage record the pickle refers to; its key is its position ("0", "1", ...), in first-use order.
struct PickledStorage
{
    int storage = -1;             // index into ParsedFile::storages
    DType dtype = DType::Unknown; // as written (after any conversion)
    int64_t numel = 0;            // elements of `dtype`, the whole storage
};

class PickleWriter
{
public:
    explicit PickleWriter(const ParsedFile &file);

    // Writes `replacement` wherever `original` is reached (the renamed state dict).
    void substitute(const Value *original, const Value *replacement);
    // Writes storage `storage` with element type `dtype` (same element count): dtype conversion.
    void setStorageDtype(int storage, DType dtype);
    // Every tensor as a plain tensor without requires_grad or attributes, as state_dict() returns
    // them (for a state dict taken out of a pickled nn.Module).
    void setPlainTensors(bool plain) { m_plainTensors = plain; }
    // Names tensors in error messages ("optimizer/state/0/exp_avg").
    void setTensorNamer(std::function<std::string(int tensor)> namer) { m_namer = std::move(namer); }

    // The whole pickle, PROTO to STOP. Throws FormatError for what torch 1.13's format cannot hold
    // (quantized and sparse tensors, 2.x-only dtypes, legacy storage views, nesting past a limit).
    std::string write(const Value *top);

    const std::vector<PickledStorage> &storages() const { return m_storages; }
    // Distinct tensors written (each one a rebuild call in the pickle).
    size_t tensorsWritten() const { return m_tensorsWritten; }

private:
    void value(const Value *v, int depth);
    void tensor(const Value *v, int depth);
    void rebuildFunction(const TensorRef &t);
    void rebuildTuple(const TensorRef &t, int tensorIndex, bool requiresGrad);
    void parameterTuple(const TensorRef &t, int tensorIndex);
    void object(const Value *v, int depth);
    void dict(const Value *v, int depth);
    void list(const Value *v, int depth);
    void set(const Value *v, int depth);
    void complexValue(const Value *v);
    void bytesValue(const Value *v);
    void storage(const Value *v);
    void deviceOrLayout(const Value *v);
    void sequenceItems(const std::vector<Value *> &items, size_t step, pickle::Op closing, int depth);
    void tuple(const Value *v, int depth);
    void global(const std::string &module, const std::string &name);
    void globalValue(const Value *g);
    void storagePid(int storage, DType tensorDtype, const std::string &who);
    void emptyOrderedDict();
    void emit(pickle::Op op) { m_out += char(op); }
    void integer(int64_t i);
    void bigInt(const std::string &le);
    void str(const std::string &s);
    void floating(double d);
    void memoize(const Value *v);
    bool memoGet(const Value *v);
    void put(uint32_t id);
    void get(uint32_t id);
    std::string tensorName(int tensor) const;

    const ParsedFile &m_file;
    std::string m_out;
    std::unordered_map<const Value *, const Value *> m_substitutes;
    std::unordered_map<const Value *, uint32_t> m_memo;
    std::unordered_map<std::string, uint32_t> m_globals; // "module\nname" -> memo id
    std::unordered_map<int, size_t> m_storageIndex;      // input storage -> position in m_storages
    std::unordered_map<int, DType> m_storageDtype;       // conversions asked for
    std::unordered_map<int, DType> m_viewDtype;          // the dtype each storage is first used as
    std::vector<PickledStorage> m_storages;
    std::function<std::string(int)> m_namer;
    uint32_t m_nextMemo = 0;
    size_t m_tensorsWritten = 0;
    bool m_plainTensors = false;
};

} // namespace sl
