#pragma once
// What `statelens-cli inspect` prints: DESIGN.md's JSON contract, or an aligned table with totals.

#include "checkpoint.h"

#include <QJsonObject>
#include <QString>

namespace sl {

QJsonObject inspectJson(const Checkpoint &checkpoint, bool withObjects);
QString inspectTable(const Checkpoint &checkpoint);

// "[3, 224, 224]"-style shape text and "1.5 MiB"-style sizes, shared with the GUI.
QString shapeText(const std::vector<int64_t> &shape);
QString byteSizeText(int64_t bytes);

} // namespace sl
