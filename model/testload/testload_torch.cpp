// The LibTorch plugin of the test-load (statelens_torch.so): devices, loading a TorchScript module,
// copying checkpoint tensors from the memory map into its parameters and buffers, saving it, and the
// forward probe. Only APIs that the CPU and the CUDA builds of LibTorch 1.13 both have.

#include "testload/testload_internal.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include <torch/cuda.h>
#include <torch/script.h>
#include <torch/torch.h>

namespace sl {
namespace testload {
namespace {

// LibTorch messages carry a C++ backtrace and, from the TorchScript interpreter, a TorchScript
// traceback; the user wants the line that names the problem.
QString messageLine(const char *what)
{
    const QStringList lines = QString::fromUtf8(what).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty()) return QCoreApplication::translate("TestLoad", "unknown error");
    if (lines.first().startsWith(
            QLatin1String("The following operation failed in the TorchScript interpreter"))) {
        // The interpreter ends with the Python-style exception line ("RuntimeError: ...").
        for (qsizetype i = lines.size(); i-- > 0;)
            if (!lines[i].startsWith(QLatin1Char(' '))) return lines[i].trimmed();
    }
    return lines.first().trimmed();
}

QString errorLine(const std::exception &e)
{
    if (const auto *c10 = dynamic_cast<const c10::Error *>(&e))
        return messageLine(c10->what_without_backtrace());
    return messageLine(e.what());
}

c10::ScalarType scalarTypeOf(DType t)
{
    switch (t) {
    case DType::Float64:
        return torch::kFloat64;
    case DType::Float32:
        return torch::kFloat32;
    case DType::Float16:
        return torch::kFloat16;
    case DType::BFloat16:
        return torch::kBFloat16;
    case DType::Int64:
        return torch::kInt64;
    case DType::Int32:
        return torch::kInt32;
    case DType::Int16:
        return torch::kInt16;
    case DType::Int8:
        return torch::kInt8;
    case DType::UInt8:
        return torch::kUInt8;
    case DType::Bool:
        return torch::kBool;
    case DType::Complex32:
        return torch::kComplexHalf;
    case DType::Complex64:
        return torch::kComplexFloat;
    case DType::Complex128:
        return torch::kComplexDouble;
    default:
        throw Failure(QCoreApplication::translate("TestLoad", "LibTorch 1.13 has no %1 tensors")
                          .arg(QLatin1String(dtypeName(t))));
    }
}

DType dtypeOf(c10::ScalarType t)
{
    switch (t) {
    case torch::kFloat64:
        return DType::Float64;
    case torch::kFloat32:
        return DType::Float32;
    case torch::kFloat16:
        return DType::Float16;
    case torch::kBFloat16:
        return DType::BFloat16;
    case torch::kInt64:
        return DType::Int64;
    case torch::kInt32:
        return DType::Int32;
    case torch::kInt16:
        return DType::Int16;
    case torch::kInt8:
        return DType::Int8;
    case torch::kUInt8:
        return DType::UInt8;
    case torch::kBool:
        return DType::Bool;
    case torch::kComplexHalf:
        return DType::Complex32;
    case torch::kComplexFloat:
        return DType::Complex64;
    case torch::kComplexDouble:
        return DType::Complex128;
    case torch::kQInt8:
        return DType::QInt8;
    case torch::kQUInt8:
        return DType::QUInt8;
    case torch::kQInt32:
        return DType::QInt32;
    default:
        return DType::Unknown;
    }
}

// The first tensor in a forward result: the tensor itself, or the first one in a tuple, list or dict.
bool firstTensor(const c10::IValue &v, at::Tensor &out)
{
    if (v.isTensor()) {
        out = v.toTensor();
        return true;
    }
    if (v.isTuple()) {
        for (const c10::IValue &e : v.toTupleRef().elements())
            if (firstTensor(e, out)) return true;
    } else if (v.isList()) {
        for (const c10::IValue &e : v.toListRef())
            if (firstTensor(e, out)) return true;
    } else if (v.isGenericDict()) {
        for (const auto &item : v.toGenericDict())
            if (firstTensor(item.value(), out)) return true;
    }
    return false;
}

} // namespace

class TorchScriptModule final : public ScriptModule
{
public:
    int64_t copyInto(int targetEntry, const ParsedFile &file, const TensorRef &tensor,
                     bool scalarFromVector) override;
    int64_t copyFrom(int targetEntry, const TensorSource &source, bool scalarFromVector) override;
    void zero(int targetEntry) override;
    void save(const QString &path) override;
    std::vector<int64_t> forward(const std::vector<int64_t> &shape) override;

