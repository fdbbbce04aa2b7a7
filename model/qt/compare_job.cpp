#include "qt/compare_job.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

CompareJob::CompareJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<sl::DiffResult>();
    qRegisterMetaType<sl::DiffEntry>();
}

CompareJob::~CompareJob()
{
    if (m_stop) m_stop->store(true);
    ++m_token;
}

void CompareJob::cancel()
{
    if (m_stop) m_stop->store(true);
    if (m_running) {
        m_running = false;
        Q_EMIT cancelled();
    }
    ++m_token; // anything still in flight now carries a stale token
}

void CompareJob::start(std::shared_ptr<const Checkpoint> a, const QString &pathB, const KeyMap &rules)
{
    cancel();
    const quint64 token = m_token;
    auto stop = std::make_shared<std::atomic_bool>(false);
    m_stop = stop;
    m_running = true;
    m_b.reset();
    QPointer<CompareJob> self(this);
    // Every call back to `this` is queued with `this` as its context, so it runs on the GUI thread and
    // never after the job is gone; the token drops what an abandoned run still sends.
    auto post = [self](auto call) {
        if (self) QMetaObject::invokeMethod(self.data(), call, Qt::QueuedConnection);
    };
    (void)QtConcurrent::run([self, post, a, pathB, rules, token, stop]() {
        std::string error;
        std::shared_ptr<const Checkpoint> b = Checkpoint::open(pathB, &error);
        if (!b) {
            const QString message = QString::fromStdString(error);
            post([self, token, message] {
                if (self && self->current(token)) {
                    self->m_running = false;
                    Q_EMIT self->failed(message);
                }
            });
            return;
        }
        DiffOptions options;
        options.rules = rules;
        CheckpointDiff diff(*a, *b, options);
        int lastPercent = -1;
        const bool ok = diff.plan(&error) && diff.run(
                                                 stop.get(),
                                                 [&] {
                                                     const DiffResult result = diff.result();
                                                     post([self, token, b, result] {
                                                         if (!self || !self->current(token)) return;
                                                         self->m_b = b;
                                                         Q_EMIT self->entriesReady(result);
                                                     });
                                                 },
                                                 [&](int entry) {
                                                     const DiffEntry value = diff.entries()[size_t(entry)];
                                                     post([self, token, entry, value] {
                                                         if (self && self->current(token))
                                                             Q_EMIT self->entryDone(entry, value);
                                                     });
                                                 },
                                                 [&](int64_t done, int64_t total) {
                                                     const int percent =
                                                         total ? int(100 * done / total) : 100;
                                                     if (percent == lastPercent) return;
                                                     lastPercent = percent;
                                                     post([self, token, percent] {
                                                         if (self && self->current(token))
                                                             Q_EMIT self->progress(percent);
                                                     });
                                                 },
                                                 &error);
        const QString message = QString::fromStdString(error);
        const bool wasCancelled = stop->load();
        post([self, token, ok, message, wasCancelled] {
            if (!self || !self->current(token) || wasCancelled) return;
            self->m_running = false;
            if (ok)
                Q_EMIT self->finished();
            else
                Q_EMIT self->failed(message);
        });
    });
}

} // namespace sl
