#pragma once
// The QObject front for exporting off the GUI thread: progress in bytes, cancel, and a result
// that names the written file or the one-line reason it was not written.

#include "export/exporter.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace sl {

class Checkpoint;

class ExportJob : public QObject
{
    Q_OBJECT
public:
    explicit ExportJob(QObject *parent = nullptr);
    ~ExportJob() override;

    // The mapping is copied: later edits do not change an export already running.
    void start(std::shared_ptr<const Checkpoint> checkpoint, std::vector<MappedKey> mapping,
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
    bool m_running = false;
    quint64 m_token = 0;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace sl
