#pragma once
// The main window: the frame the browser, editing and test-load panes live in.

#include <QMainWindow>

namespace sl {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    bool openFile(const QString &path);
};

} // namespace sl
