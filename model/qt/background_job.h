#pragma once
// What the QObject fronts of the QtConcurrent jobs share: one run at a time, a token that marks all
// an abandoned run still sends as stale, the run's atomic stop flag, and percentages posted back from
// the worker thread as queued calls.

#include <QObject>
#include <QPointer>

#include <atomic>
#include <cstdint>
#include <memory>

namespace sl {

class BackgroundJob : public QObject
{
    Q_OBJECT
public:
    // Asks the running job to stop after its current chunk; its result will never be emitted.
    void cancel();
    bool isRunning() const { return m_running; }
    quint64 currentToken() const { return m_token; }

Q_SIGNALS:
    void progress(int percent);

protected:
    explicit BackgroundJob(QObject *parent);

    struct Run
    {
        quint64 token = 0;
        std::shared_ptr<std::atomic_bool> stop;
    };
    // Cancels the current run, if any, and begins a new one.
    Run beginRun();
    // True when `token` is the current run's and it is still going: its partial results count.
    bool isCurrent(quint64 token) const { return token == m_token && m_running; }
    // True when `token` is the current run's: the run is over, and its result is the one to emit.
    bool finishRun(quint64 token);
    // Called by cancel() while a run was going, with its token, before that token goes stale.
    virtual void announceCancel(quint64 token) = 0;

    // The worker's progress callback: posts each new whole percentage to the job, which emits it
    // while the run is still current.
    class ProgressPoster
    {
    public:
        ProgressPoster(BackgroundJob *job, quint64 token) : m_job(job), m_token(token) {}
        void operator()(int64_t done, int64_t total);

    private:
        QPointer<BackgroundJob> m_job;
        quint64 m_token;
        int m_last = -1;
    };

private:
    void deliverProgress(quint64 token, int percent);

    quint64 m_token = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace sl
