#include "qt/testload_job.h"

#include "document/checkpoint.h"
#include "transform/transform_plan.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {

TestLoadJob::TestLoadJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<sl::TestLoadReport>();
}

TestLoadJob::~TestLoadJob()
{
    cancel();
}

void TestLoadJob::cancel()
{
    if (m_stop) m_stop->store(true);
    ++m_token; // anything still in flight now carries a stale token
    if (m_running) {
        m_running = false;
        Q_EMIT cancelled();
    }
}

void TestLoadJob::start(std::shared_ptr<const Checkpoint> checkpoint, std::vector<MappedKey> mapping,
                        TestLoadTarget target, TestLoadOptions options)
{
    startLoad([checkpoint, mapping = std::move(mapping), target = std::move(target),
               options = std::move(options)](TestLoadReport &report,
                                             const std::function<bool(int, int)> &progress) {
        return runTestLoad(*checkpoint, mapping, target, options, report, progress, nullptr);
    });
}

void TestLoadJob::start(std::shared_ptr<const Checkpoint> checkpoint,
                        std::shared_ptr<const TransformPlan> plan, TestLoadTarget target,
                        TestLoadOptions options)
{
    startLoad([checkpoint, plan = std::move(plan), target = std::move(target), options = std::move(options)](
                  TestLoadReport &report, const std::function<bool(int, int)> &progress) {
        return runTestLoad(*checkpoint, *plan, target, options, report, progress, nullptr);
    });
}

void TestLoadJob::startLoad(Load load)
{
    cancel();
    const quint64 token = m_token;
    auto stop = std::make_shared<std::atomic_bool>(false);
    m_stop = stop;
    m_running = true;
    QPointer<TestLoadJob> self(this);
    // The worker owns copies of everything it touches (the load holds the checkpoint, the mapping or
    // plan, the target and the options); results come back as queued calls on `this`, which drop
    // them when the token is stale.
    (void)QtConcurrent::run([self, load = std::move(load), token, stop]() {
        TestLoadReport report;
        int lastPercent = -1;
        const bool completed = load(report, [&](int done, int total) {
            // At most about a hundred progress events, whatever the number of tensors.
            const int percent = total ? int(int64_t(100) * done / total) : 100;
            if (percent != lastPercent && !stop->load() && self) {
                lastPercent = percent;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, token, done, total] {
                        if (self) self->deliverProgress(token, done, total);
                    },
                    Qt::QueuedConnection);
            }
            return !stop->load();
        });
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, token, report, completed] {
                    if (self) self->deliverResult(token, report, completed);
                },
                Qt::QueuedConnection);
    });
}

void TestLoadJob::deliverProgress(quint64 token, int done, int total)
{
    if (token == m_token && m_running) Q_EMIT progress(done, total);
}

void TestLoadJob::deliverResult(quint64 token, const TestLoadReport &report, bool completed)
{
    if (token != m_token || !m_running) return; // a job the user moved away from: its result is stale
    m_running = false;
    if (completed)
        Q_EMIT finished(report);
    else if (!report.error.isEmpty())
        Q_EMIT failed(report.error);
    else
        Q_EMIT cancelled(); // stopped from inside (cannot happen through cancel(), which bumps the token)
}

} // namespace sl
