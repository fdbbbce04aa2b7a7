#pragma once
// The weight histogram, drawn with QCustomPlot. This is the only unit that sees qcustomplot.h,
// whose bare Qt keywords need QT_NO_KEYWORDS lifted for its one .cpp file; so it also draws the compare
// view's plots: two histograms overlaid on the same bins, and labelled bars on a log axis (rel_l2 by
// module) that report clicks.

#include "stats/tensor_stats.h"

#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPBars;

namespace sl {

class HistogramPlot : public QWidget
{
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget *parent = nullptr);

    void setHistogram(const std::vector<double> &edges, const std::vector<int64_t> &counts);
    // A second histogram on the same bins, drawn over the first (empty `countsB`: none).
    void setOverlay(const std::vector<double> &edges, const std::vector<int64_t> &countsA,
                    const std::vector<int64_t> &countsB);
    // One bar per label, in order, on a log axis; NaN or values <= 0 draw no bar. Clicks emit barClicked.
    void setLabelledBars(const QStringList &labels, const std::vector<double> &values);
    void clear();
    void setLogScale(bool log);
    bool logScale() const { return m_log; }
    // Number of bars with data, for tests.
    int barCount() const;
    int overlayBarCount() const;

Q_SIGNALS:
    // The bar of setLabelledBars at this index was clicked.
    void barClicked(int index);

private:
    void replot();
    void replotLabelled();

    QCustomPlot *m_plot;
    QCPBars *m_bars;
    QCPBars *m_overlay;
    std::vector<double> m_edges;
    std::vector<int64_t> m_counts, m_overlayCounts;
    QStringList m_labels; // non-empty in the labelled-bars mode
    std::vector<double> m_values;
    bool m_log = false;
};

} // namespace sl
