// Loads the test-load's LibTorch plugin on first use, and the device checks that need it only for CUDA.

#include "testload/testload_internal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace sl {
namespace testload {
namespace {

const char kPluginName[] = "statelens_torch.so";

// Where the plugin may be: named by STATELENS_TORCH_PLUGIN (the tests set it), beside the executable
// (the build tree's app/), or where `cmake --install` puts it relative to bin/. Never a path compiled in
// from the build folder, so an installed copy works once the build folder is gone.
QStringList pluginCandidates()
{
    const QString named = qEnvironmentVariable("STATELENS_TORCH_PLUGIN");
    if (!named.isEmpty()) return {named};
    if (!QCoreApplication::instance()) return {};
    const QString dir = QCoreApplication::applicationDirPath();
    return {dir + QLatin1Char('/') + QLatin1String(kPluginName),
            QDir::cleanPath(dir + QLatin1Char('/') + QLatin1String(STATELENS_TORCH_PLUGIN_RELATIVE_DIR) +
                            QLatin1Char('/') + QLatin1String(kPluginName))};
}

struct Loaded
{
    const TorchRuntime *runtime = nullptr;
    QString error;
    // Held by the static below for the process's life, so the loader stays reachable (not a leak).
    std::unique_ptr<QLibrary> library;
};

Loaded loadPlugin()
{
    using Entry = const TorchRuntime *(*)();
    QString tried;
    for (const QString &path : pluginCandidates()) {
        if (!QFileInfo::exists(path)) continue;
        // Never unloaded: LibTorch registers operators and thread pools that outlive any caller.
        auto library = std::make_unique<QLibrary>(path);
        if (auto entry = reinterpret_cast<Entry>(library->resolve("statelens_torch_runtime")))
            return {entry(), QString(), std::move(library)};
        tried = library->errorString();
    }
    if (tried.isEmpty())
        tried = QCoreApplication::translate("TestLoad", "%1 was not found beside the program or in %2")
                    .arg(QLatin1String(kPluginName), QLatin1String(STATELENS_TORCH_PLUGIN_RELATIVE_DIR));
    return {nullptr,
            QCoreApplication::translate("TestLoad", "LibTorch is not available (%1); reinstall StateLens, "
                                                    "or set STATELENS_TORCH_PLUGIN to the plugin's path")
                .arg(tried),
            nullptr};
}

} // namespace

const TorchRuntime &torchRuntime()
{
    static const Loaded loaded = loadPlugin(); // thread-safe, and tried once
    if (!loaded.runtime) throw Failure(loaded.error);
    return *loaded.runtime;
}

std::unique_ptr<ScriptModule> ScriptModule::load(const QString &path, const QString &device,
                                                 TargetModel &model)
{
    return torchRuntime().loadScript(path, device, model);
}

QString checkDevice(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("cpu")) return t;
    int index = 0;
    if (t != QLatin1String("cuda")) {
        bool ok = false;
        if (t.startsWith(QLatin1String("cuda:"))) index = t.mid(5).toInt(&ok);
        if (!ok || index < 0)
            throw Failure(
                QCoreApplication::translate("TestLoad", "unknown device '%1' (use cpu, cuda or cuda:N)")
                    .arg(text));
    }
    const int count = int(torchRuntime().devices().size()) - 1;
    if (count == 0)
        throw Failure(QCoreApplication::translate(
            "TestLoad", "CUDA is not available: this LibTorch build sees no GPU, so use the cpu device"));
    if (index >= count)
        throw Failure(QCoreApplication::translate("TestLoad", "there is no GPU cuda:%1 (this machine has %2)")
                          .arg(index)
                          .arg(count));
    return QStringLiteral("cuda:%1").arg(index);
}

} // namespace testload

QStringList availableDevices()
{
    try {
        return testload::torchRuntime().devices();
    } catch (const testload::Failure &) {
        return {QStringLiteral("cpu")};
    }
}

} // namespace sl
