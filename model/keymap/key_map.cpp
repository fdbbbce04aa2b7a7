#include "keymap/key_map.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstring>

namespace sl {
namespace {

// Compiled patterns are cached: the same rule runs over every key.
const QRegularExpression &compiled(const QString &pattern)
{
    thread_local QHash<QString, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        if (cache.size() > 256) cache.clear();
        it = cache.insert(pattern, QRegularExpression(pattern));
    }
    return *it;
}

const char *const kOpNames[] = {"strip_prefix", "add_prefix", "rename", "regex", "drop", "strip_wrappers"};

bool fail(QString *error, const QString &message)
{
    if (error) *error = message;
    return false;
}

bool isOctal(QChar ch)
{
    return ch >= QLatin1Char('0') && ch <= QLatin1Char('7');
}

bool isDigit(QChar ch)
{
    return ch >= QLatin1Char('0') && ch <= QLatin1Char('9');
}

// One match and the replacement template being expanded for it, with Python's re.sub rules.
struct Template
{
    const QRegularExpression &re;
    const QRegularExpressionMatch &match;
    const QString &text;
};

// A backslash then a digit (at `i`): \0 and three octal digits are character codes, one or two
// digits a group. `i` ends on the last character read.
bool appendNumericEscape(const Template &t, qsizetype &i, QString &out, QString *error)
{
    const QString &replace = t.text;
    const QChar n = replace[i];
    if (n == QLatin1Char('0')) {
        int code = 0;
        for (int k = 0; k < 2 && i + 1 < replace.size() && isOctal(replace[i + 1]); ++k)
            code = code * 8 + replace[++i].digitValue();
        out += QChar(code);
        return true;
    }
    int group = n.digitValue();
    if (i + 1 < replace.size() && isDigit(replace[i + 1])) {
        if (isOctal(n) && isOctal(replace[i + 1]) && i + 2 < replace.size() && isOctal(replace[i + 2])) {
            const int code = group * 64 + replace[i + 1].digitValue() * 8 + replace[i + 2].digitValue();
            if (code > 0377) {
                return fail(
                    error,
                    QCoreApplication::translate("KeyMap", "octal escape out of range in '%1'").arg(replace));
            }
            out += QChar(code);
            i += 2;
            return true;
        }
        group = group * 10 + replace[++i].digitValue();
    }
    if (group > t.re.captureCount()) {
        return fail(error, QCoreApplication::translate("KeyMap", "invalid group reference \\%1 in '%2'")
                               .arg(group)
                               .arg(replace));
    }
    out += t.match.captured(group);
    return true;
}

// \g<name> or \g<number>, with `i` on the 'g'; `i` ends on the '>'.
bool appendNamedGroup(const Template &t, qsizetype &i, QString &out, QString *error)
{
    const QString &replace = t.text;
    const qsizetype close = replace.indexOf(QLatin1Char('>'), i + 2);
    if (close < 0) {
        return fail(
            error,
            QCoreApplication::translate("KeyMap", "missing '>' in group reference in '%1'").arg(replace));
    }
    const QString name = replace.mid(i + 2, close - i - 2);
    bool numeric = false;
    const int group = name.toInt(&numeric);
    // namedCaptureGroups() lists unnamed groups as "", so an empty name must not pass as one.
    if (name.isEmpty() ||
        (numeric ? group < 0 || group > t.re.captureCount() : !t.re.namedCaptureGroups().contains(name))) {
        return fail(error,
                    QCoreApplication::translate("KeyMap", "unknown group '%1' in '%2'").arg(name, replace));
    }
    out += numeric ? t.match.captured(group) : t.match.captured(name);
    i = close;
    return true;
}

// Any other escape: C escapes give their character, unknown ASCII-letter escapes are an error, other
// escapes stay literal.
bool appendCharEscape(const Template &t, QChar n, QString &out, QString *error)
{
    static const char kEscapes[] = "\\\\a\ab\bf\fn\nr\rt\tv\v";
    const char *e = n.unicode() > 0 && n.unicode() < 128 ? std::strchr(kEscapes, char(n.unicode())) : nullptr;
    if (e && (e - kEscapes) % 2 == 0) {
        out += QLatin1Char(e[1]);
    } else if ((n >= QLatin1Char('a') && n <= QLatin1Char('z')) ||
               (n >= QLatin1Char('A') && n <= QLatin1Char('Z'))) {
        return fail(error,
                    QCoreApplication::translate("KeyMap", "bad escape \\%1 in '%2'").arg(n).arg(t.text));
    } else {
        out += QLatin1Char('\\');
        out += n;
    }
    return true;
}

// Appends the template expanded for one match.
bool appendReplacement(const Template &t, QString &out, QString *error)
{
    const QString &replace = t.text;
    for (qsizetype i = 0; i < replace.size(); ++i) {
        const QChar c = replace[i];
        if (c != QLatin1Char('\\') || i + 1 >= replace.size()) {
            out += c;
            continue;
        }
        const QChar n = replace[++i];
        bool ok = true;
        if (isDigit(n))
            ok = appendNumericEscape(t, i, out, error);
        else if (n == QLatin1Char('g') && i + 1 < replace.size() && replace[i + 1] == QLatin1Char('<'))
            ok = appendNamedGroup(t, i, out, error);
        else
            ok = appendCharEscape(t, n, out, error);
        if (!ok) return false;
    }
    return true;
}

} // namespace

