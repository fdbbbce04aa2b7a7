#include "qt/key_edit_session.h"

#include "document/checkpoint.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace sl {

// One user action: the whole rule list before and after, so undo/redo never recompute a diff.
class SetRulesCommand : public QUndoCommand
{
public:
    SetRulesCommand(KeyEditSession *session, std::vector<KeyRule> before, std::vector<KeyRule> after,
                    const QString &text)
        : m_session(session), m_before(std::move(before)), m_after(std::move(after))
    {
        setText(text);
    }
    void redo() override { m_session->setRules(m_after); }
    void undo() override { m_session->setRules(m_before); }

private:
    KeyEditSession *m_session;
    std::vector<KeyRule> m_before, m_after;
};

KeyEditSession::KeyEditSession(QObject *parent) : QObject(parent), m_stack(new QUndoStack(this)) {}

KeyEditSession::~KeyEditSession() = default;

QStringList KeyEditSession::originalKeys() const
{
    QStringList keys;
    if (!m_checkpoint) return keys;
    keys.reserve(qsizetype(m_checkpoint->entries().size()));
    for (const StateEntry &e : m_checkpoint->entries())
        keys << QString::fromStdString(e.key);
    return keys;
}

void KeyEditSession::setCheckpoint(const Checkpoint *checkpoint)
{
    m_checkpoint = checkpoint;
    m_inputs.clear();
    m_haveInputs = false;
    m_stack->clear();
    setRules({});
}

const std::vector<PlanInput> &KeyEditSession::inputs() const
{
    if (!m_haveInputs && m_checkpoint) {
        m_inputs = planInputs(*m_checkpoint);
        m_haveInputs = true;
    }
    return m_inputs;
}

void KeyEditSession::setRules(const std::vector<KeyRule> &rules)
{
    m_map.rules = rules;
    m_plan = TransformPlan();
    m_planBuilt = false;
    QString error;
    if (m_map.hasTransforms() && m_checkpoint) {
        // The plan is the mapping: consumed inputs are dropped there, derived keys live in the plan.
        m_planBuilt = TransformPlan::build(inputs(), m_map.rules, m_plan, &error);
        if (m_planBuilt) m_mapping = m_plan.mapping;
    }
    if (!m_planBuilt && (m_map.hasTransforms() || !m_map.apply(originalKeys(), m_mapping, &error))) {
        // Only rules that applied cleanly are ever pushed, so this cannot happen; fall back to identity.
        m_map.rules.clear();
        m_map.apply(originalKeys(), m_mapping, nullptr);
    }
    Q_EMIT mappingChanged();
}

const TransformPlan &KeyEditSession::plan() const
{
    if (!m_planBuilt && m_checkpoint) {
        m_planBuilt = TransformPlan::build(inputs(), m_map.rules, m_plan, nullptr);
        if (!m_planBuilt) m_plan = TransformPlan();
    }
    return m_plan;
}

QStringList KeyEditSession::currentKeys() const
{
    QStringList keys;
    if (hasTransforms()) {
        for (const PlannedTensor &t : plan().tensors)
            keys << t.key;
        return keys;
    }
    for (const MappedKey &m : m_mapping)
        if (!m.dropped) keys << m.to;
    return keys;
}

bool KeyEditSession::preview(const std::vector<KeyRule> &extra, std::vector<MappedKey> &out,
                             QString *error) const
{
    KeyMap candidate = m_map;
    candidate.rules.insert(candidate.rules.end(), extra.begin(), extra.end());
    if (!candidate.hasTransforms()) return candidate.apply(originalKeys(), out, error);
    TransformPlan plan;
    if (!previewPlan(extra, plan, error)) return false;
    out = plan.mapping;
    return true;
}

bool KeyEditSession::previewPlan(const std::vector<KeyRule> &extra, TransformPlan &out, QString *error) const
{
    if (!m_checkpoint) {
        if (error) *error = tr("No checkpoint is open.");
        return false;
    }
    std::vector<KeyRule> rules = m_map.rules;
    rules.insert(rules.end(), extra.begin(), extra.end());
    return TransformPlan::build(inputs(), rules, out, error);
}

// Whether `rules` apply cleanly: the names-only path for a map without transforms, the plan otherwise.
bool KeyEditSession::check(const std::vector<KeyRule> &rules, QString *error) const
{
    KeyMap candidate;
    candidate.rules = rules;
    if (!candidate.hasTransforms()) {
        std::vector<MappedKey> result;
        return candidate.apply(originalKeys(), result, error);
    }
    TransformPlan plan;
    if (!m_checkpoint) return false;
    return TransformPlan::build(inputs(), rules, plan, error);
}

bool KeyEditSession::addRule(const KeyRule &rule, QString *error)
{
    return addRules({rule}, rule.description(), error);
}

bool KeyEditSession::addRules(const std::vector<KeyRule> &rules, const QString &text, QString *error)
{
    std::vector<KeyRule> after = m_map.rules;
    after.insert(after.end(), rules.begin(), rules.end());
    if (!check(after, error)) return false;
    m_stack->push(new SetRulesCommand(this, m_map.rules, std::move(after), text));
    return true;
}

bool KeyEditSession::replaceRules(const KeyMap &map, const QString &text, QString *error)
{
    if (!check(map.rules, error)) return false;
    m_stack->push(new SetRulesCommand(this, m_map.rules, map.rules, text));
    return true;
}

int KeyEditSession::changedCount() const
{
    int n = 0;
    for (const MappedKey &m : m_mapping)
        n += !m.dropped && m.from != m.to;
    return n;
}

int KeyEditSession::droppedCount() const
{
    int n = 0;
    for (const MappedKey &m : m_mapping)
        n += m.dropped;
    return n;
}

int KeyEditSession::transformedCount() const
{
    if (!hasTransforms()) return 0;
    return int(std::count(m_plan.transformed.begin(), m_plan.transformed.end(), true));
}

int KeyEditSession::derivedCount() const
{
    if (!hasTransforms()) return 0;
    return int(std::count_if(m_plan.tensors.begin(), m_plan.tensors.end(),
                             [](const PlannedTensor &t) { return t.isDerived(); }));
}

} // namespace sl
