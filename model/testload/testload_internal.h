#pragma once
// Internals of the test-load engine, shared by its .cpp files: the target's keys and module tree,
// the load_state_dict matcher, the fix suggester, and the LibTorch side behind a pimpl (so that no
// LibTorch header is included here). Not for use outside model/testload*.cpp.

#include "testload/testload.h"

#include "format/dtype.h"
#include "format/parsed_file.h"
#include "pass/tensor_source.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <memory>
#include <stdexcept>
#include <vector>

namespace sl {
namespace testload {

// One line for the user; thrown inside the engine and turned into TestLoadReport::error.
class Failure : public std::runtime_error
{
public:
    explicit Failure(const QString &message) : std::runtime_error(message.toStdString()) {}
};

// "block.bn.weight" -> "block.bn" and "weight"; a key without a dot has the root ("") as parent.
inline QString keyParent(const QString &key)
{
    const qsizetype dot = key.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : key.left(dot);
}
inline QString keyLeaf(const QString &key)
{
    return key.mid(key.lastIndexOf(QLatin1Char('.')) + 1);
}

struct TargetEntry
{
    QString key;
    std::vector<int64_t> shape;
    DType dtype = DType::Unknown; // Unknown: the manifest did not say
};

// What load_state_dict walks: the modules, each with its child modules and its own persistent
// parameters and buffers. "" is the root module, "block.bn" a submodule.
struct ModuleNode
{
    QSet<QString> children;
    QSet<QString> locals;
};

struct TargetModel
{
    TestLoadTarget::Kind kind = TestLoadTarget::Auto;
    std::vector<TargetEntry> entries; // in state_dict() order
    QHash<QString, int> index;        // key -> entries position
    QHash<QString, ModuleNode> modules;
    // BatchNorm and InstanceNorm modules that track running stats (torch.nn's _NormBase).
    QSet<QString> normModules;
    // Those of them whose checkpoint metadata predates num_batches_tracked (version < 2, or no
    // _metadata at all, as in any dict built by hand): _NormBase._load_from_state_dict then loads
    // a 0 for a missing num_batches_tracked instead of reporting it. Set per run.
    QSet<QString> fillNumBatchesTracked;

    // Adds an entry and the module path leading to it; false if the key is already there.
    bool add(const TargetEntry &entry);
};

// A checkpoint tensor under its mapped name.
struct SourceKey
{
    QString key;
    std::vector<int64_t> shape;
    DType dtype = DType::Unknown;
    int tensor = -1;                             // the stored tensor; -1 for a derived one
    std::shared_ptr<const TensorSource> derived; // a recipe transform's result, read when copied
};

struct Match
{
    int target = -1;
    int source = -1;
    // load_state_dict's backward compatibility: a 1-D checkpoint tensor fills a 0-dim parameter
    // with its first element (num_batches_tracked saved by torch 0.3 as shape [1]).
    bool scalarFromVector = false;
};

struct MatchResult
{
    std::vector<Match> matched;  // in target order
    std::vector<int> zeroFilled; // num_batches_tracked entries that load a 0 (see fillNumBatchesTracked)
    QStringList missing, unexpected;
    std::vector<ShapeMismatch> mismatched; // sorted by key
    int unmatched() const { return int(missing.size() + unexpected.size()); }
};

// load_state_dict(strict=False) on `sources`, except that shape mismatches are reported rather
// than raised, and are not also counted as missing. Lists are sorted.
MatchResult matchKeys(const TargetModel &target, const std::vector<SourceKey> &sources);

// Recipe rules that, applied in order after the current mapping, each reduce missing + unexpected.
std::vector<KeyRule> suggestRules(const TargetModel &target, const std::vector<SourceKey> &sources);
// For each rule, applied in order to `sources`, up to `perRule` keys it changes: (before, after), with
// an empty after for a key it drops. So the user sees what a suggestion will do.
std::vector<std::vector<std::pair<QString, QString>>>
suggestionSamples(const std::vector<KeyRule> &rules, const std::vector<SourceKey> &sources, int perRule);

// Manifest and reference-checkpoint targets (no LibTorch needed). Throw Failure.
// readManifest: true for a .json file holding a "tensors" array, which it returns in `out`; a .json
// file that is not valid JSON is a Failure.
bool readManifest(const QString &path, QJsonObject &out);
void loadManifest(const QJsonObject &manifest, TargetModel &out);
void loadReference(const Checkpoint &reference, TargetModel &out);
// Without module classes, a module with running_mean, running_var and num_batches_tracked is taken
// for a _NormBase.
void guessNormModules(TargetModel &model);

// "cpu", "cuda", "cuda:N" -> the canonical name; Failure if malformed or the device is absent.
// Only a CUDA device needs the LibTorch plugin to answer.
QString checkDevice(const QString &text);

// A TorchScript module loaded onto a device, whose parameters and buffers receive the copies.
// Implemented in the LibTorch plugin (testload_torch.cpp).
class ScriptModule
{
public:
    // Fills `model` with the module's state_dict() keys and module tree. Throws Failure, also when
    // the LibTorch plugin cannot be loaded.
    static std::unique_ptr<ScriptModule> load(const QString &path, const QString &device, TargetModel &model);
    virtual ~ScriptModule() = default;

    // Copies the checkpoint tensor into the target entry in place; returns the bytes written.
    // Never writes to the mapped file. Throws Failure.
    virtual int64_t copyInto(int targetEntry, const ParsedFile &file, const TensorRef &tensor,
                             bool scalarFromVector) = 0;
    // The same for a virtual tensor (a recipe transform's result): its values are read through the
    // source's reader into one contiguous buffer, then copied, so the buffer is the largest derived
    // tensor at most.
    virtual int64_t copyFrom(int targetEntry, const TensorSource &source, bool scalarFromVector) = 0;
    virtual void zero(int targetEntry) = 0;
    virtual void save(const QString &path) = 0;
    // One forward pass on torch::randn(shape) in eval mode; the first tensor output's shape.
    // Throws Failure with the exception's message line.
    virtual std::vector<int64_t> forward(const std::vector<int64_t> &shape) = 0;
};

// Everything of the test-load that needs LibTorch, in a plugin loaded on first use
// (torch_runtime.cpp): libtorch_cpu alone costs ~0.8 s and ~150 MB to load, which inspect, stats,
// remap and a manifest or reference test-load on the CPU never pay.
class TorchRuntime
{
public:
    virtual QStringList devices() const = 0; // "cpu", then "cuda:N" for each GPU LibTorch sees
    virtual std::unique_ptr<ScriptModule> loadScript(const QString &path, const QString &device,
                                                     TargetModel &model) const = 0;

protected:
    ~TorchRuntime() = default;
};

// The plugin's runtime; throws Failure saying what to do when the plugin cannot be loaded.
const TorchRuntime &torchRuntime();

} // namespace testload
} // namespace sl
