#pragma once
// Find and replace over the keys with Python re.sub semantics, with a live preview of every old
// and new name before anything is applied; conflicts are shown in red and block Apply.

#include "keymap/key_map.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;
class QTimer;

namespace sl {

class KeyEditSession;

class RegexDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RegexDialog(KeyEditSession *session, QWidget *parent = nullptr);

    void setPattern(const QString &pattern, const QString &replacement);
    KeyRule rule() const;
    int previewRowCount() const;
    bool canApply() const;

private:
    void updatePreview();

    KeyEditSession *m_session;
    QLineEdit *m_pattern;
    QLineEdit *m_replace;
    QLabel *m_summary;
    QTableWidget *m_preview;
    QDialogButtonBox *m_buttons;
    QTimer *m_delay;
    bool m_ok = false;
};

} // namespace sl
