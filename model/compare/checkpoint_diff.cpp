#include "compare/checkpoint_diff.h"

#include "compare/pair_metrics.h"
#include "pass/stored_tensor.h"
#include "transform/transform_plan.h"

#include <QStringList>

#include <cmath>
#include <map>
#include <unordered_map>

namespace sl {

CheckpointDiff::CheckpointDiff(const Checkpoint &a, const Checkpoint &b, DiffOptions options)
    : m_a(a), m_b(b), m_options(std::move(options))
{
}

std::shared_ptr<const TensorSource> CheckpointDiff::sourceA(const DiffEntry &e) const
{
    return e.derivedA ? e.derivedA : std::make_shared<StoredTensor>(m_a.file(), e.tensorA);
}

std::shared_ptr<const TensorSource> CheckpointDiff::sourceB(int tensor) const
{
    return std::make_shared<StoredTensor>(m_b.file(), tensor);
}

namespace {

// One of A's keys after the rules, with what the comparison reads for it.
struct SideA
{
    QString key;
    int tensor = -1; // A's stored tensor (the first source of a derived one)
    std::shared_ptr<const TensorSource> derived;
};

// Name-only rules map A's keys alone (KeyMap::apply, as before: no tensor is touched); a recipe with
// transforms goes through the plan, whose derived tensors take their sources' places.
bool keysOfA(const Checkpoint &a, const KeyMap &rules, std::vector<SideA> &out, QString *error)
{
    if (!rules.hasTransforms()) {
        QStringList keys;
        for (const StateEntry &e : a.entries())
            keys << QString::fromStdString(e.key);
        std::vector<MappedKey> mapped;
        if (!rules.apply(keys, mapped, error)) return false;
        for (size_t i = 0; i < mapped.size(); ++i)
            if (!mapped[i].dropped) // a dropped key is not part of the comparison, as in remap
                out.push_back({mapped[i].to, a.entries()[i].tensor, nullptr});
        return true;
    }
    TransformPlan plan;
    if (!TransformPlan::build(a, rules.rules, plan, error)) return false;
    for (const PlannedTensor &t : plan.tensors) {
        const int first = t.isDerived() ? (t.sources.empty() ? -1 : t.sources.front()) : t.input;
        out.push_back({t.key, first < 0 ? -1 : a.entries()[size_t(first)].tensor, t.derived});
    }
    return true;
}

} // namespace

bool CheckpointDiff::plan(std::string *error)
{
    m_entries.clear();
    std::vector<SideA> keysA;
    QString ruleError;
    if (!keysOfA(m_a, m_options.rules, keysA, &ruleError)) {
        *error = "the rules cannot be applied to A's keys: " + ruleError.toStdString();
        return false;
    }
    std::unordered_map<std::string, int> inB;
    for (size_t i = 0; i < m_b.entries().size(); ++i)
        inB.emplace(m_b.entries()[i].key, int(i));
    std::vector<bool> matchedB(m_b.entries().size(), false);
    for (SideA &side : keysA) {
        DiffEntry e;
        e.key = side.key.toStdString();
        e.tensorA = side.tensor;
        e.derivedA = std::move(side.derived);
        e.shapeA = e.derivedA ? e.derivedA->shape() : m_a.tensor(e.tensorA).shape;
        e.dtypeA = e.derivedA ? e.derivedA->dtype() : m_a.tensor(e.tensorA).dtype;
        const auto found = inB.find(e.key);
        if (found == inB.end()) {
            e.status = DiffStatus::OnlyA;
        } else {
            matchedB[size_t(found->second)] = true;
            e.keyB = e.key;
            e.tensorB = m_b.entries()[size_t(found->second)].tensor;
            e.shapeB = m_b.tensor(e.tensorB).shape;
            e.dtypeB = m_b.tensor(e.tensorB).dtype;
            if (e.shapeA != e.shapeB) {
                e.status = DiffStatus::ShapeChanged;
            } else {
                e.status = e.dtypeA != e.dtypeB ? DiffStatus::DtypeChanged : DiffStatus::Same;
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

bool CheckpointDiff::bytesEqual(const DiffEntry &a, int tensorB) const
{
    TensorPass pass({{sourceA(a), sourceB(tensorB), PassItem::Bytes}}, m_options.pass);
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
        if (e.status == DiffStatus::OnlyA) ++kindsA[{e.dtypeA, e.shapeA}];
        if (e.status == DiffStatus::OnlyB) ++kindsB[{e.dtypeB, e.shapeB}];
    }
    std::vector<int> candidates; // entry indices
    std::vector<PassItem> items;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const DiffEntry &e = m_entries[i];
        const bool isA = e.status == DiffStatus::OnlyA;
        if (!isA && e.status != DiffStatus::OnlyB) continue;
        if (!(isA ? kindsB : kindsA).count({isA ? e.dtypeA : e.dtypeB, isA ? e.shapeA : e.shapeB})) continue;
        candidates.push_back(int(i));
        items.push_back({isA ? sourceA(e) : sourceB(e.tensorB), nullptr, PassItem::Bytes});
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
        for (int ib : candidates) {
            const DiffEntry &eb = m_entries[size_t(ib)];
            if (eb.status != DiffStatus::OnlyB || taken[size_t(ib)] || !readable[size_t(ib)]) continue;
            if (eb.dtypeB != ea.dtypeA || eb.shapeB != ea.shapeA || hash[size_t(ib)] != hash[size_t(ia)])
                continue;
            if (cancel && cancel->load()) return false;
            if (!bytesEqual(ea, eb.tensorB)) continue;
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
        items.push_back({sourceA(m_entries[i]), sourceB(m_entries[i].tensorB), PassItem::Values});
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
