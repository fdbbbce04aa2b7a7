#include "compare_window.h"

#include "histogram_plot.h"

#include "compare/checkpoint_diff.h"
#include "document/checkpoint.h"
#include "pass/stored_tensor.h"
#include "qt/compare_filter_proxy.h"
#include "qt/compare_job.h"
#include "qt/compare_model.h"
#include "qt/model_roles.h"
#include "report/diff_report.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

namespace {
constexpr int kPairBins = 64;
}

CompareWindow::CompareWindow(QWidget *parent)
    : QWidget(parent, Qt::Window), m_job(new CompareJob(this)), m_model(new CompareModel(this)),
      m_proxy(new CompareFilterProxy(this)), m_histogram(new QFutureWatcher<PairHistogram>(this))
{
    qRegisterMetaType<sl::PairHistogram>();
    setWindowTitle(tr("Compare"));
    resize(1200, 760);
    m_proxy->setSourceModel(m_model);

    m_table = new QTreeView(this);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setSortingEnabled(true);
    m_table->setModel(m_proxy);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // file order until a header is clicked
    m_table->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(CompareModel::Key, 320);

    m_modules = new HistogramPlot(this);
    m_modules->setToolTip(tr("rel L2 of each module, in file order; click a bar to select the module"));
    m_pair = new HistogramPlot(this);
    m_pair->setToolTip(tr("The selected pair: a (blue) and b (orange) on the same bins"));
    m_diff = new HistogramPlot(this);
    m_diff->setToolTip(tr("The selected pair: histogram of a − b"));
    auto *plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(m_modules);
    plots->addWidget(m_pair);
    plots->addWidget(m_diff);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(plots);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_files = new QLabel(this);
    m_files->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_cancel = new QPushButton(tr("Cancel"), this);
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    auto *json = new QPushButton(tr("Export JSON…"), this);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    bottom->addWidget(csv);
    bottom->addWidget(json);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_files);
    layout->addWidget(createFilterRow());
    layout->addWidget(split, 1);
    layout->addLayout(bottom);

    connect(m_cancel, &QPushButton::clicked, this, &CompareWindow::cancel);
    connect(csv, &QPushButton::clicked, this, [this] { askExport(false); });
    connect(json, &QPushButton::clicked, this, [this] { askExport(true); });
    connect(m_modules, &HistogramPlot::barClicked, this, [this](int index) {
        if (index >= 0 && index < m_chartModules.size()) selectModule(m_chartModules[index]);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showPair(current.isValid() ? current.data(DiffEntryRole).toInt() : -1);
            });
    connect(m_histogram, &QFutureWatcher<PairHistogram>::finished, this, [this] {
        const PairHistogram h = m_histogram->result();
        m_pair->setOverlay(h.edges, h.countsA, h.countsB);
        m_diff->setHistogram(h.diffEdges, h.diffCounts);
        Q_EMIT histogramsShown();
    });

    connect(m_job, &CompareJob::progress, m_progress, &QProgressBar::setValue);
    connect(m_job, &CompareJob::entriesReady, this, [this](const DiffResult &result) {
        m_model->setResult(result);
        m_files->setText(tr("A: %1    B: %2").arg(result.a.file, result.b.file));
        updateSummary();
        updateChart();
    });
    connect(m_job, &CompareJob::entryDone, this, [this](int entry, const DiffEntry &value) {
        m_model->updateEntry(entry, value);
        updateSummary();
        if (m_chartDirty) return;
        m_chartDirty = true; // many pairs finish at once: redraw the chart a few times a second
        QTimer::singleShot(250, this, [this] { updateChart(); });
    });
    connect(m_job, &CompareJob::finished, this, [this] {
        m_progress->setValue(100);
        m_cancel->setEnabled(false);
        updateSummary();
        updateChart();
        Q_EMIT comparisonFinished();
    });
    connect(m_job, &CompareJob::failed, this, [this](const QString &message) {
        m_cancel->setEnabled(false);
        m_summary->setText(tr("Comparison failed: %1").arg(message));
        Q_EMIT comparisonFinished();
    });
    connect(m_job, &CompareJob::cancelled, this, [this] {
        m_cancel->setEnabled(false);
        m_summary->setText(m_summary->text() + QLatin1Char(' ') + tr("(cancelled)"));
    });
}

CompareWindow::~CompareWindow()
{
    if (m_histogramStop) m_histogramStop->store(true);
}

