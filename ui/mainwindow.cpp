#include "mainwindow.h"

#include "about_box.h"
#include "compare_window.h"
#include "details_pane.h"
#include "document/checkpoint.h"
#include "edit_actions.h"
#include "export_dialog.h"
#include "format/weights_only_globals.h"
#include "key_tree_pane.h"
#include "qt/key_edit_session.h"
#include "recent_files.h"
#include "report/inspect_report.h"
#include "safety_banner.h"
#include "scan_controller.h"
#include "structure_pane.h"
#include "testload_panel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

namespace sl {
namespace {

QStringList toQStringList(const std::vector<std::string> &v)
{
    QStringList out;
    for (const auto &s : v)
        out << QString::fromStdString(s);
    return out;
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_session(new KeyEditSession(this))
{
    setWindowTitle(tr("StateLens[*]"));
    setAcceptDrops(true);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    m_banner = new SafetyBanner(central);
    layout->addWidget(m_banner);
    connect(m_banner, &SafetyBanner::saveWeightsOnlyCopyRequested, this,
            &MainWindow::showWeightsOnlyExportDialog);

    createPanes(central);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_statusFormat = new QLabel(this);
    m_statusSize = new QLabel(this);
    m_statusTensors = new QLabel(this);
    m_statusParams = new QLabel(this);
    m_statusDropped = new QLabel(this);
    m_statusTime = new QLabel(this);
    for (QLabel *l :
         {m_statusFormat, m_statusSize, m_statusTensors, m_statusParams, m_statusDropped, m_statusTime})
        statusBar()->addPermanentWidget(l);
    statusBar()->showMessage(tr("Open a checkpoint with File ▸ Open or drop one here."));

    connect(m_keys, &KeyTreePane::entrySelected, m_details, &DetailsPane::showEntry);
    connect(m_keys, &KeyTreePane::derivedSelected, m_details, &DetailsPane::showDerived);
    connect(m_keys, &KeyTreePane::moduleSelected, m_details, &DetailsPane::showModule);
    connect(m_keys, &KeyTreePane::selectionCleared, m_details, &DetailsPane::clear);
    connect(m_structure, &StructurePane::rootChosen, this, &MainWindow::setRoot);
    connect(m_structure, &StructurePane::tensorSelected, m_details, &DetailsPane::showTensor);
    connect(m_structure, &StructurePane::selectionCleared, m_details, &DetailsPane::clear);
    m_keys->setSession(m_session);
    m_details->setSession(m_session);
    connect(m_session, &KeyEditSession::mappingChanged, this, [this] {
        if (!m_checkpoint) return;
        updateStatusBar();
        if (m_session->hasTransforms())
            statusBar()->showMessage(tr("%n key(s) renamed, %1 dropped, %2 derived from %3 transformed",
                                        nullptr, m_session->changedCount())
                                         .arg(m_session->droppedCount() - m_session->transformedCount())
                                         .arg(m_session->derivedCount())
                                         .arg(m_session->transformedCount()));
        else
            statusBar()->showMessage(tr("%n key(s) renamed, %1 dropped", nullptr, m_session->changedCount())
                                         .arg(m_session->droppedCount()));
    });
    // The modified mark follows the undo stack: undoing back to the exported or saved state clears it.
    connect(m_session->undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { setWindowModified(!clean); });

    m_edit = new EditActions(m_session, m_keys, this);
    m_history = new QDockWidget(tr("Edit History"), this);
    m_history->setObjectName(QStringLiteral("historyDock"));
    m_history->setWidget(m_edit->createHistoryView(m_history));
    addDockWidget(Qt::RightDockWidgetArea, m_history);
    m_history->hide();

    m_testLoad = new TestLoadPanel(m_session, this);
    m_testLoadDock = new QDockWidget(tr("Test-load"), this);
    m_testLoadDock->setObjectName(QStringLiteral("testLoadDock"));
    m_testLoadDock->setWidget(m_testLoad);
    addDockWidget(Qt::BottomDockWidgetArea, m_testLoadDock);
    m_testLoadDock->hide();
    connect(m_testLoad, &TestLoadPanel::statusChanged, this,
            [this] { m_keys->showTestLoad(m_testLoad->lastReport()); });
    connect(m_keys, &KeyTreePane::missingKeySelected, m_details, &DetailsPane::showMissing);

    m_scan = new ScanController(m_keys, this);
    createActions();
    resize(1280, 800);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

// The key tabs beside the details pane; the details sit in a scroll area so that a long key or a
// full histogram never asks the window to grow: panes take the size they are given.
void MainWindow::createPanes(QWidget *central)
{
    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_tabs = new QTabWidget(m_splitter);
    m_keys = new KeyTreePane(m_tabs);
    m_structure = new StructurePane(m_tabs);
    m_tabs->addTab(m_keys, tr("State Dict"));
    m_tabs->addTab(m_structure, tr("Checkpoint Structure"));
    auto *detailsScroll = new QScrollArea(m_splitter);
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_details = new DetailsPane(detailsScroll);
    detailsScroll->setWidget(m_details);
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(detailsScroll);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({760, 500});
}

void MainWindow::createActions()
{
    QAction *open = createFileMenu();
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_edit->populateEditMenu(edit);
    const QList<QAction *> viewActions = createViewMenu();
    createTestLoadMenu();
    m_scan->populateMenu(menuBar()->addMenu(tr("T&ools")));
    createHelpMenu();

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    toolbar->addAction(open);
    toolbar->addAction(m_exportAction);
    toolbar->addSeparator();
    toolbar->addAction(m_edit->undoAction());
    toolbar->addAction(m_edit->redoAction());
    toolbar->addAction(m_edit->stripCommonPrefixAction());
    toolbar->addAction(m_edit->stripWrappersAction()); // one click when wrappers are detected
    toolbar->addSeparator();
    toolbar->addActions(viewActions); // flat list, expand all, collapse all
}

// File: open, recent files, export, the recipe actions and quit; returns the open action.
QAction *MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open…"), this,
                                    &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a checkpoint (Ctrl+O)"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    m_exportAction = file->addAction(QIcon(QStringLiteral(":/icons/export.svg")), tr("&Export…"), this,
                                     &MainWindow::showExportDialog);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    m_exportAction->setToolTip(tr("Write the checkpoint with the edited keys (Ctrl+Shift+S)"));
    m_exportAction->setEnabled(false);
    m_compareAction = file->addAction(tr("&Compare With…"), this, &MainWindow::showCompareDialog);
    m_compareAction->setToolTip(tr("Compare the open checkpoint, with its edits, against another file "
                                   "(or drop that file here holding Ctrl)"));
    m_compareAction->setEnabled(false);
    m_edit->populateFileMenu(file);
    file->addSeparator();
    // Every window, the compare windows too; the main window still asks about unsaved edits.
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    // Platforms without a Quit binding (Windows, the offscreen platform) still get Ctrl+Q.
    const QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    quit->setShortcuts(quitKeys.isEmpty() ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Q)}
                                          : quitKeys);
    return open;
}

