#pragma once
// Hugging Face sharded checkpoints: `*.index.json` with a weight_map from tensor name to shard file.
// The shards are opened and joined into one logical state dict.

#include "format/parsed_file.h"

namespace sl {

void readShardIndex(ParsedFile &file, const QString &indexPath);

} // namespace sl
