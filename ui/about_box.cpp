// Help > About, see about_box.h.

#include "about_box.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QtGlobal>

namespace sl {

QString aboutText()
{
    const QString intro =
        QCoreApplication::translate(
            "AboutBox", "<b>StateLens</b> %1<br>Browse PyTorch checkpoints safely: no code from a file is "
                        "ever run, and tensor data is read only when needed.")
            .arg(QCoreApplication::applicationVersion());
    const QString versions =
        QCoreApplication::translate("AboutBox", "Built with Qt %1 (running on Qt %2) and LibTorch %3.")
            .arg(QLatin1String(QT_VERSION_STR), QLatin1String(qVersion()),
                 QLatin1String(STATELENS_TORCH_VERSION));
    const QString licence = QCoreApplication::translate(
        "AboutBox",
        "Licence: MIT. You may use, copy, change and share StateLens freely; it comes with no warranty.");
    return intro + QLatin1String("<br><br>") + versions + QLatin1String("<br>") + licence;
}

void showAboutBox(QWidget *parent)
{
    QMessageBox::about(parent, QCoreApplication::translate("AboutBox", "About StateLens"), aboutText());
}

} // namespace sl
