// The Debian package: `cpack -G DEB` from the build folder makes statelens_*.deb, whose Depends names
// the Qt 6, QCustomPlot and LibTorch runtime libraries and not python3-torch, which holds every
// installed part, and whose statelens-cli, unpacked with dpkg-deb -x, works with the source and build
// folders hidden.

#include "install_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

// The package names in a Depends field: "a (>= 1), b | c:any" gives a, b and c.
QSet<QString> packageNames(const QString &depends)
{
    QSet<QString> names;
    for (const QString &alternatives : depends.split(QLatin1Char(','), Qt::SkipEmptyParts))
        for (const QString &one : alternatives.split(QLatin1Char('|'), Qt::SkipEmptyParts))
            names.insert(one.trimmed().section(QLatin1Char(' '), 0, 0).section(QLatin1Char(':'), 0, 0));
    return names;
}

// The package that installed path on this machine (dpkg -S), or "". With merged /usr a library is
// reached as /lib/... and /usr/lib/... while dpkg knows it under one of them, so both are accepted:
// without its leading slash the path is a pattern that matches both, and the exact one is kept.
QString owningPackage(const QString &path)
{
    const QString bare = path.startsWith(QLatin1String("/usr/")) ? path.mid(4) : path;
    const Run run = runProcess(QStringLiteral("dpkg"), {QStringLiteral("-S"), bare.mid(1)});
    for (const QString &line : QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const int colon = line.indexOf(QLatin1String(": "));
        const QString file = line.mid(colon + 2);
        if (colon > 0 && (file == bare || file == QLatin1String("/usr") + bare))
            return line.left(colon).section(QLatin1Char(':'), 0, 0);
    }
    return QString();
}

// The libraries an ELF file names itself (its NEEDED entries, not their own dependencies), each with
// the path the dynamic linker resolves it to here ("" when it finds none).
QList<QPair<QString, QString>> neededLibraries(const QString &elf, QString *error)
{
    const Run dynamic = runProcess(QStringLiteral("readelf"), {QStringLiteral("-d"), elf});
    const Run ldd = runProcess(QStringLiteral("ldd"), {elf});
    if (!dynamic.ok() || !ldd.ok()) {
        *error = elf + QLatin1Char(' ') + dynamic.describe() + ldd.describe();
        return {};
    }
    // "libX.so.1 => /path/libX.so.1 (0x...)", "libY.so.2 => not found", or for the dynamic linker,
    // which a binary may name too, "/lib64/ld-linux-x86-64.so.2 (0x...)".
    QHash<QString, QString> resolved;
    QRegularExpressionMatchIterator lines =
        QRegularExpression(QStringLiteral("^\\s*(?:(\\S+) => (\\S+)|(/\\S*/)([^/\\s]+) \\()"),
                           QRegularExpression::MultilineOption)
            .globalMatch(QString::fromUtf8(ldd.out));
    while (lines.hasNext()) {
        const QRegularExpressionMatch line = lines.next();
        if (line.captured(1).isEmpty())
            resolved.insert(line.captured(4), line.captured(3) + line.captured(4));
        else
            resolved.insert(line.captured(1),
                            line.captured(2) == QLatin1String("not") ? QString() : line.captured(2));
    }
    QList<QPair<QString, QString>> needed;
    QRegularExpressionMatchIterator entries =
        QRegularExpression(QStringLiteral("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]"))
            .globalMatch(QString::fromUtf8(dynamic.out));
    while (entries.hasNext()) {
        const QString soname = entries.next().captured(1);
        needed.append({soname, resolved.value(soname)});
    }
    if (needed.isEmpty()) *error = elf + QStringLiteral(": no NEEDED entries in ") + dynamic.describe();
    return needed;
}

} // namespace

class TestPackage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_deb;
    QString m_root; // the package unpacked with dpkg-deb -x

    QString field(const char *name) const
    {
        const Run run =
            runProcess(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), m_deb, QLatin1String(name)});
        return QString::fromUtf8(run.out).trimmed();
    }

