#include "qt/stats_job.h"

#include "document/checkpoint.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

StatsJob::StatsJob(QObject *parent) : BackgroundJob(parent)
{
    qRegisterMetaType<sl::TensorStats>();
}

StatsJob::~StatsJob()
{
    cancel();
}

void StatsJob::announceCancel(quint64 token)
{
    Q_EMIT cancelled(token);
}

void StatsJob::start(std::shared_ptr<const Checkpoint> checkpoint, int entryIndex, int bins)
{
    const int tensor = checkpoint->entries().at(size_t(entryIndex)).tensor;
    startTensor(std::move(checkpoint), tensor, entryIndex, bins);
}

void StatsJob::startTensor(std::shared_ptr<const Checkpoint> checkpoint, int tensor, int entryIndex, int bins)
{
    run(
        [checkpoint, tensor, bins](TensorStats &stats,
                                   const std::function<bool(int64_t, int64_t)> &progress) {
            return computeTensorStats(checkpoint->file(), tensor, bins, stats, progress);
        },
        entryIndex);
}

void StatsJob::startSource(std::shared_ptr<const Checkpoint> checkpoint,
                           std::shared_ptr<const TensorSource> source, int tag, int bins)
{
    // The checkpoint is captured for its memory map, which the source reads from.
    run(
        [checkpoint, source, bins](TensorStats &stats,
                                   const std::function<bool(int64_t, int64_t)> &progress) {
            return computeSourceStats(*source, bins, stats, progress);
        },
        tag);
}

void StatsJob::run(Compute compute, int entryIndex)
{
    const Run run = beginRun();
    QPointer<StatsJob> self(this);
    // The worker owns copies of everything it touches; results come back as queued calls on `this`.
    (void)QtConcurrent::run([self, compute = std::move(compute), entryIndex, run,
                             post = ProgressPoster(this, run.token)]() mutable {
        TensorStats stats;
        QString error;
        bool completed = false;
        try {
            completed = compute(stats, [&](int64_t done, int64_t total) {
                post(done, total);
                return !run.stop->load();
            });
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
        }
        const bool wasCancelled = !completed && error.isEmpty();
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, token = run.token, entryIndex, stats, error, wasCancelled] {
                    if (self) self->deliverResult(token, entryIndex, stats, error, wasCancelled);
                },
                Qt::QueuedConnection);
    });
}

void StatsJob::deliverResult(quint64 token, int entryIndex, const TensorStats &stats, const QString &error,
                             bool wasCancelled)
{
    // A job the user moved away from: its result is stale.
    if (wasCancelled || !finishRun(token)) return;
    if (error.isEmpty())
        Q_EMIT finished(token, entryIndex, stats);
    else
        Q_EMIT failed(token, entryIndex, error);
}

} // namespace sl
