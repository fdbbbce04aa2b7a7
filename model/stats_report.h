#pragma once
// What `statelens-cli stats` prints: DESIGN.md's JSON contract or a short text summary.

#include "tensor_stats.h"

#include <QJsonObject>
#include <QString>

namespace sl {

class Checkpoint;

QJsonObject statsJson(const Checkpoint &checkpoint, int entryIndex, const TensorStats &stats);
QString statsText(const Checkpoint &checkpoint, int entryIndex, const TensorStats &stats);

} // namespace sl
