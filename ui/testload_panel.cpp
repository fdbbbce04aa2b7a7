#include "testload_panel.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "qt/key_edit_session.h"
#include "qt/testload_job.h"
#include "report/inspect_report.h"
#include "transform/transform_plan.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace sl {
namespace {

const QString kRecentTargets = QStringLiteral("recentTestLoadTargets");

std::vector<int64_t> parseShape(const QString &text, bool *ok)
{
    std::vector<int64_t> shape;
    *ok = true;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool partOk = false;
        const qlonglong d = part.trimmed().toLongLong(&partOk);
        if (!partOk || d <= 0) *ok = false;
        shape.push_back(d);
    }
    return shape;
}

} // namespace

TestLoadPanel::TestLoadPanel(KeyEditSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_job(new TestLoadJob(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(createTargetForm());
    layout->addLayout(createRunRow());
    m_summary = new QLabel(tr("Choose a target and press Run."), this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_stripWrappers = new QPushButton(QIcon(QStringLiteral(":/icons/strip.svg")), QString(), this);
    m_stripWrappers->setVisible(false);
    auto *fixRow = new QHBoxLayout;
    fixRow->addWidget(m_stripWrappers);
    fixRow->addStretch(1);
    layout->addLayout(fixRow);

    layout->addWidget(createResults(), 1);

    connect(m_run, &QPushButton::clicked, this, &TestLoadPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &TestLoadPanel::cancel);
    connect(m_suggestions, &QListWidget::currentRowChanged, this,
            [this](int row) { m_apply->setEnabled(row >= 0); });
    connect(m_suggestions, &QListWidget::itemDoubleClicked, this,
            [this] { applySuggestion(m_suggestions->currentRow()); });
    connect(m_apply, &QPushButton::clicked, this, [this] { applySuggestion(m_suggestions->currentRow()); });
    connect(m_stripWrappers, &QPushButton::clicked, this,
            [this] { applySuggestion(m_stripWrappersSuggestion); });
    connectJob();
    connectSession();
}

// The target (with its recent entries and a browse button), the device, strictness and input shape.
QLayout *TestLoadPanel::createTargetForm()
{
    auto *form = new QFormLayout;
    auto *targetRow = new QHBoxLayout;
    m_target = new QComboBox(this);
    m_target->setEditable(true);
    m_target->setInsertPolicy(QComboBox::NoInsert);
    m_target->lineEdit()->setPlaceholderText(tr("TorchScript module, reference checkpoint or JSON manifest"));
    m_target->addItems(QSettings().value(kRecentTargets).toStringList());
    m_target->setCurrentIndex(-1);
    targetRow->addWidget(m_target, 1);
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &TestLoadPanel::browse);
    targetRow->addWidget(browse);
    auto *targetLabel = new QLabel(tr("&Target:"), this);
    targetLabel->setBuddy(m_target);
    form->addRow(targetLabel, targetRow);

    auto *optionsRow = new QHBoxLayout;
    m_device = new QComboBox(this);
    m_device->addItem(QStringLiteral("cpu"));
    m_device->setToolTip(tr("CUDA devices are offered only when LibTorch sees a GPU"));
    optionsRow->addWidget(m_device);
    m_strict = new QCheckBox(tr("&Strict"), this);
    m_strict->setToolTip(
        tr("Like load_state_dict(strict=True): any missing, unexpected or mismatched key fails"));
    optionsRow->addWidget(m_strict);
    optionsRow->addWidget(new QLabel(tr("Input shape:"), this));
    m_inputShape = new QLineEdit(this);
    m_inputShape->setPlaceholderText(tr("e.g. 1,3,224,224 (TorchScript only)"));
    m_inputShape->setToolTip(tr("Run one forward pass on random input of this shape after loading"));
    optionsRow->addWidget(m_inputShape, 1);
    auto *deviceLabel = new QLabel(tr("&Device:"), this);
    deviceLabel->setBuddy(m_device);
    form->addRow(deviceLabel, optionsRow);
    return form;
}

QLayout *TestLoadPanel::createRunRow()
{
    auto *runRow = new QHBoxLayout;
    m_run = new QPushButton(tr("&Run Test-load"), this);
    m_run->setToolTip(tr("Load the edited state dict into the target (Ctrl+T)"));
    runRow->addWidget(m_run);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    runRow->addWidget(m_cancel);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    runRow->addWidget(m_progress, 1);
    return runRow;
}

// The key-by-key details beside the suggested fixes.
QWidget *TestLoadPanel::createResults()
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_details = new QTreeWidget(split);
    m_details->setHeaderLabels({tr("Key"), tr("Checkpoint"), tr("Model")});
    m_details->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *suggestionBox = new QWidget(split);
    auto *suggestionLayout = new QVBoxLayout(suggestionBox);
    suggestionLayout->setContentsMargins(0, 0, 0, 0);
    suggestionLayout->addWidget(new QLabel(tr("Suggested fixes:"), suggestionBox));
    m_suggestions = new QListWidget(suggestionBox);
    suggestionLayout->addWidget(m_suggestions, 1);
    m_apply = new QPushButton(tr("&Apply and Run Again"), suggestionBox);
    m_apply->setEnabled(false);
    suggestionLayout->addWidget(m_apply);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

void TestLoadPanel::connectJob()
{
    connect(m_job, &TestLoadJob::progress, this, [this](int done, int total) {
        m_progress->setMaximum(std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(m_job, &TestLoadJob::finished, this, [this](const TestLoadReport &report) {
        setBusy(false);
        m_report = report;
        m_haveReport = true;
        showReport();
        Q_EMIT statusChanged();
        Q_EMIT finished();
    });
    connect(m_job, &TestLoadJob::failed, this, [this](const QString &message) {
        setBusy(false);
        m_haveReport = false;
        offerStripWrappers();
        m_summary->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
        Q_EMIT statusChanged();
        Q_EMIT finished();
    });
    connect(m_job, &TestLoadJob::cancelled, this, [this] {
        setBusy(false);
        m_summary->setText(tr("Test-load cancelled."));
        Q_EMIT finished();
    });
}

void TestLoadPanel::connectSession()
{
    // An edit makes the last report stale: its keys no longer match what is on screen.
    connect(m_session, &KeyEditSession::mappingChanged, this, [this] {
        if (!m_haveReport) return;
        m_haveReport = false;
        offerStripWrappers();
        Q_EMIT statusChanged();
        if (m_rerunAfterApply) {
            m_rerunAfterApply = false;
            run();
        } else {
            m_summary->setText(tr("The keys changed since the last test-load; run it again."));
        }
    });
}

void TestLoadPanel::setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint)
{
    m_job->cancel();
    m_checkpoint = std::move(checkpoint);
    m_haveReport = false;
    offerStripWrappers();
    m_details->clear();
    m_suggestions->clear();
    m_summary->setText(tr("Choose a target and press Run."));
    Q_EMIT statusChanged();
}

void TestLoadPanel::setTarget(const QString &path)
{
    m_target->setCurrentText(path);
}
void TestLoadPanel::setStrict(bool strict)
{
    m_strict->setChecked(strict);
}
void TestLoadPanel::setInputShape(const QString &shape)
{
    m_inputShape->setText(shape);
}
bool TestLoadPanel::isRunning() const
{
    return m_job->isRunning();
}
QString TestLoadPanel::summaryText() const
{
    return m_summary->text();
}

void TestLoadPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    listDevices();
}

// Asking LibTorch for GPUs loads it (most of a second), so it happens once the panel is first shown,
// on a worker; the CUDA devices join "cpu" when the answer comes.
void TestLoadPanel::listDevices()
{
    if (m_devicesListed) return;
    m_devicesListed = true;
    auto *watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcher<QStringList>::finished, this, [this, watcher] {
        for (const QString &device : watcher->result())
            if (m_device->findText(device) < 0) m_device->addItem(device);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&availableDevices));
}

void TestLoadPanel::browse()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose Target Architecture"), m_target->currentText(),
        tr("Targets (*.pt *.pth *.ckpt *.bin *.safetensors *.json);;All files (*)"));
    if (!path.isEmpty()) setTarget(path);
}

