#include "qt/stats_job.h"

#include "document/checkpoint.h"
#include "pass/tensor_source.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

StatsJob::StatsJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<sl::TensorStats>();
}

StatsJob::~StatsJob()
{
    cancel();
}

void StatsJob::cancel()
{
    if (m_stop) m_stop->store(true);
    if (m_running) {
        m_running = false;
        Q_EMIT cancelled(m_token);
    }
    ++m_token; // anything still in flight now carries a stale token
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
    cancel();
    const quint64 token = m_token;
    auto stop = std::make_shared<std::atomic_bool>(false);
    m_stop = stop;
    m_running = true;
    QPointer<StatsJob> self(this);
    // The worker owns copies of everything it touches; results come back as queued calls on `this`.
    (void)QtConcurrent::run([self, compute = std::move(compute), entryIndex, token, stop]() {
        TensorStats stats;
        QString error;
        bool completed = false;
        int lastPercent = -1;
        try {
            completed = compute(stats, [&](int64_t done, int64_t total) {
                const int percent = total ? int(100 * done / total) : 100;
                if (percent != lastPercent && self) {
                    lastPercent = percent;
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, token, percent] {
                            if (self) self->deliverProgress(token, percent);
                        },
                        Qt::QueuedConnection);
                }
                return !stop->load();
            });
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
        }
        const bool wasCancelled = !completed && error.isEmpty();
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, token, entryIndex, stats, error, wasCancelled] {
                    if (self) self->deliverResult(token, entryIndex, stats, error, wasCancelled);
                },
                Qt::QueuedConnection);
    });
}

void StatsJob::deliverProgress(quint64 token, int percent)
{
    if (token == m_token && m_running) Q_EMIT progress(percent);
}

void StatsJob::deliverResult(quint64 token, int entryIndex, const TensorStats &stats, const QString &error,
                             bool wasCancelled)
{
    if (token != m_token || wasCancelled) return; // a job the user moved away from: its result is stale
    m_running = false;
    if (error.isEmpty())
        Q_EMIT finished(token, entryIndex, stats);
    else
        Q_EMIT failed(token, entryIndex, error);
}

} // namespace sl
