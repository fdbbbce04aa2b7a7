#pragma once
// Filters a StateDictModel by its leaves' full keys (substring or regular expression) and sorts it
// by SortRole (numbers numerically, text naturally), keeping the module rows above every match.

#include <QPointer>
#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace sl {

class StateDictModel;

class KeyFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit KeyFilterProxy(QObject *parent = nullptr);

    // `text` is a case-insensitive substring, or with `regex` a QRegularExpression searched anywhere
    // in the key (case-sensitive, as in Python's re; write (?i) for the other). Empty shows all.
    // An invalid pattern hides every row; isValidFilter() then says false.
    void setFilter(const QString &text, bool regex);
    QString filterText() const { return m_text; }
    bool isRegexFilter() const { return m_regex; }
    bool isValidFilter() const;
    // Why the pattern is invalid, for the UI; empty when it is valid.
    QString filterErrorString() const;
    // Only keys a test-load found a problem with: missing, unexpected or mismatched.
    void setProblemsOnly(bool on);
    bool problemsOnly() const { return m_problemsOnly; }

    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool matches(const QString &key) const;

    QPointer<StateDictModel> m_stateDict; // the source, when it is one: asked directly, not by roles
    QString m_text;
    QString m_asciiFolded; // m_text in lower case when it is ASCII, else empty
    bool m_regex = false;
    bool m_problemsOnly = false;
    QRegularExpression m_pattern; // compiled once per setFilter, not per row
};

} // namespace sl
