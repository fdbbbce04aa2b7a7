#include "format/pickle_vm.h"

#include "format/dict_key_index.h"
#include "format/latin1.h"
#include "format/pickle_literals.h"
#include "format/pickle_memo.h"
#include "format/pickle_opcodes.h"
#include "format/shared_values.h"
#include "format/torch_globals.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sl {
namespace {

using namespace pickle;

// One run over one pickle: the stack, the marks and the memo, and one handler per opcode family
// (pickle_opcodes.h). Handlers decode; what a GLOBAL means is torch_globals.cpp's business.
class Machine
{
public:
    Machine(const uint8_t *data, size_t size, PickleContext &ctx)
        : m_data(data), m_size(size), m_ctx(ctx), m_arena(*ctx.arena)
    {
    }

    Value *run(size_t *consumed)
    {
        try {
            for (;;) {
                m_opPos = m_pos;
                const uint8_t op = byte();
                if (op == STOP) {
                    Value *result = pop();
                    if (consumed) *consumed = m_pos;
                    return result;
                }
                step(op);
            }
        } catch (const LiteralError &e) {
            fail(e.what());
        }
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw FormatError("pickle: " + what + " at byte " + std::to_string(m_opPos));
    }

    void step(uint8_t op);
    void framing(uint8_t op);
    void stack(uint8_t op);
    void number(uint8_t op);
    void text(uint8_t op);
    void bytes(uint8_t op);
    void container(uint8_t op);
    void fill(uint8_t op);
    void memo(uint8_t op);
    void global(uint8_t op);
    void call(uint8_t op);
    void persistent(uint8_t op);

    // --- input -------------------------------------------------------------------------------------
    uint8_t byte()
    {
        if (m_pos >= m_size) fail("data ends before STOP");
        return m_data[m_pos++];
    }
    const uint8_t *take(uint64_t n)
    {
        if (n > m_size - m_pos) fail("length " + std::to_string(n) + " runs past the end of the data");
        const uint8_t *p = m_data + m_pos;
        m_pos += size_t(n);
        return p;
    }
    uint64_t le(int n)
    {
        const uint8_t *p = take(n);
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | p[i];
        return v;
    }
    std::string line()
    {
        const void *nl = std::memchr(m_data + m_pos, '\n', m_size - m_pos);
        if (!nl) fail("text argument without a newline");
        size_t len = static_cast<const uint8_t *>(nl) - (m_data + m_pos);
        std::string s(reinterpret_cast<const char *>(m_data + m_pos), len);
        m_pos += len + 1;
        if (!s.empty() && s.back() == '\r') s.pop_back();
        return s;
    }
    std::string bytesOf(uint64_t n)
    {
        const uint8_t *p = take(n);
        return std::string(reinterpret_cast<const char *>(p), size_t(n));
    }
    // A protocol 0 memo index: a decimal line.
    uint64_t memoIndexLine(const char *what)
    {
        std::string s = line();
        char *end = nullptr;
        unsigned long long idx = std::strtoull(s.c_str(), &end, 10);
        if (s.empty() || *end) fail(what);
        return idx;
    }

