#pragma once
// File ▸ Export: where and how to write the remapped checkpoint, then the export itself with a
// progress bar and cancel. The dialog stays open with the reason when an export fails.

#include "export/exporter.h"

#include <QDialog>
#include <QStringList>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace sl {

class Checkpoint;
class ExportJob;
class KeyEditSession;

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(std::shared_ptr<const Checkpoint> checkpoint, const KeyEditSession *session,
                 QWidget *parent = nullptr);

    void setOutputPath(const QString &path);
    QString outputPath() const;
    // Choosing a format changes the name's extension to suit it, as Qt's file dialogs do.
    void setFormat(ExportOptions::Format format);
    ExportOptions::Format format() const;
    // 0: keep dtypes, 1: float32 -> float16, 2: float32 -> bfloat16
    void setConversion(int index);
    // A copy that torch.load(weights_only=True) reads (.pth only).
    void setWeightsOnly(bool on);
    // Starts the export (what the Export button does).
    void startExport();
    bool isExporting() const;
    QString message() const;

Q_SIGNALS:
    void exported(const QString &path);

protected:
    void reject() override;

private:
    void browse();
    void setBusy(bool busy);

    std::shared_ptr<const Checkpoint> m_checkpoint;
    const KeyEditSession *m_session;
    ExportJob *m_job;
    QLineEdit *m_path;
    QComboBox *m_format;
    QComboBox *m_dtype;
    QCheckBox *m_weightsOnly;
    QStringList m_notes;
    QLabel *m_summary;
    QLabel *m_message;
    QProgressBar *m_progress;
    QDialogButtonBox *m_buttons;
    QPushButton *m_export;
};

} // namespace sl
