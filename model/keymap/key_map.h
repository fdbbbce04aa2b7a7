#pragma once
// Key-renaming rules and the recipe format (docs/cli.md): strip or add a prefix, rename a key or a
// subtree, regex replace with Python re.sub semantics, drop. Shared by the GUI, the exporter and
// `statelens-cli remap`, so both apply exactly the same mapping.

#include "keymap/tensor_op.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace sl {

struct KeyRule
{
    enum Op { StripPrefix, AddPrefix, Rename, Regex, Drop, StripWrappers, Transform };
    Op op = Rename;
    QString prefix;   // StripPrefix, AddPrefix
    QString scope;    // StripPrefix, AddPrefix: only keys starting with this (empty: all keys)
    QString from, to; // Rename: the exact key, or a module prefix renaming its whole subtree
    QString pattern;  // Regex, Drop (Drop: the pattern must match the whole key)
    QString replace;  // Regex: with \1 and \g<name> back-references, as in Python's re.sub
    QStringList keep; // StripWrappers: wrapper names that are real modules of the target, left alone
    TensorOp tensor;  // Transform: an op that changes tensors (transform/transform_plan applies it)

    static KeyRule stripPrefix(const QString &prefix, const QString &scope = {});
    static KeyRule addPrefix(const QString &prefix, const QString &scope = {});
    static KeyRule rename(const QString &from, const QString &to);
    static KeyRule regex(const QString &pattern, const QString &replace);
    static KeyRule drop(const QString &pattern);
    static KeyRule stripWrappers(const QStringList &keep = {});
    static KeyRule transform(const TensorOp &op);

    bool operator==(const KeyRule &o) const;
    // One line for the undo history and messages, e.g. "strip prefix 'module.'".
    QString description() const;
};

struct MappedKey
{
    QString from;
    QString to;        // empty when dropped
    QString droppedAs; // the key's name when a drop rule removed it
    bool dropped = false;
    bool changed() const { return dropped || from != to; }
};

class KeyMap
{
public:
    std::vector<KeyRule> rules;

    bool isEmpty() const { return rules.empty(); }
    // Whether a rule changes tensors: then only a TransformPlan (transform/transform_plan.h), which
    // knows shapes and dtypes, can apply the map; apply() refuses it.
    bool hasTransforms() const;
    // Applies every rule in order to every key. Fails (false, `error`) on an invalid regex, an
    // empty result, or two keys that would end up with the same name; the message names both.
    bool apply(const QStringList &keys, std::vector<MappedKey> &out, QString *error) const;
    // Same, for one key, without the collision check. A Transform rule leaves the name as it is: the
    // names of the keys it does not consume.
    static bool applyRule(const KeyRule &rule, QString &key, bool &dropped, QString *error);

    QByteArray toJson() const;
    static bool fromJson(const QByteArray &json, KeyMap &out, QString *error);
};

// The components that wrappers put into keys, at the start or at every wrapped level: torch.compile's
// "_orig_mod", DataParallel/DDP's "module", FSDP's "_fsdp_wrapped_module", activation checkpointing's
// "_checkpoint_wrapped_module", Lightning Fabric's "_forward_module", and PEFT's "base_model.model".
const QStringList &wrapperComponents();
// Removes every wrapper component (but those in `keep`) from a key, wherever it stands; the leaf stays.
QString stripWrapperComponents(const QString &key, const QStringList &keep = {});
// The wrapper components (as wrapperComponents() spells them) that occur in any of `keys`.
QStringList wrappersIn(const QStringList &keys);

// Longer keys are refused: no real state dict comes near it, and rules that match the empty string
// can otherwise grow a key exponentially.
constexpr qsizetype kMaxMappedKeyLength = 65536;

// Python's re.sub(pattern, replace, text): every non-overlapping match replaced, with \1, \g<1>,
// \g<name> and \\ in the replacement. Returns false and sets `error` for a bad pattern or reference,
// or when the result grows past kMaxMappedKeyLength.
bool pythonRegexSub(const QString &pattern, const QString &replace, const QString &text, QString &out,
                    QString *error);

} // namespace sl
