#include "format/torch_globals.h"

#include "format/latin1.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace sl {
namespace {

[[noreturn]] void fail(const std::string &what)
{
    throw FormatError("pickle: " + what);
}

const char *const kLegacyTensorPrefixes[] = {"Double", "Float", "Half", "BFloat16", "Long",
                                             "Int",    "Short", "Char", "Byte",     "Bool"};

DType legacyTensorDtype(const std::string &name)
{
    for (const char *p : kLegacyTensorPrefixes)
        if (name == std::string(p) + "Tensor") return dtypeFromStorageClass(std::string(p) + "Storage");
    return DType::Unknown;
}

const std::unordered_map<std::string, GlobalTag> &namedGlobals()
{
    static const std::unordered_map<std::string, GlobalTag> table = {
        {"collections.OrderedDict", GlobalTag::OrderedDict},
        {"collections.Counter", GlobalTag::Counter},
        {"builtins.set", GlobalTag::Set},
        {"builtins.frozenset", GlobalTag::FrozenSet},
        {"_codecs.encode", GlobalTag::CodecsEncode},
        {"builtins.bytearray", GlobalTag::ByteArray},
        {"builtins.complex", GlobalTag::Complex},
        {"torch.Size", GlobalTag::Size},
        {"torch.device", GlobalTag::Device},
        {"torch.serialization._get_layout", GlobalTag::GetLayout},
        {"torch.Tensor", GlobalTag::TensorClass},
        {"torch.nn.parameter.Parameter", GlobalTag::Parameter},
        {"torch._utils._rebuild_tensor", GlobalTag::RebuildTensor},
        {"torch._utils._rebuild_tensor_v2", GlobalTag::RebuildTensorV2},
        {"torch._utils._rebuild_tensor_v3", GlobalTag::RebuildTensorV3},
        {"torch._utils._rebuild_parameter", GlobalTag::RebuildParameter},
        {"torch._utils._rebuild_parameter_with_state", GlobalTag::RebuildParameterWithState},
        {"torch._utils._rebuild_qtensor", GlobalTag::RebuildQTensor},
        {"torch._utils._rebuild_sparse_tensor", GlobalTag::RebuildSparse},
        {"torch._utils._rebuild_sparse_csr_tensor", GlobalTag::RebuildSparseCsr},
        {"torch._utils._rebuild_meta_tensor_no_storage", GlobalTag::RebuildMeta},
        {"torch._tensor._rebuild_from_type_v2", GlobalTag::RebuildFromTypeV2},
        {"torch._utils._rebuild_device_tensor_from_cpu_tensor", GlobalTag::RebuildDeviceFromCpu},
        {"torch._utils._rebuild_device_tensor_from_numpy", GlobalTag::RebuildOpaqueTensor},
        {"torch._utils._rebuild_wrapper_subclass", GlobalTag::RebuildOpaqueTensor},
        {"torch._utils._rebuild_nested_tensor", GlobalTag::RebuildOpaqueTensor},
        {"torch.jit._pickle.restore_type_tag", GlobalTag::JitRestoreTypeTag},
        {"torch.jit._pickle.build_intlist", GlobalTag::JitBuildList},
        {"torch.jit._pickle.build_tensorlist", GlobalTag::JitBuildList},
        {"torch.jit._pickle.build_doublelist", GlobalTag::JitBuildList},
        {"torch.jit._pickle.build_boollist", GlobalTag::JitBuildList},
        {"torch.jit._pickle.build_complexlist", GlobalTag::JitBuildList},
        {"torch.jit._pickle.build_tensor_from_id", GlobalTag::JitBuildTensorFromId},
        {"torch.per_tensor_affine", GlobalTag::QScheme},
        {"torch.per_tensor_symmetric", GlobalTag::QScheme},
        {"torch.per_channel_affine", GlobalTag::QScheme},
        {"torch.per_channel_symmetric", GlobalTag::QScheme},
        {"torch.per_channel_affine_float_qparams", GlobalTag::QScheme},
    };
    return table;
}

std::string normaliseModule(std::string module)
{
    // Protocol 2 pickles written by Python 3 use Python 2 module names (docs/formats.md).
    if (module == "__builtin__" || module == "exceptions") return "builtins";
    if (module == "copy_reg") return "copyreg";
    return module;
}

bool isSubByteIntName(const std::string &name)
{
    return name.size() >= 4 && name.size() <= 5 &&
           (name.rfind("int", 0) == 0 || name.rfind("uint", 0) == 0) && name.back() >= '1' &&
           name.back() <= '7' &&
           (name == "int" + std::string(1, name.back()) || name == "uint" + std::string(1, name.back()));
}

Value *makeTagged(PickleContext &ctx, const std::string &full, GlobalTag tag, bool unsafe = false)
{
    Value *g = ctx.arena->make(ValueKind::Global);
    g->text = full;
    g->globalTag = tag;
    g->unsafe = unsafe;
    return g;
}

// ---- argument helpers -----------------------------------------------------------------------------

const Value *arg(const Value *args, size_t i, const char *fn)
{
    if (!args->isSequence() || i >= args->items.size())
        fail(std::string(fn) + " is missing argument " + std::to_string(i + 1));
    return args->items[i];
}

int64_t intArg(const Value *v, const char *fn, const char *what)
{
    if (!v->isInt()) fail(std::string(fn) + ": " + what + " is a " + valueKindName(v->kind) + ", not an int");
    return v->integer;
}

std::vector<int64_t> intList(const Value *v, const char *fn, const char *what)
{
    if (!v->isSequence())
        fail(std::string(fn) + ": " + what + " is a " + valueKindName(v->kind) + ", not a tuple");
    if (v->items.size() > 64)
        fail(std::string(fn) + ": " + what + " has " + std::to_string(v->items.size()) + " dimensions");
    std::vector<int64_t> out;
    out.reserve(v->items.size());
    for (const Value *i : v->items)
        out.push_back(intArg(i, fn, what));
    return out;
}

bool boolArg(const Value *v)
{
    return v->isInt() && v->integer != 0;
}

Value *tensorValue(PickleContext &ctx, TensorRef t)
{
    ctx.file.tensors.push_back(std::move(t));
    Value *v = ctx.arena->make(ValueKind::Tensor);
    v->tensorIndex = int64_t(ctx.file.tensors.size() - 1);
    return v;
}

TensorRef &tensorOf(PickleContext &ctx, const Value *v, const char *fn)
{
    if (v->kind != ValueKind::Tensor)
        fail(std::string(fn) + " expects a tensor, got a " + valueKindName(v->kind));
    return ctx.file.tensors[size_t(v->tensorIndex)];
}

Value *rebuildStrided(PickleContext &ctx, const Value *args, const char *fn, DType dtypeOverride,
                      TensorLayout layout = TensorLayout::Strided)
{
    const Value *storage = arg(args, 0, fn);
    if (storage->kind != ValueKind::Storage)
        fail(std::string(fn) + ": first argument is a " + valueKindName(storage->kind) + ", not a storage");
    const StorageRef &s = ctx.file.storages[size_t(storage->storageIndex)];
    TensorRef t;
    t.storage = int(storage->storageIndex);
    t.dtype = dtypeOverride == DType::Unknown ? s.dtype : dtypeOverride;
    t.offset = intArg(arg(args, 1, fn), fn, "storage offset") + storage->viewOffset;
    if (t.offset < 0) fail(std::string(fn) + ": negative storage offset");
    t.shape = intList(arg(args, 2, fn), fn, "size");
    t.stride = intList(arg(args, 3, fn), fn, "stride");
    if (t.shape.size() != t.stride.size()) fail(std::string(fn) + ": size and stride differ in length");
    for (int64_t d : t.shape)
        if (d < 0) fail(std::string(fn) + ": negative size");
    t.device = s.location;
    t.layout = layout;
    return tensorValue(ctx, std::move(t));
}

Value *opaque(PickleContext &ctx, Value *callee, Value *args, const std::string &name,
              ObjectOrigin origin = ObjectOrigin::Reduce)
{
    Value *o = ctx.arena->make(ValueKind::Object);
    o->origin = origin;
    o->text = name;
    o->callee = callee;
    o->args = args;
    noteChild(o, args, ctx);
    return o;
}

Value *rebuildSparse(PickleContext &ctx, Value *args, const char *fn)
{
    const Value *layout = arg(args, 0, fn);
    const Value *data = arg(args, 1, fn);
    if (!data->isSequence() || data->items.size() < 3) fail(std::string(fn) + ": bad sparse data tuple");
    bool coo = layout->kind == ValueKind::Layout && layout->text == "torch.sparse_coo";
    // COO: (indices, values, size[, coalesced]); compressed: (compressed, plain, values, size).
    const size_t valuesAt = coo ? 1 : 2;
    const Value *values = arg(data, valuesAt, fn);
    const Value *size = arg(data, valuesAt + 1, fn);
    TensorRef v = tensorOf(ctx, values, fn);
    TensorRef t;
    t.dtype = v.dtype;
    t.device = v.device;
    t.storage = v.storage;
    t.offset = v.offset;
    t.shape = intList(size, fn, "size");
    t.layout = coo ? TensorLayout::SparseCoo : TensorLayout::SparseCompressed;
    t.sparseBytes = 0;
    for (size_t i = 0; i <= valuesAt; ++i)
        t.sparseBytes += tensorOf(ctx, data->items[i], fn).nbytes();
    std::string layoutText = layout->kind == ValueKind::Layout ? layout->text : std::string("sparse");
    ctx.file.warnings.push_back("a " + layoutText.substr(layoutText.find('.') + 1) +
                                " sparse tensor is listed, but its values cannot be previewed");
    return tensorValue(ctx, std::move(t));
}

} // namespace

