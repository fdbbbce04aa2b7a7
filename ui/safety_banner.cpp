#include "safety_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace sl {

SafetyBanner::SafetyBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("safetyBanner"));
    setStyleSheet(QStringLiteral(
        "#safetyBanner { background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/shield.svg")).pixmap(20, 20));
    layout->addWidget(icon);
    auto *lines = new QVBoxLayout;
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lines->addWidget(m_label);
    m_weightsOnlyLabel = new QLabel(this);
    m_weightsOnlyLabel->setWordWrap(true);
    m_weightsOnlyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lines->addWidget(m_weightsOnlyLabel);
    layout->addLayout(lines, 1);
    m_weightsOnlyButton = new QPushButton(tr("Save Weights-Only Copy…"), this);
    m_weightsOnlyButton->setToolTip(tr(
        "Write a copy that torch.load(weights_only=True) reads: foreign objects are converted or dropped"));
    layout->addWidget(m_weightsOnlyButton);
    connect(m_weightsOnlyButton, &QPushButton::clicked, this, &SafetyBanner::saveWeightsOnlyCopyRequested);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Hide this notice"));
    close->setAutoRaise(true);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

namespace {

QString shortList(const QStringList &names)
{
    const int shown = 4;
    QString text = QStringList(names.mid(0, shown)).join(QLatin1String(", "));
    if (names.size() > shown)
        text = SafetyBanner::tr("%1 and %Ln more", nullptr, int(names.size() - shown)).arg(text);
    return text;
}

} // namespace

void SafetyBanner::setGlobals(const QStringList &globals)
{
    m_label->setVisible(!globals.isEmpty());
    m_label->setText(globals.isEmpty() ? QString()
                                       : tr("This file references %1; StateLens never runs code from a "
                                            "checkpoint.")
                                             .arg(shortList(globals)));
    m_label->setToolTip(globals.join(QLatin1Char('\n')));
    updateVisibility();
}

void SafetyBanner::setWeightsOnlyBlockers(const QStringList &blockers)
{
    m_weightsOnlyLabel->setVisible(!blockers.isEmpty());
    m_weightsOnlyButton->setVisible(!blockers.isEmpty());
    m_weightsOnlyLabel->setText(blockers.isEmpty()
                                    ? QString()
                                    : tr("torch.load in PyTorch 2.6 and later would refuse this file: it "
                                         "names %1.")
                                          .arg(shortList(blockers)));
    m_weightsOnlyLabel->setToolTip(blockers.join(QLatin1Char('\n')));
    updateVisibility();
}

void SafetyBanner::updateVisibility()
{
    setVisible(!m_label->text().isEmpty() || !m_weightsOnlyLabel->text().isEmpty());
}

QString SafetyBanner::text() const
{
    QStringList parts;
    for (const QLabel *l : {m_label, m_weightsOnlyLabel})
        if (!l->text().isEmpty()) parts << l->text();
    return parts.join(QLatin1Char('\n'));
}

} // namespace sl
