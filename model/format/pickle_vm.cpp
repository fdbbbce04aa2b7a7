#include "format/pickle_vm.h"

#include "format/shared_values.h"
#include "format/torch_globals.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace sl {
namespace {

// Opcode values from CPython's Lib/pickle.py, protocols 0-5.
enum Op : uint8_t {
    MARK = '(',
    STOP = '.',
    POP = '0',
    POP_MARK = '1',
    DUP = '2',
    FLOAT = 'F',
    INT = 'I',
    BININT = 'J',
    BININT1 = 'K',
    LONG = 'L',
    BININT2 = 'M',
    NONE = 'N',
    PERSID = 'P',
    BINPERSID = 'Q',
    REDUCE = 'R',
    STRING = 'S',
    BINSTRING = 'T',
    SHORT_BINSTRING = 'U',
    UNICODE = 'V',
    BINUNICODE = 'X',
    APPEND = 'a',
    BUILD = 'b',
    GLOBAL = 'c',
    DICT = 'd',
    EMPTY_DICT = '}',
    APPENDS = 'e',
    GET = 'g',
    BINGET = 'h',
    INST = 'i',
    LONG_BINGET = 'j',
    LIST = 'l',
    EMPTY_LIST = ']',
    OBJ = 'o',
    PUT = 'p',
    BINPUT = 'q',
    LONG_BINPUT = 'r',
    SETITEM = 's',
    TUPLE = 't',
    EMPTY_TUPLE = ')',
    SETITEMS = 'u',
    BINFLOAT = 'G',
    PROTO = 0x80,
    NEWOBJ = 0x81,
    EXT1 = 0x82,
    EXT2 = 0x83,
    EXT4 = 0x84,
    TUPLE1 = 0x85,
    TUPLE2 = 0x86,
    TUPLE3 = 0x87,
    NEWTRUE = 0x88,
    NEWFALSE = 0x89,
    LONG1 = 0x8a,
    LONG4 = 0x8b,
    BINBYTES = 'B',
    SHORT_BINBYTES = 'C',
    SHORT_BINUNICODE = 0x8c,
    BINUNICODE8 = 0x8d,
    BINBYTES8 = 0x8e,
    EMPTY_SET = 0x8f,
    ADDITEMS = 0x90,
    FROZENSET = 0x91,
    NEWOBJ_EX = 0x92,
    STACK_GLOBAL = 0x93,
    MEMOIZE = 0x94,
    FRAME = 0x95,
    BYTEARRAY8 = 0x96,
    NEXT_BUFFER = 0x97,
    READONLY_BUFFER = 0x98,
};

class Machine
{
public:
    Machine(const uint8_t *data, size_t size, PickleContext &ctx)
        : m_data(data), m_size(size), m_ctx(ctx), m_arena(*ctx.arena)
    {
    }

    Value *run(size_t *consumed)
    {
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
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw FormatError("pickle: " + what + " at byte " + std::to_string(m_opPos));
    }

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