Value *resolveGlobal(PickleContext &ctx, std::string module, const std::string &name)
{
    module = normaliseModule(std::move(module));
    const std::string full = module + "." + name;
    auto it = namedGlobals().find(full);
    if (it != namedGlobals().end()) return makeTagged(ctx, full, it->second);

    if (module == "torch") {
        DType dt = dtypeFromTorchName(name);
        if (dt != DType::Unknown || isSubByteIntName(name)) {
            Value *d = ctx.arena->make(ValueKind::Dtype);
            d->text = dt == DType::Unknown ? name : dtypeName(dt);
            d->dtype = dt;
            return d;
        }
    }
    if (module == "torch" || module == "torch.cuda" || module == "torch.storage") {
        DType dt = dtypeFromStorageClass(name);
        if (dt != DType::Unknown || name == "TypedStorage") {
            Value *g = makeTagged(ctx, full, GlobalTag::StorageClass);
            g->dtype = dt;
            g->untypedStorage = name == "UntypedStorage";
            return g;
        }
    }
    if (module == "torch" || module == "torch.cuda" || module == "torch.sparse" ||
        module == "torch.cuda.sparse") {
        DType dt = legacyTensorDtype(name);
        if (dt != DType::Unknown) {
            Value *g = makeTagged(ctx, full, GlobalTag::LegacyTensorClass);
            g->dtype = dt;
            return g;
        }
    }
    if (ctx.torchScript && (module == "__torch__" || module.rfind("__torch__.", 0) == 0))
        return makeTagged(ctx, full, GlobalTag::TorchScriptType);

    ctx.file.unsafeGlobals.insert(full);
    return makeTagged(ctx, full, GlobalTag::Unknown, true);
}