const QStringList &wrapperComponents()
{
    static const QStringList names = {QStringLiteral("_orig_mod"),
                                      QStringLiteral("module"),
                                      QStringLiteral("_fsdp_wrapped_module"),
                                      QStringLiteral("_checkpoint_wrapped_module"),
                                      QStringLiteral("_forward_module"),
                                      QStringLiteral("base_model.model")};
    return names;
}

namespace {

// How many components from `i` on are one wrapper (not counting the leaf); 0 if none starts there.
int wrapperAt(const QStringList &parts, qsizetype i, const QStringList &keep)
{
    if (i + 1 >= parts.size()) return 0; // the leaf is a parameter name, never a wrapper
    for (const QString &w : wrapperComponents()) {
        if (keep.contains(w)) continue;
        const qsizetype dot = w.indexOf(QLatin1Char('.'));
        if (dot < 0 && parts[i] == w) return 1;
        if (dot >= 0 && i + 2 < parts.size() && parts[i] == w.left(dot) && parts[i + 1] == w.mid(dot + 1))
            return 2;
    }
    return 0;
}

} // namespace

QString stripWrapperComponents(const QString &key, const QStringList &keep)
{
    const QStringList parts = key.split(QLatin1Char('.'));
    QStringList out;
    for (qsizetype i = 0; i < parts.size();) {
        const int n = wrapperAt(parts, i, keep);
        if (n == 0) out << parts[i];
        i += n ? n : 1;
    }
    return out.join(QLatin1Char('.'));
}

QStringList wrappersIn(const QStringList &keys)
{
    QStringList found;
    for (const QString &k : keys) {
        const QStringList parts = k.split(QLatin1Char('.'));
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const int n = wrapperAt(parts, i, {});
            if (n == 0) continue;
            const QString name = n == 2 ? parts[i] + QLatin1Char('.') + parts[i + 1] : parts[i];
            if (!found.contains(name)) found << name;
        }
        if (found.size() == wrapperComponents().size()) break;
    }
    return found;
}

KeyRule KeyRule::stripPrefix(const QString &prefix, const QString &scope)
{
    KeyRule r;
    r.op = StripPrefix;
    r.prefix = prefix;
    r.scope = scope;
    return r;
}

KeyRule KeyRule::addPrefix(const QString &prefix, const QString &scope)
{
    KeyRule r;
    r.op = AddPrefix;
    r.prefix = prefix;
    r.scope = scope;
    return r;
}

KeyRule KeyRule::rename(const QString &from, const QString &to)
{
    KeyRule r;
    r.op = Rename;
    r.from = from;
    r.to = to;
    return r;
}

KeyRule KeyRule::regex(const QString &pattern, const QString &replace)
{
    KeyRule r;
    r.op = Regex;
    r.pattern = pattern;
    r.replace = replace;
    return r;
}

KeyRule KeyRule::drop(const QString &pattern)
{
    KeyRule r;
    r.op = Drop;
    r.pattern = pattern;
    return r;
}

KeyRule KeyRule::stripWrappers(const QStringList &keep)
{
    KeyRule r;
    r.op = StripWrappers;
    r.keep = keep;
    return r;
}

KeyRule KeyRule::transform(const TensorOp &op)
{
    KeyRule r;
    r.op = Transform;
    r.tensor = op;
    return r;
}

bool KeyRule::operator==(const KeyRule &o) const
{
    return op == o.op && prefix == o.prefix && scope == o.scope && from == o.from && to == o.to &&
           pattern == o.pattern && replace == o.replace && keep == o.keep && tensor == o.tensor;
}

