#include "histogram_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace sl {

HistogramPlot::HistogramPlot(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(QPen(QColor(0x2b, 0x6c, 0xb0)));
    m_bars->setBrush(QColor(0x4a, 0x90, 0xd9, 200));
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    m_plot->xAxis->setLabel(tr("value"));
    m_plot->yAxis->setLabel(tr("count"));
    m_plot->setMinimumHeight(160);
    setMinimumHeight(160);
}

void HistogramPlot::setHistogram(const std::vector<double> &edges, const std::vector<int64_t> &counts)
{
    m_edges = edges;
    m_counts = counts;
    replot();
}

void HistogramPlot::clear()
{
    m_edges.clear();
    m_counts.clear();
    replot();
}

void HistogramPlot::setLogScale(bool log)
{
    m_log = log;
    replot();
}

int HistogramPlot::barCount() const
{
    return int(std::count_if(m_counts.begin(), m_counts.end(), [](int64_t c) { return c > 0; }));
}

void HistogramPlot::replot()
{
    QVector<double> keys, values;
    double peak = 0;
    for (size_t i = 0; i < m_counts.size() && i + 1 < m_edges.size(); ++i) {
        keys << (m_edges[i] + m_edges[i + 1]) / 2;
        // On a log axis an empty bin has no bar at all rather than a bar down to zero.
        values << (m_log && m_counts[i] == 0 ? std::nan("") : double(m_counts[i]));
        peak = std::max(peak, double(m_counts[i]));
    }
    m_bars->setData(keys, values, true);
    if (m_edges.size() >= 2) {
        m_bars->setWidth(m_edges[1] - m_edges[0]);
        m_plot->xAxis->setRange(m_edges.front(), m_edges.back());
    }
    if (m_log) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        m_plot->yAxis->setRange(0.8, std::max(10.0, peak * 2));
        m_bars->setBaseValue(0.8);
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_plot->yAxis->setRange(0, std::max(1.0, peak * 1.05));
        m_bars->setBaseValue(0);
    }
    m_plot->replot();
}

} // namespace sl
