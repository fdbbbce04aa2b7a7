#include "key_tree_pane.h"

#include "document/checkpoint.h"
#include "qt/key_edit_session.h"
#include "qt/key_filter_proxy.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "report/inspect_report.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace sl {
namespace {

// Expanding every row of a huge tree costs more than the user gains; past this many keys we only
// open the first level.
constexpr int kExpandAllLimit = 3000;
// A small checkpoint opens fully expanded: everything fits on screen anyway.
constexpr int kExpandOnOpenLimit = 64;

void collectEntries(const QAbstractItemModel *model, const QModelIndex &parent, std::vector<int> &out)
{
    const int rows = model->rowCount(parent);
    for (int r = 0; r < rows; ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        const int entry = i.data(EntryIndexRole).toInt();
        if (entry >= 0)
            out.push_back(entry);
        else
            collectEntries(model, i, out);
    }
}

} // namespace

KeyTreePane::KeyTreePane(QWidget *parent)
    : QWidget(parent), m_model(new StateDictModel(this)), m_proxy(new KeyFilterProxy(this)),
      m_filterDelay(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter keys (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show keys containing this text, or matching this regular expression"));
    bar->addWidget(m_filter, 1);
    m_regex = new QCheckBox(tr("Regex"), this);
    m_regex->setToolTip(tr("Treat the filter as a regular expression"));
    bar->addWidget(m_regex);
    m_flat = new QCheckBox(tr("Flat list"), this);
    m_flat->setToolTip(tr("Show full keys in one list instead of a module tree (Ctrl+L)"));
    bar->addWidget(m_flat);
    m_problems = new QCheckBox(tr("Only problems"), this);
    m_problems->setToolTip(tr("Show only keys the last test-load found missing, unexpected or mismatched"));
    m_problems->setEnabled(false);
    bar->addWidget(m_problems);
    layout->addLayout(bar);

    m_view = new QTreeView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // file order until the user clicks a header
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionsMovable(false);
    layout->addWidget(m_view, 1);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(60);
    connect(m_filterDelay, &QTimer::timeout, this, &KeyTreePane::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_regex, &QCheckBox::toggled, this, &KeyTreePane::applyFilter);
    connect(m_flat, &QCheckBox::toggled, this, &KeyTreePane::setFlat);
    connect(m_problems, &QCheckBox::toggled, this, &KeyTreePane::setProblemsOnly);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &KeyTreePane::onCurrentChanged);
    connect(m_model, &StateDictModel::renameRequested, this, &KeyTreePane::renameRequested);
}

void KeyTreePane::setSession(KeyEditSession *session)
{
    m_session = session;
    connect(session, &KeyEditSession::mappingChanged, this, &KeyTreePane::refreshMapping);
}

void KeyTreePane::setShowDropped(bool show)
{
    m_showDropped = show;
    refreshMapping();
}

void KeyTreePane::refreshMapping()
{
    if (!m_session || !m_model->checkpoint() || m_session->checkpoint() != m_model->checkpoint())
        return; // the session describes another document than the one on screen
    const ViewState state = saveViewState();
    const bool anyEdit = !m_session->keyMap().isEmpty();
    if (m_session->hasTransforms())
        m_model->setPlan(&m_session->plan(), m_showDropped);
    else
        m_model->setMapping(anyEdit ? &m_session->mapping() : nullptr, m_showDropped);
    applyFilter();
    restoreViewState(state);
}

QModelIndex KeyTreePane::ancestorAtDepth(const QModelIndex &leaf, int depth) const
{
    std::vector<QModelIndex> chain;
    for (QModelIndex i = leaf; i.isValid(); i = i.parent())
        chain.push_back(i);
    // chain.back() is at depth 0
    return depth >= 0 && size_t(depth) < chain.size() ? chain[chain.size() - 1 - size_t(depth)]
                                                      : QModelIndex();
}

KeyTreePane::ViewState KeyTreePane::saveViewState() const
{
    ViewState state;
    auto firstEntryBelow = [this](QModelIndex i) {
        while (i.isValid() && !i.data(IsLeafRole).toBool())
            i = m_proxy->index(0, 0, i);
        return i.isValid() ? i.data(EntryIndexRole).toInt() : -1;
    };
    auto depthOf = [](QModelIndex i) {
        int d = -1;
        for (; i.isValid(); i = i.parent())
            ++d;
        return d;
    };
    std::vector<QModelIndex> stack{QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        const int rows = m_proxy->rowCount(parent);
        for (int r = 0; r < rows; ++r) {
            const QModelIndex i = m_proxy->index(r, 0, parent);
            if (!m_view->isExpanded(i)) continue;
            state.expanded.emplace_back(firstEntryBelow(i), depthOf(i));
            stack.push_back(i);
        }
    }
    const QModelIndex current = m_view->currentIndex().siblingAtColumn(0);
    if (current.isValid()) state.current = {firstEntryBelow(current), depthOf(current)};
    return state;
}

void KeyTreePane::restoreViewState(const ViewState &state)
{
    auto locate = [this](std::pair<int, int> anchor) {
        const QModelIndex leaf = m_proxy->mapFromSource(m_model->indexForEntry(anchor.first));
        return ancestorAtDepth(leaf, anchor.second);
    };
    for (const auto &anchor : state.expanded) {
        const QModelIndex i = locate(anchor);
        if (i.isValid()) m_view->expand(i);
    }
    const QModelIndex current = locate(state.current);
    if (current.isValid()) {
        m_view->setCurrentIndex(current);
        m_view->scrollTo(current);
    }
}

void KeyTreePane::setProblemsOnly(bool on)
{
    if (m_problems->isChecked() != on) m_problems->setChecked(on);
    m_proxy->setProblemsOnly(on);
    if (on) m_view->expandAll();
}

