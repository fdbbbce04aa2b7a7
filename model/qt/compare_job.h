#pragma once
// The QObject front for comparing the open document with a second file off the GUI thread: B is
// opened and compared on a worker, the entry list arrives once renames are known, then each pair's
// metrics as it is read, with progress and cancel. Results carry a token; an abandoned run's are dropped.

#include "compare/checkpoint_diff.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace sl {

class CompareJob : public QObject
{
    Q_OBJECT
public:
    explicit CompareJob(QObject *parent = nullptr);
    ~CompareJob() override;

    // Cancels any running comparison and starts one of `a` (after `rules`) against the file `pathB`.
    void start(std::shared_ptr<const Checkpoint> a, const QString &pathB, const KeyMap &rules);
    void cancel();
    bool isRunning() const { return m_running; }
    // B, once opened: kept for the pair histograms.
    std::shared_ptr<const Checkpoint> checkpointB() const { return m_b; }

Q_SIGNALS:
    void progress(int percent);
    // Every key with its status; compared pairs are still pending.
    void entriesReady(const sl::DiffResult &result);
    void entryDone(int entry, const sl::DiffEntry &value);
    void finished();
    void failed(const QString &message);
    void cancelled();

private:
    bool current(quint64 token) const { return token == m_token && m_running; }

    quint64 m_token = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_stop;
    std::shared_ptr<const Checkpoint> m_b;
};

} // namespace sl

Q_DECLARE_METATYPE(sl::DiffResult)
Q_DECLARE_METATYPE(sl::DiffEntry)
