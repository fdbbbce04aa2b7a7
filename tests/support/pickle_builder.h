#pragma once
// Helpers for the pickle VM tests: a byte emitter that keeps hand-written pickles readable, a VM
// fixture, and a canonical text form of a decoded value tree for comparing against expectations.

#include "format/pickle_opcodes.h"
#include "format/pickle_vm.h"
#include "format/torch_globals.h"

#include <QByteArray>
#include <QString>
#include <QTest>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace sl_test {

// Opcode bytes, named as in CPython's Lib/pickle.py: the format layer's one table.
namespace op = ::sl::pickle;

struct PickleBuilder
{
    std::string bytes;

    template <typename... More> PickleBuilder &op(uint8_t o, More... more)
    {
        bytes += char(o);
        (bytes.push_back(char(uint8_t(more))), ...);
        return *this;
    }
    PickleBuilder &raw(const std::string &s)
    {
        bytes += s;
        return *this;
    }
    // A protocol 0 text argument: the text and its terminating newline.
    PickleBuilder &line(const std::string &s)
    {
        bytes += s;
        bytes += '\n';
        return *this;
    }
    PickleBuilder &le(uint64_t v, int n)
    {
        for (int i = 0; i < n; ++i)
            bytes += char((v >> (8 * i)) & 0xff);
        return *this;
    }
    PickleBuilder &proto(int p) { return op(op::PROTO).le(uint64_t(p), 1); }
    PickleBuilder &stop() { return op(op::STOP); }
    PickleBuilder &mark() { return op(op::MARK); }
    PickleBuilder &binint(int32_t v) { return op(op::BININT).le(uint32_t(v), 4); }
    PickleBuilder &binint1(uint8_t v) { return op(op::BININT1).le(v, 1); }
    PickleBuilder &binint2(uint16_t v) { return op(op::BININT2).le(v, 2); }
    // The smallest integer opcode that holds v, as CPython's pickler chooses.
    PickleBuilder &integer(int64_t v)
    {
        if (v >= 0 && v < 256) return binint1(uint8_t(v));
        if (v >= 0 && v < 65536) return binint2(uint16_t(v));
        return binint(int32_t(v));
    }
    PickleBuilder &binunicode(const std::string &s) { return op(op::BINUNICODE).le(s.size(), 4).raw(s); }
    PickleBuilder &shortBinunicode(const std::string &s)
    {
        return op(op::SHORT_BINUNICODE).le(s.size(), 1).raw(s);
    }
    PickleBuilder &global(const std::string &module, const std::string &name)
    {
        return op(op::GLOBAL).line(module).line(name);
    }
    PickleBuilder &binput(uint8_t i) { return op(op::BINPUT).le(i, 1); }
    PickleBuilder &binget(uint8_t i) { return op(op::BINGET).le(i, 1); }
    PickleBuilder &boolean(bool b) { return op(b ? op::NEWTRUE : op::NEWFALSE); }
    PickleBuilder &binfloat(double d)
    {
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        for (int i = 7; i >= 0; --i) // big-endian on the wire
            bytes += char((bits >> (8 * i)) & 0xff);
        return *this;
    }
    PickleBuilder &intTuple(std::initializer_list<int64_t> values)
    {
        if (values.size() == 0) return op(op::EMPTY_TUPLE);
        mark();
        for (int64_t v : values)
            integer(v);
        return op(op::TUPLE);
    }
    // `collections.OrderedDict()`, torch's placeholder for backward hooks.
    PickleBuilder &emptyOrderedDict()
    {
        return global("collections", "OrderedDict").op(op::EMPTY_TUPLE).op(op::REDUCE);
    }

    QByteArray data() const { return QByteArray::fromStdString(bytes); }
};

// A protocol 2 pickle, the protocol torch.save writes.
inline PickleBuilder p2()
{
    return PickleBuilder().proto(2);
}

// One PickleContext over its own ParsedFile.
struct Vm
{
    sl::ParsedFile file;
    sl::PickleContext ctx{file};

    sl::Value *load(const std::string &bytes)
    {
        return sl::loadPickle(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), ctx);
    }
    sl::Value *load(const PickleBuilder &b) { return load(b.bytes); }
};

