#pragma once
// What `statelens-cli inspect` prints: docs/cli.md's JSON contract, or an aligned table with totals.

#include "document/checkpoint.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstdio>

class QLocale;

namespace sl {

// The JSON report as QJsonDocument::toJson(Indented) would print it, byte for byte, written directly.
QByteArray inspectJsonText(const Checkpoint &checkpoint, bool withObjects);
// The same text written to `out` in pieces as it is made, for a report larger than memory should hold.
void printInspectJson(const Checkpoint &checkpoint, bool withObjects, std::FILE *out);
// The same report as a QJsonObject, for callers that inspect it rather than print it.
QJsonObject inspectJson(const Checkpoint &checkpoint, bool withObjects);
QString inspectTable(const Checkpoint &checkpoint);

// "[3, 224, 224]"-style shape text and "1.5 MiB"-style sizes, shared with the GUI.
QString shapeText(const std::vector<int64_t> &shape);
QString byteSizeText(int64_t bytes);
// The same in `locale`'s notation ("1,5 MiB" in German), for the GUI; the CLI keeps the C locale.
QString byteSizeText(int64_t bytes, const QLocale &locale);

} // namespace sl