QWidget *CompareWindow::createFilterRow()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QComboBox(row);
    m_status->addItem(tr("All statuses"), -1);
    for (int s = 0; s < kDiffStatusCount; ++s)
        m_status->addItem(CompareModel::statusText(DiffStatus(s)), s);
    m_onlyDifferences = new QCheckBox(tr("Only differences"), row);
    m_filter = new QLineEdit(row);
    m_filter->setPlaceholderText(tr("Filter keys"));
    m_filter->setClearButtonEnabled(true);
    m_regex = new QCheckBox(tr("Regex"), row);
    layout->addWidget(new QLabel(tr("Status:"), row));
    layout->addWidget(m_status);
    layout->addWidget(m_onlyDifferences);
    layout->addWidget(m_filter, 1);
    layout->addWidget(m_regex);
    connect(m_status, &QComboBox::currentIndexChanged, this, &CompareWindow::applyFilters);
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &CompareWindow::applyFilters);
    connect(m_filter, &QLineEdit::textChanged, this, &CompareWindow::applyFilters);
    connect(m_regex, &QCheckBox::toggled, this, &CompareWindow::applyFilters);
    return row;
}

void CompareWindow::applyFilters()
{
    const int status = m_status->currentData().toInt();
    m_proxy->setStatusFilter(status < 0 ? std::nullopt : std::optional<DiffStatus>(DiffStatus(status)));
    m_proxy->setOnlyDifferences(m_onlyDifferences->isChecked());
    m_proxy->setFilter(m_filter->text(), m_regex->isChecked());
    m_filter->setToolTip(m_proxy->filterErrorString());
}

void CompareWindow::start(std::shared_ptr<const Checkpoint> a, const QString &pathB, const KeyMap &rules)
{
    m_a = a;
    m_model->clear();
    m_progress->setValue(0);
    m_cancel->setEnabled(true);
    m_files->setText(tr("A: %1    B: %2").arg(a->path(), pathB));
    setWindowTitle(
        tr("Compare %1 with %2").arg(QFileInfo(a->path()).fileName(), QFileInfo(pathB).fileName()));
    m_summary->setText(tr("Comparing…"));
    m_job->start(std::move(a), pathB, rules);
}

void CompareWindow::cancel()
{
    m_job->cancel();
}

bool CompareWindow::isRunning() const
{
    return m_job->isRunning();
}

void CompareWindow::updateSummary()
{
    QStringList parts;
    for (int s = 0; s < kDiffStatusCount; ++s)
        parts << tr("%1: %2")
                     .arg(CompareModel::statusText(DiffStatus(s)))
                     .arg(m_model->statusCount(DiffStatus(s)));
    m_summary->setText(parts.join(QStringLiteral("   ")));
}

void CompareWindow::updateChart()
{
    m_chartDirty = false;
    m_chartModules.clear();
    std::vector<double> values;
    for (const ModuleDiff &m : diffModules(m_model->result().entries)) {
        m_chartModules << QString::fromStdString(m.module);
        values.push_back(m.relL2.value_or(std::nan("")));
    }
    m_modules->setLabelledBars(m_chartModules, values);
}

void CompareWindow::selectModule(const QString &module)
{
    const int row = m_model->firstRowInModule(module);
    if (row < 0) return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by a filter: show everything again
        m_status->setCurrentIndex(0);
        m_onlyDifferences->setChecked(false);
        m_filter->clear();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void CompareWindow::showPair(int entry)
{
    if (m_histogramStop) m_histogramStop->store(true);
    m_histogramEntry = entry;
    const auto &entries = m_model->result().entries;
    const auto b = m_job->checkpointB();
    if (entry < 0 || entry >= int(entries.size()) || !entries[size_t(entry)].compared || !b || !m_a) {
        m_pair->clear();
        m_diff->clear();
        return;
    }
    const DiffEntry &e = entries[size_t(entry)];
    auto stop = std::make_shared<std::atomic_bool>(false);
    m_histogramStop = stop;
    // The worker holds both documents, so closing either while it runs is safe.
    m_histogram->setFuture(
        QtConcurrent::run([a = m_a, b, ta = e.tensorA, da = e.derivedA, tb = e.tensorB, stop] {
            PairHistogram h;
            try {
                // A transform's result is read through its virtual tensor, as the comparison read it.
                computePairHistogram(da ? da : std::make_shared<StoredTensor>(a->file(), ta),
                                     std::make_shared<StoredTensor>(b->file(), tb), kPairBins, h, stop.get());
            } catch (const std::exception &) {
                h = PairHistogram(); // an unreadable pair shows empty plots; the table already says why
            }
            return h;
        }));
}

bool CompareWindow::exportTable(const QString &path, bool json, QString *error) const
{
    const DiffResult &result = m_model->result();
    const QByteArray bytes =
        json ? QJsonDocument(diffJson(result)).toJson(QJsonDocument::Indented) : diffCsv(result);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        *error = out.errorString();
        return false;
    }
    return true;
}

void CompareWindow::askExport(bool json)
{
    const QString path = QFileDialog::getSaveFileName(
        this, json ? tr("Export Comparison as JSON") : tr("Export Comparison as CSV"), {},
        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportTable(path, json, &error))
        QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace sl
