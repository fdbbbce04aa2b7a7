#pragma once
// Recovers state_dict() from a whole pickled nn.Module without its class: walks _parameters,
// _buffers and _modules and names keys the way Module.state_dict() does.

#include "document/root_finder.h"

namespace sl {

std::vector<StateEntry> moduleStateDict(const Value *module);

} // namespace sl
