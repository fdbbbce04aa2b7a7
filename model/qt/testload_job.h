#pragma once
// The QObject front for a test-load off the GUI thread: start, cancel, per-tensor progress, and a
// token so that the result of an abandoned job is dropped rather than shown.

#include "testload/testload.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace sl {

class Checkpoint;
struct TransformPlan;

class TestLoadJob : public QObject
{
    Q_OBJECT
public:
    explicit TestLoadJob(QObject *parent = nullptr);
    ~TestLoadJob() override;

    // Cancels any running job and starts a new one. The job keeps the checkpoint alive and works on
    // its own copies of the mapping, target and options.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::vector<MappedKey> mapping,
               TestLoadTarget target, TestLoadOptions options);
    // The same for the state dict a recipe makes (built from `checkpoint`; transforms included): the
    // module receives the derived tensors. The job keeps the plan alive.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TransformPlan> plan,
               TestLoadTarget target, TestLoadOptions options);
    // Asks the running job to stop after its current tensor; its result will never be emitted.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(const sl::TestLoadReport &report);
    void failed(const QString &message);
    void cancelled();

private:
    using Load = std::function<bool(TestLoadReport &, const std::function<bool(int, int)> &)>;
    void startLoad(Load load);
    void deliverProgress(quint64 token, int done, int total);
    void deliverResult(quint64 token, const sl::TestLoadReport &report, bool completed);

    quint64 m_token = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace sl
