// statelens: the desktop application. Wiring only.

#include "mainwindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("StateLens"));
    QApplication::setOrganizationName(QStringLiteral("StateLens"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/statelens.svg")));

    sl::MainWindow window;
    const QStringList args = app.arguments();
    if (args.size() > 1)
        window.openFile(args.last());
    window.show();
    return app.exec();
}
