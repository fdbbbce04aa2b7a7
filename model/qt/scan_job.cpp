#include "qt/scan_job.h"

#include "document/checkpoint.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

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
    const Run run = beginRun();
    QPointer<ScanJob> self(this);
    // The worker owns copies of everything it touches; results come back as queued calls on `this`.
    (void)QtConcurrent::run([self, checkpoint, run, post = ProgressPoster(this, run.token)]() mutable {
        std::vector<ScanFigures> figures;
        ScanOptions options;
        options.cancel = run.stop.get();
        // The pass reports on this worker thread, which is the pass's calling thread.
        options.progress = [&post](int64_t done, int64_t total) { post(done, total); };
        const bool completed = scanCheckpoint(*checkpoint, figures, options);
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, token = run.token, figures = std::move(figures), completed] {
                    if (self) self->deliverResult(token, figures, completed);
                },
                Qt::QueuedConnection);
    });
}

void ScanJob::deliverResult(quint64 token, const std::vector<ScanFigures> &figures, bool completed)
{
    // A scan the user abandoned: its result is stale.
    if (!completed || !finishRun(token)) return;
    Q_EMIT finished(figures);
}

} // namespace sl
