#include "format/safetensors_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sl {
namespace {

constexpr uint64_t kMaxHeader = 100000000;

uint64_t headerLength(const uint8_t *data)
{
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | data[i];
    return n;
}

struct Entry
{
    std::string name;
    TensorRef tensor;
    uint64_t begin, end;
};

void readMetadata(ParsedFile &file, const QJsonObject &meta)
{
    for (auto m = meta.begin(); m != meta.end(); ++m) {
        if (!m.value().isString())
            throw FormatError("safetensors: __metadata__ value '" + m.key().toStdString() +
                              "' is not a string");
        file.metadata[m.key().toStdString()] = m.value().toString().toStdString();
    }
}

// The element count of a JSON shape, appended to `shape`; throws for negative, fractional or huge sizes.
uint64_t readShape(const QJsonArray &json, const std::string &name, std::vector<int64_t> &shape)
{
    uint64_t numel = 1;
    for (const QJsonValue &d : json) {
        double v = d.toDouble(-1);
        if (!d.isDouble() || v < 0 || v != double(int64_t(v)))
            throw FormatError("safetensors: tensor '" + name + "' has a bad shape");
        uint64_t dim = uint64_t(v);
        if (dim && numel > UINT64_MAX / dim)
            throw FormatError("safetensors: tensor '" + name + "' is too large");
        numel *= dim;
        shape.push_back(int64_t(dim));
    }
    return numel;
}

// One header entry: dtype, shape and data_offsets, checked against each other and the data section.
Entry readEntry(const std::string &name, const QJsonObject &info, uint64_t dataLength)
{
    const std::string code = info.value(QLatin1String("dtype")).toString().toStdString();
    Entry e;
    e.name = name;
    e.tensor.dtype = dtypeFromSafetensors(code);
    if (e.tensor.dtype == DType::Unknown)
        throw FormatError("safetensors: tensor '" + name + "' has unsupported dtype '" + code + "'");
    const QJsonArray shape = info.value(QLatin1String("shape")).toArray();
    const QJsonArray offsets = info.value(QLatin1String("data_offsets")).toArray();
    if (shape.size() > 64 || offsets.size() != 2)
        throw FormatError("safetensors: tensor '" + name + "' has a bad shape or data_offsets");
    const uint64_t numel = readShape(shape, name, e.tensor.shape);
    double b = offsets[0].toDouble(-1), en = offsets[1].toDouble(-1);
    if (b < 0 || en < b || en > double(dataLength))
        throw FormatError("safetensors: tensor '" + name + "' has data_offsets outside the file");
    e.begin = uint64_t(b);
    e.end = uint64_t(en);
    const uint64_t elem = uint64_t(dtypeSize(e.tensor.dtype));
    if (numel > UINT64_MAX / elem || e.end - e.begin != numel * elem)
        throw FormatError("safetensors: tensor '" + name + "' holds " + std::to_string(e.end - e.begin) +
                          " bytes but its shape needs " + std::to_string(numel * elem));
    e.tensor.stride.resize(e.tensor.shape.size());
    int64_t s = 1;
    for (size_t i = e.tensor.shape.size(); i-- > 0;) {
        e.tensor.stride[i] = s;
        s *= std::max<int64_t>(e.tensor.shape[i], 1);
    }
    e.tensor.device = "cpu";
    return e;
}

// The reference reader's rule: sorted by offset, tensors tile the buffer exactly, no holes.
void sortAndCheckTiling(std::vector<Entry> &entries, uint64_t dataLength)
{
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t expected = 0;
    for (const Entry &e : entries) {
        if (e.begin != expected)
            throw FormatError("safetensors: tensor '" + e.name + "' starts at " + std::to_string(e.begin) +
                              " but the previous one ends at " + std::to_string(expected));
        expected = e.end;
    }
    if (expected != dataLength)
        throw FormatError("safetensors: the data section is " + std::to_string(dataLength) +
                          " bytes but the tensors cover " + std::to_string(expected));
}

} // namespace

bool looksLikeSafetensors(const uint8_t *data, uint64_t size)
{
    if (size < 10) return false;
    uint64_t n = headerLength(data);
    return data[8] == '{' && n <= kMaxHeader && n >= 2 && n <= size - 8;
}

void readSafetensors(ParsedFile &file, int fileIndex)
{
    file.format = FileFormat::Safetensors;
    const MappedFile &mf = file.files[size_t(fileIndex)];
    if (!looksLikeSafetensors(mf.data, mf.size)) throw FormatError("safetensors: bad header length");
    const uint64_t n = headerLength(mf.data);
    QJsonParseError err;
    QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(mf.data + 8), qsizetype(n)), &err);
    if (!doc.isObject())
        throw FormatError("safetensors: header is not valid JSON (" + err.errorString().toStdString() +
                          " at byte " + std::to_string(8 + err.offset) + ")");
    const QJsonObject header = doc.object();
    const uint64_t dataStart = 8 + n;
    const uint64_t dataLength = mf.size - dataStart;

    std::vector<Entry> entries;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string name = it.key().toStdString();
        if (name == "__metadata__")
            readMetadata(file, it.value().toObject());
        else
            entries.push_back(readEntry(name, it.value().toObject(), dataLength));
    }
    sortAndCheckTiling(entries, dataLength);

    file.arenas.push_back(std::make_unique<ValueArena>());
    ValueArena &arena = *file.arenas.back();
    Value *top = arena.make(ValueKind::Dict);
    for (Entry &e : entries) {
        StorageRef s;
        s.key = e.name;
        s.dtype = e.tensor.dtype;
        s.declaredBytes = s.recordBytes = int64_t(e.end - e.begin);
        s.file = fileIndex;
        s.fileOffset = dataStart + e.begin;
        s.record = e.name;
        file.storages.push_back(std::move(s));
        e.tensor.storage = int(file.storages.size() - 1);
        file.tensors.push_back(std::move(e.tensor));
        Value *t = arena.make(ValueKind::Tensor);
        t->tensorIndex = int64_t(file.tensors.size() - 1);
        top->items.push_back(arena.makeString(e.name));
        top->items.push_back(t);
    }
    file.top = top;
}

} // namespace sl