void KeyTreePane::showTestLoad(const TestLoadReport *report)
{
    if (!report && !m_model->hasTestLoadStatus()) {
        // Nothing to clear: opening a file lands here twice, and re-filtering 30,000 keys and
        // restoring the view for nothing cost more than building the tree.
        m_problems->setEnabled(false);
        setProblemsOnly(false);
        return;
    }
    const ViewState state = saveViewState();
    m_model->setTestLoadReport(report);
    m_problems->setEnabled(report != nullptr);
    if (!report) setProblemsOnly(false);
    applyFilter();
    restoreViewState(state);
}

void KeyTreePane::editCurrentName()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid()) m_view->edit(current.siblingAtColumn(StateDictModel::Name));
}

std::vector<std::pair<QString, bool>> KeyTreePane::selectedKeys() const
{
    std::vector<std::pair<QString, bool>> keys;
    QModelIndexList rows = m_view->selectionModel()->selectedRows(0);
    if (rows.isEmpty() && m_view->currentIndex().isValid()) rows << m_view->currentIndex().siblingAtColumn(0);
    for (const QModelIndex &i : rows) {
        if (i.data(IsDroppedRole).toBool()) continue;
        keys.emplace_back(i.data(KeyRole).toString(), i.data(IsLeafRole).toBool());
    }
    return keys;
}

bool KeyTreePane::selectEntry(int entryIndex)
{
    const QModelIndex i = m_proxy->mapFromSource(m_model->indexForEntry(entryIndex));
    if (!i.isValid()) return false;
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    return true;
}

void KeyTreePane::setCheckpoint(const Checkpoint *checkpoint)
{
    m_model->setCheckpoint(checkpoint);
    if (m_session && m_session->checkpoint() == checkpoint && !m_session->keyMap().isEmpty())
        m_model->setMapping(&m_session->mapping(), m_showDropped);
    applyFilter();
    if (checkpoint && checkpoint->entries().size() <= size_t(kExpandOnOpenLimit)) m_view->expandAll();
    fitColumns();
}

void KeyTreePane::setFlat(bool flat)
{
    if (m_flat->isChecked() != flat) m_flat->setChecked(flat); // re-enters through toggled
    if (m_model->isFlat() == flat) return;
    m_model->setFlat(flat);
    applyFilter();
    fitColumns();
}

bool KeyTreePane::isFlat() const
{
    return m_model->isFlat();
}

void KeyTreePane::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void KeyTreePane::setFilterText(const QString &text)
{
    m_filter->setText(text);
    applyFilter();
}

void KeyTreePane::applyFilter()
{
    m_filterDelay->stop();
    m_proxy->setFilter(m_filter->text(), m_regex->isChecked());
    const bool bad = !m_proxy->isValidFilter();
    m_filter->setStyleSheet(bad ? QStringLiteral("QLineEdit { background: #ffd6d6; }") : QString());
    m_filter->setToolTip(bad ? tr("This is not a valid regular expression")
                             : tr("Show keys containing this text, or matching this regular expression"));
    const size_t keys = m_model->checkpoint() ? m_model->checkpoint()->entries().size() : 0;
    if (!m_filter->text().isEmpty() && m_proxy->rowCount() > 0 && keys < size_t(kExpandAllLimit))
        m_view->expandAll();
    else if (!m_model->isFlat())
        m_view->expandToDepth(0);
}

void KeyTreePane::expandAll()
{
    m_view->expandAll();
}

void KeyTreePane::collapseAll()
{
    m_view->collapseAll();
}

void KeyTreePane::fitColumns()
{
    QHeaderView *h = m_view->header();
    const QFontMetrics fm(m_view->font());
    h->resizeSection(StateDictModel::Name,
                     std::max(200, fm.horizontalAdvance(QLatin1Char('m')) * (m_model->isFlat() ? 30 : 18)));
    h->resizeSection(StateDictModel::Shape, fm.horizontalAdvance(QStringLiteral("[512, 128, 3]")) + 16);
    h->resizeSection(StateDictModel::DType, fm.horizontalAdvance(QStringLiteral("bfloat16")) + 20);
    h->resizeSection(StateDictModel::Device, fm.horizontalAdvance(QStringLiteral("cuda:0")) + 16);
    h->resizeSection(StateDictModel::Parameters, fm.horizontalAdvance(QStringLiteral("123456789")) + 16);
    h->resizeSection(StateDictModel::Size, fm.horizontalAdvance(QStringLiteral("1023.5 MiB")) + 16);
}

bool KeyTreePane::selectFirstTensor()
{
    QModelIndex i = m_proxy->index(0, 0);
    while (i.isValid() && !i.data(IsLeafRole).toBool()) {
        m_view->expand(i);
        i = m_proxy->index(0, 0, i);
    }
    if (!i.isValid()) return false;
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    return true;
}

void KeyTreePane::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        Q_EMIT selectionCleared();
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(current.siblingAtColumn(0));
    if (source.data(IsGhostRole).toBool()) {
        Q_EMIT missingKeySelected(source.data(KeyRole).toString(),
                                  source.data(TestLoadDetailRole).toString());
        return;
    }
    const int entry = source.data(EntryIndexRole).toInt();
    if (entry >= 0) {
        Q_EMIT entrySelected(entry);
        return;
    }
    const int derived = source.data(DerivedIndexRole).toInt();
    if (derived >= 0) {
        Q_EMIT derivedSelected(derived);
        return;
    }
    std::vector<int> entries;
    collectEntries(m_model, source, entries);
    Q_EMIT moduleSelected(source.data(KeyRole).toString(), entries);
}

} // namespace sl
