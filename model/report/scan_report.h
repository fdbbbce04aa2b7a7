#pragma once
// What `statelens-cli scan` prints: docs/cli.md's JSON contract, a CSV table, and the text summary
// (NaN/Inf tensors, then all-zero and constant ones, then the largest magnitudes).

#include "scan/tensor_scan.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace sl {

class Checkpoint;
struct TransformPlan;

// How many tensors the summary lists under "largest abs_max".
constexpr int kScanLargestShown = 10;

// With a plan, `figures` are scanPlan's: one per plan tensor, named, typed and shaped as the plan says.
QJsonObject scanJson(const Checkpoint &checkpoint, const std::vector<ScanFigures> &figures,
                     const TransformPlan *plan = nullptr);
QByteArray scanCsv(const Checkpoint &checkpoint, const std::vector<ScanFigures> &figures,
                   const TransformPlan *plan = nullptr);
QString scanText(const Checkpoint &checkpoint, const std::vector<ScanFigures> &figures,
                 const TransformPlan *plan = nullptr);

} // namespace sl
