// Matching checkpoint keys against a target exactly as torch.nn.Module.load_state_dict does. No
// LibTorch: keys and shapes only.

#include "testload/testload_internal.h"

#include <algorithm>

namespace sl {
namespace testload {
bool TargetModel::add(const TargetEntry &entry)
{
    if (index.contains(entry.key)) return false;
    index.insert(entry.key, int(entries.size()));
    entries.push_back(entry);
    // Every dotted prefix of a key is a module on the way to it: what a reference checkpoint or a
    // manifest tells about the module tree, and consistent with a TorchScript module's real tree.
    const QStringList parts = entry.key.split(QLatin1Char('.'));
    QString path;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        modules[path].children.insert(parts[i]);
        path = path.isEmpty() ? parts[i] : path + QLatin1Char('.') + parts[i];
    }
    modules[path].locals.insert(parts.last());
    return true;
}

void guessNormModules(TargetModel &model)
{
    for (auto it = model.modules.constBegin(); it != model.modules.constEnd(); ++it)
        if (it->locals.contains(QStringLiteral("running_mean")) &&
            it->locals.contains(QStringLiteral("running_var")) &&
            it->locals.contains(QStringLiteral("num_batches_tracked")))
            model.normModules.insert(it.key());
}

namespace {

// load_state_dict calls _load_from_state_dict(strict=True) on every module, which flags a key under
// the module's prefix whose next name is neither a child module nor one of the module's own
// persistent tensors. So "fc.weight.extra" (next name "weight") and "relu" (a child) are silently
// ignored, never unexpected; we mirror that walk.
bool isUnexpected(const TargetModel &target, const QString &key)
{
    QString path;
    qsizetype start = 0;
    for (;;) {
        const auto node = target.modules.constFind(path);
        if (node == target.modules.constEnd()) return true;
        const qsizetype dot = key.indexOf(QLatin1Char('.'), start);
        const QString name = key.mid(start, dot < 0 ? -1 : dot - start);
        if (node->locals.contains(name)) return false;
        if (!node->children.contains(name)) return true;
        if (dot < 0) return false;
        path = path.isEmpty() ? name : path + QLatin1Char('.') + name;
        start = dot + 1;
    }
}

} // namespace

MatchResult matchKeys(const TargetModel &target, const std::vector<SourceKey> &sources)
{
    MatchResult r;
    QHash<QString, int> byKey;
    byKey.reserve(qsizetype(sources.size()));
    for (size_t i = 0; i < sources.size(); ++i)
        byKey.insert(sources[i].key, int(i));
    for (size_t t = 0; t < target.entries.size(); ++t) {
        const TargetEntry &e = target.entries[t];
        const int s = byKey.value(e.key, -1);
        if (s < 0) {
            if (keyLeaf(e.key) == QLatin1String("num_batches_tracked") &&
                target.fillNumBatchesTracked.contains(keyParent(e.key)))
                r.zeroFilled.push_back(int(t));
            else
                r.missing << e.key;
            continue;
        }
        const std::vector<int64_t> &shape = sources[size_t(s)].shape;
        if (shape == e.shape) {
            r.matched.push_back({int(t), s, false});
        } else if (e.shape.empty() && shape.size() == 1 && shape[0] >= 1) {
            r.matched.push_back({int(t), s, true});
        } else {
            r.mismatched.push_back({e.key, shape, e.shape});
        }
    }
    for (const SourceKey &s : sources)
        if (isUnexpected(target, s.key)) r.unexpected << s.key;
    r.missing.sort();
    r.unexpected.sort();
    std::sort(r.mismatched.begin(), r.mismatched.end(),
              [](const ShapeMismatch &a, const ShapeMismatch &b) { return a.key < b.key; });
    return r;
}

} // namespace testload
} // namespace sl
