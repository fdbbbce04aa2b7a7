#pragma once
// The weight histogram, drawn with QCustomPlot. This is the only unit that sees qcustomplot.h,
// whose bare Qt keywords need QT_NO_KEYWORDS lifted for its one .cpp file.

#include "stats/tensor_stats.h"

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
    void clear();
    void setLogScale(bool log);
    bool logScale() const { return m_log; }
    // Number of bars with data, for tests.
    int barCount() const;

private:
    void replot();

    QCustomPlot *m_plot;
    QCPBars *m_bars;
    std::vector<double> m_edges;
    std::vector<int64_t> m_counts;
    bool m_log = false;
};

} // namespace sl
