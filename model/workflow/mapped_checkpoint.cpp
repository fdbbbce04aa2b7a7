#include "workflow/mapped_checkpoint.h"

#include <QFile>
#include <QFileInfo>

namespace sl {

namespace {

bool fail(MappedCheckpoint::Problem *problem, const QString &file, const QString &message)
{
    if (problem) *problem = {file.isEmpty() ? QString() : QFileInfo(file).fileName(), message};
    return false;
}

} // namespace

bool MappedCheckpoint::buildKeyMap(const QString &recipePath, const std::vector<KeyRule> &rules, KeyMap &out,
                                   Problem *problem)
{
    out = KeyMap();
    QString error;
    if (!recipePath.isEmpty()) {
        QFile recipe(recipePath);
        if (!recipe.open(QIODevice::ReadOnly))
            return fail(problem, recipePath,
                        QStringLiteral("cannot read the recipe: ") + recipe.errorString());
        if (!KeyMap::fromJson(recipe.readAll(), out, &error)) return fail(problem, recipePath, error);
    }
    out.rules.insert(out.rules.end(), rules.begin(), rules.end());
    // The recipe parser is the one place that validates a rule; flags are checked by a round trip.
    KeyMap checked;
    if (!KeyMap::fromJson(out.toJson(), checked, &error))
        return fail(problem, QString(), QStringLiteral("bad rule: ") + error);
    return true;
}

std::unique_ptr<Checkpoint>
MappedCheckpoint::openAtRoot(const QString &path, const std::optional<RootPath> &root, Problem *problem)
{
    std::string error;
    auto checkpoint = Checkpoint::open(path, &error, root ? &*root : nullptr);
    if (!checkpoint) fail(problem, path, QString::fromStdString(error));
    return checkpoint;
}

bool MappedCheckpoint::open(const Request &request, MappedCheckpoint &out, Problem *problem)
{
    if (!buildKeyMap(request.recipePath, request.rules, out.map, problem)) return false;
    out.checkpoint = openAtRoot(request.path, request.root, problem);
    if (!out.checkpoint) return false;
    QString error;
    // Name-only maps are planned too, so every consumer can read the plan; its mapping is KeyMap::apply's.
    if (!TransformPlan::build(*out.checkpoint, out.map.rules, out.plan, &error))
        return fail(problem, request.path, error);
    out.mapping = out.plan.mapping;
    return true;
}

} // namespace sl
