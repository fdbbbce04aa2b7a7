#include "mainwindow.h"

#include "checkpoint.h"

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>

namespace sl {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("StateLens"));
    auto *placeholder = new QLabel(tr("Open a checkpoint to browse its state dict."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1280, 800);
}

bool MainWindow::openFile(const QString &path)
{
    std::string error;
    auto checkpoint = Checkpoint::open(path, &error);
    if (!checkpoint) {
        QMessageBox::warning(this, tr("Cannot open checkpoint"),
                             tr("%1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(error)));
        return false;
    }
    setWindowTitle(tr("%1 — StateLens").arg(QFileInfo(path).fileName()));
    return true;
}

} // namespace sl
