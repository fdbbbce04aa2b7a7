#include "export/weights_only_copy.h"

#include "format/float16.h"
#include "format/weights_only_globals.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace sl {
namespace {

// Past this the copy refuses, as the pickle writer does; the VM already bounds what it reads.
constexpr int kMaxDepth = 2000;

// What convert() hands back for a value that must not be written: its entry goes from the container.
Value kDropped;

struct NumpyType
{
    DType dtype = DType::Unknown;
    char kind = 0; // 'b' bool, 'i' signed, 'u' unsigned, 'f' float, 'c' complex
    int size = 0;
    bool bigEndian = false;
};

std::string childPath(const std::string &path, const std::string &name)
{
    return path.empty() ? name : path + "/" + name;
}

std::string keyName(const Value *k)
{
    if (k->isString()) return k->text;
    if (k->kind == ValueKind::Int) return std::to_string(k->integer);
    return valueSummary(k);
}

const std::string &calleeName(const Value *v)
{
    return v->callee ? v->callee->text : v->text;
}

bool isNumpyCore(const std::string &name, const char *leaf)
{
    return name == std::string("numpy.core.multiarray.") + leaf ||
           name == std::string("numpy._core.multiarray.") + leaf;
}

// A numpy.dtype object as the pickle builds it: numpy.dtype('f4', False, True) with the state
// (3, '<', ...) whose second item is the byte order.
NumpyType numpyType(const Value *dtype)
{
    NumpyType t;
    if (!dtype || dtype->kind != ValueKind::Object || calleeName(dtype) != "numpy.dtype" || !dtype->args ||
        !dtype->args->isSequence() || dtype->args->items.empty() || !dtype->args->items[0]->isString())
        return t;
    const std::string &code = dtype->args->items[0]->text;
    if (code.size() < 2) return t;
    t.kind = code[0];
    t.size = std::atoi(code.c_str() + 1);
    const Value *state = dtype->state;
    if (state && state->isSequence() && state->items.size() > 1 && state->items[1]->isString())
        t.bigEndian = state->items[1]->text == ">";
    static const struct
    {
        char kind;
        int size;
        DType dtype;
    } table[] = {{'b', 1, DType::Bool},      {'i', 1, DType::Int8},       {'i', 2, DType::Int16},
                 {'i', 4, DType::Int32},     {'i', 8, DType::Int64},      {'u', 1, DType::UInt8},
                 {'u', 2, DType::UInt16},    {'u', 4, DType::UInt32},     {'u', 8, DType::UInt64},
                 {'f', 2, DType::Float16},   {'f', 4, DType::Float32},    {'f', 8, DType::Float64},
                 {'c', 8, DType::Complex64}, {'c', 16, DType::Complex128}};
    for (const auto &row : table)
        if (row.kind == t.kind && row.size == t.size && code == row.kind + std::to_string(row.size))
            t.dtype = row.dtype;
    return t;
}

// Little-endian bytes of one element, whatever order the file holds them in.
std::string littleEndian(const std::string &bytes, const NumpyType &t)
{
    if (!t.bigEndian || t.size < 2) return bytes;
    std::string out = bytes;
    const int part = t.kind == 'c' ? t.size / 2 : t.size; // a complex is two floats, each swapped
    for (size_t at = 0; at + size_t(part) <= out.size(); at += size_t(part))
        std::reverse(out.begin() + long(at), out.begin() + long(at) + part);
    return out;
}

template <typename T> T readLe(const std::string &b, size_t at = 0)
{
    T v;
    std::memcpy(&v, b.data() + at, sizeof v);
    return v;
}

double floatAt(const std::string &b, int size, size_t at)
{
    if (size == 2) return double(floatFromHalf(readLe<uint16_t>(b, at)));
    if (size == 4) return double(readLe<float>(b, at));
    return readLe<double>(b, at);
}

} // namespace

std::string WeightsOnlyChange::text() const
{
    const std::string where = path.empty() ? std::string("(top level)") : path;
    if (dropped()) return "dropped " + where + ": " + global;
    return "converted " + where + ": " + global + " -> " + becomes;
}

