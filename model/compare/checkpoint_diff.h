#pragma once
// Compares two open checkpoints key by key (docs/cli.md, diff): A's keys pass through the rules (its
// transforms too: derived tensors are compared by their values), then
// every key gets a status; renamed tensors are recognised by their bytes, and every pair whose values
// are compared gets torch.isclose-based metrics. All reading runs on the tensor pass, so it streams
// from both memory maps in parallel with progress and cancel. Shared by `statelens-cli diff` and the
// app's compare view.

#include "compare/diff_entry.h"
#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "pass/tensor_pass.h"

#include <array>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace sl {

struct DiffOptions
{
    double atol = 0, rtol = 0; // torch.isclose's; 0 and 0 mean exact
    KeyMap rules;              // applied to A's keys before matching
    PassOptions pass;
};

class CheckpointDiff
{
public:
    // Both checkpoints must outlive the comparison.
    CheckpointDiff(const Checkpoint &a, const Checkpoint &b, DiffOptions options);

    // Matches the keys and decides every status that needs no values. False (and `error`, one line)
    // when the rules cannot be applied.
    bool plan(std::string *error);

    using EntriesReady = std::function<void()>;
    using EntryDone = std::function<void(int entry)>;
    // Reads the values: first the candidates for a rename, then every compared pair. `ready` runs once
    // the entry list is final (renames found), `done` as each pair's metrics arrive, in entry order;
    // both on the calling thread. False when cancelled, or on a read error (`error` names the key).
    bool run(const std::atomic<bool> *cancel, const EntriesReady &ready, const EntryDone &done,
             const TensorPass::Progress &progress, std::string *error);

    const Checkpoint &a() const { return m_a; }
    const Checkpoint &b() const { return m_b; }
    const DiffOptions &options() const { return m_options; }
    const std::vector<DiffEntry> &entries() const { return m_entries; }
    std::array<int64_t, kDiffStatusCount> summary() const { return diffSummary(m_entries); }
    bool equal() const { return diffEqual(m_entries); }
    DiffResult result() const;

private:
    bool findRenames(const std::atomic<bool> *cancel);
    bool bytesEqual(const DiffEntry &a, int tensorB) const;
    std::shared_ptr<const TensorSource> sourceA(const DiffEntry &e) const;
    std::shared_ptr<const TensorSource> sourceB(int tensor) const;

    const Checkpoint &m_a;
    const Checkpoint &m_b;
    DiffOptions m_options;
    std::vector<DiffEntry> m_entries;
};

// Every dotted prefix of the entries' keys, in the order they first appear, with its rel_l2 over the
// compared pairs beneath it and the count of each status beneath it.
std::vector<ModuleDiff> diffModules(const std::vector<DiffEntry> &entries);

} // namespace sl
