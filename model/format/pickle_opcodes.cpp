#include "format/pickle_opcodes.h"

#include <array>

namespace sl::pickle {
namespace {

struct OpInfo
{
    const char *name = nullptr;
    OpFamily family = OpFamily::Unknown;
};

// Indexed by byte, so that the VM finds an opcode's family without a search.
constexpr std::array<OpInfo, 256> makeTable()
{
    std::array<OpInfo, 256> table{};
#define SL_PICKLE_OP_ROW(name, code, family) table[uint8_t(code)] = OpInfo{#name, OpFamily::family};
    SL_PICKLE_OPCODES(SL_PICKLE_OP_ROW)
#undef SL_PICKLE_OP_ROW
    return table;
}

constexpr std::array<OpInfo, 256> kTable = makeTable();

} // namespace

OpFamily opFamily(uint8_t code)
{
    return kTable[code].family;
}

const char *opName(uint8_t code)
{
    return kTable[code].name;
}

} // namespace sl::pickle