WeightsOnlyCopy::WeightsOnlyCopy(const ParsedFile &input)
{
    m_file.format = input.format;
    m_file.tensors = input.tensors;
    m_file.storages = input.storages;
    m_file.files = input.files;
    m_file.archives = input.archives;
    m_file.arenas.push_back(std::make_unique<ValueArena>());
    m_arena = m_file.arenas.back().get();
}

const Value *WeightsOnlyCopy::convert(const Value *top, const Value *root, const Value *replacement)
{
    m_root = root;
    m_replacement = replacement;
    const Value *out = node(top, std::string(), 0);
    m_file.top = const_cast<Value *>(out == &kDropped ? nullptr : out);
    return m_file.top;
}

std::string WeightsOnlyCopy::arrayPath(int tensor) const
{
    auto it = m_arrayPaths.find(tensor);
    return it == m_arrayPaths.end() ? std::string() : it->second;
}

const Value *WeightsOnlyCopy::dropped(const Value *v, const std::string &path, const std::string &global)
{
    m_changes.push_back({path, global, std::string()});
    m_done[v] = &kDropped;
    return &kDropped;
}

const Value *WeightsOnlyCopy::converted(const Value *out, const std::string &path, const std::string &global,
                                        const std::string &becomes)
{
    m_changes.push_back({path, global, becomes});
    return out;
}

const Value *WeightsOnlyCopy::node(const Value *v, const std::string &path, int depth)
{
    if (!v) return v;
    if (depth > kMaxDepth)
        throw FormatError("the object tree is nested more than " + std::to_string(kMaxDepth) +
                          " levels deep");
    if (v == m_root && m_replacement) {
        v = m_replacement;
        m_rootReached = true;
    }
    // A value reached twice (the pickle's memo) is converted once, so sharing and ties survive.
    auto done = m_done.find(v);
    if (done != m_done.end()) return done->second;
    const Value *out = v;
    switch (v->kind) {
    case ValueKind::Global:
        if (!weightsOnlyAllowsGlobal(v->text)) return dropped(v, path, v->text);
        break;
    case ValueKind::Object:
        out = object(v, path, depth);
        break;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
        return container(v, path, depth);
    case ValueKind::Dict:
        return dict(v, path, depth);
    case ValueKind::Tensor:
        if (v->state) { // attributes travel with the tensor and must be weights-only too
            Value *t = m_arena->make(ValueKind::Tensor);
            *t = *v;
            m_done[v] = t;
            const Value *state = node(v->state, childPath(path, "(attributes)"), depth + 1);
            t->state = state == &kDropped ? nullptr : const_cast<Value *>(state);
            return t;
        }
        break;
    default: // scalars, strings, bytes, storages, dtypes, devices, layouts: all allowed
        break;
    }
    m_done[v] = out;
    return out;
}

const Value *WeightsOnlyCopy::container(const Value *v, const std::string &path, int depth)
{
    Value *out = m_arena->make(v->kind);
    m_done[v] = out; // before the items, so a container holding itself ends
    for (size_t i = 0; i < v->items.size(); ++i) {
        const Value *item = node(v->items[i], childPath(path, std::to_string(i)), depth + 1);
        // A tuple's positions mean something: a dropped item leaves None there; lists and sets close up.
        if (item == &kDropped && v->kind == ValueKind::Tuple) item = m_arena->make(ValueKind::None);
        if (item != &kDropped) out->items.push_back(const_cast<Value *>(item));
    }
    return out;
}

const Value *WeightsOnlyCopy::dict(const Value *v, const std::string &path, int depth)
{
    Value *out = m_arena->make(ValueKind::Dict);
    out->ordered = v->ordered;
    m_done[v] = out;
    for (size_t i = 0; i < v->dictSize(); ++i) {
        const std::string at = childPath(path, keyName(v->dictKey(i)));
        const Value *key = node(v->dictKey(i), at, depth + 1);
        if (key == &kDropped) continue;
        const Value *value = node(v->dictValue(i), at, depth + 1);
        if (value == &kDropped) continue;
        out->items.push_back(const_cast<Value *>(key));
        out->items.push_back(const_cast<Value *>(value));
    }
    // torch's loader builds attributes (`_metadata`) on an OrderedDict only.
    if (v->state && v->ordered) {
        const Value *state = node(v->state, childPath(path, "(attributes)"), depth + 1);
        if (state != &kDropped) out->state = const_cast<Value *>(state);
    } else if (v->state) {
        m_changes.push_back({childPath(path, "(attributes)"), "builtins.dict attributes", std::string()});
    }
    return out;
}

