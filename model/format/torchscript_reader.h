#pragma once
// TorchScript archives (torch.jit.save), listed read-only: parameters and buffers under the names
// Python's state_dict() gives them.

#include "format/parsed_file.h"

namespace sl {

class ZipArchive;

// torch >= 1.3: data.pkl holds the module objects; their tensor attributes are the state.
void readTorchScript(ParsedFile &file, int fileIndex, ZipArchive &archive);
// torch 1.0-1.2: model.json describes modules and tensors; bytes live in tensors/<n>.
void readLegacyTorchScript(ParsedFile &file, int fileIndex, ZipArchive &archive);

} // namespace sl
