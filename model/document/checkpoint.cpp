#include "document/checkpoint.h"

#include "format/file_reader.h"

#include <QElapsedTimer>

#include <cstdio>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace sl {
namespace {

// Messages quote names taken from the file (records, keys, globals), which may hold newlines or
// terminal escapes; the message must stay one printable line (docs/cli.md: one-line reasons).
std::string oneLine(const std::string &message)
{
    std::string out;
    out.reserve(message.size());
    for (unsigned char c : message) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += char(c);
        }
    }
    return out;
}

} // namespace

std::unique_ptr<Checkpoint> Checkpoint::open(const QString &path, std::string *error, const RootPath *root)
{
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<Checkpoint> c(new Checkpoint);
    c->m_path = path;
    try {
        c->m_file = readCheckpointFile(path);
        c->m_autoRoot =
            findStateDictRoot(c->m_file.top); // before validate(): its messages name tensors by it
        c->validate();
        if (!c->setRoot(root ? *root : c->m_autoRoot, error)) {
            if (error) *error = oneLine(*error);
            return nullptr;
        }
    } catch (const FormatError &e) {
        if (error) *error = oneLine(e.what());
        return nullptr;
    } catch (const std::bad_alloc &) {
        if (error) *error = "out of memory while reading the file";
        return nullptr;
    } catch (const std::exception &e) {
        if (error) *error = oneLine(std::string("unexpected error: ") + e.what());
        return nullptr;
    }
    c->m_openMs = double(timer.nsecsElapsed()) / 1e6;
    return c;
}

uint64_t Checkpoint::fileSize() const
{
    uint64_t total = 0;
    for (const auto &f : m_file.files)
        total += f.size;
    return total;
}

bool Checkpoint::setRoot(const RootPath &root, std::string *error)
{
    const Value *node = resolveRootPath(m_file.top, root, error);
    if (!node) return false;
    m_root = root;
    m_entries = stateEntriesAt(node);
    m_rootWarnings.clear();
    if (m_entries.empty())
        m_rootWarnings.push_back(root.empty() ? "no state dict found: the file holds no dict of tensors"
                                              : "the root '" + joinRootPath(root) + "' holds no tensors");
    if (node->kind == ValueKind::Tensor)
        m_rootWarnings.push_back("the file holds a single tensor, shown as the key 'tensor'");
    return true;
}

const StorageRef *Checkpoint::storageOf(int tensorIndex) const
{
    int s = tensor(tensorIndex).storage;
    return s >= 0 ? &m_file.storages[size_t(s)] : nullptr;
}

std::vector<std::string> Checkpoint::keysSharingStorage(int entryIndex) const
{
    std::vector<std::string> out;
    const int storage = tensor(m_entries.at(size_t(entryIndex)).tensor).storage;
    if (storage < 0) return out;
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (int(i) != entryIndex && tensor(m_entries[i].tensor).storage == storage)
            out.push_back(m_entries[i].key);
    return out;
}

std::string Checkpoint::tensorPath(int tensorIndex) const
{
    std::call_once(m_tensorPathsIndexed, [this] { indexTensorPaths(); });
    const std::string &p = m_tensorPaths.at(size_t(tensorIndex));
    return p.empty() ? "#" + std::to_string(tensorIndex) : p;
}

void Checkpoint::indexTensorPaths() const
{
    // The first path to each tensor, breadth first so the shortest name wins; cycle-safe. Keys of
    // the automatic root come first, whatever root the user picked since.
    m_tensorPaths.assign(m_file.tensors.size(), std::string());
    const Value *rootNode = resolveRootPath(m_file.top, m_autoRoot, nullptr);
    for (const StateEntry &e : stateEntriesAt(rootNode))
        if (m_tensorPaths[size_t(e.tensor)].empty()) m_tensorPaths[size_t(e.tensor)] = e.key;
    std::deque<std::pair<const Value *, std::string>> queue{{m_file.top, ""}};
    std::unordered_set<const Value *> seen;
    while (!queue.empty()) {
        // Not a structured binding: C++17 lambdas cannot capture those (clang refuses; the fuzz build uses
        // it).
        const Value *v = queue.front().first;
        const std::string path = std::move(queue.front().second);
        queue.pop_front();
        if (!v || !seen.insert(v).second || path.size() > 4096) continue;
        auto visit = [&](const Value *c, const std::string &name) {
            queue.emplace_back(c, path.empty() ? name : path + "/" + name);
        };
        switch (v->kind) {
        case ValueKind::Tensor:
            if (m_tensorPaths[size_t(v->tensorIndex)].empty()) m_tensorPaths[size_t(v->tensorIndex)] = path;
            break;
        case ValueKind::Dict:
            for (size_t i = 0; i < v->dictSize(); ++i)
                visit(v->dictValue(i),
                      v->dictKey(i)->isString() ? v->dictKey(i)->text : valueSummary(v->dictKey(i)));
            break;
        case ValueKind::List:
        case ValueKind::Tuple:
        case ValueKind::Set:
            for (size_t i = 0; i < v->items.size(); ++i)
                visit(v->items[i], std::to_string(i));
            break;
        case ValueKind::Object:
            if (v->args) visit(v->args, "args");
            if (v->state) visit(v->state, "state");
            break;
        default:
            break;
        }
    }
}

void Checkpoint::validate() const
{
    auto where = [&](const StorageRef &s) {
        if (m_file.format == FileFormat::Legacy) return "storage '" + s.key + "'";
        if (m_file.format == FileFormat::Safetensors ||
            (m_file.format == FileFormat::Index && s.record == s.key))
            return "the data of '" + s.key + "'";
        return "record " + s.record;
    };
    for (size_t i = 0; i < m_file.tensors.size(); ++i) {
        const TensorRef &t = m_file.tensors[i];
        if (t.storage < 0 || t.layout == TensorLayout::SparseCoo ||
            t.layout == TensorLayout::SparseCompressed)
            continue;
        const StorageRef &s = m_file.storages[size_t(t.storage)];
        int64_t extent;
        try {
            extent = t.extentBytes();
        } catch (const FormatError &e) {
            throw FormatError("tensor '" + tensorPath(int(i)) + "' has a bad view: " + e.what());
        }
        if (extent > s.recordBytes)
            throw FormatError(where(s) + " holds " + std::to_string(s.recordBytes) + " bytes but tensor '" +
                              tensorPath(int(i)) + "' needs " + std::to_string(extent));
    }
    for (const StorageRef &s : m_file.storages)
        if (s.declaredBytes != s.recordBytes)
            throw FormatError(where(s) + " holds " + std::to_string(s.recordBytes) +
                              " bytes but its storage declares " + std::to_string(s.declaredBytes));
}

int64_t Checkpoint::parameterCount() const
{
    int64_t n = 0;
    for (const StateEntry &e : m_entries)
        n += tensor(e.tensor).numel();
    return n;
}

int64_t Checkpoint::tensorBytes() const
{
    int64_t n = 0;
    for (const StateEntry &e : m_entries)
        n += tensor(e.tensor).nbytes();
    return n;
}

std::vector<std::string> Checkpoint::unsafeGlobals() const
{
    return {m_file.unsafeGlobals.begin(), m_file.unsafeGlobals.end()};
}

std::vector<std::string> Checkpoint::warnings() const
{
    std::vector<std::string> w = m_file.warnings;
    w.insert(w.end(), m_rootWarnings.begin(), m_rootWarnings.end());
    return w;
}

} // namespace sl
