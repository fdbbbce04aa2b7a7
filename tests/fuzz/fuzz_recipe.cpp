// libFuzzer target: the recipe parser (KeyMap::fromJson) and the mapping it describes, applied to a
// typical key list, then written back and parsed again (fuzz_checks.h).

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
    if (size > 4096) // long recipes add nothing but regex time
        return 0;
    const std::string problem = statelens_fuzz::checkRecipe(data, size);
    if (!problem.empty()) {
        std::fprintf(stderr, "fuzz_recipe: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
