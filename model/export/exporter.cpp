#include "export/exporter.h"

#include "export/export_internal.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include "format/float16.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

namespace sl {
namespace {

// Progress and cancel are checked between slices of this size.
constexpr size_t kSliceBytes = size_t(16) << 20;
constexpr int64_t kWritebackBytes = int64_t(64) << 20;
// Smaller pieces go through QFile's buffer: a system call or two each (flush, copy) cost more than
// copying them, and a 30,000-key file has 30,000 of them.
constexpr size_t kKernelCopyMinBytes = size_t(256) << 10;

std::string shapeText(const std::vector<int64_t> &v)
{
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i)
        s += (i ? ", " : "") + std::to_string(v[i]);
    return s + (v.size() == 1 ? ",)" : ")");
}

bool sameFile(const QString &a, const QString &b)
{
    struct stat sa, sb;
    if (::stat(QFile::encodeName(a).constData(), &sa) != 0 ||
        ::stat(QFile::encodeName(b).constData(), &sb) != 0)
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// The mode a new file gets from open(0666) under the process umask, read without changing the umask
// (umask() is process-wide and would race with other threads).
mode_t newFileMode()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) return mode_t(0666 & ~std::stoul(line.substr(6), nullptr, 8));
    }
    return 0644;
}

void syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd); // makes the rename durable; a failure here loses nothing already written
        ::close(fd);
    }
}

// Re-reads the written file and checks that it holds exactly what the writer meant to write.
bool verify(const QString &path, const ExpectedFile &expected, std::string *error)
{
    std::string openError;
    auto written = Checkpoint::open(path, &openError, &expected.root);
    if (!written) {
        *error = "the written file does not read back: " + openError;
        return false;
    }
    const auto &entries = written->entries();
    if (entries.size() != expected.entries.size()) {
        *error = "the written file holds " + std::to_string(entries.size()) +
                 " state-dict tensors instead of " + std::to_string(expected.entries.size());
        return false;
    }
    std::unordered_map<std::string, size_t> byKey;
    for (size_t i = 0; i < entries.size(); ++i)
        byKey.emplace(entries[i].key, i);
    for (size_t i = 0; i < expected.entries.size(); ++i) {
        const ExpectedTensor &x = expected.entries[i];
        auto found = byKey.find(x.key);
        if (found == byKey.end() || (expected.ordered && found->second != i)) {
            *error = "the written file lacks '" + x.key + "' or holds it out of order";
            return false;
        }
        const int index = entries[found->second].tensor;
        const TensorRef &t = written->tensor(index);
        const StorageRef *s = written->storageOf(index);
        std::string what;
        if (t.dtype != x.dtype)
            what = std::string("dtype ") + dtypeName(t.dtype) + " instead of " + dtypeName(x.dtype);
        else if (t.shape != x.shape)
            what = "shape " + shapeText(t.shape) + " instead of " + shapeText(x.shape);
        else if (t.numel() > 0 && (t.stride != x.stride || t.offset != x.offset))
            what = "stride " + shapeText(t.stride) + " or offset " + std::to_string(t.offset) + " changed";
        else if (x.storageBytes >= 0 && (!s || s->recordBytes != x.storageBytes))
            what = "a storage of " + std::to_string(s ? s->recordBytes : 0) + " bytes instead of " +
                   std::to_string(x.storageBytes);
        if (!what.empty()) {
            *error = "the written file is wrong: '" + x.key + "' has " + what;
            return false;
        }
    }
    if (expected.tensors >= 0 && int64_t(written->file().tensors.size()) != expected.tensors) {
        *error = "the written file holds " + std::to_string(written->file().tensors.size()) +
                 " tensors instead of " + std::to_string(expected.tensors);
        return false;
    }
    if (expected.storages >= 0 && int64_t(written->file().storages.size()) != expected.storages) {
        *error = "the written file holds " + std::to_string(written->file().storages.size()) +
                 " storages instead of " + std::to_string(expected.storages);
        return false;
    }
    return true;
}

// Why an export would lose the file's content, or "": a torch.save pickle whose root is no state dict,
// nn.Module or tensor (transformers' training_args.bin, a user's object) would be written as an empty
// state dict.
std::string contentLost(const Checkpoint &c)
{
    if (c.format() != FileFormat::Zip && c.format() != FileFormat::Legacy) return {};
    const Value *root = resolveRootPath(c.file().top, c.root(), nullptr);
    if (!root || root->kind == ValueKind::Dict || root->kind == ValueKind::Tensor || isPickledModule(root))
        return {};
    const std::string where = c.root().empty() ? std::string("the file") : "'" + joinRootPath(c.root()) + "'";
    const std::string what = root->kind == ValueKind::Object ? "a " + root->text + " object"
                                                             : std::string("a ") + valueKindName(root->kind);
    return where + " holds no state dict but " + what + ", which an export would lose; nothing was written";
}

} // namespace

