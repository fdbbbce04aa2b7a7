#pragma once
// What `statelens-cli stats` prints: docs/cli.md's JSON contract or a short text summary.

#include "stats/tensor_stats.h"

#include <QJsonObject>
#include <QString>

namespace sl {

class Checkpoint;

QJsonObject statsJson(const Checkpoint &checkpoint, int entryIndex, const TensorStats &stats);
QString statsText(const Checkpoint &checkpoint, int entryIndex, const TensorStats &stats);

} // namespace sl
