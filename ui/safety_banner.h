#pragma once
// A non-modal strip that names the pickle globals outside the allow-list, so the user knows the
// file would run code if loaded with plain torch.load, and that StateLens did not.

#include <QFrame>

class QLabel;

namespace sl {

class SafetyBanner : public QFrame
{
    Q_OBJECT
public:
    explicit SafetyBanner(QWidget *parent = nullptr);
    void setGlobals(const QStringList &globals);
    QString text() const;

private:
    QLabel *m_label;
};

} // namespace sl