// What loading throws, or "" when it does not throw a FormatError. Other exceptions propagate,
// so QtTest reports them as failures.
inline QString formatErrorOf(Vm &vm, const std::string &bytes)
{
    try {
        vm.load(bytes);
    } catch (const sl::FormatError &e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

inline QByteArray bytesOf(const std::string &s)
{
    return QByteArray::fromStdString(s);
}
inline QString str(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// Tables that map a pickle to the canonical text of what it decodes to.
inline void canonColumns()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
}
inline void canonRow(const char *name, const PickleBuilder &b, const char *expected)
{
    QTest::newRow(name) << b.data() << str(expected);
}

// Decimal text of a little-endian two's complement integer, any length.
inline std::string bigIntDecimal(const std::string &le)
{
    std::vector<uint8_t> mag(le.begin(), le.end());
    const bool negative = !mag.empty() && (mag.back() & 0x80);
    if (negative) {
        unsigned carry = 1;
        for (auto &b : mag) {
            unsigned x = unsigned(uint8_t(~b)) + carry;
            b = uint8_t(x & 0xff);
            carry = x >> 8;
        }
    }
    std::string digits;
    for (;;) {
        bool nonZero = false;
        unsigned rem = 0;
        for (size_t i = mag.size(); i-- > 0;) {
            unsigned cur = rem * 256 + mag[i];
            mag[i] = uint8_t(cur / 10);
            rem = cur % 10;
            nonZero = nonZero || mag[i] != 0;
        }
        digits += char('0' + rem);
        if (!nonZero) break;
    }
    if (negative) digits += '-';
    return std::string(digits.rbegin(), digits.rend());
}

inline std::string hexOf(const std::string &s)
{
    std::string out;
    char buf[3];
    for (unsigned char c : s) {
        std::snprintf(buf, sizeof buf, "%02x", c);
        out += buf;
    }
    return out;
}

inline std::string floatText(double d)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
}

// A canonical, order-preserving text of a value tree. The Python side of the round-trip test prints
// the same notation, so any difference is a decoding difference. Cycles print as <cycle>.
inline std::string canon(const sl::Value *v, std::set<const sl::Value *> &onPath)
{
    using sl::ValueKind;
    if (!v) return "null";
    auto join = [&](const std::vector<sl::Value *> &items, const char *open, const char *close) {
        std::string out = open;
        for (size_t i = 0; i < items.size(); ++i)
            out += (i ? ", " : "") + canon(items[i], onPath);
        return out + close;
    };
    switch (v->kind) {
    case ValueKind::None:
        return "None";
    case ValueKind::Bool:
        return v->integer ? "True" : "False";
    case ValueKind::Int:
        return std::to_string(v->integer);
    case ValueKind::BigInt:
        return bigIntDecimal(v->text);
    case ValueKind::Float:
        return floatText(v->real);
    case ValueKind::Complex:
        return "complex(" + floatText(v->real) + ", " + floatText(v->imag) + ")";
    case ValueKind::String:
        return "'" + v->text + "'";
    case ValueKind::Bytes:
        return "b'" + hexOf(v->text) + "'";
    case ValueKind::Global:
        return "global:" + v->text;
    case ValueKind::Tensor:
        return "tensor#" + std::to_string(v->tensorIndex);
    case ValueKind::Storage:
        return "storage#" + std::to_string(v->storageIndex);
    case ValueKind::Dtype:
        return "torch." + v->text;
    case ValueKind::Device:
        return "device:" + v->text;
    case ValueKind::Layout:
        return "layout:" + v->text;
    default:
        break;
    }
    if (!onPath.insert(v).second) return "<cycle>";
    std::string out;
    switch (v->kind) {
    case ValueKind::List:
        out = join(v->items, "[", "]");
        break;
    case ValueKind::Tuple:
        out = join(v->items, "(", ")");
        break;
    case ValueKind::Set:
        out = join(v->items, "set{", "}");
        break;
    case ValueKind::Dict: {
        out = v->ordered ? "OrderedDict{" : "{";
        for (size_t i = 0; i < v->dictSize(); ++i)
            out += (i ? ", " : "") + canon(v->dictKey(i), onPath) + ": " + canon(v->dictValue(i), onPath);
        out += "}";
        break;
    }
    default: // Object
        out = v->text + (v->args ? canon(v->args, onPath) : std::string("()"));
        if (!v->items.empty()) out += join(v->items, "+[", "]");
        if (v->state) out += ".state=" + canon(v->state, onPath);
        break;
    }
    onPath.erase(v);
    return out;
}

inline QString canon(const sl::Value *v)
{
    std::set<const sl::Value *> onPath;
    return QString::fromStdString(canon(v, onPath));
}

} // namespace sl_test

Q_DECLARE_METATYPE(sl::ValueKind)
