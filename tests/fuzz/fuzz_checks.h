#pragma once
// What each fuzz target checks for one input, shared with tst_fuzz_regressions so that every kept
// crash input is replayed through exactly the same steps. Each function returns "" when the input
// was handled cleanly (decoded, or refused with a one-line FormatError) and a description of the
// bug otherwise; a crash or a sanitizer report is a bug too, and exceptions other than FormatError
// are left to escape.

#include "document/checkpoint.h"
#include "document/tensor_bytes.h"
#include "format/pickle_vm.h"
#include "format/pickle_writer.h"
#include "format/zip_reader.h"
#include "keymap/key_map.h"
#include "report/inspect_report.h"
#include "stats/tensor_stats.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace statelens_fuzz {

// A Qt warning (a misused API, such as QRegularExpressionMatch::captured with an empty name) is a bug
// the fuzzer should stop at, not print and carry on.
inline void abortOnQtWarnings()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        std::fprintf(stderr, "Qt message: %s\n", qPrintable(message));
        if (type != QtDebugMsg && type != QtInfoMsg) std::abort();
    });
}

// ---- fuzz_pickle_vm -------------------------------------------------------------------------------

// Ten 64-byte stored records "data/0" ... "data/9", as a torch.save archive would hold them.
inline const sl::ZipDirectory &fakeDirectory()
{
    static const sl::ZipDirectory dir = [] {
        sl::ZipDirectory d;
        d.prefix = "archive/";
        for (int i = 0; i < 10; ++i) {
            sl::ZipEntry e;
            e.name = d.prefix + "data/" + std::to_string(i);
            e.size = e.compressedSize = 64;
            e.dataOffset = 64 * uint64_t(i);
            d.byName.emplace(e.name, d.entries.size());
            d.entries.push_back(e);
        }
        return d;
    }();
    return dir;
}

inline sl::Value *loadWithStorages(sl::ParsedFile &file, const uint8_t *data, size_t size)
{
    sl::StorageLookup lookup(fakeDirectory(), "data/");
    sl::PickleContext ctx(file);
    ctx.persistentLoad = [&](sl::Value *pid) { return sl::zipStoragePid(ctx, 0, lookup, pid); };
    return sl::loadPickle(data, size, ctx);
}

// The VM over the bytes, persistent ids resolved as the zip reader does; a decoded tree is written
// back by PickleWriter and must decode again.
inline std::string checkPickle(const uint8_t *data, size_t size)
{
    sl::ParsedFile file;
    sl::Value *top = nullptr;
    try {
        top = loadWithStorages(file, data, size);
    } catch (const sl::FormatError &) {
        return ""; // Checkpoint::open makes the message one printable line; fuzz_open checks that
    }
    if (!top) return "loadPickle returned no value";
    for (const sl::TensorRef &t : file.tensors)
        if (t.storage >= int(file.storages.size()) || t.shape.size() != t.stride.size())
            return "a tensor names a storage that does not exist, or its shape and stride differ in length";
    (void)sl::valueSummary(top);
    std::string again;
    try {
        sl::PickleWriter writer(file);
        again = writer.write(top);
    } catch (const sl::FormatError &) {
        return ""; // the writer may refuse what torch 1.13's format cannot hold
    }
    sl::ParsedFile reread;
    try {
        loadWithStorages(reread, reinterpret_cast<const uint8_t *>(again.data()), again.size());
    } catch (const sl::FormatError &e) {
        return std::string("PickleWriter wrote a pickle the VM cannot read: ") + e.what();
    }
    return "";
}

// ---- fuzz_open ------------------------------------------------------------------------------------

inline bool writeFile(const std::string &path, const void *data, size_t size)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return false;
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n <= 0) break;
        p += n;
        size -= size_t(n);
    }
    ::close(fd);
    return size == 0;
}

// A safetensors file with one float32 tensor `name` of shape [2].
inline std::string tinyShard(const std::string &name)
{
    const std::string header = "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[size_t(i)] = char((header.size() >> (8 * i)) & 0xff);
    return out + header + std::string(8, '\1');
}

// The shards an index input may name, beside where the inputs are written.
inline bool prepareOpenDir(const std::string &dir)
{
    const std::string a = tinyShard("a"), b = tinyShard("b");
    return writeFile(dir + "/model-00001-of-00002.safetensors", a.data(), a.size()) &&
           writeFile(dir + "/model-00002-of-00002.safetensors", b.data(), b.size());
}

