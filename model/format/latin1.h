#pragma once
// The one Latin-1 codec: pickles carry Python 2 str and protocol-2 bytes as Latin-1, whose byte values
// are their code points, while the value tree holds UTF-8 text.

#include <cstdint>
#include <string>

namespace sl {

// Appends code point `cp` (at most U+10FFFF) as UTF-8.
void appendUtf8(std::string &out, uint32_t cp);
// Latin-1 bytes as UTF-8 text: each byte is the code point of the same value.
std::string latin1ToUtf8(const std::string &bytes);
// The inverse, for text that only holds code points up to U+00FF. False (and `bytes` incomplete)
// when it holds anything else.
bool utf8ToLatin1(const std::string &text, std::string &bytes);

} // namespace sl