    Value *make(ValueKind k) { return m_arena.make(k); }
    Value *makeTuple(std::vector<Value *> items)
    {
        Value *t = make(ValueKind::Tuple);
        for (Value *i : items)
            noteChild(t, i, m_ctx);
        t->items = std::move(items);
        return t;
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
    Value *parseDecimal(std::string s)
    {
        if (!s.empty() && s.back() == 'L') s.pop_back();
        errno = 0;
        char *end = nullptr;
        long long v = std::strtoll(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0') fail("bad integer literal");
        if (errno != ERANGE) return m_shared.intValue(v);
        // Too large for int64: convert to little-endian two's complement with schoolbook arithmetic.
        bool negative = s[0] == '-';
        std::vector<uint8_t> mag;
        for (size_t i = (negative || s[0] == '+') ? 1 : 0; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') fail("bad integer literal");
            unsigned carry = unsigned(s[i] - '0');
            for (auto &b : mag) {
                unsigned x = b * 10u + carry;
                b = uint8_t(x & 0xff);
                carry = x >> 8;
            }
            while (carry) {
                mag.push_back(uint8_t(carry & 0xff));
                carry >>= 8;
            }
            if (mag.size() > m_ctx.limits.maxBigIntBytes) fail("integer literal too long");
        }
        mag.push_back(0);
        if (negative) {
            unsigned carry = 1;
            for (auto &b : mag) {
                unsigned x = unsigned(uint8_t(~b)) + carry;
                b = uint8_t(x & 0xff);
                carry = x >> 8;
            }
        }
        return makeBigInt(std::string(mag.begin(), mag.end()));
    }

    static std::string utf8(uint32_t cp)
    {
        std::string out;
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
        return out;
    }
    uint32_t hexDigits(const std::string &s, size_t &i, int n)
    {
        if (i + n > s.size()) fail("bad escape in text string");
        uint32_t v = 0;
        for (int k = 0; k < n; ++k) {
            char c = s[i++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= uint32_t(c - 'A' + 10);
            else
                fail("bad escape in text string");
        }
        return v;
    }
    // Protocol 0 STRING: a Python 2 repr, quoted, with backslash escapes.
    std::string unquote(const std::string &s)
    {
        if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
            fail("STRING argument is not quoted");
        std::string out;
        for (size_t i = 1; i + 1 < s.size();) {
            char c = s[i++];
            if (c != '\\' || i >= s.size() - 1) {
                out += c;
                continue;
            }
            char e = s[i++];
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'v':
                out += '\v';
                break;
            case '\\':
            case '\'':
            case '"':
                out += e;
                break;
            case 'x':
                out += char(hexDigits(s, i, 2));
                break;
            default:
                // Python's escape_decode: up to three octal digits; any other escape keeps its backslash.
                if (e >= '0' && e <= '7') {
                    unsigned v = unsigned(e - '0');
                    for (int k = 0; k < 2 && i + 1 < s.size() && s[i] >= '0' && s[i] <= '7'; ++k)
                        v = v * 8 + unsigned(s[i++] - '0');
                    out += char(v & 0xff);
                } else {
                    out += '\\';
                    out += e;
                }
                break;
            }
        }
        return out;
    }
    // Protocol 0 UNICODE: raw-unicode-escape, only \uXXXX and \UXXXXXXXX are escapes.
    std::string rawUnicode(const std::string &s)
    {
        std::string out;
        for (size_t i = 0; i < s.size();) {
            if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
                int n = s[i + 1] == 'u' ? 4 : 8;
                i += 2;
                uint32_t cp = hexDigits(s, i, n);
                if (cp > 0x10FFFF) fail("bad code point in UNICODE");
                out += utf8(cp);
            } else {
                out += utf8(uint8_t(s[i++])); // latin-1 bytes
            }
        }
        return out;
    }

    Value *memoGet(uint64_t idx)
    {
        if (idx < m_memoSlots.size() && m_memoSlots[size_t(idx)]) return m_memoSlots[size_t(idx)];
        auto it = m_memoFar.find(idx);
        if (it == m_memoFar.end()) fail("memo reference " + std::to_string(idx) + " was never stored");
        return it->second;
    }
    void memoPut(uint64_t idx)
    {
        Value *v = top();
        // Picklers number memo slots 0, 1, 2, ...: a vector serves them without a hash per PUT. An
        // index far past the entries stored so far (a hand-made pickle) goes to the map instead, so
        // the vector never grows faster than the input does.
        if (idx < m_memoSlots.size() || idx <= 2 * m_memoCount + 1024) {
            if (idx == m_memoSlots.size())
                m_memoSlots.push_back(nullptr);
            else if (idx > m_memoSlots.size())
                m_memoSlots.resize(size_t(idx) + 1);
            Value *&slot = m_memoSlots[size_t(idx)];
            if (!slot) {
                const bool wasFar = !m_memoFar.empty() && m_memoFar.erase(idx) > 0;
                if (!wasFar) ++m_memoCount;
            }
            slot = v;
            return;
        }
        if (m_memoFar.insert_or_assign(idx, v).second) ++m_memoCount;
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
                if (size_t *at = findKey(target, key)) {
                    target->items[*at + 1] = kv[i + 1];
                    continue;
                }
            }
            target->items.push_back(kv[i]);
            target->items.push_back(kv[i + 1]);
            if (scalarKey)
                if (auto it = m_dictKeys.find(target); it != m_dictKeys.end())
                    it->second.add(key, target->items.size() - 2);
        }
    }
    // Position of a string or int key already in `target`, or nullptr. Small dicts are scanned;
    // large ones get an index so that a 30,000-key state dict does not cost a quadratic scan.
    size_t *findKey(Value *target, const Value *key)
    {
        constexpr size_t kIndexFrom = 32;
        auto it = m_dictKeys.find(target);
        if (it == m_dictKeys.end()) {
            if (target->items.size() < 2 * kIndexFrom) {
                for (size_t j = 0; j + 1 < target->items.size(); j += 2) {
                    const Value *k = target->items[j];
                    if (k->kind == key->kind && k->text == key->text && k->integer == key->integer) {
                        m_scratchPosition = j;
                        return &m_scratchPosition;
                    }
                }
                return nullptr;
            }
            it = m_dictKeys.emplace(target, DictIndex()).first;
            for (size_t j = 0; j + 1 < target->items.size(); j += 2)
                it->second.add(target->items[j], j);
        }
        return it->second.find(key);
    }
    Value *tupleValue(std::vector<Value *> items)
    {
        return m_shared.tupleValue(std::move(items),
                                   [this](std::vector<Value *> i) { return makeTuple(std::move(i)); });
    }

