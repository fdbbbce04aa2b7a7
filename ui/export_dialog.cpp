#include "export_dialog.h"

#include "document/checkpoint.h"
#include "export/export_format.h"
#include "qt/export_job.h"
#include "qt/key_edit_session.h"
#include "transform/transform_plan.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace sl {

ExportDialog::ExportDialog(std::shared_ptr<const Checkpoint> checkpoint, const KeyEditSession *session,
                           QWidget *parent)
    : QDialog(parent), m_checkpoint(std::move(checkpoint)), m_session(session), m_job(new ExportJob(this))
{
    setWindowTitle(tr("Export Checkpoint"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    pathRow->addWidget(m_path, 1);
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    pathRow->addWidget(browse);
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, pathRow);
    m_format = new QComboBox(this);
    m_format->addItem(tr("PyTorch (.pth, zip) — keeps everything else in the file"));
    m_format->addItem(tr("safetensors — tensors only, each stored contiguously"));
    form->addRow(tr("F&ormat:"), m_format);
    m_dtype = new QComboBox(this);
    m_dtype->addItem(tr("Keep dtypes"));
    m_dtype->addItem(tr("float32 → float16"));
    m_dtype->addItem(tr("float32 → bfloat16"));
    m_dtype->setToolTip(tr("Only float32 tensors of the state dict are converted"));
    form->addRow(tr("&Precision:"), m_dtype);
    m_weightsOnly = new QCheckBox(tr("&Weights-only: a copy that torch.load(weights_only=True) reads"), this);
    m_weightsOnly->setToolTip(tr("Hyper-parameter namespaces, numpy values and version strings become plain "
                                 "values; other foreign objects are dropped. Nothing from the file is run."));
    form->addRow(QString(), m_weightsOnly);
    layout->addLayout(form);

    const int kept = int(session->mapping().size()) - session->droppedCount();
    m_summary = new QLabel(tr("%1 keys written: %2 renamed, %3 dropped.")
                               .arg(kept)
                               .arg(session->changedCount())
                               .arg(session->droppedCount()),
                           this);
    layout->addWidget(m_summary);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    layout->addWidget(m_buttons);
    resize(620, 240);

    const QFileInfo input(m_checkpoint->path());
    setOutputPath(input.absoluteDir().filePath(input.completeBaseName() + QStringLiteral("-remapped.pth")));

    connect(browse, &QToolButton::clicked, this, &ExportDialog::browse);
    // The format follows the name's extension and the extension follows the chosen format, as in
    // Qt's file dialogs; a name with another extension keeps the chosen format.
    connect(m_path, &QLineEdit::textChanged, this, [this](const QString &p) {
        if (const auto byName = exportFormatForExtension(p))
            m_format->setCurrentIndex(*byName == ExportOptions::Safetensors ? 1 : 0);
    });
    connect(m_format, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        const QString path = pathWithExportExtension(m_path->text().trimmed(), format());
        if (path != m_path->text().trimmed()) m_path->setText(path);
    });
    // safetensors holds no pickle: weights-only is a .pth matter.
    connect(m_format, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_weightsOnly->setEnabled(index == 0);
        if (index != 0) m_weightsOnly->setChecked(false);
    });
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_job, &ExportJob::progress, m_progress, &QProgressBar::setValue);
    connect(m_job, &ExportJob::reported, this, [this](const QStringList &lines) { m_notes = lines; });
    connect(m_job, &ExportJob::finished, this, [this](const QString &path) {
        setBusy(false);
        m_message->setText(tr("Written and verified: %1").arg(path));
        Q_EMIT exported(path);
        if (m_notes.isEmpty()) {
            accept();
            return;
        }
        // The user should see what the weights-only copy converted and dropped: the dialog stays open.
        m_message->setText(m_message->text() + QLatin1Char('\n') + m_notes.join(QLatin1Char('\n')));
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    });
    connect(m_job, &ExportJob::failed, this, [this](const QString &error) {
        setBusy(false);
        m_message->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
    });
    connect(m_job, &ExportJob::cancelled, this, [this] {
        setBusy(false);
        m_message->setText(tr("Export cancelled; nothing was written."));
    });
}

void ExportDialog::setOutputPath(const QString &path)
{
    m_path->setText(path);
}

void ExportDialog::setFormat(ExportOptions::Format format)
{
    m_format->setCurrentIndex(format == ExportOptions::Safetensors ? 1 : 0);
}

ExportOptions::Format ExportDialog::format() const
{
    return m_format->currentIndex() == 1 ? ExportOptions::Safetensors : ExportOptions::Pth;
}

QString ExportDialog::outputPath() const
{
    return m_path->text();
}

void ExportDialog::setConversion(int index)
{
    m_dtype->setCurrentIndex(index);
}

void ExportDialog::setWeightsOnly(bool on)
{
    if (on) m_format->setCurrentIndex(0);
    m_weightsOnly->setChecked(on);
}

bool ExportDialog::isExporting() const
{
    return m_job->isRunning();
}

QString ExportDialog::message() const
{
    return m_message->text();
}

void ExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Checkpoint"), m_path->text(),
        tr("PyTorch checkpoint (*.pth *.pt *.ckpt *.bin);;safetensors (*.safetensors)"));
    if (!path.isEmpty()) setOutputPath(path);
}

void ExportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_export->setEnabled(!busy);
    for (QWidget *w : {static_cast<QWidget *>(m_path), static_cast<QWidget *>(m_format),
                       static_cast<QWidget *>(m_dtype), static_cast<QWidget *>(m_weightsOnly)})
        w->setEnabled(!busy);
}

void ExportDialog::startExport()
{
    if (m_path->text().trimmed().isEmpty()) {
        m_message->setText(tr("Choose a file to export to."));
        return;
    }
    ExportOptions options;
    options.format = format();
    QString formatError;
    if (!checkExportFormat(m_path->text().trimmed(), options.format, &formatError)) {
        m_message->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(formatError.toHtmlEscaped()));
        return;
    }
    options.convertFloat32To = m_dtype->currentIndex() == 1   ? DType::Float16
                               : m_dtype->currentIndex() == 2 ? DType::BFloat16
                                                              : DType::Unknown;
    options.rules = m_session->keyMap().rules;
    options.weightsOnly = m_weightsOnly->isChecked() && options.format == ExportOptions::Pth;
    m_notes.clear();
    m_message->setText(tr("Exporting…"));
    m_progress->setValue(0);
    setBusy(true);
    if (m_session->hasTransforms()) // derived tensors are written from the plan
        m_job->start(m_checkpoint, std::make_shared<const TransformPlan>(m_session->plan()),
                     m_path->text().trimmed(), options);
    else
        m_job->start(m_checkpoint, m_session->mapping(), m_path->text().trimmed(), options);
}

void ExportDialog::reject()
{
    // Cancel stops a running export first; the dialog closes on the next Cancel.
    if (m_job->isRunning()) {
        m_job->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace sl
