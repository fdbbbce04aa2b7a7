#pragma once
// The QObject front for exporting off the GUI thread: progress in bytes, cancel, and a result
// that names the written file or the one-line reason it was not written.

#include "export/exporter.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace sl {

class Checkpoint;
struct TransformPlan;

class ExportJob : public QObject
{
    Q_OBJECT
public:
    explicit ExportJob(QObject *parent = nullptr);
    ~ExportJob() override;

    // The mapping is copied: later edits do not change an export already running.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::vector<MappedKey> mapping,
               const QString &outPath, ExportOptions options);
    // The same for the state dict a recipe makes (transforms included): derived tensors are written.
    // The job keeps the plan alive.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::shared_ptr<const TransformPlan> plan,
               const QString &outPath, ExportOptions options);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int percent);
    void finished(const QString &outPath);
    // Before finished(): what a weights-only copy converted or dropped, one line each.
    void reported(const QStringList &lines);
    void failed(const QString &message);
    void cancelled();

private:
    using Progress = std::function<bool(int64_t done, int64_t total)>;
    using Export = std::function<bool(const Progress &, std::string *error, std::vector<std::string> *notes)>;
    void run(Export work, const QString &outPath);

    bool m_running = false;
    quint64 m_token = 0;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace sl