    Value *persistent(Value *pid)
    {
        if (!m_ctx.persistentLoad) fail("persistent id in a pickle that allows none");
        return m_ctx.persistentLoad(pid);
    }

    void step(uint8_t op);

    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
    size_t m_opPos = 0;
    PickleContext &m_ctx;
    ValueArena &m_arena;
    SharedValues m_shared{m_arena};
    std::vector<Value *> m_stack;
    std::vector<size_t> m_marks;
    std::vector<Value *> m_memoSlots; // nullptr: never stored
    std::unordered_map<uint64_t, Value *> m_memoFar;
    size_t m_memoCount = 0; // distinct indices stored: len(memo), which MEMOIZE uses
    // Positions of string and int keys in large dicts. The views point into key values in the arena.
    struct DictIndex
    {
        std::unordered_map<std::string_view, size_t> strings;
        std::unordered_map<int64_t, size_t> ints;

        void add(const Value *key, size_t position)
        {
            if (key->kind == ValueKind::String)
                strings.emplace(key->text, position);
            else if (key->kind == ValueKind::Int)
                ints.emplace(key->integer, position);
        }
        size_t *find(const Value *key)
        {
            if (key->kind == ValueKind::String) {
                auto it = strings.find(key->text);
                return it == strings.end() ? nullptr : &it->second;
            }
            auto it = ints.find(key->integer);
            return it == ints.end() ? nullptr : &it->second;
        }
    };
    std::unordered_map<const Value *, DictIndex> m_dictKeys;
    size_t m_scratchPosition = 0;
};

