#pragma once
// Statistics of one state-dict entry named by its key, as `statelens-cli stats` asks for them: the
// lookup and the computation, with unreadable data reported as a sentence instead of an exception.

#include "stats/tensor_stats.h"

#include <QString>

namespace sl {

class Checkpoint;

// The index of the state-dict entry whose key is `key`, or -1.
int findStateEntry(const Checkpoint &checkpoint, const QString &key);
// Fills `out` for entry `entry`; false with the reason (unreadable data, an unsupported dtype).
bool computeEntryStats(const Checkpoint &checkpoint, int entry, int bins, TensorStats &out, QString *error);

} // namespace sl
