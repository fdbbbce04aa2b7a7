#include "format/value.h"

#include <charconv>
#include <cstdlib>

#include <sys/mman.h>

namespace sl {

namespace {

constexpr size_t kFirstBlockNodes = 512;
constexpr size_t kHugePageBytes = size_t(2) << 20;

// Later blocks are one 2 MiB transparent huge page each. A 30,000-key state dict makes ~240,000
// nodes (29 MiB): in 4 KiB pages that is 7,000 page faults, which cost ~7 us each on the VMs we
// measured, more than decoding the pickle. The first block stays small for the many tiny pickles.
Value *allocateHugeBlock()
{
    void *p = std::aligned_alloc(kHugePageBytes, kHugePageBytes);
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, kHugePageBytes, MADV_HUGEPAGE); // advice only: without it the block works the same
#endif
    return static_cast<Value *>(p);
}

} // namespace

void ValueArena::addBlock()
{
    if (m_blocks.empty()) {
        m_blocks.reserve(16);
        auto *nodes = static_cast<Value *>(::operator new(kFirstBlockNodes * sizeof(Value)));
        m_blocks.push_back({nodes, 0, kFirstBlockNodes, false});
        return;
    }
    if (m_blocks.size() == m_blocks.capacity())
        m_blocks.reserve(2 * m_blocks.size()); // before allocating, so that push_back cannot throw
    m_blocks.push_back({allocateHugeBlock(), 0, kHugePageBytes / sizeof(Value), true});
}

ValueArena::~ValueArena()
{
    for (Block &b : m_blocks) {
        for (size_t i = 0; i < b.used; ++i)
            b.nodes[i].~Value();
        if (b.huge)
            std::free(b.nodes);
        else
            ::operator delete(b.nodes);
    }
}

Value *Value::dictGet(const std::string &key) const
{
    if (kind != ValueKind::Dict) return nullptr;
    for (size_t i = 0; i + 1 < items.size(); i += 2)
        if (items[i]->kind == ValueKind::String && items[i]->text == key) return items[i + 1];
    return nullptr;
}

const char *valueKindName(ValueKind k)
{
    switch (k) {
    case ValueKind::None:
        return "None";
    case ValueKind::Bool:
        return "bool";
    case ValueKind::Int:
        return "int";
    case ValueKind::BigInt:
        return "int";
    case ValueKind::Float:
        return "float";
    case ValueKind::Complex:
        return "complex";
    case ValueKind::String:
        return "str";
    case ValueKind::Bytes:
        return "bytes";
    case ValueKind::List:
        return "list";
    case ValueKind::Tuple:
        return "tuple";
    case ValueKind::Dict:
        return "dict";
    case ValueKind::Set:
        return "set";
    case ValueKind::Global:
        return "global";
    case ValueKind::Object:
        return "object";
    case ValueKind::Tensor:
        return "tensor";
    case ValueKind::Storage:
        return "storage";
    case ValueKind::Dtype:
        return "dtype";
    case ValueKind::Device:
        return "device";
    case ValueKind::Layout:
        return "layout";
    }
    return "?";
}

// Shortest text that reads back the same, as Python's repr; std::to_chars ignores the C locale,
// which the GUI sets from the user's environment (a German locale would print "0,001").
static std::string formatDouble(double d)
{
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) return "nan";
    std::string s(buf, end);
    if (s.find_first_of(".eni") == std::string::npos) s += ".0"; // 1.0, not 1: the value is a float
    return s;
}

std::string valueSummary(const Value *v)
{
    if (!v) return "None";
    switch (v->kind) {
    case ValueKind::None:
        return "None";
    case ValueKind::Bool:
        return v->integer ? "True" : "False";
    case ValueKind::Int:
        return std::to_string(v->integer);
    case ValueKind::BigInt:
        return "<" + std::to_string(v->text.size() * 8) + "-bit int>";
    case ValueKind::Float:
        return formatDouble(v->real);
    case ValueKind::Complex:
        return "(" + formatDouble(v->real) + "+" + formatDouble(v->imag) + "j)";
    case ValueKind::String: {
        std::string s = v->text.size() > 80 ? v->text.substr(0, 77) + "..." : v->text;
        return "'" + s + "'";
    }
    case ValueKind::Bytes:
        return "<" + std::to_string(v->text.size()) + " bytes>";
    case ValueKind::List:
        return "list[" + std::to_string(v->items.size()) + "]";
    case ValueKind::Tuple:
        return "tuple[" + std::to_string(v->items.size()) + "]";
    case ValueKind::Dict:
        return std::string(v->ordered ? "OrderedDict[" : "dict[") + std::to_string(v->dictSize()) + "]";
    case ValueKind::Set:
        return "set[" + std::to_string(v->items.size()) + "]";
    case ValueKind::Global:
        return v->text;
    case ValueKind::Object:
        return v->text + "(...)";
    case ValueKind::Tensor:
        return "tensor";
    case ValueKind::Storage:
        return "storage";
    case ValueKind::Dtype:
        return "torch." + v->text;
    case ValueKind::Device:
        return "device('" + v->text + "')";
    case ValueKind::Layout:
        return v->text;
    }
    return "?";
}

} // namespace sl
