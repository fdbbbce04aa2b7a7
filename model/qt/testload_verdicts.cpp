#include "qt/testload_verdicts.h"

#include "qt/model_roles.h"
#include "report/inspect_report.h"
#include "testload/testload.h"

#include <QSet>

namespace sl {

bool TestLoadVerdicts::Verdict::problem() const
{
    return verdict == Unexpected || verdict == Mismatched || verdict == Missing;
}

void TestLoadVerdicts::compute(const TestLoadReport &report, const QStringList &keptKeys,
                               const std::vector<MissingTensor> &ghosts)
{
    m_byKey.clear();
    QSet<QString> unexpected(report.unexpected.begin(), report.unexpected.end());
    QHash<QString, const ShapeMismatch *> mismatched;
    for (const ShapeMismatch &m : report.mismatched)
        mismatched.insert(m.key, &m);
    QHash<QString, const DtypeCast *> casts;
    for (const DtypeCast &c : report.dtypeCasts)
        casts.insert(c.key, &c);
    for (const QString &key : keptKeys) {
        Verdict v;
        if (unexpected.contains(key)) {
            v = {Unexpected, tr("The target has no parameter or buffer named %1").arg(key)};
        } else if (const ShapeMismatch *m = mismatched.value(key)) {
            v = {Mismatched,
                 tr("checkpoint %1, model %2").arg(shapeText(m->checkpointShape), shapeText(m->modelShape))};
        } else if (const DtypeCast *c = casts.value(key)) {
            v = {LoadedWithCast, tr("cast from %1 to %2").arg(c->from, c->to)};
        } else {
            v = {LoadedAsSaved, tr("loaded as saved")};
        }
        m_byKey.insert(key, v);
    }
    for (const MissingTensor &g : ghosts)
        m_byKey.insert(g.key,
                       {Missing, g.dtype.isEmpty()
                                     ? tr("The target expects %1 %2; the checkpoint has no such key")
                                           .arg(g.key, shapeText(g.shape))
                                     : tr("The target expects %1 %2 %3; the checkpoint has no such key")
                                           .arg(g.key, shapeText(g.shape), g.dtype)});
}

QString TestLoadVerdicts::text(int verdict)
{
    switch (verdict) {
    case LoadedAsSaved:
    case LoadedWithCast:
        return tr("loaded");
    case Unexpected:
        return tr("unexpected");
    case Mismatched:
        return tr("mismatched");
    case Missing:
        return tr("missing");
    default:
        return {};
    }
}

} // namespace sl
