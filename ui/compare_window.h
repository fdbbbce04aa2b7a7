#pragma once
// The compare view: the open document against a second file, in a window of its own. A sortable,
// filterable table of keys with status colours and metrics, rel_l2 by module as a chart (click a bar
// to select the module), the selected pair's histograms, progress and cancel, and CSV/JSON export.

#include "compare/pair_histogram.h"
#include "keymap/key_map.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace sl {

class Checkpoint;
class CompareFilterProxy;
class CompareJob;
class CompareModel;
class HistogramPlot;

class CompareWindow : public QWidget
{
    Q_OBJECT
public:
    explicit CompareWindow(QWidget *parent = nullptr);
    ~CompareWindow() override;

    // Compares `a` (its keys after `rules`) with the file at `pathB`, in the background.
    void start(std::shared_ptr<const Checkpoint> a, const QString &pathB, const KeyMap &rules);
    void cancel();
    bool isRunning() const;
    // Writes the table (every row, whatever the filters) as CSV or as diff's JSON; false and a message.
    bool exportTable(const QString &path, bool json, QString *error) const;
    // Selects the first row of a module, as a click on its bar does.
    void selectModule(const QString &module);

    CompareModel *model() const { return m_model; }
    CompareFilterProxy *proxy() const { return m_proxy; }
    QTreeView *table() const { return m_table; }
    HistogramPlot *moduleChart() const { return m_modules; }
    HistogramPlot *pairPlot() const { return m_pair; }
    HistogramPlot *diffPlot() const { return m_diff; }
    const QStringList &chartModules() const { return m_chartModules; }

Q_SIGNALS:
    void comparisonFinished();
    void histogramsShown();

private:
    QWidget *createFilterRow();
    void updateSummary();
    void updateChart();
    void applyFilters();
    void showPair(int entry);
    void askExport(bool json);

    CompareJob *m_job;
    CompareModel *m_model;
    CompareFilterProxy *m_proxy;
    std::shared_ptr<const Checkpoint> m_a;
    QTreeView *m_table = nullptr;
    QComboBox *m_status = nullptr;
    QCheckBox *m_onlyDifferences = nullptr, *m_regex = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_files = nullptr, *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    HistogramPlot *m_modules = nullptr, *m_pair = nullptr, *m_diff = nullptr;
    QStringList m_chartModules;
    bool m_chartDirty = false;
    QFutureWatcher<PairHistogram> *m_histogram;
    std::shared_ptr<std::atomic_bool> m_histogramStop;
    int m_histogramEntry = -1;
};

} // namespace sl