namespace {

// OrderedDict(pairs or dict) and Counter(...): a Dict, ordered for the first.
Value *dictCall(PickleContext &ctx, Value *callee, Value *args)
{
    Value *d = ctx.arena->make(ValueKind::Dict);
    d->ordered = callee->globalTag == GlobalTag::OrderedDict;
    if (args->items.empty()) return d;
    const Value *init = args->items[0];
    if (init->kind == ValueKind::Dict) {
        d->items = init->items;
    } else if (init->isSequence()) {
        for (Value *pair : init->items) {
            if (!pair->isSequence() || pair->items.size() != 2)
                fail(callee->text + " expects (key, value) pairs");
            d->items.push_back(pair->items[0]);
            d->items.push_back(pair->items[1]);
        }
    }
    noteChild(d, init, ctx);
    return d;
}

Value *setCall(PickleContext &ctx, Value *args)
{
    Value *s = ctx.arena->make(ValueKind::Set);
    if (!args->items.empty() && (args->items[0]->isSequence() || args->items[0]->kind == ValueKind::Set)) {
        s->items = args->items[0]->items;
        // The items are the set's children; the list that carried them is not a level of its own
        // (counting it made set(set(...)) nest twice as deep again after a write-back).
        for (const Value *item : s->items)
            noteChild(s, item, ctx);
    }
    return s;
}

Value *complexCall(PickleContext &ctx, Value *args)
{
    Value *c = ctx.arena->make(ValueKind::Complex);
    auto num = [&](size_t i) {
        if (i >= args->items.size()) return 0.0;
        const Value *v = args->items[i];
        if (v->kind == ValueKind::Float) return v->real;
        if (v->isInt()) return double(v->integer);
        fail("complex() expects numbers");
    };
    c->real = num(0);
    c->imag = num(1);
    return c;
}

// The Python builtins and collections on the allow-list; nullptr for any other callee.
Value *callPython(PickleContext &ctx, Value *callee, Value *args)
{
    ValueArena &arena = *ctx.arena;
    switch (callee->globalTag) {
    case GlobalTag::OrderedDict:
    case GlobalTag::Counter:
        return dictCall(ctx, callee, args);
    case GlobalTag::Set:
    case GlobalTag::FrozenSet:
        return setCall(ctx, args);
    case GlobalTag::CodecsEncode: {
        const Value *text = arg(args, 0, callee->text.c_str());
        if (!text->isString()) fail("_codecs.encode expects a string");
        Value *b = arena.make(ValueKind::Bytes);
        if (!utf8ToLatin1(text->text, b->text)) fail("_codecs.encode: text is not latin-1");
        return b;
    }
    case GlobalTag::ByteArray: {
        Value *b = arena.make(ValueKind::Bytes);
        if (!args->items.empty() && args->items[0]->kind == ValueKind::Bytes) b->text = args->items[0]->text;
        return b;
    }
    case GlobalTag::Complex:
        return complexCall(ctx, args);
    default:
        return nullptr;
    }
}

// torch.Size, torch.device, layouts and the TorchScript list helpers; nullptr for any other callee.
Value *callTorchValue(PickleContext &ctx, Value *callee, Value *args)
{
    ValueArena &arena = *ctx.arena;
    const char *fn = callee->text.c_str();
    switch (callee->globalTag) {
    case GlobalTag::Size: {
        Value *t = arena.make(ValueKind::Tuple);
        if (!args->items.empty()) {
            intList(args->items[0], fn, "size");
            t->items = args->items[0]->items;
        }
        return t;
    }
    case GlobalTag::Device: {
        const Value *type = arg(args, 0, fn);
        if (!type->isString()) fail("torch.device expects a string");
        Value *d = arena.make(ValueKind::Device);
        d->text = type->text;
        if (args->items.size() > 1 && args->items[1]->isInt())
            d->text += ":" + std::to_string(args->items[1]->integer);
        return d;
    }
    case GlobalTag::GetLayout: {
        const Value *name = arg(args, 0, fn);
        if (!name->isString()) fail("_get_layout expects a string");
        Value *l = arena.make(ValueKind::Layout);
        l->text = name->text;
        return l;
    }
    case GlobalTag::JitRestoreTypeTag:
    case GlobalTag::JitBuildList:
        return const_cast<Value *>(arg(args, 0, fn));
    default:
        return nullptr;
    }
}

Value *rebuildMeta(PickleContext &ctx, Value *args, const char *fn)
{
    const Value *dtype = arg(args, 0, fn);
    if (dtype->kind != ValueKind::Dtype) fail("_rebuild_meta_tensor_no_storage: argument 1 is not a dtype");
    TensorRef t;
    t.dtype = dtype->dtype;
    t.shape = intList(arg(args, 1, fn), fn, "size");
    t.stride = intList(arg(args, 2, fn), fn, "stride");
    t.device = "meta";
    t.layout = TensorLayout::Meta;
    t.requiresGrad = args->items.size() > 3 && boolArg(args->items[3]);
    return tensorValue(ctx, std::move(t));
}

// The dense _rebuild_tensor* calls: strided, v2 (requires_grad), v3 (explicit dtype) and quantized.
Value *rebuildDense(PickleContext &ctx, Value *callee, Value *args)
{
    const char *fn = callee->text.c_str();
    switch (callee->globalTag) {
    case GlobalTag::RebuildTensor:
        return rebuildStrided(ctx, args, fn, DType::Unknown);
    case GlobalTag::RebuildTensorV2: {
        // A plain tensor saved with requires_grad=True keeps it (torch sets it after rebuilding).
        Value *t = rebuildStrided(ctx, args, fn, DType::Unknown);
        ctx.file.tensors[size_t(t->tensorIndex)].requiresGrad =
            args->items.size() > 4 && boolArg(args->items[4]);
        return t;
    }
    case GlobalTag::RebuildTensorV3: {
        const Value *dtype = arg(args, 6, fn);
        if (dtype->kind != ValueKind::Dtype) fail("_rebuild_tensor_v3: argument 7 is not a dtype");
        DType dt = dtype->dtype;
        if (dt == DType::Unknown) fail("_rebuild_tensor_v3: unsupported dtype torch." + dtype->text);
        Value *t = rebuildStrided(ctx, args, fn, dt);
        ctx.file.tensors[size_t(t->tensorIndex)].requiresGrad = boolArg(arg(args, 4, fn));
        return t;
    }
    default: { // RebuildQTensor
        Value *t = rebuildStrided(ctx, args, fn, DType::Unknown, TensorLayout::Quantized);
        ctx.file.warnings.push_back("a quantized tensor (" +
                                    std::string(dtypeName(ctx.file.tensors[size_t(t->tensorIndex)].dtype)) +
                                    ") is listed, but its values cannot be previewed");
        return t;
    }
    }
}

// torch's tensor rebuild functions; nullptr for any other callee.
Value *rebuildTensor(PickleContext &ctx, Value *callee, Value *args)
{
    const char *fn = callee->text.c_str();
    switch (callee->globalTag) {
    case GlobalTag::RebuildTensor:
    case GlobalTag::RebuildTensorV2:
    case GlobalTag::RebuildTensorV3:
    case GlobalTag::RebuildQTensor:
        return rebuildDense(ctx, callee, args);
    case GlobalTag::RebuildParameter:
    case GlobalTag::RebuildParameterWithState:
    case GlobalTag::Parameter: {
        Value *data = const_cast<Value *>(arg(args, 0, fn));
        TensorRef &t = tensorOf(ctx, data, fn);
        t.isParameter = true;
        t.requiresGrad = args->items.size() > 1 ? boolArg(args->items[1]) : true;
        return data;
    }
    case GlobalTag::RebuildSparse:
    case GlobalTag::RebuildSparseCsr:
        return rebuildSparse(ctx, args, fn);
    case GlobalTag::RebuildMeta:
        return rebuildMeta(ctx, args, fn);
    case GlobalTag::RebuildFromTypeV2: {
        // (func, subclass type, args, state): the tensor is func(*args); the subclass stays a name.
        Value *inner =
            callGlobal(ctx, const_cast<Value *>(arg(args, 0, fn)), const_cast<Value *>(arg(args, 2, fn)));
        if (args->items.size() > 3 && args->items[3]->kind != ValueKind::None) inner->state = args->items[3];
        return inner;
    }
    case GlobalTag::RebuildDeviceFromCpu: {
        Value *data = const_cast<Value *>(arg(args, 0, fn));
        TensorRef &t = tensorOf(ctx, data, fn);
        const Value *device = arg(args, 2, fn);
        if (device->isString() || device->kind == ValueKind::Device) t.device = device->text;
        if (args->items.size() > 3) t.requiresGrad = boolArg(args->items[3]);
        return data;
    }
    default:
        return nullptr;
    }
}

} // namespace