QString KeyRule::description() const
{
    const QString in =
        scope.isEmpty() ? QString() : QCoreApplication::translate("KeyMap", " in %1").arg(scope);
    switch (op) {
    case StripPrefix:
        return QCoreApplication::translate("KeyMap", "strip prefix '%1'%2").arg(prefix, in);
    case AddPrefix:
        return QCoreApplication::translate("KeyMap", "add prefix '%1'%2").arg(prefix, in);
    case Rename:
        return QCoreApplication::translate("KeyMap", "rename '%1' to '%2'").arg(from, to);
    case Regex:
        return QCoreApplication::translate("KeyMap", "replace /%1/ with '%2'").arg(pattern, replace);
    case Drop:
        return QCoreApplication::translate("KeyMap", "drop /%1/").arg(pattern);
    case StripWrappers:
        return keep.isEmpty() ? QCoreApplication::translate("KeyMap", "strip wrappers")
                              : QCoreApplication::translate("KeyMap", "strip wrappers except %1")
                                    .arg(keep.join(QLatin1String(", ")));
    case Transform:
        return tensor.description();
    }
    return {};
}

bool pythonRegexSub(const QString &pattern, const QString &replace, const QString &text, QString &out,
                    QString *error)
{
    const QRegularExpression &re = compiled(pattern);
    if (!re.isValid()) {
        return fail(error, QCoreApplication::translate("KeyMap", "invalid regular expression /%1/: %2")
                               .arg(pattern, re.errorString()));
    }
    out.clear();
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        // A pattern that matches the empty string inserts its replacement between every two
        // characters, so a few such rules in a row grow a key exponentially.
        if (out.size() > kMaxMappedKeyLength) {
            return fail(error, QCoreApplication::translate(
                                   "KeyMap", "replacing /%1/ makes a key longer than %2 characters")
                                   .arg(pattern)
                                   .arg(kMaxMappedKeyLength));
        }
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        if (!appendReplacement(Template{re, m, replace}, out, error)) return false;
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return true;
}

bool KeyMap::applyRule(const KeyRule &r, QString &key, bool &dropped, QString *error)
{
    switch (r.op) {
    case KeyRule::StripPrefix:
        if (key.startsWith(r.scope) && key.startsWith(r.prefix)) key.remove(0, r.prefix.size());
        return true;
    case KeyRule::AddPrefix:
        if (key.startsWith(r.scope)) key.prepend(r.prefix);
        return true;
    case KeyRule::Rename:
        if (key == r.from)
            key = r.to;
        else if (key.startsWith(r.from + QLatin1Char('.')))
            key = r.to + key.mid(r.from.size());
        return true;
    case KeyRule::Regex: {
        QString out;
        if (!pythonRegexSub(r.pattern, r.replace, key, out, error)) return false;
        key = out;
        return true;
    }
    case KeyRule::Drop: {
        const QRegularExpression &re = compiled(r.pattern);
        if (!re.isValid()) {
            if (error)
                *error = QCoreApplication::translate("KeyMap", "invalid regular expression /%1/: %2")
                             .arg(r.pattern, re.errorString());
            return false;
        }
        const QRegularExpressionMatch m = re.match(key);
        if (m.hasMatch() && m.capturedStart() == 0 && m.capturedLength() == key.size()) dropped = true;
        return true;
    }
    case KeyRule::StripWrappers:
        key = stripWrapperComponents(key, r.keep);
        return true;
    case KeyRule::Transform:
        return true;
    }
    return true;
}

bool KeyMap::hasTransforms() const
{
    for (const KeyRule &r : rules)
        if (r.op == KeyRule::Transform) return true;
    return false;
}

bool KeyMap::apply(const QStringList &keys, std::vector<MappedKey> &out, QString *error) const
{
    out.clear();
    if (hasTransforms()) {
        if (error)
            *error = QCoreApplication::translate(
                "KeyMap", "this recipe changes tensors; it needs the checkpoint's shapes");
        return false;
    }
    out.reserve(size_t(keys.size()));
    QHash<QString, qsizetype> owner;
    owner.reserve(keys.size());
    for (const QString &k : keys) {
        MappedKey m;
        m.from = k;
        QString key = k;
        for (const KeyRule &r : rules) {
            if (!applyRule(r, key, m.dropped, error)) return false;
            if (m.dropped) {
                m.droppedAs = key;
                break;
            }
        }
        if (!m.dropped) {
            if (key.isEmpty()) {
                if (error)
                    *error =
                        QCoreApplication::translate("KeyMap", "'%1' would be renamed to an empty key").arg(k);
                return false;
            }
            m.to = key;
            const auto it = owner.constFind(key);
            if (it != owner.constEnd()) {
                if (error)
                    *error = QCoreApplication::translate("KeyMap", "'%1' and '%2' would both become '%3'")
                                 .arg(out[size_t(*it)].from, k, key);
                return false;
            }
            owner.insert(key, qsizetype(out.size()));
        }
        out.push_back(std::move(m));
    }
    return true;
}

