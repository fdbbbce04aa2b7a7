#pragma once
// Pickles that call torch's rebuild functions as torch.save writes them (storages by persistent id,
// _rebuild_tensor_v2 and friends), and a VM whose persistent ids become storages: shared by the
// tensor-rebuild and torch-globals suites.

#include "pickle_builder.h"

#include <initializer_list>
#include <stdexcept>
#include <string>

namespace sl_test {

using Ints = std::initializer_list<int64_t>;

// A run of pickle items to splice into a call's arguments or a larger pickle.
inline PickleBuilder seq()
{
    return PickleBuilder();
}

// A VM whose persistent ids become storages, as zip_reader.cpp's zipStoragePid makes them, minus the
// zip records: every id is a new StorageRef.
struct TorchVm : Vm
{
    TorchVm()
    {
        ctx.persistentLoad = [this](sl::Value *pid) {
            const sl::StoragePid p = sl::parseStoragePid(pid);
            sl::StorageRef s;
            s.key = p.key;
            s.dtype = p.dtype;
            s.location = p.location;
            s.declaredBytes = p.numel * (p.untyped ? 1 : sl::dtypeSize(p.dtype));
            file.storages.push_back(s);
            sl::Value *v = ctx.arena->make(sl::ValueKind::Storage);
            v->storageIndex = int64_t(file.storages.size() - 1);
            return v;
        };
    }
    // Runs a protocol 2 pickle around `body`.
    sl::Value *run(const PickleBuilder &body) { return load(seq().proto(2).raw(body.bytes).stop()); }
    const sl::TensorRef &tensor(const sl::Value *v)
    {
        if (v->kind != sl::ValueKind::Tensor)
            throw std::runtime_error("not a tensor: " + canon(v).toStdString());
        return file.tensors.at(size_t(v->tensorIndex));
    }
};

// module.name(*args) via GLOBAL + MARK ... TUPLE + REDUCE.
inline PickleBuilder call(const std::string &module, const std::string &name, const PickleBuilder &args)
{
    return seq().global(module, name).mark().raw(args.bytes).op(op::TUPLE, op::REDUCE);
}
inline PickleBuilder utils(const std::string &name, const PickleBuilder &args)
{
    return call("torch._utils", name, args);
}

// ('storage', torch.<cls>, key, location, numel) + BINPERSID, as torch.save writes it.
inline PickleBuilder storage(const std::string &cls = "FloatStorage", int64_t numel = 6,
                             const std::string &key = "0", const std::string &location = "cpu",
                             const std::string &module = "torch")
{
    return seq()
        .mark()
        .binunicode("storage")
        .global(module, cls)
        .binunicode(key)
        .binunicode(location)
        .integer(numel)
        .op(op::TUPLE, op::BINPERSID);
}

// The four leading arguments every strided rebuild shares.
inline PickleBuilder strided(const PickleBuilder &storageId, int64_t offset, Ints size, Ints stride)
{
    return seq().raw(storageId.bytes).integer(offset).intTuple(size).intTuple(stride);
}

// _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())
inline PickleBuilder v2(const PickleBuilder &storageId, int64_t offset, Ints size, Ints stride,
                        bool grad = false)
{
    return utils("_rebuild_tensor_v2",
                 strided(storageId, offset, size, stride).boolean(grad).emptyOrderedDict());
}
inline PickleBuilder floatTensor(Ints size = {2, 3}, Ints stride = {3, 1})
{
    return v2(storage(), 0, size, stride);
}

} // namespace sl_test