// What a file that opened must satisfy, checked independently of Checkpoint::validate: storages lie
// inside their files, tensors inside their storages, and reading a tensor's bytes (and its statistics)
// hands out exactly its bytes or refuses cleanly.
inline std::string checkOpened(const sl::Checkpoint &c)
{
    const sl::ParsedFile &f = c.file();
    for (const sl::StorageRef &s : f.storages) {
        if (s.file < 0 || size_t(s.file) >= f.files.size()) return "storage '" + s.key + "' names no file";
        if (s.declaredBytes != s.recordBytes || s.recordBytes < 0)
            return "storage '" + s.key + "' opened with a size mismatch";
        if (s.compressed) {
            if (!f.archives[size_t(s.file)]) return "compressed storage '" + s.key + "' outside an archive";
        } else if (s.fileOffset > f.files[size_t(s.file)].size ||
                   uint64_t(s.recordBytes) > f.files[size_t(s.file)].size - s.fileOffset) {
            return "storage '" + s.key + "' lies outside its file";
        }
    }
    int budget = 16; // tensors read per input: enough to catch a lie, cheap enough to fuzz
    for (size_t i = 0; i < f.tensors.size(); ++i) {
        const sl::TensorRef &t = f.tensors[i];
        if (t.storage < 0 || t.layout != sl::TensorLayout::Strided) continue;
        if (t.shape.size() != t.stride.size())
            return "tensor " + c.tensorPath(int(i)) + " has a shape and a stride of different lengths";
        if (size_t(t.storage) >= f.storages.size())
            return "tensor " + c.tensorPath(int(i)) + " names a storage that does not exist";
        if (t.extentBytes() > f.storages[size_t(t.storage)].recordBytes)
            return "tensor " + c.tensorPath(int(i)) + " reaches past its storage";
        if (budget-- <= 0 || t.nbytes() > (int64_t(1) << 20)) continue;
        try {
            uint64_t sum = 0, bytes = 0;
            sl::TensorBytes(f, int(i)).forEachChunk(4096, [&](const uint8_t *p, size_t n) {
                for (size_t k = 0; k < n; ++k)
                    sum += p[k];
                bytes += n;
                return true;
            });
            if (bytes != uint64_t(t.nbytes()))
                return "TensorBytes handed out " + std::to_string(bytes) + " bytes for a tensor of " +
                       std::to_string(t.nbytes());
            // Every byte is read, so the fuzzer's sanitizers see each access; the sum only keeps the
            // loop from being optimised away.
            asm volatile("" : : "r"(sum));
            if (t.numel() <= 4096) {
                sl::TensorStats stats;
                sl::computeTensorStats(f, int(i), 16, stats);
            }
        } catch (const sl::FormatError &) {
            // e.g. a compressed record that does not inflate, or a dtype statistics do not cover
        }
    }
    for (size_t e = 0; e < c.entries().size(); ++e) {
        if (c.entries()[e].tensor < 0 || size_t(c.entries()[e].tensor) >= f.tensors.size())
            return "a state-dict entry names no tensor";
        (void)c.keysSharingStorage(int(e));
    }
    (void)sl::inspectJson(c, true);
    return "";
}

inline std::string checkOpenPath(const std::string &path)
{
    std::string error;
    auto c = sl::Checkpoint::open(QString::fromStdString(path), &error);
    if (!c) {
        if (error.empty() || error.find('\n') != std::string::npos)
            return "the refusal is not one line: [" + error + "]";
        if (error.rfind("unexpected error", 0) == 0)
            return "an exception other than FormatError escaped a reader: " + error;
        return "";
    }
    return checkOpened(*c);
}

// The bytes as `<dir>/input.pt`, and, when they start like JSON, also as `<dir>/x.index.json`.
inline std::string checkOpen(const std::string &dir, const uint8_t *data, size_t size)
{
    const std::string input = dir + "/input.pt";
    if (!writeFile(input, data, size)) return "cannot write " + input;
    std::string problem = checkOpenPath(input);
    if (!problem.empty()) return problem;
    size_t first = 0;
    while (first < size &&
           (data[first] == ' ' || data[first] == '\n' || data[first] == '\t' || data[first] == '\r'))
        ++first;
    if (first < size && data[first] == '{') {
        const std::string index = dir + "/x.index.json";
        if (!writeFile(index, data, size)) return "cannot write " + index;
        problem = checkOpenPath(index);
        if (!problem.empty()) return "as an index: " + problem;
    }
    return "";
}

// ---- fuzz_recipe ----------------------------------------------------------------------------------

inline const QStringList &recipeKeys()
{
    static const QStringList k = [] {
        QStringList out;
        for (const char *s :
             {"module.conv1.weight", "module.bn1.weight", "module.bn1.bias", "module.bn1.running_mean",
              "module.bn1.num_batches_tracked", "module.layer1.0.conv1.weight",
              "module.layer1.0.downsample.0.weight", "module.fc.weight", "module.fc.bias",
              "encoder.layers.10.self_attn.in_proj_weight", "ema.decoder.embed_tokens.weight",
              "\xc3\xbc"
              "n"
              "\xc3\xaf"
              "code."
              "\xe6\x9d\x83\xe9\x87\x8d",
              "", "a..b", "x"})
            out << QString::fromUtf8(s);
        return out;
    }();
    return k;
}

// A recipe that parses must apply to a typical key list or refuse with a message, and must survive
// toJson/fromJson unchanged.
inline std::string checkRecipe(const uint8_t *data, size_t size)
{
    sl::KeyMap map;
    QString error;
    if (!sl::KeyMap::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), map, &error))
        return error.isEmpty() ? "fromJson refused without a message" : "";
    std::vector<sl::MappedKey> out;
    error.clear();
    if (map.apply(recipeKeys(), out, &error)) {
        if (out.size() != size_t(recipeKeys().size())) return "apply returned a different number of keys";
    } else if (error.isEmpty()) {
        return "apply refused without a message";
    }
    sl::KeyMap again;
    if (!sl::KeyMap::fromJson(map.toJson(), again, &error))
        return "toJson wrote a recipe that fromJson refuses: " + error.toStdString();
    if (again.rules.size() != map.rules.size()) return "toJson/fromJson changed the number of rules";
    for (size_t i = 0; i < map.rules.size(); ++i)
        if (!(again.rules[i] == map.rules[i])) return "toJson/fromJson changed rule " + std::to_string(i + 1);
    return "";
}

} // namespace statelens_fuzz
