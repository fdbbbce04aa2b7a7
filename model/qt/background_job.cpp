#include "qt/background_job.h"

#include <QMetaObject>

namespace sl {

BackgroundJob::BackgroundJob(QObject *parent) : QObject(parent) {}

void BackgroundJob::cancel()
{
    if (m_stop) m_stop->store(true);
    if (m_running) {
        m_running = false;
        announceCancel(m_token);
    }
    ++m_token; // anything still in flight now carries a stale token
}

BackgroundJob::Run BackgroundJob::beginRun()
{
    cancel();
    m_stop = std::make_shared<std::atomic_bool>(false);
    m_running = true;
    return Run{m_token, m_stop};
}

bool BackgroundJob::finishRun(quint64 token)
{
    if (token != m_token) return false;
    m_running = false;
    return true;
}

void BackgroundJob::deliverProgress(quint64 token, int percent)
{
    if (isCurrent(token)) Q_EMIT progress(percent);
}

void BackgroundJob::ProgressPoster::operator()(int64_t done, int64_t total)
{
    const int percent = total > 0 ? int(100 * done / total) : 100;
    if (percent == m_last || !m_job) return;
    m_last = percent;
    QPointer<BackgroundJob> job = m_job;
    const quint64 token = m_token;
    QMetaObject::invokeMethod(
        job.data(),
        [job, token, percent] {
            if (job) job->deliverProgress(token, percent);
        },
        Qt::QueuedConnection);
}

} // namespace sl
