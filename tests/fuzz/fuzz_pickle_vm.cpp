// libFuzzer target: the safe pickle VM (sl::loadPickle) over arbitrary bytes, with persistent ids
// resolved as the zip reader does, and the decoded tree written back by PickleWriter (fuzz_checks.h).

#include "fuzz_checks.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    statelens_fuzz::abortOnQtWarnings();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem = statelens_fuzz::checkPickle(data, size);
    if (!problem.empty()) {
        std::fprintf(stderr, "fuzz_pickle_vm: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
