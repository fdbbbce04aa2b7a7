#pragma once
// The open document: a parsed, validated checkpoint file with its chosen state-dict root.
// Opening maps the file and decodes metadata only; tensor bytes stay in the map until asked for.

#include "document/root_finder.h"

#include "format/parsed_file.h"

#include <QString>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sl {

class Checkpoint
{
public:
    // Opens and validates `path`. On failure returns nullptr and sets `error` to one line that says
    // what is wrong and where (without the file name). `root` overrides the automatic root.
    static std::unique_ptr<Checkpoint> open(const QString &path, std::string *error,
                                            const RootPath *root = nullptr);

    const QString &path() const { return m_path; }
    FileFormat format() const { return m_file.format; }
    const ParsedFile &file() const { return m_file; }
    uint64_t fileSize() const;
    double openMilliseconds() const { return m_openMs; }

    const RootPath &root() const { return m_root; }
    const RootPath &automaticRoot() const { return m_autoRoot; }
    // Re-points the state dict at another node; false (and `error`) if the path does not exist.
    bool setRoot(const RootPath &root, std::string *error);

    const std::vector<StateEntry> &entries() const { return m_entries; }
    const TensorRef &tensor(int index) const { return m_file.tensors.at(size_t(index)); }
    const StorageRef *storageOf(int tensorIndex) const;
    // Keys of the other state-dict entries whose tensors share this one's storage (tied weights).
    std::vector<std::string> keysSharingStorage(int entryIndex) const;
    // Where each tensor sits in the object tree ("optimizer/state/0/exp_avg"), for messages.
    // Thread-safe: the first call indexes every tensor's path.
    std::string tensorPath(int tensorIndex) const;

    int64_t parameterCount() const;
    int64_t tensorBytes() const;
    std::vector<std::string> unsafeGlobals() const;
    std::vector<std::string> warnings() const;

private:
    Checkpoint() = default;
    void indexTensorPaths() const;
    void validate() const;

    QString m_path;
    ParsedFile m_file;
    RootPath m_root, m_autoRoot;
    std::vector<StateEntry> m_entries;
    // Only messages and the exporter ask for paths, so they are indexed on first use: building them
    // at open cost a 30,000-tensor file ~37 M instructions (~6 % of the open).
    mutable std::once_flag m_tensorPathsIndexed;
    mutable std::vector<std::string> m_tensorPaths;
    std::vector<std::string> m_rootWarnings;
    double m_openMs = 0;
};

} // namespace sl
