// The test-load run: resolve the architecture, apply the key mapping, match like load_state_dict,
// copy on the device, probe a forward pass, and suggest fixes. LibTorch lives in testload_torch.cpp.

#include "testload/testload.h"

#include "document/checkpoint.h"
#include "testload/testload_internal.h"
#include "transform/transform_plan.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace sl {
namespace testload {
namespace {

// Manifests are small; anything bigger than this is not one.
constexpr qint64 kMaxManifestBytes = qint64(256) << 20;

QJsonObject readJsonObject(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Failure(QCoreApplication::translate("TestLoad", "cannot read %1: %2")
                          .arg(QFileInfo(path).fileName(), f.errorString()));
    if (f.size() > kMaxManifestBytes)
        throw Failure(QCoreApplication::translate("TestLoad", "%1 is too large for a manifest")
                          .arg(QFileInfo(path).fileName()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw Failure(QCoreApplication::translate("TestLoad", "%1 is not valid JSON: %2 at offset %3")
                          .arg(QFileInfo(path).fileName(), parseError.errorString())
                          .arg(parseError.offset));
    return doc.object();
}

} // namespace

bool readManifest(const QString &path, QJsonObject &out)
{
    if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) return false;
    // A sharded checkpoint's index is JSON too; only a "tensors" array makes a manifest.
    out = readJsonObject(path);
    return out.value(QLatin1String("tensors")).isArray();
}

void loadManifest(const QJsonObject &root, TargetModel &out)
{
    const QJsonValue tensors = root.value(QLatin1String("tensors"));
    if (!tensors.isArray())
        throw Failure(QCoreApplication::translate("TestLoad", "the manifest has no \"tensors\" array"));
    out = TargetModel();
    out.kind = TestLoadTarget::Manifest;
    const QJsonArray list = tensors.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject t = list[i].toObject();
        TargetEntry e;
        e.key = t.value(QLatin1String("key")).toString();
        if (e.key.isEmpty())
            throw Failure(
                QCoreApplication::translate("TestLoad", "manifest tensor %1 has no \"key\"").arg(i));
        const QJsonValue shape = t.value(QLatin1String("shape"));
        if (!shape.isArray())
            throw Failure(
                QCoreApplication::translate("TestLoad", "manifest tensor '%1' has no \"shape\" array")
                    .arg(e.key));
        for (const QJsonValue d : shape.toArray()) {
            const double v = d.toDouble(-1);
            if (!d.isDouble() || v < 0 || v != double(qint64(v)))
                throw Failure(QCoreApplication::translate("TestLoad", "manifest tensor '%1' has a bad shape")
                                  .arg(e.key));
            e.shape.push_back(int64_t(v));
        }
        QString dtype = t.value(QLatin1String("dtype")).toString();
        if (dtype.startsWith(QLatin1String("torch."))) dtype = dtype.mid(6);
        if (!dtype.isEmpty()) {
            e.dtype = dtypeFromTorchName(dtype.toStdString());
            if (e.dtype == DType::Unknown)
                throw Failure(
                    QCoreApplication::translate("TestLoad", "manifest tensor '%1' has an unknown dtype '%2'")
                        .arg(e.key, dtype));
        }
        if (!out.add(e))
            throw Failure(
                QCoreApplication::translate("TestLoad", "the manifest lists '%1' twice").arg(e.key));
    }
}

void loadReference(const Checkpoint &reference, TargetModel &out)
{
    out = TargetModel();
    out.kind = TestLoadTarget::ReferenceCheckpoint;
    for (const StateEntry &s : reference.entries()) {
        const TensorRef &t = reference.tensor(s.tensor);
        out.add({QString::fromStdString(s.key), t.shape, t.dtype});
    }
}

namespace {

// The architecture's keys, and the live module when it is TorchScript.
std::unique_ptr<ScriptModule> resolveTarget(const TestLoadTarget &target, const QString &device,
                                            TargetModel &model)
{
    if (!QFileInfo(target.path).isFile())
        throw Failure(
            QCoreApplication::translate("TestLoad", "the architecture %1 does not exist").arg(target.path));
    if (target.kind == TestLoadTarget::TorchScript) return ScriptModule::load(target.path, device, model);
    QJsonObject manifest;
    if (target.kind == TestLoadTarget::Manifest) {
        manifest = readJsonObject(target.path);
        loadManifest(manifest, model);
        return nullptr;
    }
    if (target.kind == TestLoadTarget::Auto && readManifest(target.path, manifest)) {
        loadManifest(manifest, model);
        return nullptr;
    }
    // Our reader sniffs TorchScript (a zip with constants.pkl and code/) without reading tensor data.
    std::string why;
    const auto reference = Checkpoint::open(target.path, &why);
    if (!reference)
        throw Failure(QCoreApplication::translate("TestLoad", "cannot open the architecture %1: %2")
                          .arg(QFileInfo(target.path).fileName(), QString::fromStdString(why)));
    if (target.kind == TestLoadTarget::Auto && reference->format() == FileFormat::TorchScript)
        return ScriptModule::load(target.path, device, model);
    loadReference(*reference, model);
    return nullptr;
}

// _NormBase modules for which load_state_dict would load a 0 into a missing num_batches_tracked:
// those whose `_metadata` version (the state dict's, where the checkpoint keeps one) is below 2.
// The metadata is looked up under the module's name before the mapping, as the exporter renames
// `_metadata` prefixes along with the keys.
QSet<QString> legacyNormModules(const Checkpoint &c, const std::vector<MappedKey> &mapping,
                                const TargetModel &model)
{
    QHash<QString, int64_t> versions;
    const Value *root = resolveRootPath(c.file().top, c.root(), nullptr);
    const Value *meta =
        root && root->kind == ValueKind::Dict && root->state && root->state->kind == ValueKind::Dict
            ? root->state->dictGet("_metadata")
            : nullptr;
    if (meta && meta->kind == ValueKind::Dict)
        for (size_t i = 0; i < meta->dictSize(); ++i) {
            const Value *k = meta->dictKey(i), *v = meta->dictValue(i);
            const Value *version = v->kind == ValueKind::Dict ? v->dictGet("version") : nullptr;
            if (k->isString() && version && version->isInt())
                versions.insert(QString::fromStdString(k->text), version->integer);
        }
    QHash<QString, QString> before; // module name after the mapping -> before it
    for (const MappedKey &m : mapping)
        if (!m.dropped && !before.contains(keyParent(m.to)))
            before.insert(keyParent(m.to), keyParent(m.from));
    QSet<QString> legacy;
    for (const QString &module : model.normModules)
        if (versions.value(before.value(module, module), -1) < 2) legacy.insert(module);
    return legacy;
}

std::vector<SourceKey> sourceKeys(const Checkpoint &c, const std::vector<MappedKey> &mapping)
{
    const auto &entries = c.entries();
    if (mapping.size() != entries.size())
        throw Failure(QCoreApplication::translate(
                          "TestLoad", "the key mapping has %1 entries but the state dict has %2 keys")
                          .arg(qsizetype(mapping.size()))
                          .arg(qsizetype(entries.size())));
    std::vector<SourceKey> keys;
    QHash<QString, QString> owner;
    for (size_t i = 0; i < entries.size(); ++i) {
        const MappedKey &m = mapping[i];
        if (m.dropped) continue;
        if (m.to.isEmpty())
            throw Failure(
                QCoreApplication::translate("TestLoad", "'%1' is mapped to an empty key").arg(m.from));
        const auto it = owner.constFind(m.to);
        if (it != owner.constEnd())
            throw Failure(QCoreApplication::translate("TestLoad", "'%1' and '%2' would both load as '%3'")
                              .arg(*it, m.from, m.to));
        owner.insert(m.to, m.from);
        const TensorRef &t = c.tensor(entries[i].tensor);
        keys.push_back({m.to, t.shape, t.dtype, entries[i].tensor, nullptr});
    }
    return keys;
}

// The plan's tensors under their final names: kept ones as stored, derived ones as computed.
std::vector<SourceKey> sourceKeys(const Checkpoint &c, const TransformPlan &plan)
{
    if (plan.inputs.size() != c.entries().size())
        throw Failure(QCoreApplication::translate(
                          "TestLoad", "the transform plan has %1 inputs but the state dict has %2 keys")
                          .arg(qsizetype(plan.inputs.size()))
                          .arg(qsizetype(c.entries().size())));
    std::vector<SourceKey> keys;
    keys.reserve(plan.tensors.size());
    for (size_t i = 0; i < plan.tensors.size(); ++i) {
        const PlannedTensor &t = plan.tensors[i];
        const int tensor = t.isDerived() ? -1 : c.entries()[size_t(t.input)].tensor;
        keys.push_back({t.key, plan.shape(i), plan.dtype(i), tensor, t.derived});
    }
    return keys;
}

// The lists a load_state_dict would report, and the keys whose dtype the copy casts.
void reportMatch(const TargetModel &model, const std::vector<SourceKey> &sources, const MatchResult &match,
                 TestLoadReport &out)
{
    out.missing = match.missing;
    for (const QString &key : match.missing) {
        const TargetEntry &t = model.entries[size_t(model.index.value(key))];
        out.missingTensors.push_back(
            {key, t.shape, t.dtype == DType::Unknown ? QString() : QLatin1String(dtypeName(t.dtype))});
    }
    out.unexpected = match.unexpected;
    out.mismatched = match.mismatched;
    out.loaded = int(match.matched.size());
    for (const Match &m : match.matched) {
        const TargetEntry &t = model.entries[size_t(m.target)];
        const SourceKey &s = sources[size_t(m.source)];
        if (t.dtype != DType::Unknown && t.dtype != s.dtype)
            out.dtypeCasts.push_back(
                {t.key, QLatin1String(dtypeName(s.dtype)), QLatin1String(dtypeName(t.dtype))});
    }
    std::sort(out.dtypeCasts.begin(), out.dtypeCasts.end(),
              [](const DtypeCast &a, const DtypeCast &b) { return a.key < b.key; });
}

// Copies the matched tensors into the module (when the target is TorchScript), reporting progress per
// tensor; false when progress asked to stop.
bool copyMatched(const Checkpoint &c, const std::vector<SourceKey> &sources, const MatchResult &match,
                 ScriptModule *module, const TestLoadOptions &options, TestLoadReport &out,
                 const std::function<bool(int done, int total)> &progress)
{
    const int total = int(match.matched.size());
    if (progress && !progress(0, total)) return false;
    if (!module) return !(progress && total > 0 && !progress(total, total));
    for (int i = 0; i < total; ++i) {
        const Match &m = match.matched[size_t(i)];
        const SourceKey &s = sources[size_t(m.source)];
        try {
            out.bytesMoved +=
                s.derived ? module->copyFrom(m.target, *s.derived, m.scalarFromVector)
                          : module->copyInto(m.target, c.file(), c.tensor(s.tensor), m.scalarFromVector);
        } catch (const Failure &e) {
            throw Failure(QCoreApplication::translate("TestLoad", "cannot load '%1': %2")
                              .arg(s.key, QString::fromStdString(e.what())));
        }
        if (progress && !progress(i + 1, total)) return false;
    }
    for (int t : match.zeroFilled)
        module->zero(t);
    if (!options.saveModulePath.isEmpty()) module->save(options.saveModulePath);
    return true;
}

// One forward pass on random input of `shape`; a failure is reported, not thrown.
void runForwardProbe(ScriptModule *module, const std::vector<int64_t> &shape, TestLoadReport &out)
{
    out.forwardRan = true;
    if (!module) {
        out.forwardError =
            QCoreApplication::translate("TestLoad", "the forward probe needs a TorchScript architecture");
        return;
    }
    try {
        out.outputShape = module->forward(shape);
        out.forwardOk = true;
    } catch (const Failure &e) {
        out.forwardError = QString::fromStdString(e.what());
    }
}

} // namespace
} // namespace testload

