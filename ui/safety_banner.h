#pragma once
// A non-modal strip that names the pickle globals outside the allow-list, so the user knows the
// file would run code if loaded with plain torch.load, and that StateLens did not; and the globals
// for which PyTorch 2.6's default weights_only load would refuse it, with a way to a copy it reads.

#include <QFrame>

class QLabel;
class QPushButton;

namespace sl {

class SafetyBanner : public QFrame
{
    Q_OBJECT
public:
    explicit SafetyBanner(QWidget *parent = nullptr);
    void setGlobals(const QStringList &globals);
    // The weights_only blockers; the "Save Weights-Only Copy…" button shows with them.
    void setWeightsOnlyBlockers(const QStringList &blockers);
    QString text() const;
    QPushButton *weightsOnlyButton() const { return m_weightsOnlyButton; }

Q_SIGNALS:
    void saveWeightsOnlyCopyRequested();

private:
    void updateVisibility();

    QLabel *m_label;
    QLabel *m_weightsOnlyLabel;
    QPushButton *m_weightsOnlyButton;
};

} // namespace sl
