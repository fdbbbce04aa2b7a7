#include "format/pickle_writer.h"

#include "format/latin1.h"

#include <cstring>

namespace sl {

using namespace pickle;

namespace {

// Python's pickler recurses too (its limit is about 1000); past this a file is refused, not a crash.
constexpr int kMaxDepth = 2000;
// Python batches APPENDS/SETITEMS by 1000 items; readers' MARK stacks stay small.
constexpr size_t kBatch = 1000;

void appendLe(std::string &out, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += char((v >> (8 * i)) & 0xff);
}

[[noreturn]] void fail(const std::string &what)
{
    throw FormatError(what);
}

} // namespace

PickleWriter::PickleWriter(const ParsedFile &file) : m_file(file) {}

void PickleWriter::substitute(const Value *original, const Value *replacement)
{
    m_substitutes[original] = replacement;
}

void PickleWriter::setStorageDtype(int storage, DType dtype)
{
    m_storageDtype[storage] = dtype;
}

std::string PickleWriter::write(const Value *top)
{
    m_out.clear();
    emit(PROTO);
    m_out += char(2);
    value(top, 0);
    emit(STOP);
    return std::move(m_out);
}

std::string PickleWriter::tensorName(int tensor) const
{
    return m_namer ? m_namer(tensor) : "#" + std::to_string(tensor);
}

// ---- memo ----------------------------------------------------------------------------------------

void PickleWriter::put(uint32_t id)
{
    if (id < 256) {
        emit(BINPUT);
        m_out += char(id);
    } else {
        emit(LONG_BINPUT);
        appendLe(m_out, id, 4);
    }
}

void PickleWriter::get(uint32_t id)
{
    if (id < 256) {
        emit(BINGET);
        m_out += char(id);
    } else {
        emit(LONG_BINGET);
        appendLe(m_out, id, 4);
    }
}

void PickleWriter::memoize(const Value *v)
{
    m_memo[v] = m_nextMemo;
    put(m_nextMemo++);
}

bool PickleWriter::memoGet(const Value *v)
{
    auto it = m_memo.find(v);
    if (it == m_memo.end()) return false;
    get(it->second);
    return true;
}

// ---- scalars -------------------------------------------------------------------------------------

void PickleWriter::integer(int64_t i)
{
    if (i >= 0 && i < 256) {
        emit(BININT1);
        m_out += char(i);
    } else if (i >= 0 && i < 65536) {
        emit(BININT2);
        appendLe(m_out, uint64_t(i), 2);
    } else if (i >= INT32_MIN && i <= INT32_MAX) {
        emit(BININT);
        appendLe(m_out, uint64_t(uint32_t(int32_t(i))), 4);
    } else {
        // Always 8 bytes: LibTorch's unpickler reads no other LONG1 length (docs/formats.md).
        emit(LONG1);
        m_out += char(8);
        appendLe(m_out, uint64_t(i), 8);
    }
}

void PickleWriter::bigInt(const std::string &le)
{
    if (le.size() < 256) {
        emit(LONG1);
        m_out += char(le.size());
    } else {
        emit(LONG4);
        appendLe(m_out, le.size(), 4);
    }
    m_out += le;
}

void PickleWriter::str(const std::string &s)
{
    if (s.size() > UINT32_MAX)
        fail("a string of " + std::to_string(s.size()) + " bytes is too long for protocol 2");
    emit(BINUNICODE);
    appendLe(m_out, s.size(), 4);
    m_out += s;
}

void PickleWriter::floating(double d)
{
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    emit(BINFLOAT);
    for (int i = 7; i >= 0; --i) // BINFLOAT is big-endian
        m_out += char((bits >> (8 * i)) & 0xff);
}

void PickleWriter::global(const std::string &module, const std::string &name)
{
    const std::string key = module + '\n' + name;
    auto it = m_globals.find(key);
    if (it != m_globals.end()) {
        get(it->second);
        return;
    }
    emit(GLOBAL);
    m_out += key;
    m_out += '\n';
    m_globals.emplace(key, m_nextMemo);
    put(m_nextMemo++);
}

void PickleWriter::globalValue(const Value *g)
{
    const std::string &text = g->text;
    size_t split = g->moduleLength;
    if (split == 0 || split >= text.size() || text[split] != '.')
        split = text.rfind('.'); // readers that did not record the split: names without dots
    if (split == std::string::npos || split == 0 || split + 1 >= text.size())
        fail("cannot write the global '" + text + "': no module name");
    const std::string module = text.substr(0, split), name = text.substr(split + 1);
    if (name.find_first_of("[\n") != std::string::npos || module.find('\n') != std::string::npos)
        fail("cannot write the global '" + text + "' (an extension-registry code or a bad name)");
    global(module, name);
}

void PickleWriter::emptyOrderedDict()
{
    // torch's placeholder for backward hooks, never memoized by torch either.
    global("collections", "OrderedDict");
    emit(EMPTY_TUPLE);
    emit(REDUCE);
}

// ---- containers ----------------------------------------------------------------------------------

void PickleWriter::sequenceItems(const std::vector<Value *> &items, size_t step, Op closing, int depth)
{
    // Always MARK ... APPENDS/SETITEMS, also for one item: LibTorch 1.13 knows no APPEND/SETITEM.
    const size_t perBatch = kBatch * step;
    for (size_t start = 0; start < items.size(); start += perBatch) {
        emit(MARK);
        const size_t end = std::min(items.size(), start + perBatch);
        for (size_t i = start; i < end; ++i)
            value(items[i], depth + 1);
        emit(closing);
    }
}

void PickleWriter::tuple(const Value *v, int depth)
{
    if (memoGet(v)) return;
    const size_t n = v->items.size();
    if (n == 0) {
        emit(EMPTY_TUPLE);
        return;
    }
    if (n > 3) emit(MARK);
    for (const Value *item : v->items)
        value(item, depth + 1);
    // A tuple reached again through its own items was written (and memoized) in the recursion:
    // drop the items just written and refer to that one, as Python's pickler does.
    auto it = m_memo.find(v);
    if (it != m_memo.end()) {
        if (n > 3)
            emit(POP_MARK);
        else
            m_out.append(n, char(POP));
        get(it->second);
        return;
    }
    emit(n == 1 ? TUPLE1 : n == 2 ? TUPLE2 : n == 3 ? TUPLE3 : TUPLE);
    memoize(v);
}

void PickleWriter::dict(const Value *v, int depth)
{
    if (memoGet(v)) return;
    if (v->ordered) {
        global("collections", "OrderedDict");
        emit(EMPTY_TUPLE);
        emit(REDUCE);
    } else {
        emit(EMPTY_DICT);
    }
    memoize(v); // before the items, so a dict holding itself ends
    sequenceItems(v->items, 2, SETITEMS, depth);
    if (v->state) { // OrderedDict attributes such as _metadata
        value(v->state, depth + 1);
        emit(BUILD);
    }
}

void PickleWriter::object(const Value *v, int depth)
{
    if (memoGet(v)) return;
    if (!v->callee) fail("cannot write the object '" + v->text + "': it has no class or function");
    if (v->callee->kind == ValueKind::Global)
        globalValue(v->callee);
    else
        value(v->callee, depth + 1);
    if (v->args)
        value(v->args, depth + 1);
    else
        emit(EMPTY_TUPLE);
    emit(v->origin == ObjectOrigin::NewObj ? NEWOBJ : REDUCE);
    auto it = m_memo.find(v);
    if (it != m_memo.end()) { // reached again through its own arguments (see tuple())
        emit(POP);
        get(it->second);
        return;
    }
    memoize(v);
    if (!v->items.empty())
        sequenceItems(v->items, v->setItems ? 2 : 1, v->setItems ? SETITEMS : APPENDS, depth);
    if (v->state) {
        value(v->state, depth + 1);
        emit(BUILD);
    }
}

// ---- tensors and storages ------------------------------------------------------------------------

void PickleWriter::storagePid(int storage, DType viewDtype, const std::string &who)
{
    const StorageRef &s = m_file.storages.at(size_t(storage));
    auto found = m_storageIndex.find(storage);
    size_t position;
    if (found == m_storageIndex.end()) {
        auto override = m_storageDtype.find(storage);
        const DType out = override != m_storageDtype.end() ? override->second : viewDtype;
        const std::string cls = storageClassName(out);
        if (cls.empty())
            fail(who + " has dtype " + dtypeName(out) +
                 ", which torch 1.13's format cannot hold; export to .safetensors instead");
        const int64_t elem = dtypeSize(viewDtype);
        if (s.recordBytes % elem != 0)
            fail(who + ": its storage of " + std::to_string(s.recordBytes) +
                 " bytes is not a whole number of " + dtypeName(viewDtype) + " elements");
        PickledStorage p;
        p.storage = storage;
        p.dtype = out;
        p.numel = s.recordBytes / elem;
        position = m_storages.size();
        m_storages.push_back(p);
        m_storageIndex.emplace(storage, position);
        m_viewDtype.emplace(storage, viewDtype);
    } else {
        position = found->second;
        // torch refuses this too: one storage record has one element type.
        const DType first = m_viewDtype.at(storage);
        if (first != viewDtype)
            fail(who + " views a storage as " + dtypeName(viewDtype) + " that another tensor views as " +
                 dtypeName(first));
    }
    const PickledStorage &p = m_storages[position];
    emit(MARK);
    str("storage");
    global("torch", storageClassName(p.dtype));
    str(std::to_string(position));
    str(s.location.empty() ? std::string("cpu") : s.location);
    integer(p.numel);
    emit(TUPLE);
}

void PickleWriter::rebuildFunction(const TensorRef &t)
{
    if (t.layout == TensorLayout::Meta)
        global("torch._utils", "_rebuild_meta_tensor_no_storage");
    else
        global("torch._utils", "_rebuild_tensor_v2");
}

void PickleWriter::rebuildTuple(const TensorRef &t, int tensorIndex, bool requiresGrad)
{
    auto ints = [&](const std::vector<int64_t> &v) {
        if (v.size() > 3) emit(MARK);
        for (int64_t i : v)
            integer(i);
        const size_t n = v.size();
        emit(n == 0 ? EMPTY_TUPLE : n == 1 ? TUPLE1 : n == 2 ? TUPLE2 : n == 3 ? TUPLE3 : TUPLE);
    };
    emit(MARK);
    if (t.layout == TensorLayout::Meta) {
        // (dtype, size, stride, requires_grad): a meta tensor has no storage record at all.
        global("torch", dtypeName(t.dtype));
        ints(t.shape);
        ints(t.stride);
        emit(requiresGrad ? NEWTRUE : NEWFALSE);
    } else {
        storagePid(t.storage, t.dtype, "tensor '" + tensorName(tensorIndex) + "'");
        emit(BINPERSID);
        integer(t.offset);
        ints(t.shape);
        ints(t.stride);
        emit(requiresGrad ? NEWTRUE : NEWFALSE);
        emptyOrderedDict();
    }
    emit(TUPLE);
}

void PickleWriter::parameterTuple(const TensorRef &t, int tensorIndex)
{
    // (data, requires_grad, hooks); torch saves a Parameter's data without requires_grad.
    rebuildFunction(t);
    rebuildTuple(t, tensorIndex, false);
    emit(REDUCE);
    emit(t.requiresGrad ? NEWTRUE : NEWFALSE);
    emptyOrderedDict();
    emit(TUPLE3);
}

void PickleWriter::tensor(const Value *v, int depth)
{
    if (memoGet(v)) return;
    const int index = int(v->tensorIndex);
    const TensorRef &t = m_file.tensors.at(size_t(index));
    const bool meta = t.layout == TensorLayout::Meta;
    if (!meta && (t.layout != TensorLayout::Strided || t.storage < 0))
        fail("tensor '" + tensorName(index) + "' is " + layoutName(t.layout) +
             "; only dense (strided) tensors can be exported so far");
    if (meta && storageClassName(t.dtype).empty())
        fail("tensor '" + tensorName(index) + "' is a meta tensor of dtype " + dtypeName(t.dtype) +
             ", which torch 1.13 cannot load");
    if (m_plainTensors) {
        rebuildFunction(t);
        rebuildTuple(t, index, false);
        emit(REDUCE);
    } else if (v->state) {
        // Python attributes on a tensor travel through _rebuild_from_type_v2, as torch writes them.
        global("torch._tensor", "_rebuild_from_type_v2");
        emit(MARK);
        if (t.isParameter) {
            global("torch._utils", "_rebuild_parameter");
            global("torch.nn.parameter", "Parameter");
            parameterTuple(t, index);
        } else {
            rebuildFunction(t);
            global("torch", "Tensor");
            rebuildTuple(t, index, t.requiresGrad);
        }
        value(v->state, depth + 1);
        emit(TUPLE);
        emit(REDUCE);
    } else if (t.isParameter) {
        global("torch._utils", "_rebuild_parameter");
        parameterTuple(t, index);
        emit(REDUCE);
    } else {
        rebuildFunction(t);
        rebuildTuple(t, index, t.requiresGrad);
        emit(REDUCE);
    }
    memoize(v);
    ++m_tensorsWritten;
}

// ---- other values -------------------------------------------------------------------------------

void PickleWriter::complexValue(const Value *v)
{
    if (memoGet(v)) return;
    global("builtins", "complex");
    floating(v->real);
    floating(v->imag);
    emit(TUPLE2);
    emit(REDUCE);
    memoize(v);
}

void PickleWriter::bytesValue(const Value *v)
{
    if (memoGet(v)) return;
    global("_codecs", "encode"); // what Python 3 writes for bytes under protocol 2
    str(latin1ToUtf8(v->text));
    str("latin1");
    emit(TUPLE2);
    emit(REDUCE);
    memoize(v);
}

void PickleWriter::list(const Value *v, int depth)
{
    if (memoGet(v)) return;
    emit(EMPTY_LIST);
    memoize(v);
    sequenceItems(v->items, 1, APPENDS, depth);
}

void PickleWriter::set(const Value *v, int depth)
{
    if (memoGet(v)) return;
    global("builtins", "set");
    emit(EMPTY_LIST);
    sequenceItems(v->items, 1, APPENDS, depth);
    emit(TUPLE1);
    emit(REDUCE);
    memoize(v);
}

void PickleWriter::storage(const Value *v)
{
    if (memoGet(v)) return;
    const StorageRef &s = m_file.storages.at(size_t(v->storageIndex));
    if (v->viewOffset != 0)
        fail("a legacy storage view (of storage '" + s.key + "') cannot be written to the zip format");
    storagePid(int(v->storageIndex), s.dtype, "storage '" + s.key + "'");
    emit(BINPERSID);
    memoize(v);
}

void PickleWriter::deviceOrLayout(const Value *v)
{
    if (memoGet(v)) return;
    if (v->kind == ValueKind::Device)
        global("torch", "device");
    else
        global("torch.serialization", "_get_layout");
    str(v->text);
    emit(TUPLE1);
    emit(REDUCE);
    memoize(v);
}

// ---- dispatch ------------------------------------------------------------------------------------

void PickleWriter::value(const Value *v, int depth)
{
    if (depth > kMaxDepth)
        fail("the object tree is nested more than " + std::to_string(kMaxDepth) + " levels deep");
    if (!v) return emit(NONE);
    if (auto s = m_substitutes.find(v); s != m_substitutes.end()) v = s->second;
    switch (v->kind) {
    case ValueKind::None:
        return emit(NONE);
    case ValueKind::Bool:
        return emit(v->integer ? NEWTRUE : NEWFALSE);
    case ValueKind::Int:
        return integer(v->integer);
    case ValueKind::BigInt:
        return bigInt(v->text);
    case ValueKind::Float:
        return floating(v->real);
    case ValueKind::String:
        return str(v->text);
    case ValueKind::Complex:
        return complexValue(v);
    case ValueKind::Bytes:
        return bytesValue(v);
    case ValueKind::List:
        return list(v, depth);
    case ValueKind::Tuple:
        return tuple(v, depth);
    case ValueKind::Dict:
        return dict(v, depth);
    case ValueKind::Set:
        return set(v, depth);
    case ValueKind::Global:
        return globalValue(v);
    case ValueKind::Object:
        return object(v, depth);
    case ValueKind::Tensor:
        return tensor(v, depth);
    case ValueKind::Storage:
        return storage(v);
    case ValueKind::Dtype:
        return global("torch", v->text);
    case ValueKind::Device:
    case ValueKind::Layout:
        return deviceOrLayout(v);
    }
}

} // namespace sl
