#include "qt/key_edit_session.h"

#include "document/checkpoint.h"

#include <QUndoCommand>
#include <QUndoStack>

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
    m_stack->clear();
    setRules({});
}

void KeyEditSession::setRules(const std::vector<KeyRule> &rules)
{
    m_map.rules = rules;
    QString error;
    if (!m_map.apply(originalKeys(), m_mapping, &error)) {
        // Only rules that applied cleanly are ever pushed, so this cannot happen; fall back to identity.
        m_map.rules.clear();
        m_map.apply(originalKeys(), m_mapping, nullptr);
    }
    Q_EMIT mappingChanged();
}

bool KeyEditSession::preview(const std::vector<KeyRule> &extra, std::vector<MappedKey> &out,
                             QString *error) const
{
    KeyMap candidate = m_map;
    candidate.rules.insert(candidate.rules.end(), extra.begin(), extra.end());
    return candidate.apply(originalKeys(), out, error);
}

bool KeyEditSession::addRule(const KeyRule &rule, QString *error)
{
    return addRules({rule}, rule.description(), error);
}

bool KeyEditSession::addRules(const std::vector<KeyRule> &rules, const QString &text, QString *error)
{
    std::vector<MappedKey> result;
    if (!preview(rules, result, error)) return false;
    std::vector<KeyRule> after = m_map.rules;
    after.insert(after.end(), rules.begin(), rules.end());
    m_stack->push(new SetRulesCommand(this, m_map.rules, std::move(after), text));
    return true;
}

bool KeyEditSession::replaceRules(const KeyMap &map, const QString &text, QString *error)
{
    std::vector<MappedKey> result;
    if (!map.apply(originalKeys(), result, error)) return false;
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

} // namespace sl
