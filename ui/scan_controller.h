#pragma once
// Tools ▸ Scan All Tensors and Next Problem (F8): runs a ScanJob with a progress dialog that can
// cancel it, hands the figures to the key tree's model, and walks the marked rows in view order. With
// transforms in the edit session it scans the state dict they make: derived tensors by their values.

#include <QObject>

#include <memory>

class QAction;
class QMenu;
class QProgressDialog;
class QWidget;

namespace sl {

class Checkpoint;
class KeyEditSession;
class KeyTreePane;
class ScanJob;

class ScanController : public QObject
{
    Q_OBJECT
public:
    ScanController(KeyTreePane *keys, QWidget *window);

    // Adds Scan All Tensors and Next Problem to `tools`.
    void populateMenu(QMenu *tools);
    // The document to scan; a new one (or nullptr) cancels a running scan.
    void setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint);
    // The edits whose plan a scan covers when they hold transforms; an edit cancels a plan's scan.
    void setSession(const KeyEditSession *session);

    void scan();
    // Selects the next marked row after the current one; false when nothing is marked.
    bool nextProblem();

    ScanJob *job() const { return m_job; }
    QAction *scanAction() const { return m_scanAction; }
    QAction *nextProblemAction() const { return m_nextAction; }

private:
    KeyTreePane *m_keys;
    QWidget *m_window;
    ScanJob *m_job;
    std::shared_ptr<const Checkpoint> m_checkpoint;
    const KeyEditSession *m_session = nullptr;
    bool m_running = false;
    bool m_scanningPlan = false; // the running scan's figures are per plan tensor
    QProgressDialog *m_progress = nullptr;
    QAction *m_scanAction;
    QAction *m_nextAction;
};

} // namespace sl
