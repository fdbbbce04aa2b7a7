#pragma once
// The QObject front for scanning every tensor off the GUI thread: start, cancel, progress, and the
// figures tagged with a token so that the result of an abandoned scan is dropped.

#include "scan/tensor_scan.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace sl {

class Checkpoint;
struct TransformPlan;

class ScanJob : public QObject
{
    Q_OBJECT
public:
    explicit ScanJob(QObject *parent = nullptr);
    ~ScanJob() override;

    // Cancels any running scan and starts a new one. The checkpoint is kept alive by the job.
    void start(std::shared_ptr<const Checkpoint> checkpoint);
    // The same over the state dict a recipe makes of it (built from `checkpoint`): one figure per plan
    // tensor, in the plan's order, derived tensors by their computed values.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TransformPlan> plan);
    // Asks the running scan to stop after its current chunks; its result will never be emitted.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int percent);
    // The figures of entries first, first + 1, ... as the scan finishes them, in entry order and
    // batched a few times a second, so the tree fills while the scan runs.
    void figuresDelivered(int first, const std::vector<sl::ScanFigures> &figures);
    // One ScanFigures per state-dict entry (or plan tensor), in that order.
    void finished(const std::vector<sl::ScanFigures> &figures);
    void cancelled();

private:
    void deliverProgress(quint64 token, int percent);
    void deliverFigures(quint64 token, int first, const std::vector<ScanFigures> &figures);
    void deliverResult(quint64 token, const std::vector<ScanFigures> &figures, bool completed);

    quint64 m_token = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_stop;
};

} // namespace sl
