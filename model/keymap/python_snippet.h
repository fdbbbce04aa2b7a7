#pragma once
// "Copy as Python": the same key mapping as snippets for the tools people already use — an
// mmengine `revise_keys` list, a transformers `key_mapping` dict, and a plain dict comprehension.

#include "keymap/key_map.h"

#include <QString>

#include <vector>

namespace sl {

// Each rule as a (pattern, replacement) pair for Python's re.sub; drop rules have no equivalent
// there and are returned in `dropPatterns`.
std::vector<std::pair<QString, QString>> rulesAsRegexPairs(const KeyMap &map, QStringList *dropPatterns);

// With transforms in the map, pythonTransformsSnippet's code instead (`mapping` is then unused).
QString pythonSnippet(const KeyMap &map, const std::vector<MappedKey> &mapping);

// Python's repr of a str: 'text' with backslashes and quotes escaped.
QString pythonString(const QString &s);
// r'...' when the text allows a raw literal, else an escaped '...'.
QString pythonRegexLiteral(const QString &s);
// re.escape for the characters that can occur in state-dict keys.
QString pythonRegexEscape(const QString &s);

} // namespace sl
