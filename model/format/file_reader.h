#pragma once
// The single entry point for opening a file: sniffs the format (docs/formats.md), maps the file and
// hands it to the right reader. Reads no tensor data.

#include "format/parsed_file.h"

namespace sl {

// Throws FormatError with a one-line reason (without the file name; callers add it).
ParsedFile readCheckpointFile(const QString &path);

// Maps `path` read-only and appends it to file.files; returns its index.
int mapFile(ParsedFile &file, const QString &path);

} // namespace sl
