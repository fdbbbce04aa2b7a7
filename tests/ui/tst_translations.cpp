// The German and Simplified Chinese translations are complete: every message in translations/*.ts has a
// finished, non-empty translation (with the language's number of plural forms) that keeps the source's
// %1/%2/%n placeholders and its keyboard accelerator. When lupdate is installed, the .ts files are also
// refreshed from the sources into a temporary copy, so a tr() string that nobody translated yet fails too.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <set>
#include <utility>

namespace {

const QString kSourceDir = QStringLiteral(STATELENS_SOURCE_DIR);

struct Language
{
    const char *file;
    const char *tsLanguage;
    int pluralForms;
};

const Language kLanguages[] = {
    {"statelens_de.ts", "de_DE", 2},
    {"statelens_zh_CN.ts", "zh_CN", 1},
};

// %1 … %99 (also %L1) and %n, as QString::arg() and tr()'s plural handling see them.
std::set<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?(\\d{1,2}|n)"));
    std::set<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(1));
    return out;
}

// A mnemonic: '&' followed by something other than '&' or a space ("&&" is a literal ampersand).
bool hasAccelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&')) continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (!text[i + 1].isSpace()) return true;
    }
    return false;
}

struct Message
{
    QString context, source;
    bool numerus = false;
    QString type;      // the translation's type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList forms; // the translation, or its numerus forms
};

// Reads every <message> of a .ts file; an XML error is reported through *error.
std::vector<Message> readTs(const QString &path, QString *language, QString *error)
{
    std::vector<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == QLatin1String("TS")) {
            *language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            Message m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("source")) {
                    m.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    m.type = xml.attributes().value(QLatin1String("type")).toString();
                    if (m.numerus) {
                        while (xml.readNextStartElement()) {
                            if (xml.name() == QLatin1String("numerusform"))
                                m.forms << xml.readElementText();
                            else
                                xml.skipCurrentElement();
                        }
                    } else {
                        m.forms << xml.readElementText();
                    }
                } else {
                    xml.skipCurrentElement();
                }
            }
            messages.push_back(m);
        }
    }
    if (xml.hasError()) *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// Everything wrong with one .ts file, one line per problem.
QStringList problems(const QString &path, const Language &lang, int *messageCount)
{
    QStringList out;
    QString language, error;
    const std::vector<Message> messages = readTs(path, &language, &error);
    *messageCount = int(messages.size());
    if (!error.isEmpty()) return {QStringLiteral("cannot read %1: %2").arg(path, error)};
    if (language != QLatin1String(lang.tsLanguage))
        out << QStringLiteral("language is '%1', expected '%2'")
                   .arg(language, QLatin1String(lang.tsLanguage));
    if (messages.empty()) out << QStringLiteral("no messages");
    for (const Message &m : messages) {
        const QString where = QStringLiteral("[%1] \"%2\": ").arg(m.context, m.source);
        if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete"))
            continue; // kept for history only; lrelease ignores it
        if (m.type == QLatin1String("unfinished")) {
            out << where + QStringLiteral("unfinished");
            continue;
        }
        if (!m.type.isEmpty()) out << where + QStringLiteral("unknown translation type '%1'").arg(m.type);
        if (m.numerus && m.forms.size() != lang.pluralForms)
            out << where + QStringLiteral("%1 plural forms, expected %2")
                               .arg(m.forms.size())
                               .arg(lang.pluralForms);
        if (m.forms.isEmpty()) out << where + QStringLiteral("no translation");
        const std::set<QString> wanted = placeholders(m.source);
        for (const QString &form : m.forms) {
            if (form.trimmed().isEmpty()) {
                out << where + QStringLiteral("empty translation");
                continue;
            }
            const std::set<QString> got = placeholders(form);
            for (const QString &p : wanted) {
                if (!got.count(p)) out << where + QStringLiteral("translation \"%1\" lacks %%2").arg(form, p);
            }
            for (const QString &p : got) {
                if (!wanted.count(p))
                    out << where + QStringLiteral("translation \"%1\" adds %%2").arg(form, p);
            }
            if (hasAccelerator(m.source) && !hasAccelerator(form))
                out << where + QStringLiteral("translation \"%1\" has no & accelerator").arg(form);
        }
    }
    return out;
}

