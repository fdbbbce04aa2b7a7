// Help > About: the version, the Qt and LibTorch versions and the licence. The LibTorch version comes
// from the build (CMake's Torch package), so showing it never loads LibTorch.
#pragma once

#include <QString>

class QWidget;

namespace sl {

// The About text as rich text; tests read it without opening a dialog.
QString aboutText();
void showAboutBox(QWidget *parent);

} // namespace sl
