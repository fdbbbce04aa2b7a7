#pragma once
// Export of a remapped checkpoint: a torch.save zip that keeps the whole original object tree with only
// the state dict renamed, or a safetensors file. Streams storages from the memory map; atomic; verified.

#include "format/dtype.h"
#include "keymap/key_map.h"
#include "transform/transform_plan.h"

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
// A nn.Module nested in the tree (YOLO's {"model": module, "epoch": ...}) is replaced in place by its
// renamed state dict, as torch.save(dict(ckpt, model=module.state_dict())) would write it.
// A torch.save pickle with no state dict, module or tensor at its root is refused: nothing is written.
// Quantized tensors are written with their quantizer parameters, bit for bit.
//
// .safetensors: one contiguous copy per kept tensor (tied weights become separate copies). Quantized,
// sparse and meta tensors are refused, naming the first such key.
//
// The file appears at `outPath` only when complete, flushed and re-read successfully; a failure or a
// cancel (progress returning false) leaves neither it nor a temporary file. `progress` gets bytes.
// Returns false with a one-line `error` (which never contains the output path). `notes`, if given, gets
// a line for each object a weights-only copy converted or dropped ("converted a/b: X -> dict").
bool exportCheckpoint(const Checkpoint &c, const std::vector<MappedKey> &mapping, const QString &outPath,
                      const ExportOptions &opt,
                      const std::function<bool(int64_t done, int64_t total)> &progress, std::string *error,
                      std::vector<std::string> *notes = nullptr);

// The same for the state dict a TransformPlan made of `c` (TransformPlan::build over `c`): the written
// state dict is `plan.tensors`, in order. Kept tensors are written as above; each derived tensor
// becomes a new contiguous tensor with a storage of its own (offset 0, as torch.save writes a fresh
// tensor), computed from its sources one at a time, and takes its planned place in a kept state-dict
// root. Safetensors: derived tensors are streamed from their sources. The re-read check covers them.
bool exportCheckpoint(const Checkpoint &c, const TransformPlan &plan, const QString &outPath,
                      const ExportOptions &opt,
                      const std::function<bool(int64_t done, int64_t total)> &progress, std::string *error,
                      std::vector<std::string> *notes = nullptr);

// What an export of `c` changes beyond the key mapping, one sentence each, for the user's report: a
// pickled nn.Module root is written as its state dict (in place, inside the outer dict, for .pth).
std::vector<std::string> exportNotes(const Checkpoint &c, const ExportOptions &opt);

// "pth" or "safetensors" from the file name's extension (.safetensors; anything else is pth).
ExportOptions::Format exportFormatForPath(const QString &path);

} // namespace sl
