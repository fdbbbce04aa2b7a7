#pragma once
// Test-loading a checkpoint into an architecture (a TorchScript module, a reference checkpoint or a
// JSON manifest) on the CPU or a GPU, reported the way torch.nn.Module.load_state_dict would.
// Shared by the test-load panel (through TestLoadJob) and `statelens-cli testload`. Plain values
// only: LibTorch stays inside the .cpp files.

#include "keymap/key_map.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sl {

class Checkpoint;
struct TransformPlan;

struct TestLoadTarget
{
    QString path;
    // Auto: a .json with "tensors" is a manifest, a TorchScript archive a module, anything else
    // our reader opens a reference checkpoint.
    enum Kind { Auto, TorchScript, ReferenceCheckpoint, Manifest } kind = Auto;
};

struct TestLoadOptions
{
    QString device = QStringLiteral("cpu"); // "cpu", "cuda" or "cuda:N"
    bool strict = false;
    std::vector<int64_t> inputShape; // empty: no forward probe (TorchScript targets only)
    // TorchScript targets: after the copy and before the forward probe, module.save() here. Lets
    // the tests check the copied values in Python; also handy for scripting.
    QString saveModulePath;
};

struct ShapeMismatch
{
    QString key;
    std::vector<int64_t> checkpointShape, modelShape;
};

// A key the architecture wants and the checkpoint lacks, as the architecture declares it.
struct MissingTensor
{
    QString key;
    std::vector<int64_t> shape; // empty for a scalar
    QString dtype;              // empty where the target does not say (TorchScript always does)
};

struct DtypeCast
{
    QString key;
    QString from, to;
};

struct TestLoadReport
{
    bool ok = false;
    bool strict = false;
    QString device;
    TestLoadTarget::Kind targetKind = TestLoadTarget::Auto; // what Auto resolved to
    int loaded = 0; // keys copied (TorchScript) or that would be copied (other targets)
    QStringList missing, unexpected;
    std::vector<MissingTensor> missingTensors; // `missing` with shapes and dtypes, in the same order
    std::vector<ShapeMismatch> mismatched;
    std::vector<DtypeCast> dtypeCasts;
    std::vector<KeyRule> suggestions; // in order; each one reduces missing + unexpected
    // A strict load that fails raises in PyTorch before anything runs: the probe is skipped.
    bool forwardSkipped = false;
    // Per suggestion, up to three keys it changes, (before, after); after is empty for a drop.
    std::vector<std::vector<std::pair<QString, QString>>> suggestionSamples;
    bool forwardRan = false;
    bool forwardOk = false;
    std::vector<int64_t> outputShape;
    QString forwardError;
    double seconds = 0;
    int64_t bytesMoved = 0; // tensor bytes written into the module
    QString error;          // set when the load could not run at all
};

// `mapping` holds one MappedKey per checkpoint entry, in entry order (the user's unsaved edits
// count); dropped keys are not loaded. `progress(done, total)` is called per tensor; returning false
// cancels. Returns true when the load ran (even if a strict load was not satisfied: see report.ok);
// false when cancelled (`error` empty) or when it could not run (`error` and report.error set).
bool runTestLoad(const Checkpoint &c, const std::vector<MappedKey> &mapping, const TestLoadTarget &target,
                 const TestLoadOptions &options, TestLoadReport &out,
                 const std::function<bool(int done, int total)> &progress, std::string *error);

// The same for the state dict a recipe makes (`plan`, built from `c`): its keys, shapes and dtypes
// are matched, derived tensors included, and a TorchScript target receives the derived values.
bool runTestLoad(const Checkpoint &c, const TransformPlan &plan, const TestLoadTarget &target,
                 const TestLoadOptions &options, TestLoadReport &out,
                 const std::function<bool(int done, int total)> &progress, std::string *error);

// True when a strict load found missing, unexpected or mismatched keys (load_state_dict raises).
bool strictLoadFailed(const TestLoadReport &report);

// docs/cli.md's `testload --json` object, and the human-readable summary of the CLI.
QJsonObject testLoadJson(const TestLoadReport &report);
QString testLoadText(const TestLoadReport &report);

// "cpu", plus "cuda:N" for each GPU when torch::cuda::is_available().
QStringList availableDevices();

const char *targetKindName(TestLoadTarget::Kind kind);

} // namespace sl

Q_DECLARE_METATYPE(sl::TestLoadReport)