Value *callGlobal(PickleContext &ctx, Value *callee, Value *args)
{
    if (callee->kind == ValueKind::Object) return opaque(ctx, callee, args, callee->text);
    if (callee->kind != ValueKind::Global) fail(std::string("REDUCE calls a ") + valueKindName(callee->kind));
    if (!args->isSequence()) fail("REDUCE arguments for " + callee->text + " are not a tuple");
    if (Value *v = callPython(ctx, callee, args)) return v;
    if (Value *v = callTorchValue(ctx, callee, args)) return v;
    if (Value *v = rebuildTensor(ctx, callee, args)) return v;
    return opaque(ctx, callee, args, callee->text);
}

Value *newObject(PickleContext &ctx, Value *cls, Value *args)
{
    if (cls->kind == ValueKind::Object) return opaque(ctx, cls, args, cls->text, ObjectOrigin::NewObj);
    if (cls->kind != ValueKind::Global) fail(std::string("NEWOBJ on a ") + valueKindName(cls->kind));
    switch (cls->globalTag) {
    case GlobalTag::OrderedDict:
    case GlobalTag::Counter:
    case GlobalTag::Set:
    case GlobalTag::FrozenSet:
        return callGlobal(ctx, cls, ctx.arena->make(ValueKind::Tuple));
    case GlobalTag::Parameter:
        if (args->isSequence() && !args->items.empty() && args->items[0]->kind == ValueKind::Tensor)
            return callGlobal(ctx, cls, args);
        return opaque(ctx, cls, args, cls->text, ObjectOrigin::NewObj);
    default:
        return opaque(ctx, cls, args, cls->text, ObjectOrigin::NewObj);
    }
}

