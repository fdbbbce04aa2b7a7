#pragma once
// The main window: menus, the key tree and structure tabs, the details pane, the safety banner and
// the status bar. It owns the open Checkpoint; panes only read it.

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;

namespace sl {

class Checkpoint;
class CompareWindow;
class DetailsPane;
class EditActions;
class KeyEditSession;
class KeyTreePane;
class ScanController;
class SafetyBanner;
class StructurePane;
class TestLoadPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `path`; on failure shows the one-line reason and keeps the current document.
    bool openFile(const QString &path);
    // Error messages go to this instead of a dialog when set (tests, --screenshot).
    void setQuietErrors(bool quiet) { m_quietErrors = quiet; }
    QString lastError() const { return m_lastError; }

    const Checkpoint *checkpoint() const { return m_checkpoint.get(); }
    KeyTreePane *keyTree() const { return m_keys; }
    DetailsPane *details() const { return m_details; }
    StructurePane *structure() const { return m_structure; }
    SafetyBanner *safetyBanner() const { return m_banner; }
    KeyEditSession *session() const { return m_session; }
    EditActions *editActions() const { return m_edit; }
    TestLoadPanel *testLoad() const { return m_testLoad; }
    ScanController *scanner() const { return m_scan; }
    void showExportDialog();
    // The export dialog set up for a weights-only copy (the safety banner's button).
    void showWeightsOnlyExportDialog();
    // Opens a compare view of the document (its current edits as the rules) against `path`.
    CompareWindow *compareWith(const QString &path);
    void showTestLoadPanel();

    // With unsaved key edits, asks Save (export) / Save Recipe / Discard / Cancel; true when the
    // edits may go: saved, discarded, or there were none.
    bool maybeSave();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createPanes(QWidget *central);
    void createActions();
    QAction *createFileMenu();
    QList<QAction *> createViewMenu();
    void createTestLoadMenu();
    void createHelpMenu();
    void showOpenDialog();
    void showCompareDialog();
    void rebuildRecentMenu();
    void setRoot(const QStringList &path);
    void updateStatusBar();
    void reportError(const QString &message);
    void restoreLayout();
    void saveLayout() const;

    std::shared_ptr<Checkpoint> m_checkpoint;
    KeyEditSession *m_session;
    EditActions *m_edit = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_compareAction = nullptr;
    QDockWidget *m_history = nullptr;
    QDockWidget *m_testLoadDock = nullptr;
    TestLoadPanel *m_testLoad = nullptr;
    ScanController *m_scan = nullptr;
    SafetyBanner *m_banner;
    QTabWidget *m_tabs;
    KeyTreePane *m_keys;
    StructurePane *m_structure;
    DetailsPane *m_details;
    QMenu *m_recentMenu = nullptr;
    QSplitter *m_splitter;
    QLabel *m_statusFormat, *m_statusSize, *m_statusTensors, *m_statusParams, *m_statusDropped, *m_statusTime;
    bool m_quietErrors = false;
    QString m_lastError;
};

} // namespace sl
