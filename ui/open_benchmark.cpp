#include "open_benchmark.h"

#include "document/checkpoint.h"
#include "key_tree_pane.h"
#include "mainwindow.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <vector>

namespace sl {
namespace {

constexpr qint64 kWaitLimitMs = 30000;

// Notes when each paint of a widget *ends*. An event filter only sees a paint before it happens, so
// this one delivers the paint itself (the scroll area's own viewport filter then paints the tree) and
// swallows the original, which has been handled.
class PaintClock : public QObject
{
public:
    PaintClock(QWidget *widget, const QElapsedTimer &clock) : m_widget(widget), m_clock(clock)
    {
        widget->installEventFilter(this);
    }
    int paints() const { return int(m_ends.size()); }
    qint64 endOf(int paint) const { return m_ends[size_t(paint)]; }

    // Runs the event loop until the widget has been painted more than `paintsBefore` times.
    bool waitForPaint(int paintsBefore)
    {
        if (paints() > paintsBefore) return true;
        QEventLoop loop;
        m_loop = &loop;
        m_quitAfter = paintsBefore;
        QTimer::singleShot(kWaitLimitMs, &loop, &QEventLoop::quit);
        loop.exec();
        m_loop = nullptr;
        return paints() > paintsBefore;
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_widget || event->type() != QEvent::Paint || m_inside) return false;
        m_inside = true;
        QCoreApplication::sendEvent(watched, event);
        m_inside = false;
        m_ends.push_back(m_clock.nsecsElapsed());
        if (m_loop && paints() > m_quitAfter) m_loop->quit();
        return true;
    }

private:
    QWidget *m_widget;
    const QElapsedTimer &m_clock;
    std::vector<qint64> m_ends;
    bool m_inside = false;
    QEventLoop *m_loop = nullptr;
    int m_quitAfter = 0;
};

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

double median(std::vector<double> v)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

QString runOpenBenchmark(MainWindow &window, const QString &path, const QString &filterText, QString *error)
{
    const QString notPainted =
        QCoreApplication::translate("OpenBenchmark", "The key tree was not painted within %1 s.")
            .arg(kWaitLimitMs / 1000);
    QElapsedTimer clock;
    clock.start();
    QTreeView *view = window.keyTree()->view();
    PaintClock paints(view->viewport(), clock);

    // The empty window appears first, so that window creation and the first show are not timed.
    window.setQuietErrors(true);
    window.resize(1280, 800);
    window.show();
    if (!paints.waitForPaint(0)) {
        *error = notPainted;
        return {};
    }
    QCoreApplication::processEvents();

    const int paintsBefore = paints.paints();
    const qint64 openStart = clock.nsecsElapsed();
    if (!window.openFile(path)) {
        *error = window.lastError();
        return {};
    }
    const qint64 openReturned = clock.nsecsElapsed();
    if (!paints.waitForPaint(paintsBefore)) {
        *error = notPainted;
        return {};
    }
    const qint64 openPainted = paints.endOf(paintsBefore);
    QCoreApplication::processEvents();

    // Each keystroke sets the filter text and applies it at once, as the filter's debounce timer
    // would when it fires: the deliberate debounce delay is not the work being measured. A repaint is
    // requested in case the filter changed nothing visible, so every keystroke ends with a paint.
    KeyTreePane *pane = window.keyTree();
    QJsonArray keystrokes;
    std::vector<double> totals;
    for (int i = 1; i <= filterText.size(); ++i) {
        const QString text = filterText.left(i);
        const int before = paints.paints();
        const qint64 start = clock.nsecsElapsed();
        pane->setFilterText(text);
        const qint64 applied = clock.nsecsElapsed();
        view->viewport()->update();
        if (!paints.waitForPaint(before)) {
            *error = notPainted;
            return {};
        }
        const double total = ms(paints.endOf(before) - start);
        totals.push_back(total);
        keystrokes.append(QJsonObject{{QStringLiteral("text"), text},
                                      {QStringLiteral("ms"), total},
                                      {QStringLiteral("apply_ms"), ms(applied - start)},
                                      {QStringLiteral("top_rows"), view->model()->rowCount()}});
        QCoreApplication::processEvents();
    }

    const QJsonObject out{
        {QStringLiteral("file"), path},
        {QStringLiteral("keys"), qint64(window.checkpoint()->entries().size())},
        {QStringLiteral("platform"), QGuiApplication::platformName()},
        {QStringLiteral("window"), QJsonArray{window.width(), window.height()}},
        {QStringLiteral("open_call_ms"), ms(openReturned - openStart)},
        {QStringLiteral("open_to_paint_ms"), ms(openPainted - openStart)},
        {QStringLiteral("filter_debounce_excluded"), true},
        {QStringLiteral("keystrokes"), keystrokes},
        {QStringLiteral("filter_median_ms"), median(totals)},
        {QStringLiteral("filter_max_ms"),
         totals.empty() ? 0.0 : *std::max_element(totals.begin(), totals.end())},
    };
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

} // namespace sl
