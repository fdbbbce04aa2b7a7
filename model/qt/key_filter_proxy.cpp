#include "qt/key_filter_proxy.h"

#include "qt/model_roles.h"
#include "qt/state_dict_model.h"

#include <algorithm>

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

// QString::contains(CaseInsensitive) folds every character through the Unicode tables. Keys and
// filters are nearly always ASCII, where folding is A-Z to a-z and nothing else. Returns -1 when the
// key is not ASCII, for the caller to ask Qt (U+212A KELVIN SIGN folds to 'k', for one).
int asciiContainsFolded(QStringView key, QStringView lowerNeedle)
{
    const char16_t *k = key.utf16();
    const qsizetype n = key.size(), m = lowerNeedle.size();
    for (qsizetype i = 0; i < n; ++i)
        if (k[i] >= 0x80) return -1;
    const char16_t *needle = lowerNeedle.utf16();
    auto lower = [](char16_t c) { return c >= u'A' && c <= u'Z' ? char16_t(c | 0x20) : c; };
    for (qsizetype i = 0; i + m <= n; ++i) {
        qsizetype j = 0;
        while (j < m && lower(k[i + j]) == needle[j])
            ++j;
        if (j == m) return 1;
    }
    return 0;
}

bool isAscii(QStringView s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x80; });
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
    m_asciiFolded = !regex && isAscii(text) ? text.toLower() : QString();
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

void KeyFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_stateDict = qobject_cast<StateDictModel *>(model); // before the base class filters anything
    QSortFilterProxyModel::setSourceModel(model);
}

bool KeyFilterProxy::matches(const QString &key) const
{
    if (m_regex) return m_pattern.match(key).hasMatch();
    if (!m_asciiFolded.isEmpty())
        if (const int found = asciiContainsFolded(key, m_asciiFolded); found >= 0) return found == 1;
    return key.contains(m_text, Qt::CaseInsensitive);
}

bool KeyFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isValidFilter()) return false;
    if (m_text.isEmpty() && !m_problemsOnly) return true;
    if (m_stateDict) {
        // Module rows never match themselves: recursive filtering shows them above matching leaves only.
        const QString *key = m_stateDict->leafKeyAt(sourceRow, sourceParent);
        if (!key) return false;
        if (m_problemsOnly && !m_stateDict->isProblemAt(sourceRow, sourceParent)) return false;
        return m_text.isEmpty() || matches(*key);
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    // Module rows never match themselves: recursive filtering shows them above matching leaves only.
    if (!index.data(IsLeafRole).toBool()) return false;
    if (m_problemsOnly && !index.data(IsProblemRole).toBool()) return false;
    if (m_text.isEmpty()) return true;
    return matches(index.data(KeyRole).toString());
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
