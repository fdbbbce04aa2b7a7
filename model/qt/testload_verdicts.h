#pragma once
// What the last test-load made of each key on screen, for StateDictModel's Status column and roles:
// load_state_dict's answer (loaded as saved or cast, unexpected, mismatched, missing) and one line
// on what it rests on.

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

#include <vector>

namespace sl {

struct MissingTensor;
struct TestLoadReport;

class TestLoadVerdicts
{
    Q_DECLARE_TR_FUNCTIONS(TestLoadVerdicts)

public:
    struct Verdict
    {
        int verdict = 0; // a TestLoadVerdict
        QString detail;
        bool problem() const;
    };

    void clear() { m_byKey.clear(); }
    bool isEmpty() const { return m_byKey.isEmpty(); }
    // The report names the problems; every other key in `keptKeys` (the keys on screen that the load
    // copies) loads, as saved or cast to the target's dtype. `ghosts` are the keys the target wants
    // that the checkpoint lacks.
    void compute(const TestLoadReport &report, const QStringList &keptKeys,
                 const std::vector<MissingTensor> &ghosts);
    // NoVerdict and no detail for a key the last load did not judge.
    Verdict value(const QString &key) const { return m_byKey.value(key); }
    // The Status column's word for a verdict.
    static QString text(int verdict);

private:
    QHash<QString, Verdict> m_byKey;
};

} // namespace sl
