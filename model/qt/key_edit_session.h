#pragma once
// The user's unsaved key edits on the open checkpoint: a KeyMap grown one rule per action through
// a QUndoStack (renames and tensor transforms alike), and the mapping and TransformPlan it gives.
// Every view, the exporter and the test-load read them from here, so a rule the GUI shows is the
// rule that gets applied.

#include "keymap/key_map.h"
#include "transform/transform_plan.h"

#include <QObject>

#include <vector>

class QUndoStack;

namespace sl {

class Checkpoint;

class KeyEditSession : public QObject
{
    Q_OBJECT
public:
    explicit KeyEditSession(QObject *parent = nullptr);
    ~KeyEditSession() override;

    // A new document: the rules and the undo history are cleared.
    void setCheckpoint(const Checkpoint *checkpoint);
    const Checkpoint *checkpoint() const { return m_checkpoint; }

    QUndoStack *undoStack() const { return m_stack; }
    const KeyMap &keyMap() const { return m_map; }
    // One MappedKey per Checkpoint entry, in entries() order.
    const std::vector<MappedKey> &mapping() const { return m_mapping; }
    QStringList originalKeys() const;

    // Pushes one undoable edit. Refused (false, `error`) when the result would have two keys with
    // the same name or a bad pattern; then nothing changes.
    bool addRule(const KeyRule &rule, QString *error);
    bool addRules(const std::vector<KeyRule> &rules, const QString &text, QString *error);
    // Replaces all rules, e.g. with a loaded recipe: one undoable edit.
    bool replaceRules(const KeyMap &map, const QString &text, QString *error);
    // What `rule` would give if added now, for live previews.
    bool preview(const std::vector<KeyRule> &extra, std::vector<MappedKey> &out, QString *error) const;
    // The state dict the rules plus `extra` would make; false with the one-line refusal.
    bool previewPlan(const std::vector<KeyRule> &extra, TransformPlan &out, QString *error) const;

    bool hasTransforms() const { return m_map.hasTransforms(); }
    // The state dict the current rules make (derived tensors included). With transforms it is built on
    // every edit; names-only edits build it on first request, so opening and renaming in a 30k-key
    // file never pays for it. Valid until the next edit or document.
    const TransformPlan &plan() const;
    // The keys as they stand after the current rules, in state-dict order.
    QStringList currentKeys() const;

    int changedCount() const;
    int droppedCount() const;
    // Inputs consumed by a transform (counted among droppedCount()) and the derived tensors made.
    int transformedCount() const;
    int derivedCount() const;

Q_SIGNALS:
    void mappingChanged();

private:
    friend class SetRulesCommand;
    void setRules(const std::vector<KeyRule> &rules);
    bool check(const std::vector<KeyRule> &rules, QString *error) const;
    const std::vector<PlanInput> &inputs() const;

    const Checkpoint *m_checkpoint = nullptr;
    QUndoStack *m_stack;
    KeyMap m_map;
    std::vector<MappedKey> m_mapping;
    mutable std::vector<PlanInput> m_inputs; // the checkpoint's entries as plan inputs, made once
    mutable bool m_haveInputs = false;
    mutable TransformPlan m_plan;
    mutable bool m_planBuilt = false;
};

} // namespace sl
