#pragma once
// The pre-1.6 torch.save stream: magic number, protocol, sys_info, the main pickle, the storage key
// list, then each storage as an int64 count and raw bytes.

#include "format/parsed_file.h"

namespace sl {

// True when the bytes start with the legacy magic-number pickle.
bool looksLikeLegacy(const uint8_t *data, uint64_t size);
void readLegacyCheckpoint(ParsedFile &file, int fileIndex);

} // namespace sl
