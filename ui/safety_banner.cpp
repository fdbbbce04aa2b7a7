#include "safety_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

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
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_label, 1);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Hide this notice"));
    close->setAutoRaise(true);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void SafetyBanner::setGlobals(const QStringList &globals)
{
    if (globals.isEmpty()) {
        hide();
        return;
    }
    const int shown = 4;
    QString names = QStringList(globals.mid(0, shown)).join(QLatin1String(", "));
    if (globals.size() > shown) names = tr("%1 and %n more", nullptr, int(globals.size() - shown)).arg(names);
    m_label->setText(tr("This file references %1; StateLens never runs code from a checkpoint.").arg(names));
    m_label->setToolTip(globals.join(QLatin1Char('\n')));
    show();
}

QString SafetyBanner::text() const
{
    return m_label->text();
}

} // namespace sl
