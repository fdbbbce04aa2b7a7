#include "details_pane.h"

#include "document/checkpoint.h"
#include "histogram_plot.h"
#include "qt/key_edit_session.h"
#include "qt/stats_job.h"
#include "report/inspect_report.h"
#include "transform/transform_plan.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace sl {
namespace {

// Stats tags: entries are >= 0, other tensors of the file -2 - index; derived tensors lie far below.
constexpr int kDerivedTagBase = -1000000000;
int derivedTag(int planIndex)
{
    return kDerivedTagBase - planIndex;
}

QLabel *valueLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

// In the interface language's notation (decimal comma in German), like every number shown.
QString number(double v)
{
    return std::isnan(v) ? QStringLiteral("—") : QLocale().toString(v, 'g', 6);
}

QString count(int64_t n)
{
    return QLocale().toString(qlonglong(n));
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent) : QWidget(parent), m_job(new StatsJob(this))
{
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addLayout(createInfoForm());
    layout->addWidget(createStatsBox());
    m_plot = new HistogramPlot(this);
    layout->addWidget(m_plot, 1);

    connect(m_job, &StatsJob::progress, this, [this](int percent) { m_progress->setValue(percent); });
    connect(m_job, &StatsJob::finished, this, &DetailsPane::onFinished);
    connect(m_job, &StatsJob::failed, this, &DetailsPane::onFailed);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_job->cancel();
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        setStatsText(tr("Cancelled. Change the bin count or select the tensor again to recompute."));
    });
    connect(m_bins, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        if (m_tag != -1) startStats();
    });
    connect(m_log, &QCheckBox::toggled, m_plot, &HistogramPlot::setLogScale);
    clear();
}

// The tensor's facts: key, shape, dtype, layout, storage, device, size and sharing.
QFormLayout *DetailsPane::createInfoForm()
{
    auto *info = new QFormLayout;
    info->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_key = valueLabel(this);
    m_shape = valueLabel(this);
    m_dtype = valueLabel(this);
    m_stride = valueLabel(this);
    m_storage = valueLabel(this);
    m_device = valueLabel(this);
    m_bytes = valueLabel(this);
    m_shared = valueLabel(this);
    info->addRow(tr("Key:"), m_key);
    info->addRow(tr("Shape:"), m_shape);
    info->addRow(tr("DType:"), m_dtype);
    info->addRow(tr("Stride:"), m_stride);
    info->addRow(tr("Storage:"), m_storage);
    info->addRow(tr("Device:"), m_device);
    info->addRow(tr("Size:"), m_bytes);
    info->addRow(tr("Shares storage with:"), m_shared);
    return info;
}

// The statistics in a grid of four columns, a note, and the controls below them.
QWidget *DetailsPane::createStatsBox()
{
    m_statsBox = new QGroupBox(tr("Statistics"), this);
    auto *grid = new QGridLayout(m_statsBox);
    const struct
    {
        QLabel **label;
        const char *name;
    } fields[] = {
        {&m_min, QT_TR_NOOP("min")}, {&m_max, QT_TR_NOOP("max")},     {&m_mean, QT_TR_NOOP("mean")},
        {&m_std, QT_TR_NOOP("std")}, {&m_zeros, QT_TR_NOOP("zeros")}, {&m_nan, QT_TR_NOOP("NaN")},
        {&m_inf, QT_TR_NOOP("Inf")},
    };
    int i = 0;
    for (const auto &f : fields) {
        *f.label = valueLabel(m_statsBox);
        (*f.label)->setWordWrap(false); // numbers must not break across lines
        grid->addWidget(new QLabel(tr(f.name) + QLatin1Char(':'), m_statsBox), i / 4, (i % 4) * 2);
        grid->addWidget(*f.label, i / 4, (i % 4) * 2 + 1);
        ++i;
    }
    m_statsNote = new QLabel(m_statsBox);
    m_statsNote->setWordWrap(true);
    grid->addWidget(m_statsNote, 2, 0, 1, 8);
    grid->addLayout(createStatsControls(), 3, 0, 1, 8);
    return m_statsBox;
}

