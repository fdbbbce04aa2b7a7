#include "compare/checkpoint_diff.h"

#include "compare/pair_metrics.h"
#include "pass/stored_tensor.h"

#include <QStringList>

#include <cmath>
#include <map>
#include <unordered_map>

namespace sl {

CheckpointDiff::CheckpointDiff(const Checkpoint &a, const Checkpoint &b, DiffOptions options)
    : m_a(a), m_b(b), m_options(std::move(options))
{
}

std::shared_ptr<const TensorSource> CheckpointDiff::sourceA(int tensor) const
{
    return std::make_shared<StoredTensor>(m_a.file(), tensor);
}

std::shared_ptr<const TensorSource> CheckpointDiff::sourceB(int tensor) const
{
    return std::make_shared<StoredTensor>(m_b.file(), tensor);
}

bool CheckpointDiff::plan(std::string *error)
{
    m_entries.clear();
    QStringList keysA;
    for (const StateEntry &e : m_a.entries())
        keysA << QString::fromStdString(e.key);
    std::vector<MappedKey> mapped;
    QString ruleError;
    if (!m_options.rules.apply(keysA, mapped, &ruleError)) {
        *error = "the rules cannot be applied to A's keys: " + ruleError.toStdString();
        return false;
    }
    std::unordered_map<std::string, int> inB;
    for (size_t i = 0; i < m_b.entries().size(); ++i)
        inB.emplace(m_b.entries()[i].key, int(i));
    std::vector<bool> matchedB(m_b.entries().size(), false);
    for (size_t i = 0; i < mapped.size(); ++i) {
        if (mapped[i].dropped) continue; // a dropped key is not part of the comparison, as in remap
        DiffEntry e;
        e.key = mapped[i].to.toStdString();
        e.tensorA = m_a.entries()[i].tensor;
        e.shapeA = m_a.tensor(e.tensorA).shape;
        e.dtypeA = m_a.tensor(e.tensorA).dtype;
        const auto found = inB.find(e.key);
        if (found == inB.end()) {
            e.status = DiffStatus::OnlyA;
        } else {
            matchedB[size_t(found->second)] = true;
            e.keyB = e.key;
            e.tensorB = m_b.entries()[size_t(found->second)].tensor;
            e.shapeB = m_b.tensor(e.tensorB).shape;
            e.dtypeB = m_b.tensor(e.tensorB).dtype;
            const TensorRef &ta = m_a.tensor(e.tensorA), &tb = m_b.tensor(e.tensorB);
            if (ta.shape != tb.shape) {
                e.status = DiffStatus::ShapeChanged;
            } else {
                e.status = ta.dtype != tb.dtype ? DiffStatus::DtypeChanged : DiffStatus::Same;
                e.compared = e.pending = true;
            }
        }
        m_entries.push_back(std::move(e));
    }
    for (size_t i = 0; i < m_b.entries().size(); ++i) {
        if (matchedB[i]) continue;
        DiffEntry e;
        e.key = m_b.entries()[i].key;
        e.tensorB = m_b.entries()[i].tensor;
        e.shapeB = m_b.tensor(e.tensorB).shape;
        e.dtypeB = m_b.tensor(e.tensorB).dtype;
        e.status = DiffStatus::OnlyB;
        m_entries.push_back(std::move(e));
    }
    return true;
}

bool CheckpointDiff::bytesEqual(int tensorA, int tensorB) const
{
    TensorPass pass({{sourceA(tensorA), sourceB(tensorB), PassItem::Bytes}}, m_options.pass);
    bool equal = false;
    pass.run([](int) { return std::make_unique<BytesEqualVisitor>(); },
             [&](int, PassVisitor &v, const std::string &error) {
                 equal = error.empty() && static_cast<BytesEqualVisitor &>(v).equal();
             });
    return equal;
}

bool CheckpointDiff::findRenames(const std::atomic<bool> *cancel)
{
    // Only tensors whose shape and dtype appear among the keys on the other side can be renames.
    using Kind = std::pair<DType, std::vector<int64_t>>;
    std::map<Kind, int> kindsA, kindsB;
    for (const DiffEntry &e : m_entries) {
        if (e.status == DiffStatus::OnlyA)
            ++kindsA[{m_a.tensor(e.tensorA).dtype, m_a.tensor(e.tensorA).shape}];
        if (e.status == DiffStatus::OnlyB)
            ++kindsB[{m_b.tensor(e.tensorB).dtype, m_b.tensor(e.tensorB).shape}];
    }
    std::vector<int> candidates; // entry indices
    std::vector<PassItem> items;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const DiffEntry &e = m_entries[i];
        const bool isA = e.status == DiffStatus::OnlyA;
        if (!isA && e.status != DiffStatus::OnlyB) continue;
        const TensorRef &t = isA ? m_a.tensor(e.tensorA) : m_b.tensor(e.tensorB);
        if (!(isA ? kindsB : kindsA).count({t.dtype, t.shape})) continue;
        candidates.push_back(int(i));
        items.push_back({isA ? sourceA(e.tensorA) : sourceB(e.tensorB), nullptr, PassItem::Bytes});
    }
    if (candidates.empty()) return true;
    std::vector<uint64_t> hash(m_entries.size(), 0);
    std::vector<bool> readable(m_entries.size(), false);
    TensorPass pass(std::move(items), m_options.pass);
    pass.setCancelFlag(cancel);
    // A tensor whose bytes cannot be read (no storage) is simply not a rename candidate.
    if (!pass.run([](int) { return std::make_unique<ByteHashVisitor>(); },
                  [&](int item, PassVisitor &v, const std::string &err) {
                      const size_t entry = size_t(candidates[size_t(item)]);
                      readable[entry] = err.empty();
                      hash[entry] = static_cast<ByteHashVisitor &>(v).hash();
                  }))
        return false;