std::vector<std::string> exportNotes(const Checkpoint &c, const ExportOptions &opt)
{
    const Value *root = resolveRootPath(c.file().top, c.root(), nullptr);
    if (!isPickledModule(root)) return {};
    const bool inPlace = opt.format == ExportOptions::Pth && !c.root().empty() &&
                         (c.format() == FileFormat::Zip || c.format() == FileFormat::Legacy);
    if (inPlace)
        return {"the nn.Module object at '" + joinRootPath(c.root()) +
                "' was written as its state dict; the rest of the file is kept"};
    return {"the nn.Module object was written as its state dict"};
}

// ---- ExportSink ----------------------------------------------------------------------------------

ExportSink::ExportSink(QFile &file, const std::vector<MappedFile> &inputs,
                       const std::function<bool(int64_t, int64_t)> &progress)
    : m_file(file), m_inputs(inputs), m_progress(progress)
{
}

void ExportSink::advance(size_t n)
{
    m_done += int64_t(n);
    // Starts the disk write of each finished piece while the next is copied, so that the final
    // fsync waits for the tail only; a hint: without it the fsync writes everything.
    if (m_done - m_writebackFrom >= kWritebackBytes) {
        ::sync_file_range(m_file.handle(), m_writebackFrom, m_done - m_writebackFrom, SYNC_FILE_RANGE_WRITE);
        m_writebackFrom = m_done;
    }
    if (m_progress && !m_progress(std::min(m_done, m_total), m_total)) {
        m_cancelled = true;
        fail("export cancelled");
    }
}

size_t ExportSink::copyFromInput(const char *data, size_t size)
{
    if (size < kKernelCopyMinBytes) return 0;
    const MappedFile *input = nullptr;
    for (const MappedFile &in : m_inputs) {
        const auto begin = reinterpret_cast<uintptr_t>(in.data), at = reinterpret_cast<uintptr_t>(data);
        if (in.file && in.data && at >= begin && at - begin <= in.size && size <= in.size - (at - begin))
            input = &in;
    }
    if (!input || !m_kernelCopies || !m_file.flush()) return 0;
    // Page cache to page cache inside the kernel: writing from the map copied every byte from our
    // address space (56 % of a 2 GB remap in copy_folio_from_iter) and faulted the map in on the way.
    loff_t from = loff_t(data - reinterpret_cast<const char *>(input->data));
    size_t copied = 0;
    while (copied < size && ok()) {
        errno = 0;
        const ssize_t n = ::copy_file_range(input->file->handle(), &from, m_file.handle(), nullptr,
                                            std::min(size - copied, kSliceBytes), 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
            m_kernelCopies = false; // another file system or an old kernel: nothing was copied
            break;
        }
        if (n <= 0) {
            const int reason = errno;
            fail("cannot write the output file: " +
                 std::string(reason ? std::strerror(reason)
                                    : "the input file became shorter while it was read"));
            break;
        }
        copied += size_t(n);
        advance(size_t(n));
    }
    return copied;
}

bool ExportSink::write(const void *data, size_t size)
{
    const char *p = static_cast<const char *>(data);
    const size_t copied = copyFromInput(p, size);
    p += copied;
    size -= copied;
    while (size > 0 && ok()) {
        const size_t n = std::min(size, kSliceBytes);
        errno = 0;
        if (m_file.write(p, qint64(n)) != qint64(n)) {
            // A disk that fills part-way through a write is a short write, which QFile reports as
            // "Unknown error"; errno still holds the reason (ENOSPC, EFBIG, EDQUOT, EIO).
            const int reason = errno;
            fail("cannot write the output file: " +
                 (reason ? std::string(std::strerror(reason)) : m_file.errorString().toStdString()));
            break;
        }
        p += n;
        size -= n;
        advance(n);
    }
    return ok();
}

void ExportSink::fail(const std::string &error)
{
    if (m_error.empty()) m_error = error;
}

void ExportSink::finish()
{
    if (m_progress && ok()) m_progress(m_total, m_total);
}

// ---- conversion ----------------------------------------------------------------------------------

void convertFloat32(const uint8_t *src, int64_t count, DType to, uint8_t *dst)
{
    if (to != DType::Float16 && to != DType::BFloat16)
        throw FormatError(std::string("cannot convert float32 to ") + dtypeName(to));
    // memcpy per value: the mapped input need not be aligned for float.
    const bool half = to == DType::Float16;
    for (int64_t i = 0; i < count; ++i) {
        float f;
        std::memcpy(&f, src + 4 * i, 4);
        const uint16_t v = half ? halfFromFloat(f) : bfloat16FromFloat(f);
        dst[2 * i] = uint8_t(v);
        dst[2 * i + 1] = uint8_t(v >> 8);
    }
}

