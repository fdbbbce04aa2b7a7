#include "format/index_reader.h"

#include "format/file_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace sl {
namespace {

// Moves a shard's arenas, tensors and storages into `into`, renumbering every cross-reference.
void absorb(ParsedFile &into, ParsedFile &&shard)
{
    const int64_t tensorBase = int64_t(into.tensors.size());
    const int64_t storageBase = int64_t(into.storages.size());
    const int fileBase = int(into.files.size());
    for (auto &arena : shard.arenas) {
        for (Value &v : arena->nodes()) {
            if (v.kind == ValueKind::Tensor)
                v.tensorIndex += tensorBase;
            else if (v.kind == ValueKind::Storage)
                v.storageIndex += storageBase;
        }
        into.arenas.push_back(std::move(arena));
    }
    for (TensorRef &t : shard.tensors) {
        if (t.storage >= 0) t.storage += int(storageBase);
        into.tensors.push_back(std::move(t));
    }
    for (StorageRef &s : shard.storages) {
        s.file += fileBase;
        into.storages.push_back(std::move(s));
    }
    for (auto &f : shard.files)
        into.files.push_back(std::move(f));
    for (auto &a : shard.archives)
        into.archives.push_back(std::move(a));
    into.unsafeGlobals.insert(shard.unsafeGlobals.begin(), shard.unsafeGlobals.end());
    for (auto &w : shard.warnings)
        into.warnings.push_back(std::move(w));
}

} // namespace

void readShardIndex(ParsedFile &file, const QString &indexPath)
{
    file.format = FileFormat::Index;
    QFile f(indexPath);
    if (!f.open(QIODevice::ReadOnly))
        throw FormatError("cannot read the index: " + f.errorString().toStdString());
    if (f.size() > (qint64(1) << 28)) throw FormatError("index file is larger than 256 MiB");
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        throw FormatError("index is not valid JSON (" + err.errorString().toStdString() + ")");
    const QJsonValue weightMap = doc.object().value(QLatin1String("weight_map"));
    if (!weightMap.isObject())
        throw FormatError("JSON file has no weight_map: not a sharded checkpoint index");
    const QJsonObject map = weightMap.toObject();

    const QDir folder = QFileInfo(indexPath).absoluteDir();
    std::map<QString, std::pair<Value *, size_t>> shardTops; // shard -> (top dict, arena count)
    file.arenas.push_back(std::make_unique<ValueArena>());
    ValueArena *ownArena = file.arenas.back().get();
    Value *top = ownArena->make(ValueKind::Dict);
    top->ordered = true;

    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString shardName = it.value().toString();
        // A NUL would end the name at the system call (and make Qt warn), so it names no file either.
        if (shardName.isEmpty() || shardName.contains(QLatin1String("..")) || shardName.contains(QChar(0)) ||
            QDir::isAbsolutePath(shardName))
            throw FormatError("weight_map entry '" + it.key().toStdString() + "' names no usable shard file");
        auto found = shardTops.find(shardName);
        if (found == shardTops.end()) {
            const QString shardPath = folder.filePath(shardName);
            if (shardPath.endsWith(QLatin1String(".json")))
                throw FormatError("shard " + shardName.toStdString() + " is itself an index");
            ParsedFile shard;
            try {
                shard = readCheckpointFile(shardPath);
            } catch (const FormatError &e) {
                throw FormatError("shard " + shardName.toStdString() + ": " + e.what());
            }
            Value *shardTop = shard.top;
            absorb(file, std::move(shard));
            found = shardTops.emplace(shardName, std::make_pair(shardTop, size_t(0))).first;
        }
        Value *shardTop = found->second.first;
        const std::string key = it.key().toStdString();
        Value *tensor = shardTop ? shardTop->dictGet(key) : nullptr;
        if (!tensor || tensor->kind != ValueKind::Tensor)
            throw FormatError("the index puts '" + key + "' in " + shardName.toStdString() +
                              ", but it is not there");
        top->items.push_back(ownArena->makeString(key));
        top->items.push_back(tensor);
    }
    file.top = top;
}

} // namespace sl
