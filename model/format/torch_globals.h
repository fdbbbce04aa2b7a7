#pragma once
// The allow-list: which pickle GLOBALs StateLens understands, and what calling them means in our
// value model. Mirrors torch's weights_only unpickler (docs/formats.md) but never runs Python.

#include "format/pickle_vm.h"

namespace sl {

// GLOBAL module name -> a Global value (tagged), or a Dtype value for `torch.float32` and friends.
// Names outside the allow-list are recorded in ParsedFile::unsafeGlobals.
Value *resolveGlobal(PickleContext &ctx, std::string module, const std::string &name);
// REDUCE: callee(*args).
Value *callGlobal(PickleContext &ctx, Value *callee, Value *args);
// NEWOBJ / NEWOBJ_EX: cls.__new__(cls, *args).
Value *newObject(PickleContext &ctx, Value *cls, Value *args);
// BUILD: target.__setstate__(state), recorded rather than run.
void buildObject(PickleContext &ctx, Value *target, Value *state);

struct StoragePid
{
    DType dtype = DType::Unknown;
    bool untyped = false; // numel counts bytes
    std::string key;
    std::string location;
    int64_t numel = 0;
    bool isView = false; // legacy 6-tuple with view metadata
    std::string viewKey;
    int64_t viewOffset = 0;
    int64_t viewSize = 0;
};
// Validates ('storage', StorageClass, key, location, numel[, view_metadata]). Throws FormatError.
StoragePid parseStoragePid(const Value *pid);

} // namespace sl