    // In A's order, the first untaken key of B (in B's order) with the same bytes.
    std::vector<bool> taken(m_entries.size(), false);
    for (int ia : candidates) {
        DiffEntry &ea = m_entries[size_t(ia)];
        if (ea.status != DiffStatus::OnlyA || !readable[size_t(ia)]) continue;
        const TensorRef &ta = m_a.tensor(ea.tensorA);
        for (int ib : candidates) {
            const DiffEntry &eb = m_entries[size_t(ib)];
            if (eb.status != DiffStatus::OnlyB || taken[size_t(ib)] || !readable[size_t(ib)]) continue;
            const TensorRef &tb = m_b.tensor(eb.tensorB);
            if (tb.dtype != ta.dtype || tb.shape != ta.shape || hash[size_t(ib)] != hash[size_t(ia)])
                continue;
            if (cancel && cancel->load()) return false;
            if (!bytesEqual(ea.tensorA, eb.tensorB)) continue;
            taken[size_t(ib)] = true;
            ea.status = DiffStatus::Renamed;
            ea.keyB = eb.key;
            ea.tensorB = eb.tensorB;
            ea.shapeB = eb.shapeB;
            ea.dtypeB = eb.dtypeB;
            ea.compared = ea.pending = true;
            break;
        }
    }
    std::vector<DiffEntry> kept;
    kept.reserve(m_entries.size());
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (!taken[i]) kept.push_back(std::move(m_entries[i]));
    m_entries = std::move(kept);
    return true;
}

bool CheckpointDiff::run(const std::atomic<bool> *cancel, const EntriesReady &ready, const EntryDone &done,
                         const TensorPass::Progress &progress, std::string *error)
{
    if (!findRenames(cancel)) return false;
    if (ready) ready();
    std::vector<int> compared; // entry index of each pass item
    std::vector<PassItem> items;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (!m_entries[i].pending) continue;
        compared.push_back(int(i));
        items.push_back({sourceA(m_entries[i].tensorA), sourceB(m_entries[i].tensorB), PassItem::Values});
    }
    TensorPass pass(std::move(items), m_options.pass);
    pass.setCancelFlag(cancel);
    std::string failure;
    const double atol = m_options.atol, rtol = m_options.rtol;
    const bool finished =
        pass.run([atol, rtol](int) { return std::make_unique<PairMetricsVisitor>(atol, rtol); },
                 [&](int item, PassVisitor &v, const std::string &err) {
                     DiffEntry &e = m_entries[size_t(compared[size_t(item)])];
                     if (!err.empty()) {
                         if (failure.empty()) failure = "key '" + e.key + "': " + err;
                         return;
                     }
                     e.metrics = static_cast<PairMetricsVisitor &>(v).metrics();
                     e.pending = false;
                     if (e.status == DiffStatus::Same && e.metrics.mismatched > 0)
                         e.status = DiffStatus::Changed;
                     if (done) done(compared[size_t(item)]);
                 },
                 progress);
    if (!failure.empty()) {
        *error = failure;
        return false;
    }
    return finished;
}

DiffResult CheckpointDiff::result() const
{
    DiffResult r;
    r.a = {m_a.path(), formatName(m_a.format()), m_a.root()};
    r.b = {m_b.path(), formatName(m_b.format()), m_b.root()};
    r.atol = m_options.atol;
    r.rtol = m_options.rtol;
    r.entries = m_entries;
    return r;
}

std::array<int64_t, kDiffStatusCount> diffSummary(const std::vector<DiffEntry> &entries)
{
    std::array<int64_t, kDiffStatusCount> counts{};
    for (const DiffEntry &e : entries)
        ++counts[size_t(e.status)];
    return counts;
}

bool diffEqual(const std::vector<DiffEntry> &entries)
{
    for (const DiffEntry &e : entries)
        if (e.status != DiffStatus::Same || e.pending) return false;
    return true;
}

std::vector<ModuleDiff> diffModules(const std::vector<DiffEntry> &entries)
{
    struct Sums
    {
        double diff = 0, a = 0;
        bool compared = false;
    };
    std::vector<ModuleDiff> modules;
    std::vector<Sums> sums;
    std::unordered_map<std::string, size_t> index;
    for (const DiffEntry &e : entries) {
        for (size_t dot = e.key.find('.'); dot != std::string::npos; dot = e.key.find('.', dot + 1)) {
            const std::string prefix = e.key.substr(0, dot);
            auto [it, added] = index.emplace(prefix, modules.size());
            if (added) {
                modules.push_back({prefix, std::nullopt, {}});
                sums.emplace_back();
            }
            ++modules[it->second].counts[size_t(e.status)];
            if (e.compared && !e.pending) {
                sums[it->second].diff += e.metrics.diffSquares;
                sums[it->second].a += e.metrics.aSquares;
                sums[it->second].compared = true;
            }
        }
    }
    for (size_t i = 0; i < modules.size(); ++i) {
        const Sums &s = sums[i];
        if (!s.compared) continue;
        if (s.a > 0)
            modules[i].relL2 = std::sqrt(s.diff / s.a);
        else if (s.diff == 0)
            modules[i].relL2 = 0.0;
    }
    return modules;
}

} // namespace sl