ExportOptions::Format exportFormatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".safetensors"), Qt::CaseInsensitive) ? ExportOptions::Safetensors
                                                                             : ExportOptions::Pth;
}

// ---- exportCheckpoint ----------------------------------------------------------------------------

bool exportCheckpoint(const Checkpoint &c, const std::vector<MappedKey> &mapping, const QString &outPath,
                      const ExportOptions &opt, const std::function<bool(int64_t, int64_t)> &progress,
                      std::string *error, std::vector<std::string> *notes)
{
    // A names-only plan: every kept input in its own place. The writers read nothing else of it.
    TransformPlan plan;
    plan.mapping = mapping;
    plan.transformed.assign(mapping.size(), false);
    for (size_t i = 0; i < mapping.size(); ++i) {
        if (mapping[i].dropped) continue;
        PlannedTensor t;
        t.key = mapping[i].to;
        t.input = int(i);
        t.sources = {int(i)};
        plan.tensors.push_back(std::move(t));
    }
    return exportCheckpoint(c, plan, outPath, opt, progress, error, notes);
}

bool exportCheckpoint(const Checkpoint &c, const TransformPlan &plan, const QString &outPath,
                      const ExportOptions &opt, const std::function<bool(int64_t, int64_t)> &progress,
                      std::string *error, std::vector<std::string> *notes)
{
    std::string scratchError;
    if (!error) error = &scratchError;
    if (plan.mapping.size() != c.entries().size()) {
        *error = "the key mapping does not match the checkpoint (" + std::to_string(plan.mapping.size()) +
                 " keys for " + std::to_string(c.entries().size()) + " tensors)";
        return false;
    }
    for (const PlannedTensor &t : plan.tensors) {
        if ((t.isDerived() && !t.derived) || (!t.isDerived() && size_t(t.input) >= c.entries().size())) {
            *error = "the transform plan does not match the checkpoint";
            return false;
        }
    }
    if (opt.convertFloat32To != DType::Unknown && opt.convertFloat32To != DType::Float16 &&
        opt.convertFloat32To != DType::BFloat16) {
        *error = std::string("float32 tensors can be converted to float16 or bfloat16, not ") +
                 dtypeName(opt.convertFloat32To);
        return false;
    }
    if (opt.weightsOnly && opt.format == ExportOptions::Safetensors) {
        *error = "a weights-only copy is a .pth file; safetensors holds no pickle to clean";
        return false;
    }
    if (const std::string lost = contentLost(c); !lost.empty()) {
        *error = lost;
        return false;
    }
    const QFileInfo out(outPath);
    if (out.isDir()) {
        *error = "the output path is a folder";
        return false;
    }
    for (const MappedFile &in : c.file().files) {
        const QFileInfo input(in.path);
        if ((out.exists() && out.canonicalFilePath() == input.canonicalFilePath()) ||
            sameFile(outPath, in.path)) {
            *error = "refusing to overwrite the input file; choose another output name";
            return false;
        }
    }
    const QString dir = out.absolutePath();
    if (!QFileInfo(dir).isDir()) {
        *error = "the output folder does not exist";
        return false;
    }

    // The temporary file sits next to the target, so the final rename stays on one file system.
    QTemporaryFile temp(dir + QLatin1String("/.") + out.fileName() + QLatin1String(".XXXXXX.part"));
    temp.setAutoRemove(true);
    if (!temp.open()) {
        *error = "cannot create a file in the output folder: " + temp.errorString().toStdString();
        return false;
    }
    ExportSink sink(temp, c.file().files, progress);
    ExpectedFile expected;
    std::string writeError;
    const bool written = opt.format == ExportOptions::Safetensors
                             ? writeSafetensorsExport(c, plan, opt, sink, expected, &writeError)
                             : writePthExport(c, plan, opt, sink, expected, notes, &writeError);
    if (!sink.ok()) {
        *error = sink.error();
        return false;
    }
    if (!written) {
        *error = writeError;
        return false;
    }
    if (!temp.flush() || ::fsync(temp.handle()) != 0) {
        *error = "cannot flush the output file to disk: " + temp.errorString().toStdString();
        return false;
    }
    // QTemporaryFile creates 0600; the export gets what a replaced file had, or the usual mode.
    struct stat existing;
    const bool replacing = ::stat(QFile::encodeName(outPath).constData(), &existing) == 0;
    ::fchmod(temp.handle(), replacing ? mode_t(existing.st_mode & 0777) : newFileMode());
    temp.close();

    if (!verify(temp.fileName(), expected, error)) return false;
    if (::rename(QFile::encodeName(temp.fileName()).constData(), QFile::encodeName(outPath).constData()) !=
        0) {
        *error = std::string("cannot move the finished file into place: ") + std::strerror(errno);
        return false;
    }
    temp.setAutoRemove(false);
    syncDirectory(dir);
    sink.finish();
    return true;
}

} // namespace sl
