#include "format/parsed_file.h"

#include "format/zip_reader.h"

#include <QFile>

#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace sl {

const char *formatName(FileFormat f)
{
    switch (f) {
    case FileFormat::Zip:
        return "zip";
    case FileFormat::Legacy:
        return "legacy";
    case FileFormat::TorchScript:
        return "torchscript";
    case FileFormat::Safetensors:
        return "safetensors";
    case FileFormat::Index:
        return "index";
    }
    return "?";
}

const char *layoutName(TensorLayout l)
{
    switch (l) {
    case TensorLayout::Strided:
        return "strided";
    case TensorLayout::Quantized:
        return "quantized";
    case TensorLayout::SparseCoo:
        return "sparse_coo";
    case TensorLayout::SparseCompressed:
        return "sparse_compressed";
    case TensorLayout::Meta:
        return "meta";
    case TensorLayout::Opaque:
        return "opaque";
    }
    return "?";
}

int64_t TensorRef::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d == 0) return 0;
        if (n > INT64_MAX / d) return INT64_MAX;
        n *= d;
    }
    return n;
}

int64_t TensorRef::extentBytes() const
{
    if (numel() == 0) return 0;
    // offset + sum((size - 1) * stride) + 1 elements, all checked for overflow.
    int64_t last = offset;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (stride[i] < 0) throw FormatError("negative stride");
        int64_t step = 0;
        if (__builtin_mul_overflow(shape[i] - 1, stride[i], &step) ||
            __builtin_add_overflow(last, step, &last))
            throw FormatError("tensor extent overflows");
    }
    int64_t bytes = 0;
    if (__builtin_add_overflow(last, 1, &last) ||
        __builtin_mul_overflow(last, int64_t(dtypeSize(dtype)), &bytes))
        throw FormatError("tensor extent overflows");
    return bytes;
}

void MappedFile::copyOut(uint64_t offset, void *out, size_t n) const
{
    auto *dst = static_cast<uint8_t *>(out);
    const int fd = file ? file->handle() : -1;
    while (fd >= 0 && n > 0) {
        const ssize_t got = ::pread(fd, dst, n, off_t(offset));
        if (got <= 0) break; // fall back to the map, which holds the same bytes
        dst += got;
        offset += uint64_t(got);
        n -= size_t(got);
    }
    if (n > 0) std::memcpy(dst, data + offset, n);
}

const uint8_t *storageBytes(const ParsedFile &file, int storage, std::vector<uint8_t> &scratch)
{
    const StorageRef &s = file.storages.at(size_t(storage));
    if (!s.compressed) return file.files.at(size_t(s.file)).data + s.fileOffset;
    const auto &archive = file.archives.at(size_t(s.file));
    if (!archive) throw FormatError("storage '" + s.key + "' is compressed outside a zip archive");
    scratch = archive->readRecord(s.record, uint64_t(4) << 30);
    return scratch.data();
}

void releaseStoragePages(const ParsedFile &file, int storage)
{
    const StorageRef &s = file.storages.at(size_t(storage));
    // Bytes in memory rather than a mapped file (a weights-only copy's numpy arrays) are left alone.
    if (s.compressed || s.recordBytes <= 0 || !file.files.at(size_t(s.file)).file) return;
    // Only whole pages inside the storage: its neighbours may still be needed.
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = uintptr_t(file.files.at(size_t(s.file)).data + s.fileOffset);
    const uintptr_t first = (begin + page - 1) / page * page;
    const uintptr_t last = (begin + uintptr_t(s.recordBytes)) / page * page;
    if (last > first)
        ::madvise(reinterpret_cast<void *>(first), last - first,
                  MADV_DONTNEED); // read-only file pages: refetched if used again
}

} // namespace sl