void buildObject(PickleContext &ctx, Value *target, Value *state)
{
    switch (target->kind) {
    case ValueKind::Object:
        if (target->callee && target->callee->globalTag == GlobalTag::LegacyTensorClass &&
            state->isSequence() && state->items.size() == 4) {
            // Pre-0.4 tensors: torch.FloatTensor() then set_(storage, offset, size, stride).
            Value *t = rebuildStrided(ctx, state, "legacy tensor", target->callee->dtype);
            target->kind = ValueKind::Tensor;
            target->tensorIndex = t->tensorIndex;
            return;
        }
        if (target->state && target->state != state) {
            // CPython's pickler never builds an object twice; a hand-made pickle can, and CPython then
            // applies both states (the first may install a __setstate__). The tree keeps the last one.
            const char *twice =
                "an object is given its state twice (BUILD); only the last state is shown or exported";
            if (std::find(ctx.file.warnings.begin(), ctx.file.warnings.end(), twice) ==
                ctx.file.warnings.end())
                ctx.file.warnings.push_back(twice);
        }
        target->state = state;
        break;
    case ValueKind::Dict:   // OrderedDict attributes such as _metadata
    case ValueKind::Tensor: // Parameter / subclass attributes
        target->state = state;
        break;
    default:
        fail(std::string("BUILD on a ") + valueKindName(target->kind));
    }
    noteChild(target, state, ctx);
}

