#pragma once
// The QObject front for computing tensor statistics off the GUI thread: start, cancel, progress,
// and results tagged with a token so that a result from an abandoned job is dropped.

#include "stats/tensor_stats.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace sl {

class Checkpoint;
class TensorSource;

class StatsJob : public QObject
{
    Q_OBJECT
public:
    explicit StatsJob(QObject *parent = nullptr);
    ~StatsJob() override;

    // Cancels any running job and starts a new one. The checkpoint is kept alive by the job.
    void start(std::shared_ptr<const Checkpoint> checkpoint, int entryIndex, int bins);
    // The same for any tensor of the file, in or out of the state dict; results carry `tag` where
    // start() puts the entry index.
    void startTensor(std::shared_ptr<const Checkpoint> checkpoint, int tensorIndex, int tag, int bins);
    // The same for a tensor source, a derived (transformed) one included; the job keeps the source and
    // the checkpoint it reads alive.
    void startSource(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TensorSource> source,
                     int tag, int bins);
    // Asks the running job to stop after its current chunk; its result will never be emitted.
    void cancel();
    bool isRunning() const { return m_running; }
    quint64 currentToken() const { return m_token; }

Q_SIGNALS:
    void progress(int percent);
    void finished(quint64 token, int entryIndex, const sl::TensorStats &stats);
    void failed(quint64 token, int entryIndex, const QString &message);
    void cancelled(quint64 token);

private:
    using Compute = std::function<bool(TensorStats &, const std::function<bool(int64_t, int64_t)> &)>;
    void run(Compute compute, int tag);
    void deliverProgress(quint64 token, int percent);
    void deliverResult(quint64 token, int entryIndex, const sl::TensorStats &stats, const QString &error,
                       bool wasCancelled);

    quint64 m_token = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace sl
