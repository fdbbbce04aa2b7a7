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
    m_overlay = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_overlay->setPen(QPen(QColor(0xc0, 0x5a, 0x1a)));
    m_overlay->setBrush(QColor(0xf0, 0x8a, 0x3c, 110));
    m_overlay->setWidthType(QCPBars::wtPlotCoords);
    connect(m_plot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable *plottable, int dataIndex, QMouseEvent *) {
                if (plottable == m_bars && !m_labels.isEmpty()) Q_EMIT barClicked(dataIndex);
            });
    m_plot->setMinimumHeight(160);
    setMinimumHeight(160);
}

void HistogramPlot::setHistogram(const std::vector<double> &edges, const std::vector<int64_t> &counts)
{
    setOverlay(edges, counts, {});
}

void HistogramPlot::setOverlay(const std::vector<double> &edges, const std::vector<int64_t> &countsA,
                               const std::vector<int64_t> &countsB)
{
    m_labels.clear();
    m_edges = edges;
    m_counts = countsA;
    m_overlayCounts = countsB;
    replot();
}

void HistogramPlot::setLabelledBars(const QStringList &labels, const std::vector<double> &values)
{
    m_labels = labels;
    m_values = values;
    m_edges.clear();
    m_counts.clear();
    m_overlayCounts.clear();
    replotLabelled();
}

int HistogramPlot::overlayBarCount() const
{
    return int(
        std::count_if(m_overlayCounts.begin(), m_overlayCounts.end(), [](int64_t c) { return c > 0; }));
}

void HistogramPlot::replotLabelled()
{
    QVector<double> keys, values;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double lo = 1, hi = 1;
    bool any = false;
    for (qsizetype i = 0; i < m_labels.size() && size_t(i) < m_values.size(); ++i) {
        const double v = m_values[size_t(i)];
        keys << double(i);
        values << (v > 0 ? v : std::nan(""));
        ticker->addTick(double(i), m_labels[i]);
        if (v > 0) {
            lo = any ? std::min(lo, v) : v;
            hi = any ? std::max(hi, v) : v;
            any = true;
        }
    }
    m_bars->setData(keys, values, true);
    m_bars->setWidth(0.8);
    m_overlay->data()->clear();
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setTickLabelRotation(60);
    m_plot->xAxis->setLabel(tr("module"));
    m_plot->xAxis->setRange(-0.6, std::max(0.6, double(m_labels.size()) - 0.4));
    m_plot->yAxis->setLabel(tr("rel L2"));
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_plot->yAxis->setRange(lo / 10, hi * 10);
    m_bars->setBaseValue(lo / 10);
    m_plot->setInteractions(QCP::iSelectPlottables);
    m_bars->setSelectable(QCP::stSingleData);
    m_plot->replot();
}

void HistogramPlot::clear()
{
    m_labels.clear();
    m_edges.clear();
    m_counts.clear();
    m_overlayCounts.clear();
    replot();
}

void HistogramPlot::setLogScale(bool log)
{
    m_log = log;
    replot();
}

int HistogramPlot::barCount() const
{
    if (!m_labels.isEmpty())
        return int(std::count_if(m_values.begin(), m_values.end(), [](double v) { return v > 0; }));
    return int(std::count_if(m_counts.begin(), m_counts.end(), [](int64_t c) { return c > 0; }));
}

void HistogramPlot::replot()
{
    // Back from the labelled-bars mode: plain numeric axes.
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_plot->xAxis->setTickLabelRotation(0);
    m_plot->xAxis->setLabel(tr("value"));
    m_plot->yAxis->setLabel(tr("count"));
    QVector<double> keys, values;
    double peak = 0;
    for (size_t i = 0; i < m_counts.size() && i + 1 < m_edges.size(); ++i) {
        keys << (m_edges[i] + m_edges[i + 1]) / 2;
        // On a log axis an empty bin has no bar at all rather than a bar down to zero.
        values << (m_log && m_counts[i] == 0 ? std::nan("") : double(m_counts[i]));
        peak = std::max(peak, double(m_counts[i]));
    }
    m_bars->setData(keys, values, true);
    QVector<double> overlay;
    for (size_t i = 0; i < m_overlayCounts.size() && i < size_t(keys.size()); ++i) {
        overlay << (m_log && m_overlayCounts[i] == 0 ? std::nan("") : double(m_overlayCounts[i]));
        peak = std::max(peak, double(m_overlayCounts[i]));
    }
    m_overlay->setData(keys.mid(0, overlay.size()), overlay, true);
    if (m_edges.size() >= 2) {
        m_bars->setWidth(m_edges[1] - m_edges[0]);
        m_overlay->setWidth(m_edges[1] - m_edges[0]);
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
