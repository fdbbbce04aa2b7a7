#include "qt/export_job.h"

#include "document/checkpoint.h"

#include <QMetaObject>
#include <QPointer>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

ExportJob::ExportJob(QObject *parent) : QObject(parent) {}

ExportJob::~ExportJob()
{
    // The worker owns copies of what it needs and cleans up its temporary file when told to stop.
    if (m_stop) m_stop->store(true);
}

void ExportJob::cancel()
{
    if (m_stop) m_stop->store(true);
}

void ExportJob::start(std::shared_ptr<const Checkpoint> checkpoint, std::vector<MappedKey> mapping,
                      const QString &outPath, ExportOptions options)
{
    run(
        [checkpoint, mapping = std::move(mapping), outPath,
         options](const Progress &progress, std::string *error, std::vector<std::string> *notes) {
            return exportCheckpoint(*checkpoint, mapping, outPath, options, progress, error, notes);
        },
        outPath);
}

void ExportJob::start(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TransformPlan> plan,
                      const QString &outPath, ExportOptions options)
{
    run(
        [checkpoint, plan, outPath, options](const Progress &progress, std::string *error,
                                             std::vector<std::string> *notes) {
            return exportCheckpoint(*checkpoint, *plan, outPath, options, progress, error, notes);
        },
        outPath);
}

void ExportJob::run(Export work, const QString &outPath)
{
    cancel();
    const quint64 token = ++m_token;
    auto stop = std::make_shared<std::atomic_bool>(false);
    m_stop = stop;
    m_running = true;
    QPointer<ExportJob> self(this);
    (void)QtConcurrent::run([self, work = std::move(work), outPath, stop, token]() {
        std::string error;
        std::vector<std::string> notes;
        int lastPercent = -1;
        const bool ok = work(
            [&](int64_t done, int64_t total) {
                const int percent = total > 0 ? int(100 * done / total) : 0;
                if (percent != lastPercent && self) {
                    lastPercent = percent;
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, percent, token] {
                            if (self && self->m_token == token) Q_EMIT self->progress(percent);
                        },
                        Qt::QueuedConnection);
                }
                return !stop->load();
            },
            &error, &notes);
        QStringList lines;
        for (const std::string &n : notes)
            lines << QString::fromStdString(n);
        const bool wasCancelled = !ok && stop->load();
        if (!self) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, ok, wasCancelled, error, outPath, token, lines] {
                if (!self || self->m_token != token) return;
                self->m_running = false;
                if (ok && !lines.isEmpty()) Q_EMIT self->reported(lines);
                if (ok)
                    Q_EMIT self->finished(outPath);
                else if (wasCancelled)
                    Q_EMIT self->cancelled();
                else
                    Q_EMIT self->failed(QString::fromStdString(error));
            },
            Qt::QueuedConnection);
    });
}

} // namespace sl