// Bins, log scale, and the progress and cancel of a running computation.
QLayout *DetailsPane::createStatsControls()
{
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Bins:"), m_statsBox));
    m_bins = new QSpinBox(m_statsBox);
    m_bins->setRange(4, 1024);
    m_bins->setValue(kDefaultHistogramBins);
    m_bins->setToolTip(tr("Number of histogram bins"));
    controls->addWidget(m_bins);
    m_log = new QCheckBox(tr("Log counts"), m_statsBox);
    controls->addWidget(m_log);
    m_progress = new QProgressBar(m_statsBox);
    m_progress->setRange(0, 100);
    m_progress->setVisible(false);
    controls->addWidget(m_progress, 1);
    m_cancel = new QToolButton(m_statsBox);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop computing statistics for this tensor"));
    m_cancel->setVisible(false);
    controls->addWidget(m_cancel);
    controls->addStretch();
    return controls;
}

void DetailsPane::setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint)
{
    m_job->cancel();
    m_checkpoint = std::move(checkpoint);
    clear();
}

void DetailsPane::setSession(const KeyEditSession *session)
{
    m_session = session;
    connect(session, &KeyEditSession::mappingChanged, this, &DetailsPane::showKeyName);
}

void DetailsPane::showKeyName()
{
    if (m_derived >= 0) return clear(); // an edit made a new plan: the derived tensor shown is gone
    if (!m_checkpoint || m_entry < 0) return;
    const QString saved = QString::fromStdString(m_checkpoint->entries()[size_t(m_entry)].key);
    const auto &mapping = m_session ? m_session->mapping() : std::vector<MappedKey>();
    const MappedKey *m = size_t(m_entry) < mapping.size() ? &mapping[size_t(m_entry)] : nullptr;
    if (m && m->dropped) {
        m_title->setText(tr("%1 (dropped)").arg(m->droppedAs));
        m_key->setText(tr("%1 — dropped; saved as %2").arg(m->droppedAs, saved));
    } else if (m && m->to != saved) {
        m_title->setText(m->to);
        m_key->setText(tr("%1 — saved as %2").arg(m->to, saved));
    } else {
        m_title->setText(saved);
        m_key->setText(saved);
    }
}

void DetailsPane::setField(QLabel *label, const QString &text)
{
    label->setText(text);
}

QString DetailsPane::fieldText(const QString &field) const
{
    const std::pair<const char *, QLabel *> map[] = {
        {"key", m_key},         {"shape", m_shape},   {"dtype", m_dtype}, {"stride", m_stride},
        {"storage", m_storage}, {"device", m_device}, {"bytes", m_bytes}, {"shared", m_shared},
        {"min", m_min},         {"max", m_max},       {"mean", m_mean},   {"std", m_std},
        {"zeros", m_zeros},     {"nan", m_nan},       {"inf", m_inf},
    };
    for (const auto &[name, label] : map)
        if (field == QLatin1String(name)) return label->text();
    return {};
}

bool DetailsPane::isComputing() const
{
    return m_job->isRunning();
}

void DetailsPane::clear()
{
    m_job->cancel();
    m_entry = -1;
    m_tag = -1;
    m_statsTag = -1;
    m_derived = -1;
    m_title->setText(m_checkpoint ? tr("Select a tensor to see its details and histogram.")
                                  : tr("No checkpoint open."));
    for (QLabel *l : {m_key, m_shape, m_dtype, m_stride, m_storage, m_device, m_bytes, m_shared})
        l->clear();
    setStatsText(QString());
    m_statsBox->setVisible(false);
    m_plot->clear();
    m_plot->setVisible(false);
}

void DetailsPane::setStatsText(const QString &placeholder)
{
    for (QLabel *l : {m_min, m_max, m_mean, m_std, m_zeros, m_nan, m_inf})
        l->setText(placeholder.isEmpty() ? QString() : QStringLiteral("…"));
    m_statsNote->setText(placeholder);
    m_statsNote->setVisible(!placeholder.isEmpty());
}

