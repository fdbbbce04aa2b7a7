#pragma once
// Export of a remapped checkpoint: a torch.save zip that keeps the whole original object tree with only
// the state dict renamed, or a safetensors file. Streams storages from the memory map; atomic; verified.

#include "format/dtype.h"
#include "keymap/key_map.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sl {

class Checkpoint;

struct ExportOptions
{
    enum Format { Pth, Safetensors };
    Format format = Pth;
    // Float16 or BFloat16: float32 state-dict tensors are written in that type. Unknown: no change.
    DType convertFloat32To = DType::Unknown;
    // The rules that made the mapping, if the caller has them: a `_metadata` module prefix p then moves
    // exactly as a key "p.<leaf>" would. Without them (or where a rule rewrites the leaf itself) a
    // prefix moves like the keys below it, when they all move together.
    std::vector<KeyRule> rules;
    // A copy that PyTorch's weights_only loader reads (.pth only): foreign objects in the tree are
    // converted to plain values or dropped, from the parsed tree, never by running anything.
    bool weightsOnly = false;
};

// `mapping` holds one MappedKey per checkpoint entry, in entries() order (KeyMap::apply's output).
//
// .pth: zip and legacy inputs keep their whole object tree (optimizer, epoch, hyper-parameters, opaque
// objects as the globals they were); only the state-dict root is replaced by the renamed dict, of the
// same kind, with its non-tensor entries and its `_metadata` (module prefixes renamed like the keys).
// A pickled nn.Module or bare-tensor root, and TorchScript, safetensors and index inputs, are written
// as a plain OrderedDict state dict. The output is always the zip format (legacy input included).
//
// .safetensors: one contiguous copy per kept tensor (tied weights become separate copies).
//
// The file appears at `outPath` only when complete, flushed and re-read successfully; a failure or a
// cancel (progress returning false) leaves neither it nor a temporary file. `progress` gets bytes.
// Returns false with a one-line `error` (which never contains the output path). `notes`, if given, gets
// a line for each object a weights-only copy converted or dropped ("converted a/b: X -> dict").
bool exportCheckpoint(const Checkpoint &c, const std::vector<MappedKey> &mapping, const QString &outPath,
                      const ExportOptions &opt,
                      const std::function<bool(int64_t done, int64_t total)> &progress, std::string *error,
                      std::vector<std::string> *notes = nullptr);

// "pth" or "safetensors" from the file name's extension (.safetensors; anything else is pth).
ExportOptions::Format exportFormatForPath(const QString &path);

} // namespace sl
