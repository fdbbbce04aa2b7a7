#pragma once
// The details of the selected tensor (geometry, storage, sharing), its statistics and histogram,
// computed by a StatsJob off the GUI thread; or the totals of a selected module.

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLayout;
class QProgressBar;
class QSpinBox;
class QToolButton;

namespace sl {

class Checkpoint;
class HistogramPlot;
class KeyEditSession;
class StatsJob;
struct TensorStats;

class DetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPane(QWidget *parent = nullptr);

    void setCheckpoint(std::shared_ptr<const Checkpoint> checkpoint);
    // Names keys as the edit rules rename them.
    void setSession(const KeyEditSession *session);
    void showEntry(int entryIndex);
    // Any tensor of the file, e.g. picked in the structure tree; an entry of the state dict shows as
    // showEntry() would. `path` names it where it is not a state-dict key.
    void showTensor(int tensorIndex, const QString &path);
    void showModule(const QString &prefix, const std::vector<int> &entryIndices);
    // A derived tensor of the session's plan (TransformPlan::tensors index): its geometry, and statistics
    // and histogram computed from the derived values.
    void showDerived(int planIndex);
    // A ghost row: a key the test-load target expects that the checkpoint lacks.
    void showMissing(const QString &key, const QString &detail);
    void clear();

    HistogramPlot *histogram() const { return m_plot; }
    QString fieldText(const QString &field) const;
    bool isComputing() const;

Q_SIGNALS:
    void statsReady();

private:
    QFormLayout *createInfoForm();
    QWidget *createStatsBox();
    QLayout *createStatsControls();
    void setField(QLabel *label, const QString &text);
    void startStats();
    void onFinished(quint64 token, int entryIndex, const TensorStats &stats);
    void onFailed(quint64 token, int entryIndex, const QString &message);
    void setStatsText(const QString &placeholder);
    void showKeyName();

    std::shared_ptr<const Checkpoint> m_checkpoint;
    void showGeometry(int tensorIndex, const QString &name);
    int tensorOfTag() const;

    int m_entry = -1;
    // What is shown: an entry index, or -2 - a tensor index for a tensor outside the state dict;
    // -1 for nothing. Statistics results carry it, so a late result for another tensor is dropped.
    int m_tag = -1;
    int m_statsTag = -1; // the tag whose statistics are on screen
    int m_derived = -1;  // the derived tensor shown (its stats tag is derivedTag(m_derived)), or -1
    const KeyEditSession *m_session = nullptr;
    StatsJob *m_job;
    QLabel *m_title;
    QLabel *m_key, *m_shape, *m_dtype, *m_stride, *m_storage, *m_device, *m_bytes, *m_shared;
    QLabel *m_min, *m_max, *m_mean, *m_std, *m_zeros, *m_nan, *m_inf;
    QLabel *m_statsNote;
    QSpinBox *m_bins;
    QCheckBox *m_log;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    HistogramPlot *m_plot;
    QWidget *m_statsBox;
};

} // namespace sl