void DetailsPane::showEntry(int entryIndex)
{
    if (!m_checkpoint || entryIndex < 0 || size_t(entryIndex) >= m_checkpoint->entries().size())
        return clear();
    const bool sameTensor = entryIndex == m_tag && m_statsTag == entryIndex;
    m_entry = entryIndex;
    m_tag = entryIndex;
    if (sameTensor) { // e.g. the view was rebuilt after a rename: the numbers are still right
        showKeyName();
        return;
    }
    const StateEntry &e = m_checkpoint->entries()[size_t(entryIndex)];
    showGeometry(e.tensor, QString::fromStdString(e.key));
    QStringList shared;
    const auto &mapping = m_session ? m_session->mapping() : std::vector<MappedKey>();
    for (const std::string &k : m_checkpoint->keysSharingStorage(entryIndex)) {
        // Name tied keys as the edits currently call them.
        QString name = QString::fromStdString(k);
        for (const MappedKey &m : mapping)
            if (m.from == name) {
                name = m.dropped ? tr("%1 (dropped)").arg(m.droppedAs) : m.to;
                break;
            }
        shared << name;
    }
    setField(m_shared, shared.isEmpty() ? tr("no other key") : shared.join(QLatin1String(", ")));
    showKeyName();
    startStats();
}

void DetailsPane::showTensor(int tensorIndex, const QString &path)
{
    if (!m_checkpoint || tensorIndex < 0 || size_t(tensorIndex) >= m_checkpoint->file().tensors.size())
        return clear();
    const auto &entries = m_checkpoint->entries();
    for (size_t i = 0; i < entries.size(); ++i)
        if (entries[i].tensor == tensorIndex) return showEntry(int(i));
    const int tag = -2 - tensorIndex;
    if (tag == m_tag && m_statsTag == tag) return;
    m_entry = -1;
    m_tag = tag;
    showGeometry(tensorIndex, path);
    setField(m_shared, tr("not in the state dict"));
    startStats();
}

int DetailsPane::tensorOfTag() const
{
    return m_tag >= 0 ? m_checkpoint->entries()[size_t(m_tag)].tensor : -2 - m_tag;
}

void DetailsPane::showGeometry(int tensorIndex, const QString &name)
{
    const TensorRef &t = m_checkpoint->tensor(tensorIndex);
    const StorageRef *s = m_checkpoint->storageOf(tensorIndex);
    m_title->setText(name);
    setField(m_key, name);
    setField(m_shape, shapeText(t.shape));
    setField(m_dtype,
             t.layout == TensorLayout::Strided
                 ? QLatin1String(dtypeName(t.dtype))
                 : tr("%1 (%2)").arg(QLatin1String(dtypeName(t.dtype)), QLatin1String(layoutName(t.layout))));
    setField(m_stride, shapeText(t.stride));
    setField(m_storage, s ? tr("%1, offset %2 (%3 storage bytes)")
                                .arg(QString::fromStdString(s->key))
                                .arg(count(t.offset))
                                .arg(count(s->recordBytes))
                          : tr("none"));
    setField(m_device, QString::fromStdString(t.device));
    setField(m_bytes, tr("%1 (%2 elements)").arg(byteSizeText(t.nbytes(), QLocale())).arg(count(t.numel())));
    m_statsBox->setVisible(true);
    m_plot->setVisible(true);
}

void DetailsPane::showModule(const QString &prefix, const std::vector<int> &entryIndices)
{
    clear();
    if (!m_checkpoint) return;
    int64_t params = 0, bytes = 0;
    std::set<std::string> dtypes, devices;
    for (int i : entryIndices) {
        const TensorRef &t = m_checkpoint->tensor(m_checkpoint->entries()[size_t(i)].tensor);
        params += t.numel();
        bytes += t.nbytes();
        dtypes.insert(dtypeName(t.dtype));
        devices.insert(t.device);
    }
    auto join = [](const std::set<std::string> &s) {
        QStringList l;
        for (const auto &x : s)
            l << QString::fromStdString(x);
        return l.join(QLatin1String(", "));
    };
    m_title->setText(tr("Module %1").arg(prefix));
    setField(m_key, tr("%1 (%n tensor(s))", nullptr, int(entryIndices.size())).arg(prefix));
    setField(m_dtype, join(dtypes));
    setField(m_device, join(devices));
    setField(m_bytes, tr("%1 (%2 parameters)").arg(byteSizeText(bytes, QLocale()), count(params)));
}

