#include "format/weights_only_globals.h"

#include "format/dtype.h"

#include <set>
#include <unordered_set>

namespace sl {
namespace {

// The fixed names of torch/_weights_only_unpickler.py's _get_allowed_globals() in PyTorch 2.6,
// including _tensor_rebuild_functions(). Dtypes, qschemes and the legacy tensor and storage classes
// are families, matched below.
const std::unordered_set<std::string> &fixedNames()
{
    static const std::unordered_set<std::string> names = {
        "collections.OrderedDict",
        "collections.Counter",
        "torch.nn.parameter.Parameter",
        "torch.serialization._get_layout",
        "torch.Size",
        "torch.Tensor",
        "torch.device",
        "_codecs.encode",
        "builtins.bytearray",
        "builtins.set",
        "builtins.complex",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_qtensor",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_sparse_tensor",
        "torch._utils._rebuild_meta_tensor_no_storage",
        "torch._utils._rebuild_nested_tensor",
        "torch._utils._rebuild_wrapper_subclass",
        "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor",
        "torch._tensor._rebuild_from_type_v2",
        "torch.per_tensor_affine",
        "torch.per_tensor_symmetric",
        "torch.per_channel_affine",
        "torch.per_channel_symmetric",
        "torch.per_channel_affine_float_qparams",
        "torch.storage.TypedStorage",
        "torch.storage.UntypedStorage",
    };
    return names;
}

bool isLegacyTensorClass(const std::string &module, const std::string &name)
{
    static const char *const prefixes[] = {"Double", "Float", "Half", "BFloat16", "Long",
                                           "Int",    "Short", "Char", "Byte",     "Bool"};
    if (module != "torch" && module != "torch.cuda" && module != "torch.sparse" &&
        module != "torch.cuda.sparse")
        return false;
    for (const char *p : prefixes)
        if (name == std::string(p) + "Tensor") return true;
    return false;
}

// Python 2 module names that protocol-2 pickles carry; torch maps them before the lookup too.
std::string normalised(const std::string &full)
{
    if (full.rfind("__builtin__.", 0) == 0) return "builtins." + full.substr(12);
    if (full.rfind("copy_reg.", 0) == 0) return "copyreg." + full.substr(9);
    return full;
}

} // namespace

bool weightsOnlyAllowsGlobal(const std::string &name)
{
    const std::string full = normalised(name);
    if (fixedNames().count(full)) return true;
    const size_t dot = full.rfind('.');
    if (dot == std::string::npos) return false;
    const std::string module = full.substr(0, dot), leaf = full.substr(dot + 1);
    // str(dtype) for every dtype torch knows: the legacy storage map plus _new_dtypes().
    if (module == "torch" && dtypeFromTorchName(leaf) != DType::Unknown) return true;
    if ((module == "torch" || module == "torch.cuda") && dtypeFromStorageClass(leaf) != DType::Unknown)
        return true;
    return isLegacyTensorClass(module, leaf);
}

WeightsOnlyVerdict weightsOnlyVerdict(const ParsedFile &file)
{
    // Every GLOBAL the VM resolved left a Global node in an arena (dtypes become Dtype nodes, which are
    // all allowed), so the arenas list each name the pickles hold, wherever it was used.
    std::set<std::string> blockers(file.unsafeGlobals.begin(), file.unsafeGlobals.end());
    for (const auto &arena : file.arenas) {
        for (const Value &v : arena->nodes())
            if (v.kind == ValueKind::Global && !blockers.count(v.text) && !weightsOnlyAllowsGlobal(v.text))
                blockers.insert(v.text);
    }
    WeightsOnlyVerdict verdict;
    verdict.blockers.assign(blockers.begin(), blockers.end());
    verdict.loadable =
        verdict.blockers.empty() && (file.format == FileFormat::Zip || file.format == FileFormat::Legacy);
    return verdict;
}

} // namespace sl
