#pragma once
// Which pickle globals PyTorch 2.6's weights_only unpickler accepts (`_get_allowed_globals`), so a
// report can say whether `torch.load` with its default since 2.6 would refuse a file, and why.

#include "format/parsed_file.h"

#include <string>
#include <vector>

namespace sl {

struct WeightsOnlyVerdict
{
    bool loadable = false;
    // Every global the file names outside the allow-list, sorted, spelled "module.name".
    std::vector<std::string> blockers;
};

// True when torch 2.6's weights_only loader would import the global named `full` ("module.name").
bool weightsOnlyAllowsGlobal(const std::string &full);

// Scans every global the file's pickles named. Only torch.save files (zip and legacy) can be loadable:
// torch.load refuses TorchScript archives with weights_only=True and reads no safetensors or index.
WeightsOnlyVerdict weightsOnlyVerdict(const ParsedFile &file);

} // namespace sl
