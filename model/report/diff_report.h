#pragma once
// What `statelens-cli diff` prints and what the compare view exports (docs/cli.md, diff): the JSON
// object, the CSV table and the human summary of a comparison.

#include "compare/diff_entry.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace sl {

struct DiffReportOptions
{
    bool onlyDifferences = false; // leave `same` entries out of the tensor list and table
    int top = 10;                 // the human summary's most-changed tensors
};

QJsonObject diffJson(const DiffResult &diff, const DiffReportOptions &options = {});
// One row per entry: key, status, key_b, shapes, dtypes and the five metrics (empty where absent).
QByteArray diffCsv(const DiffResult &diff, const DiffReportOptions &options = {});
QString diffText(const DiffResult &diff, const DiffReportOptions &options = {});

} // namespace sl