// View: flat list, filter, expand and collapse, tabs and the history; returns the toolbar's share.
QList<QAction *> MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *flat = view->addAction(QIcon(QStringLiteral(":/icons/flat.svg")), tr("&Flat List"));
    flat->setCheckable(true);
    flat->setShortcut(QKeySequence(tr("Ctrl+L")));
    flat->setToolTip(tr("Switch between the module tree and a flat list of keys (Ctrl+L)"));
    connect(flat, &QAction::toggled, m_keys, &KeyTreePane::setFlat);
    QAction *filter = view->addAction(tr("&Filter Keys"), m_keys, &KeyTreePane::focusFilter);
    filter->setShortcut(QKeySequence::Find);
    view->addSeparator();
    QAction *expand = view->addAction(QIcon(QStringLiteral(":/icons/expand.svg")), tr("&Expand All"), m_keys,
                                      &KeyTreePane::expandAll);
    expand->setShortcut(QKeySequence(tr("Ctrl+E")));
    QAction *collapse = view->addAction(QIcon(QStringLiteral(":/icons/collapse.svg")), tr("&Collapse All"),
                                        m_keys, &KeyTreePane::collapseAll);
    collapse->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    view->addSeparator();
    QAction *keysTab = view->addAction(tr("&State Dict"), this, [this] { m_tabs->setCurrentWidget(m_keys); });
    keysTab->setShortcut(QKeySequence(tr("Ctrl+1")));
    QAction *structure =
        view->addAction(tr("Checkpoint &Structure"), this, [this] { m_tabs->setCurrentWidget(m_structure); });
    structure->setShortcut(QKeySequence(tr("Ctrl+2")));
    QAction *history = m_history->toggleViewAction();
    history->setText(tr("Edit &History"));
    history->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));
    view->addAction(history);
    return {flat, expand, collapse};
}

