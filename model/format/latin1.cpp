#include "format/latin1.h"

namespace sl {

void appendUtf8(std::string &out, uint32_t cp)
{
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
}

std::string latin1ToUtf8(const std::string &bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes)
        appendUtf8(out, c);
    return out;
}

bool utf8ToLatin1(const std::string &text, std::string &bytes)
{
    bytes.clear();
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = text[i];
        if (c < 0x80) {
            bytes += char(c);
        } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
            unsigned cp = ((c & 0x1F) << 6) | (uint8_t(text[++i]) & 0x3F);
            if (cp > 0xFF) return false;
            bytes += char(cp);
        } else {
            return false;
        }
    }
    return true;
}

} // namespace sl
