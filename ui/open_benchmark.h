#pragma once
// statelens --bench-open (for developers, and `make bench`): how long the GUI takes from opening a
// file to the first painted key tree, and from a filter keystroke to the repainted tree.

#include <QString>

namespace sl {

class MainWindow;

// Shows `window` at 1280x800, opens `path` and waits for the key tree's first paint, then types
// `filterText` into the key filter one character at a time, timing each up to the tree's next paint.
// Returns the timings as one line of JSON; on failure an empty string, with the reason in *error.
QString runOpenBenchmark(MainWindow &window, const QString &path, const QString &filterText, QString *error);

} // namespace sl