void DetailsPane::showDerived(int planIndex)
{
    const TransformPlan *plan = m_session && m_checkpoint ? &m_session->plan() : nullptr;
    if (!plan || planIndex < 0 || size_t(planIndex) >= plan->tensors.size()) return clear();
    const PlannedTensor &t = plan->tensors[size_t(planIndex)];
    if (m_derived == planIndex && m_statsTag == derivedTag(planIndex)) return;
    clear();
    m_derived = planIndex;
    m_tag = derivedTag(planIndex);
    const std::vector<int64_t> &shape = plan->shape(size_t(planIndex));
    std::vector<int64_t> stride(shape.size(), 1); // written contiguous
    for (size_t d = shape.size(); d-- > 1;)
        stride[d - 1] = stride[d] * shape[d];
    QStringList sources;
    for (int i : t.sources)
        sources << plan->inputs[size_t(i)].key;
    const sl::DType dtype = plan->dtype(size_t(planIndex));
    int64_t numel = 1;
    for (int64_t d : shape)
        numel *= d;
    m_title->setText(tr("%1 (derived)").arg(t.key));
    setField(m_key, tr("%1 — derived: %2").arg(t.key, t.steps.join(QLatin1String("; "))));
    setField(m_shape, shapeText(shape));
    setField(m_dtype, QLatin1String(dtypeName(dtype)));
    setField(m_stride, shapeText(stride));
    setField(m_storage, tr("computed when read, from %1").arg(sources.join(QLatin1String(", "))));
    setField(m_bytes, tr("%1 (%2 elements)")
                          .arg(byteSizeText(numel * int64_t(dtypeSize(dtype)), QLocale()))
                          .arg(count(numel)));
    setField(m_shared, tr("no other key"));
    // Inputs are the state dict's entries, in order: the values come from the first source's device.
    if (!t.sources.empty())
        setField(m_device,
                 QString::fromStdString(
                     m_checkpoint->tensor(m_checkpoint->entries()[size_t(t.sources.front())].tensor).device));
    m_statsBox->setVisible(true);
    m_plot->setVisible(true);
    startStats();
}

void DetailsPane::showMissing(const QString &key, const QString &detail)
{
    clear();
    m_title->setText(tr("%1 (missing)").arg(key));
    setField(m_key, detail);
}

void DetailsPane::startStats()
{
    m_statsTag = -1;
    if (m_derived >= 0) {
        const SourcePtr source = m_session->plan().source(size_t(m_derived));
        m_plot->clear();
        if (!source) {
            m_job->cancel();
            setStatsText(tr("Values of this tensor cannot be previewed."));
            return;
        }
        setStatsText(tr("Computing…"));
        m_progress->setValue(0);
        m_progress->setVisible(true);
        m_cancel->setVisible(true);
        m_job->startSource(m_checkpoint, source, m_tag, m_bins->value());
        return;
    }
    const int tensor = tensorOfTag();
    const TensorRef &t = m_checkpoint->tensor(tensor);
    m_plot->clear();
    // Quantized tensors are previewed dequantized, as t.dequantize() gives them.
    if ((t.layout != TensorLayout::Strided && t.layout != TensorLayout::Quantized) || t.storage < 0) {
        m_job->cancel();
        setStatsText(
            tr("Values of %1 tensors cannot be previewed.").arg(QLatin1String(layoutName(t.layout))));
        return;
    }
    setStatsText(tr("Computing…"));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_job->startTensor(m_checkpoint, tensor, m_tag, m_bins->value());
}

void DetailsPane::onFinished(quint64, int entryIndex, const TensorStats &s)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (entryIndex != m_tag) return;
    setStatsText(QString());
    m_statsTag = entryIndex;
    m_min->setText(number(s.min));
    m_max->setText(number(s.max));
    m_mean->setText(number(s.mean));
    m_std->setText(number(s.std));
    m_zeros->setText(count(s.zeros));
    m_nan->setText(count(s.nan));
    m_inf->setText(count(s.inf));
    m_plot->setHistogram(s.edges, s.counts);
    Q_EMIT statsReady();
}

void DetailsPane::onFailed(quint64, int entryIndex, const QString &message)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (entryIndex == m_tag) setStatsText(tr("Statistics unavailable: %1").arg(message));
}

} // namespace sl
