#pragma once
// What a reader gives back: the object tree, every tensor and storage, and where their bytes lie.
// Nothing here holds tensor data; storages point into memory-mapped files.

#include "format/value.h"

#include <QString>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

class QFile;

namespace sl {

enum class FileFormat { Zip, Legacy, TorchScript, Safetensors, Index };
const char *formatName(FileFormat f);

enum class TensorLayout : uint8_t { Strided, Quantized, SparseCoo, SparseCompressed, Meta, Opaque };
const char *layoutName(TensorLayout l);

struct StorageRef
{
    std::string key; // "0", "139912...", or the tensor name for safetensors
    DType dtype = DType::UInt8;
    int64_t declaredBytes = 0; // what the pickle claims: numel x element size
    int64_t recordBytes = 0;   // what the file actually holds
    std::string location = "cpu";
    int file = 0;            // index into ParsedFile::files
    uint64_t fileOffset = 0; // first data byte in that file
    std::string record;      // zip record name, for messages and for inflating
    bool compressed = false; // a deflated zip record: bytes must be inflated, not mapped
};

// How a quantized tensor's stored integers map to real values, as t.dequantize() applies them:
// per-tensor schemes (scale, zero point) or per-channel ones (tensors of scales and zero points along
// `axis`). `params` is the quantizer_params tuple as pickled, so that an export writes it back as it was.
struct Quantization
{
    std::string scheme; // "per_tensor_affine", "per_channel_affine", ...
    double scale = 0;
    int64_t zeroPoint = 0;
    int scales = -1, zeroPoints = -1; // per-channel: indices into ParsedFile::tensors
    int64_t axis = 0;
    const Value *params = nullptr;

    bool perChannel() const { return scales >= 0; }
};

struct TensorRef
{
    DType dtype = DType::Float32;
    std::vector<int64_t> shape;
    std::vector<int64_t> stride;
    int64_t offset = 0; // in elements of dtype
    int storage = -1;   // index into ParsedFile::storages; -1 for meta tensors
    bool requiresGrad = false;
    bool isParameter = false;
    TensorLayout layout = TensorLayout::Strided;
    std::string device;                               // the saved location, or "meta"
    int64_t sparseBytes = -1;                         // sparse tensors: bytes of indices and values together
    std::shared_ptr<const Quantization> quantization; // quantized tensors only

    int64_t numel() const;
    int64_t nbytes() const { return sparseBytes >= 0 ? sparseBytes : numel() * dtypeSize(dtype); }
    // Bytes from the first element to one past the last element touched, measured from the
    // storage start; 0 for a tensor with no elements. Throws FormatError on overflow.
    int64_t extentBytes() const;
};

struct MappedFile
{
    QString path;
    std::shared_ptr<QFile> file;
    const uint8_t *data = nullptr;
    uint64_t size = 0;

    // Copies bytes out with pread rather than through the map: a touched mapped page pulls a whole
    // page-cache folio (up to ~1 MiB on recent kernels) into the resident set, so headers scattered
    // over a large file would cost RSS in proportion to the file. The caller checks the bounds.
    void copyOut(uint64_t offset, void *out, size_t n) const;
};

class ZipArchive; // opaque: the zip directory, for inflating compressed records

struct ParsedFile
{
    FileFormat format = FileFormat::Zip;
    std::vector<std::unique_ptr<ValueArena>> arenas; // one per pickle/shard; node addresses stay put
    Value *top = nullptr;
    std::vector<TensorRef> tensors;
    std::vector<StorageRef> storages;
    std::set<std::string> unsafeGlobals;
    std::vector<std::string> warnings;
    std::vector<MappedFile> files;
    std::vector<std::shared_ptr<ZipArchive>> archives; // parallel to files; null for non-zip files
    std::map<std::string, std::string> metadata;       // safetensors __metadata__ and similar

    ValueArena &arena() { return *arenas.front(); }
};

// Every storage's bytes as one contiguous block. Mapped storages cost nothing; a compressed record is
// inflated (with a size cap) into `scratch`. Throws FormatError.
const uint8_t *storageBytes(const ParsedFile &file, int storage, std::vector<uint8_t> &scratch);

// Drops the pages of a mapped storage from this process once they have been read, so a pass over a
// large file does not pile the whole input up in its resident set (the page cache keeps them).
void releaseStoragePages(const ParsedFile &file, int storage);

} // namespace sl