    // --- stack -------------------------------------------------------------------------------------
    size_t base() const { return m_marks.empty() ? 0 : m_marks.back(); }
    void push(Value *v)
    {
        if (m_stack.size() >= m_ctx.limits.maxStack)
            fail("stack grows past " + std::to_string(m_ctx.limits.maxStack) + " entries");
        m_stack.push_back(v);
    }
    Value *pop()
    {
        if (m_stack.size() <= base()) fail("stack underflow");
        Value *v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    Value *top()
    {
        if (m_stack.size() <= base()) fail("stack underflow");
        return m_stack.back();
    }
    std::vector<Value *> popMark()
    {
        if (m_marks.empty()) fail("no MARK on the stack");
        size_t b = m_marks.back();
        m_marks.pop_back();
        std::vector<Value *> items(m_stack.begin() + b, m_stack.end());
        m_stack.resize(b);
        return items;
    }

    // --- values ------------------------------------------------------------------------------------
    Value *make(ValueKind k) { return m_arena.make(k); }
    Value *makeTuple(std::vector<Value *> items)
    {
        Value *t = make(ValueKind::Tuple);
        for (Value *i : items)
            noteChild(t, i, m_ctx);
        t->items = std::move(items);
        return t;
    }
    Value *tupleValue(std::vector<Value *> items)
    {
        return m_shared.tupleValue(std::move(items),
                                   [this](std::vector<Value *> i) { return makeTuple(std::move(i)); });
    }
    Value *makeBigInt(std::string littleEndian)
    {
        // Keep small values as plain ints: most LONG1s are int64 offsets and sizes.
        size_t n = littleEndian.size();
        if (n == 0) return m_shared.intValue(0);
        if (n <= 8) {
            uint64_t v = 0;
            for (size_t i = n; i-- > 0;)
                v = (v << 8) | uint8_t(littleEndian[i]);
            if (n < 8 && (uint8_t(littleEndian[n - 1]) & 0x80)) v |= ~uint64_t(0) << (8 * n);
            return m_shared.intValue(int64_t(v));
        }
        Value *b = make(ValueKind::BigInt);
        b->text = std::move(littleEndian);
        return b;
    }
    Value *decimal(std::string s)
    {
        DecimalInt d = parseDecimal(std::move(s), m_ctx.limits.maxBigIntBytes);
        return d.big ? makeBigInt(std::move(d.littleEndian)) : m_shared.intValue(d.value);
    }
    Value *floatValue(double d)
    {
        Value *f = make(ValueKind::Float);
        f->real = d;
        return f;
    }
    Value *makeGlobal(const std::string &module, const std::string &name)
    {
        if (module.empty() || name.empty()) fail("empty GLOBAL name");
        Value *g = resolveGlobal(m_ctx, module, name);
        // resolveGlobal may respell the module (__builtin__ -> builtins) but keeps the name.
        if (g->kind == ValueKind::Global && g->text.size() > name.size() &&
            g->text.size() - name.size() - 1 <= 0xFFFF)
            g->moduleLength = uint16_t(g->text.size() - name.size() - 1);
        return g;
    }

    // --- memo --------------------------------------------------------------------------------------
    Value *memoGet(uint64_t idx)
    {
        Value *v = m_memo.get(idx);
        if (!v) fail("memo reference " + std::to_string(idx) + " was never stored");
        return v;
    }
    void memoPut(uint64_t idx) { m_memo.put(idx, top()); }

    // --- filling containers ------------------------------------------------------------------------
    void appendTo(Value *target, std::vector<Value *> items)
    {
        if (target->kind != ValueKind::List && target->kind != ValueKind::Object)
            fail(std::string("APPEND on a ") + valueKindName(target->kind));
        for (Value *v : items) {
            noteChild(target, v, m_ctx);
            target->items.push_back(v);
        }
    }
    void setItems(Value *target, const std::vector<Value *> &kv)
    {
        if (kv.size() % 2) fail("SETITEMS with an odd number of items");
        if (target->kind != ValueKind::Dict && target->kind != ValueKind::Object)
            fail(std::string("SETITEM on a ") + valueKindName(target->kind));
        if (target->kind == ValueKind::Object)
            target->setItems = true; // a writer must emit SETITEMS again, not APPENDS
        for (size_t i = 0; i < kv.size(); i += 2) {
            noteChild(target, kv[i + 1], m_ctx);
            // Python dicts keep one entry per key; replace scalar-key duplicates in place.
            const Value *key = kv[i];
            const bool scalarKey = key->kind == ValueKind::String || key->kind == ValueKind::Int;
            if (scalarKey) {
                if (size_t *at = m_dictKeys.find(target, key)) {
                    target->items[*at + 1] = kv[i + 1];
                    continue;
                }
            }
            target->items.push_back(kv[i]);
            target->items.push_back(kv[i + 1]);
            if (scalarKey) m_dictKeys.added(target, key, target->items.size() - 2);
        }
    }
    void addToSet(Value *set, const std::vector<Value *> &items)
    {
        for (Value *v : items) {
            noteChild(set, v, m_ctx);
            set->items.push_back(v);
        }
    }

    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
    size_t m_opPos = 0;
    PickleContext &m_ctx;
    ValueArena &m_arena;
    SharedValues m_shared{m_arena};
    std::vector<Value *> m_stack;
    std::vector<size_t> m_marks;
    PickleMemo m_memo;
    DictKeyIndex m_dictKeys;
};

void Machine::step(uint8_t op)
{
    switch (opFamily(op)) {
    case OpFamily::Framing:
        return framing(op);
    case OpFamily::Stack:
        return stack(op);
    case OpFamily::Number:
        return number(op);
    case OpFamily::Text:
        return text(op);
    case OpFamily::Bytes:
        return bytes(op);
    case OpFamily::Container:
        return container(op);
    case OpFamily::Fill:
        return fill(op);
    case OpFamily::Memo:
        return memo(op);
    case OpFamily::Global:
        return global(op);
    case OpFamily::Call:
        return call(op);
    case OpFamily::Persistent:
        return persistent(op);
    case OpFamily::Unknown:
        break;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", op);
    fail(std::string("unknown opcode ") + hex);
}

void Machine::framing(uint8_t op)
{
    if (op == PROTO) {
        uint8_t proto = byte();
        if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
    } else if (op == FRAME) {
        uint64_t n = le(8);
        if (n > m_size - m_pos) fail("frame runs past the end of the data");
    }
    // STOP ends run() before it gets here.
}

void Machine::stack(uint8_t op)
{
    switch (op) {
    case MARK:
        if (m_marks.size() >= m_ctx.limits.maxMarks) fail("too many nested MARKs");
        m_marks.push_back(m_stack.size());
        break;
    case POP:
        if (m_stack.size() > base())
            m_stack.pop_back();
        else if (!m_marks.empty())
            m_marks.pop_back();
        else
            fail("stack underflow");
        break;
    case POP_MARK:
        popMark();
        break;
    case DUP:
        push(top());
        break;
    }
}

void Machine::number(uint8_t op)
{
    switch (op) {
    case NONE:
        return push(m_shared.noneValue());
    case NEWTRUE:
    case NEWFALSE:
        return push(m_shared.boolValue(op == NEWTRUE));
    case INT: {
        std::string s = line();
        return push(s == "01" || s == "00" ? m_shared.boolValue(s == "01") : decimal(std::move(s)));
    }
    case LONG:
        return push(decimal(line()));
    case BININT:
        return push(m_shared.intValue(int32_t(uint32_t(le(4)))));
    case BININT1:
        return push(m_shared.intValue(byte()));
    case BININT2:
        return push(m_shared.intValue(int64_t(le(2))));
    case LONG1:
    case LONG4: {
        uint64_t n = op == LONG1 ? byte() : le(4);
        if (op == LONG4 && int32_t(uint32_t(n)) < 0) fail("negative LONG4 length");
        if (n > m_ctx.limits.maxBigIntBytes) fail("integer of " + std::to_string(n) + " bytes is too long");
        return push(makeBigInt(bytesOf(n)));
    }
    case FLOAT:
        // Python's repr, never the C locale: the GUI runs under the user's, maybe with a decimal comma.
        return push(floatValue(parseFloatRepr(line())));
    case BINFLOAT: {
        uint64_t bits = 0;
        const uint8_t *p = take(8);
        for (int i = 0; i < 8; ++i) // big-endian, unlike every other pickle number
            bits = (bits << 8) | p[i];
        double d;
        std::memcpy(&d, &bits, 8);
        return push(floatValue(d));
    }
    }
}

void Machine::text(uint8_t op)
{
    switch (op) {
    case STRING:
        // Python 2 str: decoded as latin-1 text, which is what torch.load(encoding=...) defaults to.
        return push(m_arena.makeString(latin1ToUtf8(unquoteString(line()))));
    case BINSTRING:
        return push(m_arena.makeString(latin1ToUtf8(bytesOf(uint32_t(le(4))))));
    case SHORT_BINSTRING:
        return push(m_arena.makeString(latin1ToUtf8(bytesOf(byte()))));
    case UNICODE:
        return push(m_arena.makeString(rawUnicodeToUtf8(line())));
    case BINUNICODE:
        return push(m_arena.makeString(bytesOf(le(4))));
    case SHORT_BINUNICODE:
        return push(m_arena.makeString(bytesOf(byte())));
    case BINUNICODE8:
        return push(m_arena.makeString(bytesOf(le(8))));
    }
}

void Machine::bytes(uint8_t op)
{
    if (op == NEXT_BUFFER || op == READONLY_BUFFER)
        fail("out-of-band buffers (pickle protocol 5) are not supported");
    uint64_t n = op == SHORT_BINBYTES ? byte() : op == BINBYTES ? le(4) : le(8);
    Value *b = make(ValueKind::Bytes);
    b->text = bytesOf(n);
    push(b);
}

void Machine::container(uint8_t op)
{
    switch (op) {
    case EMPTY_LIST:
        return push(make(ValueKind::List));
    case EMPTY_DICT:
        return push(make(ValueKind::Dict));
    case EMPTY_SET:
        return push(make(ValueKind::Set));
    case EMPTY_TUPLE:
        return push(tupleValue({}));
    case TUPLE:
        return push(tupleValue(popMark()));
    case TUPLE1:
    case TUPLE2:
    case TUPLE3: {
        size_t n = op - TUPLE1 + 1;
        std::vector<Value *> items(n);
        for (size_t i = n; i-- > 0;)
            items[i] = pop();
        return push(tupleValue(std::move(items)));
    }
    case LIST: {
        Value *l = make(ValueKind::List);
        appendTo(l, popMark());
        return push(l);
    }
    case DICT: {
        Value *d = make(ValueKind::Dict);
        setItems(d, popMark());
        return push(d);
    }
    case FROZENSET: {
        Value *s = make(ValueKind::Set);
        addToSet(s, popMark());
        return push(s);
    }
    }
}

void Machine::fill(uint8_t op)
{
    switch (op) {
    case APPEND: {
        Value *v = pop();
        return appendTo(top(), {v});
    }
    case APPENDS: {
        std::vector<Value *> items = popMark();
        return appendTo(top(), std::move(items));
    }
    case SETITEM: {
        Value *v = pop();
        Value *k = pop();
        return setItems(top(), {k, v});
    }
    case SETITEMS: {
        std::vector<Value *> kv = popMark();
        return setItems(top(), kv);
    }
    case ADDITEMS: {
        std::vector<Value *> items = popMark();
        Value *s = top();
        if (s->kind != ValueKind::Set) fail(std::string("ADDITEMS on a ") + valueKindName(s->kind));
        return addToSet(s, items);
    }
    }
}

void Machine::memo(uint8_t op)
{
    switch (op) {
    case GET:
        return push(memoGet(memoIndexLine("bad GET index")));
    case BINGET:
        return push(memoGet(byte()));
    case LONG_BINGET:
        return push(memoGet(le(4)));
    case PUT:
        return memoPut(memoIndexLine("bad PUT index"));
    case BINPUT:
        return memoPut(byte());
    case LONG_BINPUT:
        return memoPut(le(4));
    case MEMOIZE:
        return memoPut(m_memo.count());
    }
}

void Machine::global(uint8_t op)
{
    switch (op) {
    case GLOBAL: {
        std::string module = line();
        std::string name = line();
        return push(makeGlobal(module, name));
    }
    case STACK_GLOBAL: {
        Value *name = pop();
        Value *module = pop();
        if (!module->isString() || !name->isString()) fail("STACK_GLOBAL needs two strings");
        return push(makeGlobal(module->text, name->text));
    }
    case EXT1:
    case EXT2:
    case EXT4: {
        uint64_t code = op == EXT1 ? byte() : op == EXT2 ? le(2) : le(4);
        // The copyreg extension registry maps codes to arbitrary callables; we never consult it.
        return push(makeGlobal("copyreg", "_extension_registry[" + std::to_string(code) + "]"));
    }
    }
}

void Machine::call(uint8_t op)
{
    switch (op) {
    case REDUCE: {
        Value *args = pop();
        Value *callee = pop();
        return push(callGlobal(m_ctx, callee, args));
    }
    case NEWOBJ: {
        Value *args = pop();
        Value *cls = pop();
        return push(newObject(m_ctx, cls, args));
    }
    case NEWOBJ_EX: {
        Value *kwargs = pop();
        Value *args = pop();
        Value *cls = pop();
        Value *obj = newObject(m_ctx, cls, args);
        if (obj->kind == ValueKind::Object && kwargs->kind == ValueKind::Dict && kwargs->dictSize()) {
            noteChild(obj, kwargs, m_ctx);
            obj->items.push_back(kwargs);
        }
        return push(obj);
    }
    case INST: {
        std::string module = line();
        std::string name = line();
        Value *cls = makeGlobal(module, name);
        std::vector<Value *> args = popMark();
        return push(newObject(m_ctx, cls, makeTuple(std::move(args))));
    }
    case OBJ: {
        std::vector<Value *> items = popMark();
        if (items.empty()) fail("OBJ without a class");
        Value *cls = items.front();
        items.erase(items.begin());
        return push(newObject(m_ctx, cls, makeTuple(std::move(items))));
    }
    case BUILD: {
        Value *state = pop();
        return buildObject(m_ctx, top(), state);
    }
    }
}

void Machine::persistent(uint8_t op)
{
    Value *pid = op == PERSID ? m_arena.makeString(line()) : pop();
    if (!m_ctx.persistentLoad) fail("persistent id in a pickle that allows none");
    push(m_ctx.persistentLoad(pid));
}

} // namespace

void noteChild(Value *parent, const Value *child, const PickleContext &ctx)
{
    if (child == parent) // l.append(l): a cycle adds no depth, however often it is repeated
        return;
    int d = int(child->depth) + 1;
    if (d > parent->depth) {
        if (d > ctx.limits.maxDepth)
            throw FormatError("pickle: containers nest deeper than " + std::to_string(ctx.limits.maxDepth) +
                              " levels");
        parent->depth = uint16_t(d);
    }
}

Value *loadPickle(const uint8_t *data, size_t size, PickleContext &ctx, size_t *consumed)
{
    if (!ctx.arena) {
        ctx.file.arenas.push_back(std::make_unique<ValueArena>());
        ctx.arena = ctx.file.arenas.back().get();
    }
    Machine m(data, size, ctx);
    return m.run(consumed);
}

} // namespace sl
