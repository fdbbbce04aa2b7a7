// libFuzzer target: the whole open path. The bytes are written to a file and opened with
// Checkpoint::open, so format sniffing and the zip, legacy, TorchScript and safetensors readers all
// run; input that starts like JSON is also opened as `x.index.json` (beside two small shards). A file
// that opens must not lie about bounds: tensors' bytes are read and statistics computed (fuzz_checks.h).

#include "fuzz_checks.h"

#include <cstdio>
#include <cstdlib>

namespace {
std::string g_dir;
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    statelens_fuzz::abortOnQtWarnings();
    char tmpl[] = "/tmp/statelens-fuzz-open-XXXXXX";
    if (!::mkdtemp(tmpl) || !statelens_fuzz::prepareOpenDir(tmpl)) {
        std::fprintf(stderr, "fuzz_open: cannot prepare a temporary folder\n");
        std::abort();
    }
    g_dir = tmpl;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem = statelens_fuzz::checkOpen(g_dir, data, size);
    if (!problem.empty()) {
        std::fprintf(stderr, "fuzz_open: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
