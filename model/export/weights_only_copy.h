#pragma once
// The object tree rewritten so that PyTorch's weights_only loader reads it. Foreign objects it knows
// (argparse.Namespace, numpy values, TorchVersion) become plain values; any other disallowed object is
// dropped. Made from the parsed tree alone: nothing from the file is ever imported or called.

#include "format/parsed_file.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace sl {

struct WeightsOnlyChange
{
    std::string path;    // "hyper_parameters/args", components joined by '/'
    std::string global;  // the global the value was made by, as unsafe_globals spells it
    std::string becomes; // "dict", "int", "tensor", ...; empty when the value was dropped
    bool dropped() const { return becomes.empty(); }
    // "converted hyper_parameters/args: argparse.Namespace -> dict" or "dropped cb: __main__.Cb"
    std::string text() const;
};

class WeightsOnlyCopy
{
public:
    explicit WeightsOnlyCopy(const ParsedFile &input);
    WeightsOnlyCopy(const WeightsOnlyCopy &) = delete;
    WeightsOnlyCopy &operator=(const WeightsOnlyCopy &) = delete;

    // The tree below `top` made weights-only; wherever `root` is reached, `replacement` is read in its
    // place. Returns nullptr when `top` itself had to be dropped.
    const Value *convert(const Value *top, const Value *root = nullptr, const Value *replacement = nullptr);

    // The input's tensors and storages, then those made from numpy arrays: what a writer reads.
    const ParsedFile &file() const { return m_file; }
    // Whether convert() came upon `root`: not when a dropped object held it.
    bool rootReached() const { return m_rootReached; }
    const std::vector<WeightsOnlyChange> &changes() const { return m_changes; }
    // Where a tensor made from a numpy array sits in the tree; empty for the input's own tensors.
    std::string arrayPath(int tensor) const;

private:
    const Value *node(const Value *v, const std::string &path, int depth);
    const Value *container(const Value *v, const std::string &path, int depth);
    const Value *dict(const Value *v, const std::string &path, int depth);
    const Value *object(const Value *v, const std::string &path, int depth);
    const Value *namespaceDict(const Value *state, const std::string &path, int depth);
    const Value *numpyScalar(const Value *v);
    const Value *numpyDtypeName(const Value *dtype);
    const Value *numpyArray(const Value *v);
    const Value *dropped(const Value *v, const std::string &path, const std::string &global);
    const Value *converted(const Value *out, const std::string &path, const std::string &global,
                           const std::string &becomes);

    ParsedFile m_file;
    ValueArena *m_arena;
    const Value *m_root = nullptr, *m_replacement = nullptr;
    bool m_rootReached = false;
    std::vector<std::unique_ptr<std::string>> m_buffers; // byte-swapped numpy data
    std::unordered_map<const Value *, const Value *> m_done;
    std::unordered_map<int, std::string> m_arrayPaths;
    std::vector<WeightsOnlyChange> m_changes;
};

} // namespace sl