void Machine::step(uint8_t op)
{
    switch (op) {
    case PROTO: {
        uint8_t proto = byte();
        if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
        break;
    }
    case FRAME: {
        uint64_t n = le(8);
        if (n > m_size - m_pos) fail("frame runs past the end of the data");
        break;
    }
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

    case NONE:
        push(m_shared.noneValue());
        break;
    case NEWTRUE:
    case NEWFALSE:
        push(m_shared.boolValue(op == NEWTRUE));
        break;
    case INT: {
        std::string s = line();
        if (s == "01" || s == "00") {
            push(m_shared.boolValue(s == "01"));
        } else {
            push(parseDecimal(s));
        }
        break;
    }
    case LONG:
        push(parseDecimal(line()));
        break;
    case BININT:
        push(m_shared.intValue(int32_t(uint32_t(le(4)))));
        break;
    case BININT1:
        push(m_shared.intValue(byte()));
        break;
    case BININT2:
        push(m_shared.intValue(int64_t(le(2))));
        break;
    case LONG1:
    case LONG4: {
        uint64_t n = op == LONG1 ? byte() : le(4);
        if (op == LONG4 && int32_t(uint32_t(n)) < 0) fail("negative LONG4 length");
        if (n > m_ctx.limits.maxBigIntBytes) fail("integer of " + std::to_string(n) + " bytes is too long");
        push(makeBigInt(bytesOf(n)));
        break;
    }
    case FLOAT: {
        // Python's repr, never the C locale: the GUI runs under the user's, maybe with a decimal comma.
        // Like CPython's unpickler: a leading '+' is fine, overflow is an error, underflow is zero.
        std::string s = line();
        const char *first = s.data() + (s.size() > 1 && s[0] == '+' && s[1] != '-' ? 1 : 0);
        const char *last = s.data() + s.size();
        double d = 0;
        auto [end, ec] = std::from_chars(first, last, d);
        const size_t e = s.find_first_of("eE");
        const bool underflow =
            ec == std::errc::result_out_of_range && e != std::string::npos && s[e + 1] == '-';
        if (first == last || end != last || (ec != std::errc() && !underflow)) fail("bad float literal");
        if (underflow) d = s[0] == '-' ? -0.0 : 0.0;
        Value *f = make(ValueKind::Float);
        f->real = d;
        push(f);
        break;
    }
    case BINFLOAT: {
        uint64_t bits = 0;
        const uint8_t *p = take(8);
        for (int i = 0; i < 8; ++i) // big-endian, unlike every other pickle number
            bits = (bits << 8) | p[i];
        double d;
        std::memcpy(&d, &bits, 8);
        Value *f = make(ValueKind::Float);
        f->real = d;
        push(f);
        break;
    }

    case STRING:
    case BINSTRING:
    case SHORT_BINSTRING: {
        // Python 2 str: decoded as latin-1 text, which is what torch.load(encoding=...) defaults to.
        std::string raw = op == STRING      ? unquote(line())
                          : op == BINSTRING ? bytesOf(uint32_t(le(4)))
                                            : bytesOf(byte());
        std::string text;
        for (unsigned char c : raw)
            text += utf8(c);
        push(m_arena.makeString(std::move(text)));
        break;
    }
    case UNICODE:
        push(m_arena.makeString(rawUnicode(line())));
        break;
    case BINUNICODE:
        push(m_arena.makeString(bytesOf(le(4))));
        break;
    case SHORT_BINUNICODE:
        push(m_arena.makeString(bytesOf(byte())));
        break;
    case BINUNICODE8:
        push(m_arena.makeString(bytesOf(le(8))));
        break;
    case BINBYTES:
    case SHORT_BINBYTES:
    case BINBYTES8:
    case BYTEARRAY8: {
        uint64_t n = op == SHORT_BINBYTES ? byte() : op == BINBYTES ? le(4) : le(8);
        Value *b = make(ValueKind::Bytes);
        b->text = bytesOf(n);
        push(b);
        break;
    }
    case NEXT_BUFFER:
    case READONLY_BUFFER:
        fail("out-of-band buffers (pickle protocol 5) are not supported");

    case EMPTY_LIST:
        push(make(ValueKind::List));
        break;
    case EMPTY_DICT:
        push(make(ValueKind::Dict));
        break;
    case EMPTY_SET:
        push(make(ValueKind::Set));
        break;
    case EMPTY_TUPLE:
        push(tupleValue({}));
        break;
    case TUPLE:
        push(tupleValue(popMark()));
        break;
    case TUPLE1:
    case TUPLE2:
    case TUPLE3: {
        size_t n = op - TUPLE1 + 1;
        std::vector<Value *> items(n);
        for (size_t i = n; i-- > 0;)
            items[i] = pop();
        push(tupleValue(std::move(items)));
        break;
    }
    case LIST: {
        Value *l = make(ValueKind::List);
        appendTo(l, popMark());
        push(l);
        break;
    }
    case DICT: {
        Value *d = make(ValueKind::Dict);
        setItems(d, popMark());
        push(d);
        break;
    }
    case FROZENSET: {
        Value *s = make(ValueKind::Set);
        for (Value *v : popMark()) {
            noteChild(s, v, m_ctx);
            s->items.push_back(v);
        }
        push(s);
        break;
    }
    case APPEND: {
        Value *v = pop();
        appendTo(top(), {v});
        break;
    }
    case APPENDS: {
        std::vector<Value *> items = popMark();
        appendTo(top(), std::move(items));
        break;
    }
    case SETITEM: {
        Value *v = pop();
        Value *k = pop();
        setItems(top(), {k, v});
        break;
    }
    case SETITEMS: {
        std::vector<Value *> kv = popMark();
        setItems(top(), kv);
        break;
    }
    case ADDITEMS: {
        std::vector<Value *> items = popMark();
        Value *s = top();
        if (s->kind != ValueKind::Set) fail(std::string("ADDITEMS on a ") + valueKindName(s->kind));
        for (Value *v : items) {
            noteChild(s, v, m_ctx);
            s->items.push_back(v);
        }
        break;
    }

    case GET: {
        std::string s = line();
        char *end = nullptr;
        unsigned long long idx = std::strtoull(s.c_str(), &end, 10);
        if (s.empty() || *end) fail("bad GET index");
        push(memoGet(idx));
        break;
    }
    case BINGET:
        push(memoGet(byte()));
        break;
    case LONG_BINGET:
        push(memoGet(le(4)));
        break;
    case PUT: {
        std::string s = line();
        char *end = nullptr;
        unsigned long long idx = std::strtoull(s.c_str(), &end, 10);
        if (s.empty() || *end) fail("bad PUT index");
        memoPut(idx);
        break;
    }
    case BINPUT:
        memoPut(byte());
        break;
    case LONG_BINPUT:
        memoPut(le(4));
        break;
    case MEMOIZE:
        memoPut(m_memoCount);
        break;

    case GLOBAL: {
        std::string module = line();
        std::string name = line();
        push(makeGlobal(module, name));
        break;
    }
    case STACK_GLOBAL: {
        Value *name = pop();
        Value *module = pop();
        if (!module->isString() || !name->isString()) fail("STACK_GLOBAL needs two strings");
        push(makeGlobal(module->text, name->text));
        break;
    }
    case EXT1:
    case EXT2:
    case EXT4: {
        uint64_t code = op == EXT1 ? byte() : op == EXT2 ? le(2) : le(4);
        // The copyreg extension registry maps codes to arbitrary callables; we never consult it.
        push(makeGlobal("copyreg", "_extension_registry[" + std::to_string(code) + "]"));
        break;
    }
    case REDUCE: {
        Value *args = pop();
        Value *callee = pop();
        push(callGlobal(m_ctx, callee, args));
        break;
    }
    case NEWOBJ: {
        Value *args = pop();
        Value *cls = pop();
        push(newObject(m_ctx, cls, args));
        break;
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
        push(obj);
        break;
    }
    case INST: {
        std::string module = line();
        std::string name = line();
        Value *cls = makeGlobal(module, name);
        std::vector<Value *> args = popMark();
        push(newObject(m_ctx, cls, makeTuple(std::move(args))));
        break;
    }
    case OBJ: {
        std::vector<Value *> items = popMark();
        if (items.empty()) fail("OBJ without a class");
        Value *cls = items.front();
        items.erase(items.begin());
        push(newObject(m_ctx, cls, makeTuple(std::move(items))));
        break;
    }
    case BUILD: {
        Value *state = pop();
        buildObject(m_ctx, top(), state);
        break;
    }
    case PERSID:
        push(persistent(m_arena.makeString(line())));
        break;
    case BINPERSID:
        push(persistent(pop()));
        break;

    default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("unknown opcode ") + hex);
    }
    }
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