QString lupdatePath()
{
    for (const auto location : {QLibraryInfo::BinariesPath, QLibraryInfo::LibraryExecutablesPath}) {
        const QString candidate = QDir(QLibraryInfo::path(location)).filePath(QStringLiteral("lupdate"));
        if (QFileInfo(candidate).isExecutable()) return candidate;
    }
    return QString();
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpers();
    void complete_data();
    void complete();
    void upToDateWithSources_data();
    void upToDateWithSources();
};

void TestTranslations::helpers()
{
    QCOMPARE(placeholders(QStringLiteral("%1 of %10, %n left, %L2")),
             (std::set<QString>{QStringLiteral("1"), QStringLiteral("10"), QStringLiteral("n"),
                                QStringLiteral("2")}));
    QVERIFY(placeholders(QStringLiteral("100% sure")).empty());
    QVERIFY(hasAccelerator(QStringLiteral("&File")));
    QVERIFY(hasAccelerator(QStringLiteral("文件(&F)")));
    QVERIFY(hasAccelerator(QStringLiteral("&%1 %2")));
    QVERIFY(!hasAccelerator(QStringLiteral("Fish && Chips")));
    QVERIFY(!hasAccelerator(QStringLiteral("Strip Common Prefix")));
}

void TestTranslations::complete_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(kLanguages)); ++i)
        QTest::newRow(kLanguages[i].file) << i;
}

void TestTranslations::complete()
{
    QFETCH(int, index);
    const Language &lang = kLanguages[index];
    int count = 0;
    const QStringList found =
        problems(kSourceDir + QStringLiteral("/translations/") + QLatin1String(lang.file), lang, &count);
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 problem(s):\n").arg(found.size()) +
                                         found.join(QLatin1Char('\n'))));
    qInfo("%s: %d messages, all translated", lang.file, count);
}

// lupdate the sources the build translates (app/*.cpp, ui/*.{h,cpp}, model/**/*.{h,cpp}) into a copy of each
// .ts: a tr() string that is not in the committed .ts file shows up there as unfinished.
void TestTranslations::upToDateWithSources_data()
{
    complete_data();
}

void TestTranslations::upToDateWithSources()
{
    QFETCH(int, index);
    const Language &lang = kLanguages[index];
    const QString lupdate = lupdatePath();
    if (lupdate.isEmpty()) QSKIP("lupdate is not installed");
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString copy = tmp.filePath(QLatin1String(lang.file));
    QVERIFY(QFile::copy(kSourceDir + QStringLiteral("/translations/") + QLatin1String(lang.file), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);

    // The same files as app/CMakeLists.txt's recursive glob.
    // Headers are included by their path below model/, so lupdate needs that include root to see
    // which classes declare Q_OBJECT (their tr() contexts).
    QStringList args{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                     QStringLiteral("-I"), kSourceDir + QStringLiteral("/model")};
    const QDir source(kSourceDir);
    for (const auto &[dir, filters] :
         {std::pair{QStringLiteral("app"), QStringList{QStringLiteral("*.cpp")}},
          std::pair{QStringLiteral("ui"), QStringList{QStringLiteral("*.cpp"), QStringLiteral("*.h")}},
          std::pair{QStringLiteral("model"), QStringList{QStringLiteral("*.cpp"), QStringLiteral("*.h")}}}) {
        QStringList names;
        QDirIterator it(source.filePath(dir), filters, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            names << source.relativeFilePath(it.next());
        QVERIFY2(!names.isEmpty(), qPrintable(dir));
        names.sort();
        args << names;
    }
    args << QStringLiteral("-ts") << copy;
    QProcess p;
    p.setWorkingDirectory(kSourceDir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(lupdate, args);
    QVERIFY2(p.waitForFinished(120000), qPrintable(p.errorString()));
    const QString log = QString::fromLocal8Bit(p.readAll());
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(log));

    int count = 0;
    const QStringList found = problems(copy, lang, &count);
    QVERIFY2(
        found.isEmpty(),
        qPrintable(QStringLiteral("%1 problem(s) after refreshing from the sources; run `make translations` "
                                  "and translate them:\n")
                       .arg(found.size()) +
                   found.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
