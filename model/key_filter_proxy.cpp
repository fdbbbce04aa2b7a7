#include "key_filter_proxy.h"

#include "model_roles.h"

namespace sl {
namespace {

// Digit runs compare as numbers, the rest case-insensitively: "layer.2" sorts before "layer.10".
// Hand-made rather than QCollator, whose numeric mode does nothing in the C locale.
int naturalCompare(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare without converting, so runs longer than any integer type still work.
            qsizetype si = i, sj = j;
            while (si < ei - 1 && a[si] == u'0')
                ++si;
            while (sj < ej - 1 && b[sj] == u'0')
                ++sj;
            if (ei - si != ej - sj) return ei - si < ej - sj ? -1 : 1;
            if (const int c = QStringView(a).mid(si, ei - si).compare(QStringView(b).mid(sj, ej - sj)))
                return c;
            i = ei;
            j = ej;
            continue;
        }
        const char16_t ca = a[i].toCaseFolded().unicode(), cb = b[j].toCaseFolded().unicode();
        if (ca != cb) return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
    return a.compare(b); // equal but for case or leading zeros: still a strict order
}

} // namespace

KeyFilterProxy::KeyFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortRole(SortRole);
}

void KeyFilterProxy::setFilter(const QString &text, bool regex)
{
    if (text == m_text && regex == m_regex) return;
    m_text = text;
    m_regex = regex;
    m_pattern = regex ? QRegularExpression(text) : QRegularExpression();
    if (regex) m_pattern.optimize();
    invalidateFilter();
}

bool KeyFilterProxy::isValidFilter() const
{
    return !m_regex || m_pattern.isValid();
}

QString KeyFilterProxy::filterErrorString() const
{
    if (isValidFilter()) return {};
    return tr("%1 at offset %2").arg(m_pattern.errorString()).arg(m_pattern.patternErrorOffset());
}

void KeyFilterProxy::setProblemsOnly(bool on)
{
    if (on == m_problemsOnly) return;
    m_problemsOnly = on;
    invalidateFilter();
}

bool KeyFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isValidFilter()) return false;
    if (m_text.isEmpty() && !m_problemsOnly) return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    // Module rows never match themselves: recursive filtering shows them above matching leaves only.
    if (!index.data(IsLeafRole).toBool()) return false;
    if (m_problemsOnly && !index.data(IsProblemRole).toBool()) return false;
    if (m_text.isEmpty()) return true;
    const QString key = index.data(KeyRole).toString();
    return m_regex ? m_pattern.match(key).hasMatch() : key.contains(m_text, Qt::CaseInsensitive);
}

bool KeyFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.userType() == QMetaType::QString && r.userType() == QMetaType::QString)
        return naturalCompare(l.toString(), r.toString()) < 0;
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace sl
