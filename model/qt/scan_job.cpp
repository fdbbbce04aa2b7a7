#include "qt/scan_job.h"

#include "document/checkpoint.h"
#include "transform/transform_plan.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {
namespace {

constexpr qint64 kBatchMs = 100;

} // namespace

ScanJob::ScanJob(QObject *parent) : BackgroundJob(parent) {}

ScanJob::~ScanJob()
{
    cancel();
}

void ScanJob::announceCancel(quint64)
{
    Q_EMIT cancelled();
}

void ScanJob::start(std::shared_ptr<const Checkpoint> checkpoint)
{
    start(std::move(checkpoint), nullptr);
}

void ScanJob::start(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TransformPlan> plan)
{
    const Run run = beginRun();
    QPointer<ScanJob> self(this);
    // The worker owns copies of everything it touches; results come back as queued calls on `this`.
    (void)QtConcurrent::run([self, checkpoint, plan, run, post = ProgressPoster(this, run.token)]() mutable {
        const quint64 token = run.token;
        std::vector<ScanFigures> figures;
        ScanOptions options;
        options.cancel = run.stop.get();
        // The pass reports on this worker thread, which is the pass's calling thread.
        options.progress = [&post](int64_t done, int64_t total) { post(done, total); };
        // Entries arrive one by one in entry order; they cross to the GUI thread in batches, the
        // first at once and then at most every kBatchMs, so a scan of 30,000 small tensors does
        // not queue 30,000 model updates.
        std::vector<ScanFigures> batch;
        int batchFirst = 0;
        QElapsedTimer sinceFlush;
        auto flush = [&] {
            if (batch.empty() || !self) return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, token, batchFirst, batch = std::move(batch)] {
                    if (self) self->deliverFigures(token, batchFirst, batch);
                },
                Qt::QueuedConnection);
            batch.clear();
            sinceFlush.start();
        };
        options.delivered = [&](int entry, const ScanFigures &f) {
            if (batch.empty()) batchFirst = entry;
            batch.push_back(f);
            if (!sinceFlush.isValid() || sinceFlush.elapsed() >= kBatchMs) flush();
        };
        const bool completed = plan ? scanPlan(*checkpoint, *plan, figures, options)
                                    : scanCheckpoint(*checkpoint, figures, options);
        if (completed) flush();
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, token, figures = std::move(figures), completed] {
                    if (self) self->deliverResult(token, figures, completed);
                },
                Qt::QueuedConnection);
    });
}

void ScanJob::deliverFigures(quint64 token, int first, const std::vector<ScanFigures> &figures)
{
    if (isCurrent(token)) Q_EMIT figuresDelivered(first, figures);
}

void ScanJob::deliverResult(quint64 token, const std::vector<ScanFigures> &figures, bool completed)
{
    // A scan the user abandoned: its result is stale.
    if (!completed || !finishRun(token)) return;
    Q_EMIT finished(figures);
}

} // namespace sl
