#pragma once
// "Copy as Python" for recipes that change tensors: runnable PyTorch code that applies every rule in
// order to an OrderedDict `state_dict` (from torch.load), with the plan's key-order rules.

#include "keymap/key_map.h"

#include <QString>

namespace sl {

// The whole program: imports, a few helpers, then one statement per rule. Renames become re.sub,
// drops re.fullmatch filters, and each tensor op the torch calls that define it (docs/cli.md).
QString pythonTransformsSnippet(const KeyMap &map);

} // namespace sl
