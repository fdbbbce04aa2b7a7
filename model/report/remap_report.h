#pragma once
// What `statelens-cli remap` prints after a write: how many keys were renamed, dropped, kept and
// transformed, each derived tensor with how it was made, and where the result went (text or JSON).

#include "keymap/key_map.h"
#include "transform/transform_plan.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace sl {

struct RemapCounts
{
    int64_t renamed = 0, dropped = 0, kept = 0; // kept counts the renamed keys too
    int64_t transformed = 0, derived = 0;       // inputs a transform consumed; tensors it made
};

RemapCounts countRemap(const std::vector<MappedKey> &mapping);
// With transforms: consumed inputs count as transformed, not dropped; derived tensors as derived.
RemapCounts countRemap(const TransformPlan &plan);
// "3 renamed, 1 dropped, 5 kept; wrote out.pth (pth, 1.2 KiB)" and a newline.
QString remapSummaryText(const std::vector<MappedKey> &mapping, const QString &outputPath,
                         const QString &formatName, int64_t outputBytes);
// The same for a plan; with derived tensors the counts go on ", 2 transformed into 3 derived" and a
// line follows per derived tensor: "derived attn.q.weight: float32 (128, 16) from attn.qkv.weight:
// split 'attn.qkv.weight' ...".
QString remapSummaryText(const TransformPlan &plan, const QString &outputPath, const QString &formatName,
                         int64_t outputBytes);

// "Note: <note>" per line: what the export changed beyond the keys (exportNotes()), for scripts too.
QString remapNotesText(const std::vector<std::string> &notes);

// remap --json (docs/cli.md): the counts, the output, every derived tensor and the notes.
QJsonObject remapJson(const TransformPlan &plan, const QString &outputPath, const QString &formatName,
                      int64_t outputBytes, const std::vector<std::string> &notes);

} // namespace sl
