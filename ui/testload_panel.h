#pragma once
// The Test-load panel: pick a target architecture, device and strictness, run the load on a worker
// (Ctrl+T) with progress and cancel, and read a report like load_state_dict's. Suggestions apply as
// undoable edits and the load runs again.

#include "testload/testload.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace sl {

class Checkpoint;
class KeyEditSession;
class TestLoadJob;

class TestLoadPanel : public QWidget
{
    Q_OBJECT
public:
    TestLoadPanel(KeyEditSession *session, QWidget *parent = nullptr);

    void setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint);
    void setTarget(const QString &path);
    void setStrict(bool strict);
    void setInputShape(const QString &shape);
    void run();
    void cancel();
    bool isRunning() const;
    bool applySuggestion(int index);
    // Shown when the last report's keys differ by wrapper components (module., _orig_mod., ...):
    // one click adds the strip-wrappers rule, one undo step, and runs the load again.
    QPushButton *stripWrappersButton() const { return m_stripWrappers; }

    const TestLoadReport *lastReport() const { return m_haveReport ? &m_report : nullptr; }
    QString summaryText() const;

Q_SIGNALS:
    // The view shows these: per-key verdicts and the ghost rows of missing keys.
    void statusChanged();
    void finished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QLayout *createTargetForm();
    QLayout *createRunRow();
    QWidget *createResults();
    void connectJob();
    void connectSession();
    void listDevices();
    void browse();
    void showReport();
    void offerStripWrappers();
    void rememberTarget(const QString &path);
    void setBusy(bool busy);

    KeyEditSession *m_session;
    std::shared_ptr<const Checkpoint> m_checkpoint;
    TestLoadJob *m_job;
    QComboBox *m_target;
    QComboBox *m_device;
    bool m_devicesListed = false;
    QCheckBox *m_strict;
    QLineEdit *m_inputShape;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTreeWidget *m_details;
    QListWidget *m_suggestions;
    QPushButton *m_apply;
    QPushButton *m_stripWrappers;
    int m_stripWrappersSuggestion = -1;
    TestLoadReport m_report;
    bool m_haveReport = false;
    bool m_rerunAfterApply = false;
};

} // namespace sl