void TestLoadPanel::rememberTarget(const QString &path)
{
    QStringList recent = QSettings().value(kRecentTargets).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    QSettings().setValue(kRecentTargets, recent);
    m_target->blockSignals(true);
    m_target->clear();
    m_target->addItems(recent);
    m_target->setCurrentText(path);
    m_target->blockSignals(false);
}

void TestLoadPanel::setBusy(bool busy)
{
    m_run->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (busy) m_progress->setValue(0);
}

void TestLoadPanel::run()
{
    const QString target = m_target->currentText().trimmed();
    if (!m_checkpoint) {
        m_summary->setText(tr("Open a checkpoint first."));
        return;
    }
    if (target.isEmpty()) {
        m_summary->setText(
            tr("Choose a target: a TorchScript module, a reference checkpoint or a JSON manifest."));
        return;
    }
    TestLoadOptions options;
    options.device = m_device->currentText();
    options.strict = m_strict->isChecked();
    bool shapeOk = true;
    options.inputShape = parseShape(m_inputShape->text(), &shapeOk);
    if (!shapeOk) {
        m_summary->setText(
            tr("The input shape must be positive integers separated by commas, e.g. 1,3,224,224."));
        return;
    }
    TestLoadTarget t;
    t.path = target;
    rememberTarget(target);
    m_summary->setText(tr("Loading…"));
    setBusy(true);
    if (m_session->hasTransforms()) // the module receives the derived tensors
        m_job->start(m_checkpoint, std::make_shared<const TransformPlan>(m_session->plan()), t, options);
    else
        m_job->start(m_checkpoint, m_session->mapping(), t, options);
}

void TestLoadPanel::cancel()
{
    m_job->cancel();
}