const Value *WeightsOnlyCopy::object(const Value *v, const std::string &path, int depth)
{
    const std::string &name = calleeName(v);
    const Value *args = v->args && v->args->isSequence() ? v->args : nullptr;
    if (name == "argparse.Namespace") return namespaceDict(v->state, path, depth);
    if (name == "copyreg._reconstructor" && args && !args->items.empty() &&
        args->items[0]->kind == ValueKind::Global && args->items[0]->text == "argparse.Namespace")
        return namespaceDict(v->state, path, depth);
    if (name == "torch.torch_version.TorchVersion" && args && !args->items.empty() &&
        args->items[0]->isString())
        return converted(args->items[0], path, name, "str");
    if (name == "numpy.dtype") {
        if (const Value *s = numpyDtypeName(v)) return converted(s, path, name, "str");
    } else if (isNumpyCore(name, "scalar")) {
        if (const Value *s = numpyScalar(v))
            return converted(s, path, name + " (" + numpyDtypeName(args->items[0])->text + ")",
                             s->kind == ValueKind::Bool      ? "bool"
                             : s->kind == ValueKind::Float   ? "float"
                             : s->kind == ValueKind::Complex ? "complex"
                                                             : "int");
    } else if (isNumpyCore(name, "_reconstruct")) {
        if (const Value *t = numpyArray(v)) {
            m_arrayPaths[int(t->tensorIndex)] = path;
            return converted(t, path, name + " (numpy.ndarray)", "tensor");
        }
    } else if (v->callee && v->callee->kind == ValueKind::Global && weightsOnlyAllowsGlobal(name)) {
        // An allowed call StateLens keeps opaque (a tensor subclass rebuild): kept with clean arguments.
        Value *out = m_arena->make(ValueKind::Object);
        *out = *v;
        m_done[v] = out;
        const Value *a = v->args ? node(v->args, path, depth + 1) : nullptr;
        const Value *s = v->state ? node(v->state, childPath(path, "(state)"), depth + 1) : nullptr;
        if (a == &kDropped || s == &kDropped) return dropped(v, path, name);
        out->args = const_cast<Value *>(a);
        out->state = const_cast<Value *>(s);
        return out;
    }
    return dropped(v, path, name);
}

const Value *WeightsOnlyCopy::namespaceDict(const Value *state, const std::string &path, int depth)
{
    // Namespace(**fields) keeps its fields as instance attributes: BUILD's state dict.
    const Value *fields = state && state->kind == ValueKind::Dict ? node(state, path, depth + 1) : nullptr;
    Value *out = m_arena->make(ValueKind::Dict);
    if (fields && fields != &kDropped) out->items = fields->items;
    return converted(out, path, "argparse.Namespace", "dict");
}

const Value *WeightsOnlyCopy::numpyDtypeName(const Value *dtype)
{
    const NumpyType t = numpyType(dtype);
    if (t.dtype == DType::Unknown) return nullptr;
    return m_arena->makeString(dtypeName(t.dtype));
}