using namespace testload;

namespace {

// The run once the checkpoint's keys are known as `sources` (after the mapping or the plan, whose
// per-input `mapping` finds the legacy metadata of renamed modules).
bool runLoad(const Checkpoint &c, const std::function<std::vector<SourceKey>()> &keys,
             const std::vector<MappedKey> &mapping, const TestLoadTarget &target,
             const TestLoadOptions &options, TestLoadReport &out,
             const std::function<bool(int done, int total)> &progress, std::string *error)
{
    QElapsedTimer timer;
    timer.start();
    out = TestLoadReport();
    out.strict = options.strict;
    out.device = options.device;
    try {
        out.device = checkDevice(options.device);
        const std::vector<SourceKey> sources = keys();
        TargetModel model;
        std::unique_ptr<ScriptModule> module = resolveTarget(target, out.device, model);
        out.targetKind = model.kind;
        if (!module) guessNormModules(model);
        model.fillNumBatchesTracked = legacyNormModules(c, mapping, model);
        if (!module && !options.saveModulePath.isEmpty())
            throw Failure(QCoreApplication::translate(
                "TestLoad", "only a TorchScript architecture can be saved after the load"));

        const MatchResult match = matchKeys(model, sources);
        reportMatch(model, sources, match, out);
        if (!copyMatched(c, sources, match, module.get(), options, out, progress)) return false;
        out.forwardSkipped = !options.inputShape.empty() && strictLoadFailed(out);
        if (!options.inputShape.empty() && !out.forwardSkipped)
            runForwardProbe(module.get(), options.inputShape, out);
        if (match.unmatched() > 0) {
            out.suggestions = suggestRules(model, sources);
            out.suggestionSamples = suggestionSamples(out.suggestions, sources, 3);
        }
        out.ok = !strictLoadFailed(out);
    } catch (const std::exception &e) {
        // Failure carries a sentence for the user; anything else is a bug worth naming as such.
        const bool ours = dynamic_cast<const Failure *>(&e) != nullptr;
        out.error = ours ? QString::fromStdString(e.what())
                         : QCoreApplication::translate("TestLoad", "unexpected error: %1")
                               .arg(QString::fromStdString(e.what()));
        out.ok = false;
        if (error) *error = out.error.toStdString();
        out.seconds = double(timer.nsecsElapsed()) / 1e9;
        return false;
    }
    out.seconds = double(timer.nsecsElapsed()) / 1e9;
    return true;
}

} // namespace