bool TestLoadPanel::applySuggestion(int index)
{
    if (!m_haveReport || index < 0 || size_t(index) >= m_report.suggestions.size()) return false;
    QString error;
    m_rerunAfterApply = true;
    if (!m_session->addRule(m_report.suggestions[size_t(index)], &error)) {
        m_rerunAfterApply = false;
        m_summary->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
        return false;
    }
    return true;
}

void TestLoadPanel::showReport()
{
    const TestLoadReport &r = m_report;
    const bool clean = r.missing.isEmpty() && r.unexpected.isEmpty() && r.mismatched.empty();
    const QString verdict = !r.ok   ? tr("<b style='color:#b00020'>Does not load</b>")
                            : clean ? tr("<b style='color:#2b8a3e'>Loads cleanly</b>")
                                    : tr("<b style='color:#a06000'>Loads with problems</b>");
    QString text =
        tr("%1 (%2, %3): %4 loaded, %5 missing, %6 unexpected, %7 mismatched, %8 cast; %9 moved in %10 s.")
            .arg(verdict, r.strict ? tr("strict") : tr("non-strict"), r.device)
            .arg(r.loaded)
            .arg(r.missing.size())
            .arg(r.unexpected.size())
            .arg(r.mismatched.size())
            .arg(r.dtypeCasts.size())
            .arg(byteSizeText(r.bytesMoved, QLocale()))
            .arg(r.seconds, 0, 'f', 2);
    if (r.forwardSkipped)
        text += QLatin1Char(' ') + tr("Forward pass not run: the strict load failed, as "
                                      "load_state_dict(strict=True) raises.");
    if (r.forwardRan)
        text += QLatin1Char(' ') + (r.forwardOk
                                        ? tr("Forward pass: output %1.").arg(shapeText(r.outputShape))
                                        : tr("Forward pass failed: %1").arg(r.forwardError.toHtmlEscaped()));
    m_summary->setText(text);

    m_details->clear();
    auto group = [this](const QString &title, int count) {
        auto *item = new QTreeWidgetItem(m_details, {title.arg(count)});
        item->setExpanded(count > 0 && count <= 50);
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        return item;
    };
    // A missing key shows what the architecture wants there, so the user sees what would fill it.
    QTreeWidgetItem *missing = group(tr("Missing (%1)"), int(r.missing.size()));
    for (const MissingTensor &m : r.missingTensors)
        new QTreeWidgetItem(missing, {m.key, tr("absent"),
                                      QString(shapeText(m.shape) + QLatin1Char(' ') + m.dtype).trimmed()});
    QTreeWidgetItem *unexpected = group(tr("Unexpected (%1)"), int(r.unexpected.size()));
    for (const QString &k : r.unexpected)
        new QTreeWidgetItem(unexpected, {k, tr("present"), QString()});
    QTreeWidgetItem *mismatched = group(tr("Shape mismatch (%1)"), int(r.mismatched.size()));
    for (const ShapeMismatch &m : r.mismatched)
        new QTreeWidgetItem(mismatched, {m.key, shapeText(m.checkpointShape), shapeText(m.modelShape)});
    QTreeWidgetItem *casts = group(tr("DType cast (%1)"), int(r.dtypeCasts.size()));
    for (const DtypeCast &c : r.dtypeCasts)
        new QTreeWidgetItem(casts, {c.key, c.from, c.to});

    m_suggestions->clear();
    for (const KeyRule &rule : r.suggestions)
        m_suggestions->addItem(rule.description());
    if (r.suggestions.empty())
        m_suggestions->addItem(r.ok ? tr("Nothing to fix.") : tr("No automatic fix found."));
    m_suggestions->setEnabled(!r.suggestions.empty());
    m_apply->setEnabled(false);
    offerStripWrappers();
}

// The suggestion engine proposes strip-wrappers only where it explains part of the mismatch, and
// keeps the wrapper names that are real modules of the target: the button applies that very rule.
void TestLoadPanel::offerStripWrappers()
{
    m_stripWrappersSuggestion = -1;
    if (m_haveReport)
        for (size_t i = 0; i < m_report.suggestions.size(); ++i)
            if (m_report.suggestions[i].op == KeyRule::StripWrappers) {
                m_stripWrappersSuggestion = int(i);
                break;
            }
    m_stripWrappers->setVisible(m_stripWrappersSuggestion >= 0);
    if (m_stripWrappersSuggestion < 0) return;
    QStringList wrappers = wrappersIn(m_report.unexpected);
    for (const QString &kept : m_report.suggestions[size_t(m_stripWrappersSuggestion)].keep)
        wrappers.removeAll(kept);
    m_stripWrappers->setText(
        wrappers.isEmpty() ? tr("Strip Wrappers and Run Again")
                           : tr("Strip Wrappers (%1) and Run Again").arg(wrappers.join(QLatin1String(", "))));
    m_stripWrappers->setToolTip(
        tr("The keys differ from the target's by wrapper components; remove them (one undo step)"));
}

} // namespace sl