    torch::jit::Module module;
    c10::Device device = c10::Device(c10::kCPU);
    std::vector<at::Tensor> tensors; // parallel to TargetModel::entries; tied weights share storage
};

namespace {

// Walks the module the way state_dict() does: its own parameters, then its own buffers, then each
// child in order. TorchScript keeps no "persistent" flag, so every buffer counts (as it does for
// the scripted module's own state_dict() in Python).
void walk(const torch::jit::Module &m, const QString &path, TargetModel &model,
          std::vector<at::Tensor> &tensors)
{
    model.modules[path]; // a module without tensors still names its path
    const QString prefix = path.isEmpty() ? QString() : path + QLatin1Char('.');
    auto add = [&](const std::string &name, const at::Tensor &t) {
        TargetEntry e;
        e.key = prefix + QString::fromStdString(name);
        e.shape = t.sizes().vec();
        e.dtype = dtypeOf(t.scalar_type());
        if (model.add(e)) // also records the name as one of this module's own
            tensors.push_back(t);
    };
    for (const auto &p : m.named_parameters(/*recurse=*/false))
        add(p.name, p.value);
    for (const auto &b : m.named_buffers(/*recurse=*/false))
        add(b.name, b.value);
    for (const auto &c : m.named_children()) {
        const QString name = QString::fromStdString(c.name);
        model.modules[path].children.insert(name);
        walk(c.value, prefix + name, model, tensors);
    }
    // torch.nn's _NormBase subclasses; the class name is all TorchScript keeps of the Python class.
    const std::string type = m.type()->name() ? m.type()->name()->qualifiedName() : std::string();
    if ((type.rfind("__torch__.torch.nn.modules.batchnorm.", 0) == 0 ||
         type.rfind("__torch__.torch.nn.modules.instancenorm.", 0) == 0) &&
        model.modules[path].locals.contains(QStringLiteral("num_batches_tracked")))
        model.normModules.insert(path);
}

} // namespace

std::unique_ptr<ScriptModule> loadTorchScript(const QString &path, const QString &device, TargetModel &model)
{
    auto s = std::make_unique<TorchScriptModule>();
    try {
        s->device = c10::Device(device.toStdString());
        // Loading straight onto the device is torch.jit.load's map_location.
        s->module = torch::jit::load(path.toStdString(), s->device);
    } catch (const std::exception &e) {
        const QString name = QFileInfo(path).fileName();
        const QString why = errorLine(e);
        // LibTorch 1.13 calls the torch 1.0-1.2 layout (model.json) "legacy ... on mobile".
        if (why.contains(QLatin1String("Legacy model format")))
            throw Failure(QCoreApplication::translate(
                              "TestLoad", "%1 is a torch 1.0-1.2 TorchScript archive (model.json), "
                                          "which LibTorch 1.13 cannot load: re-save it with "
                                          "torch.jit.save in a newer torch")
                              .arg(name));
        throw Failure(QCoreApplication::translate("TestLoad", "cannot load the TorchScript module %1: %2")
                          .arg(name, why));
    }
    model = TargetModel();
    model.kind = TestLoadTarget::TorchScript;
    walk(s->module, QString(), model, s->tensors);
    return s;
}

int64_t TorchScriptModule::copyInto(int targetEntry, const ParsedFile &file, const TensorRef &tensor,
                                    bool scalarFromVector)
{
    at::Tensor &dst = tensors.at(size_t(targetEntry));
    if (tensor.storage < 0 || tensor.layout != TensorLayout::Strided)
        throw Failure(QCoreApplication::translate("TestLoad", "a %1 tensor has no dense data to copy")
                          .arg(QLatin1String(layoutName(tensor.layout))));
    const c10::ScalarType type = scalarTypeOf(tensor.dtype);
    if (dst.numel() == 0) return 0;
    try {
        std::vector<uint8_t> scratch; // only compressed records are inflated into it
        const uint8_t *base = storageBytes(file, tensor.storage, scratch);
        const int64_t elements =
            file.storages.at(size_t(tensor.storage)).recordBytes / dtypeSize(tensor.dtype);
        // from_blob aliases the read-only map: the tensors built on it are only ever read (copy_'s
        // source), so nothing writes to the mapped pages. as_strided checks the view's bounds.
        const at::Tensor flat =
            torch::from_blob(const_cast<uint8_t *>(base), {elements}, torch::TensorOptions().dtype(type));
        at::Tensor src = flat.as_strided(tensor.shape, tensor.stride, tensor.offset);
        if (scalarFromVector) src = src.select(0, 0);
        torch::NoGradGuard noGrad;
        // copy_ casts the dtype and crosses devices; in place, so tied weights stay tied.
        dst.copy_(src);
    } catch (const FormatError &e) {
        throw Failure(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        throw Failure(errorLine(e));
    }
    return int64_t(dst.numel()) * int64_t(dst.element_size());
}

int64_t TorchScriptModule::copyFrom(int targetEntry, const TensorSource &source, bool scalarFromVector)
{
    at::Tensor &dst = tensors.at(size_t(targetEntry));
    const c10::ScalarType type = scalarTypeOf(source.dtype());
    if (dst.numel() == 0) return 0;
    try {
        // A contiguous CPU tensor of the derived dtype and shape, filled in the reader's chunks (the
        // derived values are row-major), then copied like a stored tensor.
        at::Tensor src = torch::empty(source.shape(), torch::TensorOptions().dtype(type));
        auto *bytes = static_cast<uint8_t *>(src.data_ptr());
        const size_t elementSize = size_t(dtypeSize(source.dtype()));
        const size_t total = size_t(src.numel());
        constexpr size_t kChunk = size_t(1) << 20;
        const std::unique_ptr<TensorReader> reader = source.reader();
        size_t done = 0;
        while (done < total) {
            const size_t n = reader->readBytes(bytes + done * elementSize, std::min(kChunk, total - done));
            if (n == 0)
                throw Failure(
                    QCoreApplication::translate("TestLoad", "the derived tensor ended after %1 of %2 values")
                        .arg(qulonglong(done))
                        .arg(qulonglong(total)));
            done += n;
        }
        if (scalarFromVector) src = src.select(0, 0);
        torch::NoGradGuard noGrad;
        dst.copy_(src);
    } catch (const Failure &) {
        throw;
    } catch (const FormatError &e) {
        throw Failure(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        throw Failure(errorLine(e));
    }
    return int64_t(dst.numel()) * int64_t(dst.element_size());
}

void TorchScriptModule::zero(int targetEntry)
{
    torch::NoGradGuard noGrad;
    tensors.at(size_t(targetEntry)).zero_();
}

void TorchScriptModule::save(const QString &path)
{
    try {
        module.save(path.toStdString());
    } catch (const std::exception &e) {
        throw Failure(QCoreApplication::translate("TestLoad", "cannot save the module to %1: %2")
                          .arg(path, errorLine(e)));
    }
}

std::vector<int64_t> TorchScriptModule::forward(const std::vector<int64_t> &shape)
{
    try {
        torch::NoGradGuard noGrad;
        // Eval mode: a probe must not update BatchNorm's running statistics.
        module.eval();
        std::vector<c10::IValue> inputs{torch::randn(shape, torch::TensorOptions().device(device))};
        const c10::IValue out = module.forward(std::move(inputs));
        at::Tensor first;
        if (!firstTensor(out, first))
            throw Failure(QCoreApplication::translate("TestLoad", "the forward pass returned no tensor"));
        return first.sizes().vec();
    } catch (const Failure &) {
        throw;
    } catch (const std::exception &e) {
        throw Failure(errorLine(e));
    }
}

class LibTorchRuntime final : public TorchRuntime
{
public:
    QStringList devices() const override
    {
        QStringList devices{QStringLiteral("cpu")};
        if (torch::cuda::is_available())
            for (size_t i = 0; i < torch::cuda::device_count(); ++i)
                devices << QStringLiteral("cuda:%1").arg(i);
        return devices;
    }
    std::unique_ptr<ScriptModule> loadScript(const QString &path, const QString &device,
                                             TargetModel &model) const override
    {
        return loadTorchScript(path, device, model);
    }
};

} // namespace testload
} // namespace sl

// The plugin's one entry point, looked up by torch_runtime.cpp.
extern "C" Q_DECL_EXPORT const sl::testload::TorchRuntime *statelens_torch_runtime()
{
    static const sl::testload::LibTorchRuntime runtime;
    return &runtime;
}
