#include "scan_controller.h"

#include "key_tree_pane.h"

#include "qt/key_filter_proxy.h"
#include "qt/marked_rows.h"
#include "qt/model_roles.h"
#include "qt/scan_job.h"
#include "qt/state_dict_model.h"

#include <QAction>
#include <QMenu>
#include <QProgressDialog>
#include <QTreeView>

namespace sl {

ScanController::ScanController(KeyTreePane *keys, QWidget *window)
    : QObject(window), m_keys(keys), m_window(window), m_job(new ScanJob(this))
{
    m_scanAction = new QAction(tr("&Scan All Tensors"), this);
    m_scanAction->setToolTip(tr("Fill the statistics columns of every tensor and mark NaN and Inf"));
    m_scanAction->setEnabled(false);
    connect(m_scanAction, &QAction::triggered, this, &ScanController::scan);
    m_nextAction = new QAction(tr("&Next Problem"), this);
    m_nextAction->setShortcut(QKeySequence(Qt::Key_F8));
    m_nextAction->setToolTip(tr("Select the next row with NaN or Inf (F8)"));
    connect(m_nextAction, &QAction::triggered, this, &ScanController::nextProblem);

    connect(m_job, &ScanJob::progress, this, [this](int percent) {
        if (m_progress) m_progress->setValue(percent);
    });
    // The rows fill as the scan finishes them; by `finished` every entry has arrived.
    connect(m_job, &ScanJob::figuresDelivered, this,
            [this](int first, const std::vector<ScanFigures> &figures) {
                m_keys->model()->addScanFigures(first, figures);
            });
    connect(m_job, &ScanJob::finished, this, [this] {
        if (m_progress) m_progress->reset();
    });
}

void ScanController::populateMenu(QMenu *tools)
{
    tools->addAction(m_scanAction);
    tools->addAction(m_nextAction);
}

void ScanController::setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint)
{
    m_job->cancel();
    if (m_progress) m_progress->reset();
    m_checkpoint = std::move(checkpoint);
    m_scanAction->setEnabled(m_checkpoint != nullptr);
}

void ScanController::scan()
{
    if (!m_checkpoint) return;
    if (!m_progress) {
        m_progress = new QProgressDialog(tr("Scanning every tensor…"), tr("Cancel"), 0, 100, m_window);
        m_progress->setWindowTitle(tr("Scan All Tensors"));
        m_progress->setMinimumDuration(300);
        m_progress->setAutoReset(false);
        m_progress->reset(); // a new dialog shows itself after the minimum duration otherwise
        connect(m_progress, &QProgressDialog::canceled, m_job, &ScanJob::cancel);
    }
    m_progress->setValue(0);
    m_keys->model()->setScanFigures({}); // a new scan refills the columns from the first row
    m_job->start(m_checkpoint);
}

bool ScanController::nextProblem()
{
    QTreeView *view = m_keys->view();
    const QModelIndex next = nextMarkedRow(*view->model(), view->currentIndex(), IsScanProblemRole);
    if (!next.isValid()) return false;
    for (QModelIndex p = next.parent(); p.isValid(); p = p.parent())
        view->expand(p);
    view->setCurrentIndex(next);
    view->scrollTo(next);
    return true;
}

} // namespace sl
