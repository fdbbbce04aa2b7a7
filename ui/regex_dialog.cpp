#include "regex_dialog.h"

#include "qt/key_edit_session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace sl {
namespace {
// Showing more rows than anyone reads only slows typing down.
constexpr int kMaxPreviewRows = 2000;
} // namespace

RegexDialog::RegexDialog(KeyEditSession *session, QWidget *parent)
    : QDialog(parent), m_session(session), m_delay(new QTimer(this))
{
    setWindowTitle(tr("Find and Replace in Keys"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_pattern = new QLineEdit(this);
    m_pattern->setPlaceholderText(tr("e.g. ^backbone\\.(\\w+)\\.gamma$"));
    m_replace = new QLineEdit(this);
    m_replace->setPlaceholderText(tr("e.g. encoder.\\1.weight"));
    form->addRow(tr("&Pattern:"), m_pattern);
    form->addRow(tr("&Replace with:"), m_replace);
    layout->addLayout(form);
    auto *hint = new QLabel(
        tr("Python re.sub semantics: \\1 or \\g<name> insert groups; every match in a key is replaced."),
        this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_preview = new QTableWidget(0, 2, this);
    m_preview->setHorizontalHeaderLabels({tr("Current key"), tr("New key")});
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_preview, 1);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    resize(760, 520);

    m_delay->setSingleShot(true);
    m_delay->setInterval(120);
    connect(m_delay, &QTimer::timeout, this, &RegexDialog::updatePreview);
    connect(m_pattern, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_replace, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    // Enter applies, as the default button; Escape cancels. Enter first brings the preview up to
    // date, so a pattern typed quickly is checked before it applies.
    QPushButton *apply = m_buttons->button(QDialogButtonBox::Apply);
    apply->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(m_pattern, &QLineEdit::returnPressed, this, &RegexDialog::updatePreview);
    connect(m_replace, &QLineEdit::returnPressed, this, &RegexDialog::updatePreview);
    connect(apply, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updatePreview();
}

void RegexDialog::setPattern(const QString &pattern, const QString &replacement)
{
    m_pattern->setText(pattern);
    m_replace->setText(replacement);
    updatePreview();
}

KeyRule RegexDialog::rule() const
{
    return KeyRule::regex(m_pattern->text(), m_replace->text());
}

int RegexDialog::previewRowCount() const
{
    return m_preview->rowCount();
}

bool RegexDialog::canApply() const
{
    return m_ok;
}

void RegexDialog::updatePreview()
{
    m_delay->stop();
    m_preview->setRowCount(0);
    m_ok = false;
    if (m_pattern->text().isEmpty()) {
        m_summary->setText(tr("Type a pattern to preview the new names."));
        m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
        return;
    }
    const std::vector<MappedKey> &before = m_session->mapping();
    QString error;
    // Apply the new rule on top of the current names, keeping conflicts visible instead of failing.
    QStringList current;
    for (const MappedKey &m : before)
        current << (m.dropped ? QString() : m.to);
    std::vector<QString> renamed(current.size());
    QHash<QString, int> seen;
    QSet<int> conflicts;
    bool patternOk = true;
    int changed = 0;
    for (int i = 0; i < current.size(); ++i) {
        if (current[i].isEmpty()) continue;
        QString out;
        if (!pythonRegexSub(m_pattern->text(), m_replace->text(), current[i], out, &error)) {
            patternOk = false;
            break;
        }
        renamed[size_t(i)] = out;
        changed += out != current[i];
        auto it = seen.find(out);
        if (it != seen.end() || out.isEmpty()) {
            conflicts.insert(i);
            if (it != seen.end()) conflicts.insert(*it);
        } else {
            seen.insert(out, i);
        }
    }
    if (!patternOk) {
        m_summary->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
        m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
        return;
    }
    int rows = 0;
    for (int i = 0; i < current.size() && rows < kMaxPreviewRows; ++i) {
        if (current[i].isEmpty() || (renamed[size_t(i)] == current[i] && !conflicts.contains(i))) continue;
        m_preview->insertRow(rows);
        auto *from = new QTableWidgetItem(current[i]);
        auto *to = new QTableWidgetItem(renamed[size_t(i)]);
        if (conflicts.contains(i)) {
            from->setForeground(QColor(0xb0, 0x00, 0x20));
            to->setForeground(QColor(0xb0, 0x00, 0x20));
            to->setToolTip(tr("Another key already has this name"));
        }
        m_preview->setItem(rows, 0, from);
        m_preview->setItem(rows, 1, to);
        ++rows;
    }
    m_ok = conflicts.isEmpty() && changed > 0;
    if (!conflicts.isEmpty())
        m_summary->setText(QStringLiteral("<span style='color:#b00020'>%1</span>")
                               .arg(tr("%Ln key(s) would collide with another key; change the pattern.",
                                       nullptr, int(conflicts.size()))));
    else
        m_summary->setText(tr("%Ln key(s) will be renamed.", nullptr, changed));
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(m_ok);
}

} // namespace sl