const Value *WeightsOnlyCopy::numpyScalar(const Value *v)
{
    // numpy.core.multiarray.scalar(dtype, bytes): one element in the dtype's byte order.
    if (!v->args || !v->args->isSequence() || v->args->items.size() < 2) return nullptr;
    const NumpyType t = numpyType(v->args->items[0]);
    const Value *data = v->args->items[1];
    if (t.dtype == DType::Unknown || data->kind != ValueKind::Bytes || data->text.size() != size_t(t.size))
        return nullptr;
    const std::string b = littleEndian(data->text, t);
    Value *out;
    switch (t.kind) {
    case 'b':
        out = m_arena->make(ValueKind::Bool);
        out->integer = b[0] != 0;
        return out;
    case 'f':
        out = m_arena->make(ValueKind::Float);
        out->real = floatAt(b, t.size, 0);
        return out;
    case 'c':
        out = m_arena->make(ValueKind::Complex);
        out->real = floatAt(b, t.size / 2, 0);
        out->imag = floatAt(b, t.size / 2, size_t(t.size / 2));
        return out;
    default:
        break;
    }
    uint64_t bits = 0;
    std::memcpy(&bits, b.data(), size_t(t.size));
    if (t.kind == 'u' && t.size == 8 && bits > uint64_t(INT64_MAX)) {
        out = m_arena->make(ValueKind::BigInt); // Python's int: little-endian two's complement
        out->text = b + std::string(1, '\0');
        return out;
    }
    int64_t value = int64_t(bits);
    if (t.kind == 'i' && t.size < 8) { // sign-extend
        const int shift = 64 - 8 * t.size;
        value = int64_t(bits << shift) >> shift;
    }
    return m_arena->makeInt(value);
}

const Value *WeightsOnlyCopy::numpyArray(const Value *v)
{
    // _reconstruct(ndarray, (0,), b'b') then BUILD (version, shape, dtype, is_fortran, raw bytes).
    const Value *state = v->state;
    if (!state || !state->isSequence() || state->items.size() < 5) return nullptr;
    const Value *shape = state->items[1], *fortran = state->items[3], *raw = state->items[4];
    const NumpyType t = numpyType(state->items[2]);
    // An empty array's data is pickled as the call bytes(), not as a bytes value.
    static const std::string none;
    const bool emptyCall = raw->kind == ValueKind::Object && calleeName(raw) == "builtins.bytes" &&
                           (!raw->args || raw->args->items.empty());
    if (t.dtype == DType::Unknown || storageClassName(t.dtype).empty() || !shape->isSequence() ||
        (raw->kind != ValueKind::Bytes && !emptyCall) || !fortran->isInt())
        return nullptr;
    const std::string &data = emptyCall ? none : raw->text;
    TensorRef tensor;
    tensor.dtype = t.dtype;
    tensor.device = "cpu";
    int64_t numel = 1;
    for (const Value *d : shape->items) {
        if (!d->isInt() || d->integer < 0 || __builtin_mul_overflow(numel, d->integer, &numel))
            return nullptr;
        tensor.shape.push_back(d->integer);
    }
    if (uint64_t(numel) * uint64_t(t.size) != data.size()) return nullptr;
    // Row-major strides, or column-major for a Fortran-ordered array (its bytes are in that order).
    tensor.stride.assign(tensor.shape.size(), 1);
    const size_t n = tensor.shape.size();
    for (size_t i = 1; i < n; ++i) {
        if (fortran->integer)
            tensor.stride[i] = tensor.stride[i - 1] * std::max<int64_t>(1, tensor.shape[i - 1]);
        else
            tensor.stride[n - 1 - i] = tensor.stride[n - i] * std::max<int64_t>(1, tensor.shape[n - i]);
    }
    const std::string *bytes = &data;
    if (t.bigEndian && t.size > 1) {
        m_buffers.push_back(std::make_unique<std::string>(littleEndian(data, t)));
        bytes = m_buffers.back().get();
    }
    // The bytes stay where they are (in the input's tree, or a swapped copy): a mapped file of its own.
    MappedFile memory;
    memory.data = reinterpret_cast<const uint8_t *>(bytes->data());
    memory.size = bytes->size();
    m_file.files.push_back(memory);
    m_file.archives.push_back(nullptr);
    StorageRef storage;
    storage.key = "numpy" + std::to_string(m_file.storages.size());
    storage.dtype = t.dtype;
    storage.declaredBytes = storage.recordBytes = int64_t(bytes->size());
    storage.file = int(m_file.files.size() - 1);
    m_file.storages.push_back(storage);
    tensor.storage = int(m_file.storages.size() - 1);
    m_file.tensors.push_back(tensor);
    Value *out = m_arena->make(ValueKind::Tensor);
    out->tensorIndex = int64_t(m_file.tensors.size() - 1);
    return out;
}

} // namespace sl