private Q_SLOTS:
    void initTestCase();
    void controlFields();
    void dependsOnTheRuntimeLibraries();
    void dependsOnWhatTheBinariesLink();
    void dependsOnTheQtPluginsItLoads();
    void holdsEveryInstalledPart();
    void unpackedCliInspects();
};

void TestPackage::initTestCase()
{
    QVERIFY(m_work.isValid());
    for (const char *tool : {"dpkg-deb", "dpkg-shlibdeps"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            QSKIP(qPrintable(
                QStringLiteral("SKIPPED: %1 is not installed (dpkg-dev)").arg(QLatin1String(tool))));
    const QString out = m_work.filePath(QStringLiteral("out"));
    const Run cpack =
        runProcess(QStringLiteral(STATELENS_CPACK),
                   {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                    QStringLiteral(STATELENS_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out},
                   QProcessEnvironment::systemEnvironment(), 600000);
    QVERIFY2(cpack.ok(), qPrintable(cpack.describe()));
    const QStringList debs = QDir(out).entryList({QStringLiteral("statelens_*.deb")}, QDir::Files);
    QCOMPARE(debs.size(), 1);
    m_deb = out + QLatin1Char('/') + debs.first();
    m_root = m_work.filePath(QStringLiteral("root"));
    const Run extract = runProcess(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
    QVERIFY2(extract.ok(), qPrintable(extract.describe()));
}

void TestPackage::controlFields()
{
    QCOMPARE(field("Package"), QStringLiteral("statelens"));
    QVERIFY(!field("Version").isEmpty());
    QVERIFY(!field("Maintainer").isEmpty());
    QVERIFY(field("Architecture") != QLatin1String("all"));
    // No maintainer scripts: the package installs plain files, and a postrm would leave a removed
    // package in dpkg's "rc" state (CPack adds ldconfig calls for a library directly below lib/).
    const QString control = m_work.filePath(QStringLiteral("control"));
    const Run extract = runProcess(QStringLiteral("dpkg-deb"), {QStringLiteral("-e"), m_deb, control});
    QVERIFY2(extract.ok(), qPrintable(extract.describe()));
    for (const char *script : {"preinst", "postinst", "prerm", "postrm"})
        QVERIFY2(!QFile::exists(control + QLatin1Char('/') + QLatin1String(script)), script);
    // A Homepage only when one is configured: a domain the project does not hold is never named.
    QCOMPARE(field("Homepage"), QStringLiteral(STATELENS_HOMEPAGE_URL));
}

void TestPackage::dependsOnTheRuntimeLibraries()
{
    const QString depends = field("Depends");
    for (const char *library : {"libqt6core6", "libqt6gui6", "libqt6widgets6", "libqcustomplot", "libtorch"})
        QVERIFY2(depends.contains(QLatin1String(library)),
                 qPrintable(QLatin1String(library) + QStringLiteral(" not in: ") + depends));
    QVERIFY2(!depends.contains(QLatin1String("python3")), qPrintable(depends));
    QVERIFY2(!field("Recommends").contains(QLatin1String("python3-torch")), qPrintable(field("Recommends")));
}

// Every library that the programs and the plugin link is installed by a package that Depends names,
// so `apt install ./statelens_*.deb` on a fresh system pulls it (checked here against this machine's
// dpkg database, where the package was built).
void TestPackage::dependsOnWhatTheBinariesLink()
{
    for (const char *tool : {"readelf", "ldd"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            QSKIP(qPrintable(QStringLiteral("SKIPPED: %1 is not installed").arg(QLatin1String(tool))));
    const QSet<QString> depends = packageNames(field("Depends"));
    const QStringList elves = {QStringLiteral("/usr/bin/statelens"), QStringLiteral("/usr/bin/statelens-cli"),
                               QStringLiteral("/usr/" STATELENS_PLUGIN_INSTALL_DIR "/statelens_torch.so")};
    for (const QString &elf : elves) {
        QString error;
        const QList<QPair<QString, QString>> needed = neededLibraries(m_root + elf, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const auto &[soname, path] : needed) {
            QVERIFY2(!path.isEmpty(),
                     qPrintable(elf + QStringLiteral(": ") + soname + QStringLiteral(" not found")));
            const QString owner = owningPackage(path);
            QVERIFY2(!owner.isEmpty(), qPrintable(path + QStringLiteral(" belongs to no package")));
            QVERIFY2(depends.contains(owner),
                     qPrintable(elf + QStringLiteral(" links ") + soname + QStringLiteral(" of ") + owner +
                                QStringLiteral(", not in Depends: ") + field("Depends")));
        }
    }
}

// Qt loads its window-system and SVG icon plugins at run time, where dpkg-shlibdeps cannot see them:
// the packages that hold them are named by hand and must be the ones this Qt's plugins come from.
void TestPackage::dependsOnTheQtPluginsItLoads()
{
    const QSet<QString> depends = packageNames(field("Depends"));
    const QString plugins = QLibraryInfo::path(QLibraryInfo::PluginsPath);
    for (const char *plugin : {"platforms/libqxcb.so", "platforms/libqoffscreen.so",
                               "iconengines/libqsvgicon.so", "imageformats/libqsvg.so"}) {
        const QString path = plugins + QLatin1Char('/') + QLatin1String(plugin);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        const QString owner = owningPackage(path);
        QVERIFY2(depends.contains(owner),
                 qPrintable(path + QStringLiteral(" comes with ") + owner +
                            QStringLiteral(", not in Depends: ") + field("Depends")));
    }
}

void TestPackage::holdsEveryInstalledPart()
{
    const Run list = runProcess(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), m_deb});
    QVERIFY2(list.ok(), qPrintable(list.describe()));
    const QString contents = QString::fromUtf8(list.out);
    const QString id = QStringLiteral(STATELENS_APP_ID);
    const QStringList paths = {
        QStringLiteral("./usr/bin/statelens\n"),
        QStringLiteral("./usr/bin/statelens-cli\n"),
        QStringLiteral("/statelens/statelens_torch.so\n"),
        QStringLiteral("./usr/share/applications/") + id + QStringLiteral(".desktop\n"),
        QStringLiteral("./usr/share/mime/packages/") + id + QStringLiteral(".xml\n"),
        QStringLiteral("./usr/share/metainfo/") + id + QStringLiteral(".metainfo.xml\n"),
        QStringLiteral("./usr/share/icons/hicolor/scalable/apps/") + id + QStringLiteral(".svg\n"),
        QStringLiteral("./usr/share/man/man1/statelens.1.gz\n"),
        QStringLiteral("./usr/share/man/man1/statelens-cli.1.gz\n"),
        QStringLiteral("./usr/share/bash-completion/completions/statelens-cli\n"),
        QStringLiteral("./usr/share/doc/statelens/copyright\n"),
        QStringLiteral("./usr/share/doc/statelens/cli.md\n"),
    };
    for (const QString &path : paths)
        QVERIFY2(contents.contains(path),
                 qPrintable(path.trimmed() + QStringLiteral(" not in:\n") + contents));
}

void TestPackage::unpackedCliInspects()
{
    const QString &root = m_root;
    QCOMPARE(fileNamingBuildFolder(root), QString());
    const QString why = cannotHide();
    if (!why.isEmpty()) QSKIP(qPrintable(QStringLiteral("SKIPPED: cannot hide the build folder: ") + why));
    QTemporaryDir fixtures;
    QString error;
    QVERIFY2(writeFixtures(fixtures.path(), &error), qPrintable(error));
    const Run run = runHidden(root + QStringLiteral("/usr/bin/statelens-cli"),
                              {QStringLiteral("inspect"), fixtures.filePath(QStringLiteral("model.pth")),
                               QStringLiteral("--json")});
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    QFile f(fixtures.filePath(QStringLiteral("expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray expected =
        QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("keys")).toArray();
    QJsonArray keys;
    for (const QJsonValue &t :
         QJsonDocument::fromJson(run.out).object().value(QLatin1String("tensors")).toArray())
        keys.append(t.toObject().value(QLatin1String("key")));
    QCOMPARE(keys, expected);
}

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