StoragePid parseStoragePid(const Value *pid)
{
    const char *bad = "persistent id is not a ('storage', type, key, location, size) tuple";
    if (!pid->isSequence() || pid->items.size() < 5 || !pid->items[0]->isString() ||
        pid->items[0]->text != "storage")
        throw FormatError(bad);
    const Value *type = pid->items[1];
    StoragePid p;
    if (type->kind == ValueKind::Global && type->globalTag == GlobalTag::StorageClass) {
        p.dtype = type->dtype;
        p.untyped = type->untypedStorage;
    } else if (type->kind == ValueKind::Dtype) { // 2.x TypedStorage pickles the dtype itself
        p.dtype = type->dtype;
    }
    if (p.dtype == DType::Unknown) throw FormatError("storage of unsupported type " + valueSummary(type));
    const Value *key = pid->items[2], *location = pid->items[3], *numel = pid->items[4];
    if (key->isString())
        p.key = key->text;
    else if (key->isInt())
        p.key = std::to_string(key->integer);
    else
        throw FormatError(bad);
    if (location->isString() || location->kind == ValueKind::Device)
        p.location = location->text;
    else
        throw FormatError(bad);
    if (!numel->isInt() || numel->integer < 0) throw FormatError(bad);
    p.numel = numel->integer;
    if (pid->items.size() > 5 && pid->items[5]->kind != ValueKind::None) {
        const Value *view = pid->items[5];
        if (!view->isSequence() || view->items.size() != 3 || !view->items[0]->isString() ||
            !view->items[1]->isInt() || !view->items[2]->isInt())
            throw FormatError("bad storage view in persistent id");
        p.isView = true;
        p.viewKey = view->items[0]->text;
        p.viewOffset = view->items[1]->integer;
        p.viewSize = view->items[2]->integer;
    }
    return p;
}

} // namespace sl
