// Suggested fixes for a test-load: recipe rules that, applied in order after the current mapping,
// turn unexpected keys into expected ones. Every rule is checked by matching again; a rule that
// does not reduce missing + unexpected is never offered. No LibTorch: keys and shapes only.

#include "testload/testload_internal.h"

#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace sl {
namespace testload {
namespace {

constexpr int kMaxRounds = 8;            // greedy rounds of prefix, leaf-name and subtree rules
constexpr size_t kCandidatesPerKind = 8; // the most promising of each kind are tried
constexpr size_t kMaxKeyRenames = 100;   // more one-by-one renames than this are a guess, not a fix
constexpr int kMaxDrops = 20;

// The keys after one more rule; false if the rule fails or two keys would collide.
bool applyRule(const KeyRule &rule, std::vector<SourceKey> &keys)
{
    std::vector<SourceKey> out;
    out.reserve(keys.size());
    QSet<QString> seen;
    seen.reserve(qsizetype(keys.size()));
    for (SourceKey k : keys) {
        bool dropped = false;
        if (!KeyMap::applyRule(rule, k.key, dropped, nullptr)) return false;
        if (dropped) continue;
        if (k.key.isEmpty() || seen.contains(k.key)) return false;
        seen.insert(k.key);
        out.push_back(std::move(k));
    }
    keys = std::move(out);
    return true;
}

// The keys and match after `rule`, when it leaves fewer than `bar` keys missing or unexpected.
bool tryRule(const TargetModel &target, const KeyRule &rule, const std::vector<SourceKey> &keys, int bar,
             std::vector<SourceKey> &outKeys, MatchResult &outMatch)
{
    std::vector<SourceKey> next = keys;
    if (!applyRule(rule, next)) return false;
    MatchResult m = matchKeys(target, next);
    if (m.unmatched() >= bar) return false;
    outKeys = std::move(next);
    outMatch = std::move(m);
    return true;
}

template <typename Key> std::vector<Key> mostVoted(const std::map<Key, int> &votes, size_t limit)
{
    std::vector<std::pair<int, Key>> ranked;
    for (const auto &v : votes)
        ranked.push_back({v.second, v.first});
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    std::vector<Key> out;
    for (size_t i = 0; i < ranked.size() && i < limit; ++i)
        out.push_back(ranked[i].second);
    return out;
}

// Prefixes whose removal or addition turns unexpected keys into expected ones, most useful first.
std::vector<KeyRule> prefixCandidates(const TargetModel &target, const std::vector<SourceKey> &keys,
                                      const MatchResult &match)
{
    std::map<QString, int> strip, add;
    for (const QString &u : match.unexpected)
        for (qsizetype dot = u.indexOf(QLatin1Char('.')); dot >= 0;
             dot = u.indexOf(QLatin1Char('.'), dot + 1))
            if (target.index.contains(u.mid(dot + 1))) ++strip[u.left(dot + 1)];
    const QSet<QString> unexpected(match.unexpected.begin(), match.unexpected.end());
    for (const QString &m : match.missing)
        for (qsizetype dot = m.indexOf(QLatin1Char('.')); dot >= 0;
             dot = m.indexOf(QLatin1Char('.'), dot + 1))
            if (unexpected.contains(m.mid(dot + 1))) ++add[m.left(dot + 1)];
    std::vector<KeyRule> out;
    for (const QString &p : mostVoted(strip, kCandidatesPerKind))
        out.push_back(KeyRule::stripPrefix(p));
    for (const QString &p : mostVoted(add, kCandidatesPerKind))
        out.push_back(KeyRule::addPrefix(p));
    // The wrappers that training code adds (DataParallel, torch.compile, Lightning, timm), also
    // where the stripped keys become expected only together with another rule.
    for (const char *p : {"module.", "_orig_mod.", "model.", "backbone."}) {
        const QString prefix = QLatin1String(p);
        if (std::any_of(keys.begin(), keys.end(),
                        [&](const SourceKey &k) { return k.key.startsWith(prefix); }))
            out.push_back(KeyRule::stripPrefix(prefix));
    }
    return out;
}

// TensorFlow and Keras spellings of normalisation parameters.
std::vector<KeyRule> leafNameCandidates(const MatchResult &match)
{
    static const char *const pairs[][2] = {{"gamma", "weight"},
                                           {"beta", "bias"},
                                           {"moving_mean", "running_mean"},
                                           {"moving_variance", "running_var"}};
    std::vector<KeyRule> out;
    for (const auto &p : pairs) {
        const QString suffix = QLatin1Char('.') + QLatin1String(p[0]);
        if (std::any_of(match.unexpected.begin(), match.unexpected.end(),
                        [&](const QString &u) { return u.endsWith(suffix); }))
            out.push_back(KeyRule::regex(QStringLiteral("\\.%1$").arg(QLatin1String(p[0])),
                                         QLatin1Char('.') + QLatin1String(p[1])));
    }
    return out;
}

QString shapeKey(const std::vector<int64_t> &shape)
{
    QString s;
    for (int64_t d : shape)
        s += QString::number(d) + QLatin1Char(',');
    return s;
}

// Unexpected keys paired with missing ones of the same shape, in checkpoint and module order. A
// group pairs only when both sides have as many keys of that shape and leaf name ("weight",
// "running_mean"); a shape alone pairs only one key with one key.
std::vector<std::pair<QString, QString>>
pairByShape(const TargetModel &target, const std::vector<SourceKey> &keys, const MatchResult &match)
{
    const QSet<QString> unexpected(match.unexpected.begin(), match.unexpected.end());
    const QSet<QString> missing(match.missing.begin(), match.missing.end());
    std::map<QString, QStringList> fromGroups, toGroups;
    for (const SourceKey &k : keys)
        if (unexpected.contains(k.key))
            fromGroups[shapeKey(k.shape) + QLatin1Char('|') + keyLeaf(k.key)] << k.key;
    for (const TargetEntry &e : target.entries)
        if (missing.contains(e.key)) toGroups[shapeKey(e.shape) + QLatin1Char('|') + keyLeaf(e.key)] << e.key;
    std::vector<std::pair<QString, QString>> pairs;
    QSet<QString> paired;
    for (const auto &g : fromGroups) {
        const auto to = toGroups.find(g.first);
        if (to == toGroups.end() || to->second.size() != g.second.size()) continue;
        for (qsizetype i = 0; i < g.second.size(); ++i) {
            pairs.push_back({g.second[i], to->second[i]});
            paired << g.second[i] << to->second[i];
        }
    }
    std::map<QString, QStringList> fromShapes, toShapes;
    for (const SourceKey &k : keys)
        if (unexpected.contains(k.key) && !paired.contains(k.key)) fromShapes[shapeKey(k.shape)] << k.key;
    for (const TargetEntry &e : target.entries)
        if (missing.contains(e.key) && !paired.contains(e.key)) toShapes[shapeKey(e.shape)] << e.key;
    for (const auto &g : fromShapes) {
        const auto to = toShapes.find(g.first);
        if (g.second.size() == 1 && to != toShapes.end() && to->second.size() == 1)
            pairs.push_back({g.second.first(), to->second.first()});
    }
    return pairs;
}

// A module that moved ("features.0" -> "conv1", "encoder" -> "backbone"): each pair votes for the
// rename of what differs before the names the two keys end with.
std::vector<KeyRule> subtreeCandidates(const std::vector<std::pair<QString, QString>> &pairs)
{
    std::map<std::pair<QString, QString>, int> votes;
    for (const auto &p : pairs) {
        const QStringList from = p.first.split(QLatin1Char('.')), to = p.second.split(QLatin1Char('.'));
        qsizetype common = 0;
        while (common < from.size() && common < to.size() &&
               from[from.size() - 1 - common] == to[to.size() - 1 - common])
            ++common;
        if (common == 0 || common == from.size() || common == to.size()) continue; // not a module move
        ++votes[{from.mid(0, from.size() - common).join(QLatin1Char('.')),
                 to.mid(0, to.size() - common).join(QLatin1Char('.'))}];
    }
    std::vector<KeyRule> out;
    for (const auto &r : mostVoted(votes, kCandidatesPerKind))
        out.push_back(KeyRule::rename(r.first, r.second));
    return out;
}

// The pairs left over, one rename each. Each turns one unexpected and one missing key into a
// loaded one, unless the old name is also a module (the rename would move its subtree too).
void suggestKeyRenames(const TargetModel &target, std::vector<SourceKey> &keys, MatchResult &match,
                       std::vector<KeyRule> &rules)
{
    const auto pairs = pairByShape(target, keys, match);
    if (pairs.empty() || pairs.size() > kMaxKeyRenames) return;
    QSet<QString> modules;
    for (const SourceKey &k : keys)
        for (qsizetype dot = k.key.indexOf(QLatin1Char('.')); dot >= 0;
             dot = k.key.indexOf(QLatin1Char('.'), dot + 1))
            modules.insert(k.key.left(dot));
    QHash<QString, QString> renames;
    std::vector<KeyRule> proposed;
    for (const auto &p : pairs)
        if (!modules.contains(p.first)) {
            renames.insert(p.first, p.second);
            proposed.push_back(KeyRule::rename(p.first, p.second));
        }
    std::vector<SourceKey> next = keys;
    for (SourceKey &k : next)
        k.key = renames.value(k.key, k.key);
    MatchResult m = matchKeys(target, next);
    if (proposed.empty() || m.unmatched() != match.unmatched() - 2 * int(proposed.size())) return;
    keys = std::move(next);
    match = std::move(m);
    rules.insert(rules.end(), proposed.begin(), proposed.end());
}

// When every module key is covered, the keys left over only stop a strict load: drop them, a whole
// module at a time where none of its keys is expected. Each drop removes unexpected keys only.
void suggestDrops(const TargetModel &target, std::vector<SourceKey> &keys, MatchResult &match,
                  std::vector<KeyRule> &rules)
{
    if (!match.missing.isEmpty() || match.unexpected.isEmpty()) return;
    const QSet<QString> unexpected(match.unexpected.begin(), match.unexpected.end());
    QHash<QString, int> total, extra;
    for (const SourceKey &k : keys)
        for (qsizetype dot = k.key.indexOf(QLatin1Char('.')); dot >= 0;
             dot = k.key.indexOf(QLatin1Char('.'), dot + 1)) {
            ++total[k.key.left(dot)];
            if (unexpected.contains(k.key)) ++extra[k.key.left(dot)];
        }
    QStringList patterns;
    for (const QString &u : match.unexpected) {
        QString pattern = QRegularExpression::escape(u);
        for (qsizetype dot = u.indexOf(QLatin1Char('.')); dot >= 0;
             dot = u.indexOf(QLatin1Char('.'), dot + 1)) {
            const QString module = u.left(dot);
            if (total.value(module) == extra.value(module)) {
                pattern = QRegularExpression::escape(module) + QStringLiteral("\\..*");
                break;
            }
        }
        if (!patterns.contains(pattern)) patterns << pattern;
        if (patterns.size() > kMaxDrops) return;
    }
    std::vector<SourceKey> next = keys;
    std::vector<KeyRule> proposed;
    for (const QString &p : patterns) {
        proposed.push_back(KeyRule::drop(p));
        if (!applyRule(proposed.back(), next)) return;
    }
    MatchResult m = matchKeys(target, next);
    if (m.unmatched() >= match.unmatched()) return;
    keys = std::move(next);
    match = std::move(m);
    rules.insert(rules.end(), proposed.begin(), proposed.end());
}

// Wrapper components in the keys explain a mismatch more often than anything else, and stripping
// them is one rule however they are stacked: tried first. A wrapper name that is a real module of the
// target (a submodule called `module`) is kept.
void suggestStripWrappers(const TargetModel &target, std::vector<SourceKey> &keys, MatchResult &match,
                          std::vector<KeyRule> &rules)
{
    QStringList names;
    for (const SourceKey &k : keys)
        names << k.key;
    if (wrappersIn(names).isEmpty()) return;
    QStringList targetKeys;
    for (auto it = target.index.constBegin(); it != target.index.constEnd(); ++it)
        targetKeys << it.key();
    const KeyRule rule = KeyRule::stripWrappers(wrappersIn(targetKeys));
    std::vector<SourceKey> next;
    MatchResult m;
    if (!tryRule(target, rule, keys, match.unmatched(), next, m)) return;
    rules.push_back(rule);
    keys = std::move(next);
    match = std::move(m);
}

} // namespace

std::vector<KeyRule> suggestRules(const TargetModel &target, const std::vector<SourceKey> &sources)
{
    std::vector<KeyRule> rules;
    std::vector<SourceKey> keys = sources;
    MatchResult match = matchKeys(target, keys);
    suggestStripWrappers(target, keys, match, rules);
    // Greedy: the rule that fixes the most keys, then again on the result (a DataParallel
    // checkpoint of a TensorFlow port needs a strip and the gamma/beta renames).
    for (int round = 0; round < kMaxRounds && match.unmatched() > 0; ++round) {
        std::vector<KeyRule> candidates = prefixCandidates(target, keys, match);
        const std::vector<KeyRule> leaves = leafNameCandidates(match);
        const std::vector<KeyRule> moves = subtreeCandidates(pairByShape(target, keys, match));
        candidates.insert(candidates.end(), leaves.begin(), leaves.end());
        candidates.insert(candidates.end(), moves.begin(), moves.end());
        std::vector<SourceKey> bestKeys;
        MatchResult best;
        int bestRule = -1;
        for (size_t i = 0; i < candidates.size(); ++i) {
            const auto end = candidates.begin() + std::ptrdiff_t(i);
            if (std::find(candidates.begin(), end, candidates[i]) != end) continue; // tried already
            std::vector<SourceKey> next;
            MatchResult m;
            const int bar = bestRule < 0 ? match.unmatched() : best.unmatched();
            if (tryRule(target, candidates[i], keys, bar, next, m)) {
                bestKeys = std::move(next);
                best = std::move(m);
                bestRule = int(i);
            }
        }
        if (bestRule < 0) break;
        rules.push_back(candidates[size_t(bestRule)]);
        keys = std::move(bestKeys);
        match = std::move(best);
    }
    if (match.unmatched() > 0) suggestKeyRenames(target, keys, match, rules);
    suggestDrops(target, keys, match, rules);
    return rules;
}

std::vector<std::vector<std::pair<QString, QString>>>
suggestionSamples(const std::vector<KeyRule> &rules, const std::vector<SourceKey> &sources, int perRule)
{
    std::vector<std::vector<std::pair<QString, QString>>> out;
    std::vector<SourceKey> keys = sources;
    for (const KeyRule &rule : rules) {
        std::vector<std::pair<QString, QString>> samples;
        for (const SourceKey &k : keys) {
            QString key = k.key;
            bool dropped = false;
            if (!KeyMap::applyRule(rule, key, dropped, nullptr)) break;
            if (dropped || key != k.key) samples.emplace_back(k.key, dropped ? QString() : key);
            if (int(samples.size()) == perRule) break;
        }
        out.push_back(std::move(samples));
        applyRule(rule, keys);
    }
    return out;
}

} // namespace testload
} // namespace sl
