#pragma once
// Protocol 0 writes its arguments as text: Python 2 string reprs, raw-unicode-escape text, decimal
// integers and float reprs. These decode them as CPython's unpickler does.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace sl::pickle {

// A literal that CPython would refuse. The VM adds the opcode's offset to the message.
struct LiteralError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// STRING: a quoted Python 2 repr with backslash escapes, as raw bytes.
std::string unquoteString(const std::string &s);
// UNICODE: raw-unicode-escape, where only \uXXXX and \UXXXXXXXX are escapes, as UTF-8.
std::string rawUnicodeToUtf8(const std::string &s);

// INT and LONG: an int64 when it fits, else the value as little-endian two's complement.
struct DecimalInt
{
    bool big = false;
    int64_t value = 0;
    std::string littleEndian;
};
DecimalInt parseDecimal(std::string s, size_t maxBigIntBytes);
// FLOAT: Python's repr, never the C locale. A leading '+' is fine, overflow is an error, underflow zero.
double parseFloatRepr(const std::string &s);

} // namespace sl::pickle
