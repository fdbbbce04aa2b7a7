#include "format/file_reader.h"

#include "format/index_reader.h"
#include "format/legacy_reader.h"
#include "format/safetensors_reader.h"
#include "format/zip_reader.h"

#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <cstring>

namespace sl {

int mapFile(ParsedFile &file, const QString &path)
{
    QFileInfo info(path);
    if (!info.exists()) throw FormatError("no such file");
    if (info.isDir()) throw FormatError("is a folder; open a checkpoint file or a *.index.json inside it");
    auto f = std::make_shared<QFile>(path);
    if (!f->open(QIODevice::ReadOnly)) throw FormatError("cannot open: " + f->errorString().toStdString());
    if (f->size() == 0) throw FormatError("the file is empty");
    uchar *p = f->map(0, f->size());
    if (!p) throw FormatError("cannot memory-map the file: " + f->errorString().toStdString());
    MappedFile m;
    m.path = path;
    m.file = f;
    m.data = p;
    m.size = uint64_t(f->size());
    file.files.push_back(std::move(m));
    file.archives.emplace_back();
    return int(file.files.size() - 1);
}

ParsedFile readCheckpointFile(const QString &path)
{
    ParsedFile file;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        readShardIndex(file, path);
        return file;
    }
    const int index = mapFile(file, path);
    const uint8_t *d = file.files[0].data;
    const uint64_t n = file.files[0].size;
    if (n >= 4 && std::memcmp(d, "PK\x03\x04", 4) == 0) {
        readZipCheckpoint(file, index);
    } else if (n >= 8 && std::memcmp(d, "PYTORCH1", 8) == 0) {
        throw FormatError("archive from a PyTorch preview release (PYTORCH1) is not supported");
    } else if (looksLikeLegacy(d, n)) {
        readLegacyCheckpoint(file, index);
    } else if (looksLikeSafetensors(d, n)) {
        readSafetensors(file, index);
    } else if (n > 262 && std::memcmp(d + 257, "ustar", 5) == 0) {
        throw FormatError("tar checkpoints from torch 0.1.9 and earlier are not supported");
    } else if (d[0] == 0x80) {
        throw FormatError("a plain pickle, not written by torch.save (no magic number)");
    } else {
        char hex[32];
        std::snprintf(hex, sizeof hex, "%02x %02x %02x %02x", d[0], n > 1 ? d[1] : 0, n > 2 ? d[2] : 0,
                      n > 3 ? d[3] : 0);
        throw FormatError(std::string("not a PyTorch checkpoint: unrecognised first bytes ") + hex);
    }
    if (!file.top) throw FormatError("the file holds no object");
    return file;
}

} // namespace sl
