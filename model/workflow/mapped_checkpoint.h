#pragma once
// A checkpoint opened the way remap, test-load and export need it: a recipe's rules then extra rules,
// checked before the file is read; the file opened at a chosen (or the automatic) state-dict root; and
// its keys mapped. statelens-cli remap and testload use it; the GUI applies the same KeyMap.

#include "document/checkpoint.h"
#include "document/root_finder.h"
#include "keymap/key_map.h"
#include "transform/transform_plan.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace sl {

struct MappedCheckpoint
{
    // What failed, as one line, and the file it is about (its name without folders); an empty file
    // means the rules themselves, as given by the caller.
    struct Problem
    {
        QString file;
        QString message;
    };

    struct Request
    {
        QString path;
        QString recipePath;           // empty: no recipe
        std::vector<KeyRule> rules;   // applied after the recipe's, in this order
        std::optional<RootPath> root; // none: the automatic root
    };

    KeyMap map;
    std::unique_ptr<Checkpoint> checkpoint;
    std::vector<MappedKey> mapping; // one per state-dict entry, in entry order (plan.mapping)
    TransformPlan plan;             // the resulting state dict, transforms included

    // The recipe's rules, then `rules`; every rule is checked (fields, regexes) even where no key
    // would reach it, so a typo fails before a large file is opened.
    static bool buildKeyMap(const QString &recipePath, const std::vector<KeyRule> &rules, KeyMap &out,
                            Problem *problem);
    static std::unique_ptr<Checkpoint> openAtRoot(const QString &path, const std::optional<RootPath> &root,
                                                  Problem *problem);
    // All three in that order: the rules, the file, the mapping (as `plan`, and as `mapping`).
    static bool open(const Request &request, MappedCheckpoint &out, Problem *problem);
};

} // namespace sl
