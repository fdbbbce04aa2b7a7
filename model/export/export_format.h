#pragma once
// Which format an export writes, decided once for the export dialog and `statelens-cli remap`: the
// file name's extension and the chosen format must agree, so a ".pth" never holds safetensors.

#include "export/exporter.h"

#include <QString>

#include <optional>

namespace sl {

// The format a file name asks for by its extension: .safetensors, or one of torch.save's usual
// .pth .pt .ckpt .bin .tar; nullopt for any other extension (no opinion).
std::optional<ExportOptions::Format> exportFormatForExtension(const QString &path);

// "pth" or "safetensors".
QString exportFormatName(ExportOptions::Format format);

// `path` with its extension changed to suit `format` (as Qt's file dialogs follow name filters);
// unchanged when the extension already suits it. A name without a known extension gets one added.
QString pathWithExportExtension(const QString &path, ExportOptions::Format format);

// False, with one line in `error`, when the extension of `path` contradicts `format`.
bool checkExportFormat(const QString &path, ExportOptions::Format format, QString *error);

} // namespace sl
