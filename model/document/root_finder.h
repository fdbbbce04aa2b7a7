#pragma once
// Where the state dict lives inside a checkpoint's object tree, and the (key, tensor) entries it holds.

#include "format/parsed_file.h"

#include <string>
#include <vector>

namespace sl {

struct StateEntry
{
    std::string key;
    int tensor = -1;
};

using RootPath = std::vector<std::string>;

// "state_dict/model" -> {"state_dict", "model"}; "" -> {}.
RootPath parseRootPath(const std::string &text);
std::string joinRootPath(const RootPath &path);

// Follows dict keys, list indices and object attributes. Returns nullptr and sets `error` if absent.
const Value *resolveRootPath(const Value *top, const RootPath &path, std::string *error);

// The automatic choice: well-known keys first (state_dict, model, ema, ...), then the top level,
// then the largest dict of tensors found below.
RootPath findStateDictRoot(const Value *top);

// A state-dict value that is a small tuple of tensors (and Nones): the `_packed_params` of a dynamic-
// quantized Linear, (qint8 weight, float bias). Its tensors are entries "key.0", "key.1", ...
constexpr size_t kMaxTupleEntries = 16;
bool isTensorTuple(const Value *v);

// The state-dict entries at `node`: a dict's tensor values (and the tensors of its tensor tuples), a
// pickled nn.Module's parameters and persistent buffers, or a bare tensor as the single entry "tensor".
// A dict with no tensor values of its own gives the tensors below it at any depth, named by dotted
// paths: an optimizer's `state` ({0: {"exp_avg": ...}}) gives "0.exp_avg".
std::vector<StateEntry> stateEntriesAt(const Value *node);

// True for such a dict: its entries are not its own keys, so it cannot be rewritten in place.
bool isNestedTensorRoot(const Value *node);

// True where `node` may be offered as a root: a dict with tensor values of its own, a pickled
// nn.Module, or a nested root whose leaves at every depth are all tensors (an optimizer's `state`,
// not the optimizer dict beside it whose `param_groups` hold floats).
bool isRootCandidateNode(const Value *node);

// True for a whole pickled nn.Module (an object with _parameters and _modules attributes).
bool isPickledModule(const Value *v);

} // namespace sl