void MainWindow::createTestLoadMenu()
{
    QMenu *test = menuBar()->addMenu(tr("&Test-load"));
    QAction *run = test->addAction(tr("&Run Test-load"), this, [this] {
        m_testLoadDock->show();
        m_testLoad->run();
    });
    run->setShortcut(QKeySequence(tr("Ctrl+T")));
    QAction *cancelRun = test->addAction(tr("&Cancel Test-load"), m_testLoad, &TestLoadPanel::cancel);
    cancelRun->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    QAction *panel = m_testLoadDock->toggleViewAction();
    panel->setText(tr("Test-load &Panel"));
    test->addAction(panel);
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About StateLens"), this, [this] { showAboutBox(this); });
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentFiles::load();
    for (int i = 0; i < files.size(); ++i) {
        QAction *a = m_recentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setToolTip(files[i]);
        const QString path = files[i];
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (files.isEmpty()) m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [this] {
        RecentFiles::clear();
        rebuildRecentMenu();
    });
}

void MainWindow::showOpenDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Checkpoint"), QString(),
        tr("PyTorch checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::reportError(const QString &message)
{
    m_lastError = message;
    if (m_quietErrors) return;
    QMessageBox::warning(this, tr("Cannot Open Checkpoint"), message);
}

bool MainWindow::openFile(const QString &path)
{
    if (!maybeSave()) return false;
    std::string error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    std::shared_ptr<Checkpoint> opened = Checkpoint::open(path, &error);
    QApplication::restoreOverrideCursor();
    if (!opened) {
        reportError(tr("%1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(error)));
        return false;
    }
    m_lastError.clear();
    // Views let go of the old document before it is destroyed; its stats job is cancelled.
    m_details->setCheckpoint(nullptr);
    m_keys->setCheckpoint(nullptr);
    m_structure->setCheckpoint(nullptr);
    m_testLoad->setCheckpoint(nullptr);
    m_checkpoint = std::move(opened);
    m_session->setCheckpoint(m_checkpoint.get());
    m_keys->setCheckpoint(m_checkpoint.get());
    m_testLoad->setCheckpoint(m_checkpoint);
    m_scan->setCheckpoint(m_checkpoint);
    m_exportAction->setEnabled(true);
    m_compareAction->setEnabled(true);
    m_structure->setCheckpoint(m_checkpoint.get());
    m_structure->showRoot(toQStringList(m_checkpoint->root()));
    m_details->setCheckpoint(m_checkpoint);
    m_banner->setGlobals(toQStringList(m_checkpoint->unsafeGlobals()));
    m_banner->setWeightsOnlyBlockers(toQStringList(weightsOnlyVerdict(m_checkpoint->file()).blockers));
    setWindowTitle(tr("%1[*] — StateLens").arg(QFileInfo(path).fileName()));
    setWindowFilePath(path);
    RecentFiles::add(path);
    rebuildRecentMenu();
    updateStatusBar();
    const auto warnings = m_checkpoint->warnings();
    statusBar()->showMessage(warnings.empty() ? tr("Opened %1").arg(QFileInfo(path).fileName())
                                              : QString::fromStdString(warnings.front()));
    return true;
}

void MainWindow::setRoot(const QStringList &path)
{
    if (!m_checkpoint || !maybeSave()) return;
    std::vector<std::string> root;
    for (const QString &p : path)
        root.push_back(p.toStdString());
    std::string error;
    m_details->setCheckpoint(nullptr);
    if (!m_checkpoint->setRoot(root, &error)) {
        reportError(QString::fromStdString(error));
    }
    m_session->setCheckpoint(m_checkpoint.get()); // other keys: earlier edits no longer apply
    m_keys->setCheckpoint(m_checkpoint.get());
    m_testLoad->setCheckpoint(m_checkpoint);
    m_scan->setCheckpoint(m_checkpoint);
    m_details->setCheckpoint(m_checkpoint);
    m_structure->showRoot(toQStringList(m_checkpoint->root()));
    updateStatusBar();
    m_tabs->setCurrentWidget(m_keys);
}

void MainWindow::showTestLoadPanel()
{
    m_testLoadDock->show();
    m_testLoadDock->raise();
}

void MainWindow::showExportDialog()
{
    if (!m_checkpoint) return;
    ExportDialog dialog(m_checkpoint, m_session, this);
    connect(&dialog, &ExportDialog::exported, this, [this](const QString &path) {
        m_session->undoStack()->setClean(); // the edits are in a file now
        statusBar()->showMessage(tr("Exported %1").arg(path));
    });
    dialog.exec();
}

void MainWindow::showWeightsOnlyExportDialog()
{
    if (!m_checkpoint) return;
    ExportDialog dialog(m_checkpoint, m_session, this);
    const QFileInfo input(m_checkpoint->path());
    dialog.setOutputPath(
        input.absoluteDir().filePath(input.completeBaseName() + QStringLiteral("-weights-only.pth")));
    dialog.setWeightsOnly(true);
    connect(&dialog, &ExportDialog::exported, this,
            [this](const QString &path) { statusBar()->showMessage(tr("Exported %1").arg(path)); });
    dialog.exec();
}

// Counts and totals are what an export would write; dropped keys are counted apart.
void MainWindow::updateStatusBar()
{
    const Checkpoint &c = *m_checkpoint;
    const QLocale locale;
    int kept = 0, dropped = 0;
    int64_t keptParams = 0, droppedParams = 0;
    const auto &mapping = m_session->mapping();
    for (size_t i = 0; i < c.entries().size(); ++i) {
        const int64_t n = c.tensor(c.entries()[i].tensor).numel();
        const bool gone = i < mapping.size() && mapping[i].dropped;
        (gone ? dropped : kept) += 1;
        (gone ? droppedParams : keptParams) += n;
    }
    m_statusFormat->setText(tr("Format: %1").arg(QLatin1String(formatName(c.format()))));
    m_statusSize->setText(tr("File: %1").arg(byteSizeText(int64_t(c.fileSize()), locale)));
    m_statusTensors->setText(tr("%n tensor(s)", nullptr, kept));
    m_statusParams->setText(tr("%1 parameters").arg(locale.toString(qlonglong(keptParams))));
    m_statusDropped->setText(tr("%n key(s) with %1 parameters dropped", nullptr, dropped)
                                 .arg(locale.toString(qlonglong(droppedParams))));
    m_statusDropped->setVisible(dropped > 0);
    m_statusTime->setText(tr("Opened in %1 ms").arg(locale.toString(c.openMilliseconds(), 'f', 1)));
}

bool MainWindow::maybeSave()
{
    if (m_session->undoStack()->isClean()) return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Key Edits"),
                    tr("The key edits to %1 are not exported or saved as a recipe.")
                        .arg(m_checkpoint ? QFileInfo(m_checkpoint->path()).fileName() : QString()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedEditsPrompt"));
    box.setInformativeText(tr("Save exports the edited checkpoint; Save Recipe keeps only the rules."));
    QPushButton *recipe = box.addButton(tr("Save &Recipe…"), QMessageBox::AcceptRole);
    recipe->setObjectName(QStringLiteral("saveRecipeButton"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == recipe) return m_edit->saveRecipeInteractively();
    switch (box.standardButton(box.clickedButton())) {
    case QMessageBox::Save:
        showExportDialog();
        return m_session->undoStack()->isClean();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveLayout();
    event->accept();
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() &&
        event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        // With a modifier held, the dropped file is compared against the open one instead of opened.
        const bool compare = event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::ShiftModifier);
        if (compare && m_checkpoint)
            compareWith(urls.first().toLocalFile());
        else
            openFile(urls.first().toLocalFile());
    }
}

void MainWindow::showCompareDialog()
{
    if (!m_checkpoint) return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Compare With"), QFileInfo(m_checkpoint->path()).absolutePath(),
        tr("Checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json);;All files (*)"));
    if (!path.isEmpty()) compareWith(path);
}

CompareWindow *MainWindow::compareWith(const QString &path)
{
    if (!m_checkpoint) return nullptr;
    auto *window = new CompareWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->start(m_checkpoint, path, m_session->keyMap());
    window->show();
    return window;
}

} // namespace sl