QByteArray KeyMap::toJson() const
{
    QJsonArray list;
    for (const KeyRule &r : rules) {
        if (r.op == KeyRule::Transform) {
            list.append(r.tensor.toJson());
            continue;
        }
        QJsonObject o{{QStringLiteral("op"), QLatin1String(kOpNames[r.op])}};
        switch (r.op) {
        case KeyRule::StripPrefix:
        case KeyRule::AddPrefix:
            o.insert(QStringLiteral("prefix"), r.prefix);
            if (!r.scope.isEmpty()) o.insert(QStringLiteral("scope"), r.scope);
            break;
        case KeyRule::Rename:
            o.insert(QStringLiteral("from"), r.from);
            o.insert(QStringLiteral("to"), r.to);
            break;
        case KeyRule::Regex:
            o.insert(QStringLiteral("pattern"), r.pattern);
            o.insert(QStringLiteral("replace"), r.replace);
            break;
        case KeyRule::Drop:
            o.insert(QStringLiteral("pattern"), r.pattern);
            break;
        case KeyRule::StripWrappers:
            if (!r.keep.isEmpty()) o.insert(QStringLiteral("keep"), QJsonArray::fromStringList(r.keep));
            break;
        case KeyRule::Transform:
            break;
        }
        list.append(o);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("rules"), list}}).toJson(QJsonDocument::Indented);
}

bool KeyMap::fromJson(const QByteArray &json, KeyMap &out, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error) *error = message;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull())
        return fail(QCoreApplication::translate("KeyMap", "recipe is not valid JSON: %1 at offset %2")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    const QJsonValue rules = doc.object().value(QLatin1String("rules"));
    if (!doc.isObject() || !rules.isArray())
        return fail(QCoreApplication::translate("KeyMap", "recipe has no \"rules\" list"));
    KeyMap map;
    int index = 0;
    for (const QJsonValue &v : rules.toArray()) {
        ++index;
        const QJsonObject o = v.toObject();
        const QString op = o.value(QLatin1String("op")).toString();
        auto field = [&](const char *name, bool required, QString &target) {
            const QJsonValue f = o.value(QLatin1String(name));
            if (f.isString()) {
                target = f.toString();
                return true;
            }
            return !required && f.isUndefined();
        };
        KeyRule r;
        bool ok = false;
        if (op == QLatin1String("strip_prefix") || op == QLatin1String("add_prefix")) {
            r.op = op == QLatin1String("strip_prefix") ? KeyRule::StripPrefix : KeyRule::AddPrefix;
            ok = field("prefix", true, r.prefix) && field("scope", false, r.scope) && !r.prefix.isEmpty();
        } else if (op == QLatin1String("rename")) {
            r.op = KeyRule::Rename;
            ok = field("from", true, r.from) && field("to", true, r.to) && !r.from.isEmpty();
        } else if (op == QLatin1String("regex")) {
            r.op = KeyRule::Regex;
            ok = field("pattern", true, r.pattern) && field("replace", true, r.replace);
        } else if (op == QLatin1String("drop")) {
            r.op = KeyRule::Drop;
            ok = field("pattern", true, r.pattern);
        } else if (op == QLatin1String("strip_wrappers")) {
            r.op = KeyRule::StripWrappers;
            const QJsonValue keep = o.value(QLatin1String("keep"));
            ok = keep.isUndefined() || keep.isArray();
            for (const QJsonValue &k : keep.toArray()) {
                ok = ok && k.isString() && wrapperComponents().contains(k.toString());
                r.keep << k.toString();
            }
        } else if (TensorOp::isOpName(op)) {
            r.op = KeyRule::Transform;
            QString why;
            if (!TensorOp::fromJson(op, o, r.tensor, &why))
                return fail(
                    QCoreApplication::translate("KeyMap", "rule %1 (%2): %3").arg(index).arg(op, why));
            ok = true;
        } else {
            return fail(
                QCoreApplication::translate(
                    "KeyMap",
                    "rule %1: unknown op '%2' (expected strip_prefix, add_prefix, rename, regex, drop, "
                    "strip_wrappers, transpose, reshape, split, concat, permute_rotary, stack, "
                    "unstack, slice, pad or cast)")
                    .arg(index)
                    .arg(op));
        }
        if (!ok)
            return fail(QCoreApplication::translate("KeyMap", "rule %1 (%2): missing or empty field")
                            .arg(index)
                            .arg(op));
        if ((r.op == KeyRule::Regex || r.op == KeyRule::Drop) && !compiled(r.pattern).isValid())
            return fail(QCoreApplication::translate("KeyMap", "rule %1: invalid regular expression /%2/: %3")
                            .arg(index)
                            .arg(r.pattern, compiled(r.pattern).errorString()));
        map.rules.push_back(r);
    }
    out = std::move(map);
    return true;
}

} // namespace sl
