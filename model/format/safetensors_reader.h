#pragma once
// safetensors: an 8-byte header length, a JSON header of names, dtypes, shapes and offsets, then
// the raw data. Validated as strictly as the reference reader.

#include "format/parsed_file.h"

namespace sl {

bool looksLikeSafetensors(const uint8_t *data, uint64_t size);
void readSafetensors(ParsedFile &file, int fileIndex);

} // namespace sl
