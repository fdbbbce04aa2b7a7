#include "format/pickle_literals.h"

#include "format/latin1.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <system_error>
#include <vector>

namespace sl::pickle {
namespace {

uint32_t hexDigits(const std::string &s, size_t &i, int n)
{
    if (i + n > s.size()) throw LiteralError("bad escape in text string");
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
            throw LiteralError("bad escape in text string");
    }
    return v;
}

// The byte that a one-letter escape stands for, or -1.
int simpleEscape(char e)
{
    switch (e) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case '\\':
    case '\'':
    case '"':
        return e;
    default:
        return -1;
    }
}

} // namespace

std::string unquoteString(const std::string &s)
{
    if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
        throw LiteralError("STRING argument is not quoted");
    std::string out;
    for (size_t i = 1; i + 1 < s.size();) {
        char c = s[i++];
        if (c != '\\' || i >= s.size() - 1) {
            out += c;
            continue;
        }
        char e = s[i++];
        if (int simple = simpleEscape(e); simple >= 0) {
            out += char(simple);
        } else if (e == 'x') {
            out += char(hexDigits(s, i, 2));
        } else if (e >= '0' && e <= '7') {
            // Python's escape_decode: up to three octal digits; any other escape keeps its backslash.
            unsigned v = unsigned(e - '0');
            for (int k = 0; k < 2 && i + 1 < s.size() && s[i] >= '0' && s[i] <= '7'; ++k)
                v = v * 8 + unsigned(s[i++] - '0');
            out += char(v & 0xff);
        } else {
            out += '\\';
            out += e;
        }
    }
    return out;
}

std::string rawUnicodeToUtf8(const std::string &s)
{
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
            int n = s[i + 1] == 'u' ? 4 : 8;
            i += 2;
            uint32_t cp = hexDigits(s, i, n);
            if (cp > 0x10FFFF) throw LiteralError("bad code point in UNICODE");
            appendUtf8(out, cp);
        } else {
            appendUtf8(out, uint8_t(s[i++])); // latin-1 bytes
        }
    }
    return out;
}

DecimalInt parseDecimal(std::string s, size_t maxBigIntBytes)
{
    if (!s.empty() && s.back() == 'L') s.pop_back();
    errno = 0;
    char *end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') throw LiteralError("bad integer literal");
    if (errno != ERANGE) return {false, v, {}};
    // Too large for int64: convert to little-endian two's complement with schoolbook arithmetic.
    bool negative = s[0] == '-';
    std::vector<uint8_t> mag;
    for (size_t i = (negative || s[0] == '+') ? 1 : 0; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') throw LiteralError("bad integer literal");
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
        if (mag.size() > maxBigIntBytes) throw LiteralError("integer literal too long");
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
    return {true, 0, std::string(mag.begin(), mag.end())};
}

double parseFloatRepr(const std::string &s)
{
    const char *first = s.data() + (s.size() > 1 && s[0] == '+' && s[1] != '-' ? 1 : 0);
    const char *last = s.data() + s.size();
    double d = 0;
    auto [end, ec] = std::from_chars(first, last, d);
    const size_t e = s.find_first_of("eE");
    const bool underflow = ec == std::errc::result_out_of_range && e != std::string::npos && s[e + 1] == '-';
    if (first == last || end != last || (ec != std::errc() && !underflow))
        throw LiteralError("bad float literal");
    if (underflow) d = s[0] == '-' ? -0.0 : 0.0;
    return d;
}

} // namespace sl::pickle
