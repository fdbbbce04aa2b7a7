#include "structure_pane.h"

#include "qt/model_roles.h"
#include "qt/object_tree_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace sl {

StructurePane::StructurePane(QWidget *parent) : QWidget(parent), m_model(new ObjectTreeModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);

    auto *bar = new QHBoxLayout;
    m_rootLabel = new QLabel(this);
    m_rootLabel->setWordWrap(true);
    bar->addWidget(m_rootLabel, 1);
    m_useAsRoot = new QPushButton(tr("Use as State Dict"), this);
    m_useAsRoot->setToolTip(tr("Browse the selected dict or module as the state dict"));
    bar->addWidget(m_useAsRoot);
    layout->addLayout(bar);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &StructurePane::updateButton);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &StructurePane::reportCurrent);
    connect(m_useAsRoot, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_view->currentIndex();
        if (i.isValid()) Q_EMIT rootChosen(i.siblingAtColumn(0).data(PathRole).toStringList());
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &i) {
        if (i.siblingAtColumn(0).data(IsRootCandidateRole).toBool())
            Q_EMIT rootChosen(i.siblingAtColumn(0).data(PathRole).toStringList());
    });
    updateButton();
}

// The tree of a 30,000-key checkpoint costs ~10 ms to set up, and this tab is usually not the one
// shown when a file opens, so the work waits until the tab is shown or someone asks for the tree.
void StructurePane::setCheckpoint(const Checkpoint *checkpoint)
{
    m_checkpoint = checkpoint;
    m_stale = true;
    // Letting go of a checkpoint is immediate: the tree must not outlive the document it shows.
    if (isVisible() || !checkpoint) catchUp();
}

void StructurePane::showRoot(const QStringList &path)
{
    m_rootLabel->setText(
        tr("State dict: %1").arg(path.isEmpty() ? tr("(top level)") : path.join(QLatin1Char('/'))));
    m_rootPath = path;
    if (!m_stale) selectRoot();
}

QTreeView *StructurePane::view()
{
    catchUp();
    return m_view;
}

ObjectTreeModel *StructurePane::model()
{
    catchUp();
    return m_model;
}

void StructurePane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    catchUp();
}

void StructurePane::catchUp()
{
    if (!m_stale) return;
    m_stale = false;
    m_model->setCheckpoint(m_checkpoint);
    m_view->expandToDepth(0);
    m_view->header()->resizeSection(0, 260);
    m_view->header()->resizeSection(1, 200);
    selectRoot();
    updateButton();
}

void StructurePane::selectRoot()
{
    const QModelIndex i = m_model->indexForPath(m_rootPath);
    if (i.isValid()) {
        m_view->setCurrentIndex(i);
        m_view->scrollTo(i);
    }
}

void StructurePane::reportCurrent()
{
    // Only while the tab is in front: selecting the root on open must not replace what the
    // State Dict tab shows in the details pane.
    if (!isVisible()) return;
    const QModelIndex i = m_view->currentIndex().siblingAtColumn(0);
    const int tensor = i.isValid() ? i.data(TensorIndexRole).toInt() : -1;
    if (tensor < 0) {
        Q_EMIT selectionCleared();
        return;
    }
    QStringList path = i.data(PathRole).toStringList();
    Q_EMIT tensorSelected(tensor, path.isEmpty() ? i.data().toString() : path.join(QLatin1Char('/')));
}

void StructurePane::updateButton()
{
    const QModelIndex i = m_view->currentIndex();
    m_useAsRoot->setEnabled(i.isValid() && i.siblingAtColumn(0).data(IsRootCandidateRole).toBool());
}

} // namespace sl