bool runTestLoad(const Checkpoint &c, const std::vector<MappedKey> &mapping, const TestLoadTarget &target,
                 const TestLoadOptions &options, TestLoadReport &out,
                 const std::function<bool(int done, int total)> &progress, std::string *error)
{
    return runLoad(
        c, [&] { return sourceKeys(c, mapping); }, mapping, target, options, out, progress, error);
}

bool runTestLoad(const Checkpoint &c, const TransformPlan &plan, const TestLoadTarget &target,
                 const TestLoadOptions &options, TestLoadReport &out,
                 const std::function<bool(int done, int total)> &progress, std::string *error)
{
    return runLoad(
        c, [&] { return sourceKeys(c, plan); }, plan.mapping, target, options, out, progress, error);
}

bool strictLoadFailed(const TestLoadReport &r)
{
    return r.strict && (!r.missing.isEmpty() || !r.unexpected.isEmpty() || !r.mismatched.empty());
}

const char *targetKindName(TestLoadTarget::Kind kind)
{
    switch (kind) {
    case TestLoadTarget::TorchScript:
        return "torchscript";
    case TestLoadTarget::ReferenceCheckpoint:
        return "checkpoint";
    case TestLoadTarget::Manifest:
        return "manifest";
    case TestLoadTarget::Auto:
        break;
    }
    return "auto";
}

} // namespace sl
