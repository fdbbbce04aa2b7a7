// `cmake --install` into a temporary DESTDIR: the installed programs work with the source and build
// folders hidden (the test-load plugin included), and the desktop file, MIME package, metainfo, man
// pages and bash completion are valid and agree with the programs' --help.

#include "install_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

const QString kAppId = QStringLiteral(STATELENS_APP_ID);

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// "a b c" as {"a", "b", "c"}.
QStringList list(const char *words)
{
    return QString::fromUtf8(words).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool have(const char *tool)
{
    return !QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty();
}

} // namespace

class TestInstall : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dest;     // DESTDIR; the prefix is /usr, as in the package
    QTemporaryDir m_fixtures; // written before the folders are hidden
    QString m_usr;
    QJsonObject m_expected;
    QTemporaryDir m_mimeData; // XDG_DATA_DIRS with the merged MIME database
    QString m_mimeSkip;       // why the MIME checks cannot run here, or ""
    QString m_mimeError;      // what update-mime-database said about our package, or ""

    QString cli() const { return m_usr + QStringLiteral("/bin/statelens-cli"); }
    QString fixture(const char *name) const { return m_fixtures.filePath(QLatin1String(name)); }
    QString buildMimeDatabase();
    // Runs a bash snippet with the installed completion loaded; prints COMPREPLY, one a line.
    QStringList complete(const QString &words, const QString &workDir) const;

private Q_SLOTS:
    void initTestCase();
    void installsEveryPart();
    void namesNoBuildPath();
    void cliInspects();
    void cliTestLoadsThroughThePlugin();
    void guiOpensAFileLikeADoubleClick();
    void desktopFileIsValid();
    void metainfoIsValid();
    void mimePackageNamesCheckpoints_data();
    void mimePackageNamesCheckpoints();
    void manPagesFollowHelp();
    void bashCompletes_data();
    void bashCompletes();
};

void TestInstall::initTestCase()
{
    QVERIFY(m_dest.isValid() && m_fixtures.isValid());
    const QString why = cannotHide();
    if (!why.isEmpty()) QSKIP(qPrintable(QStringLiteral("SKIPPED: cannot hide the build folder: ") + why));
    QString error;
    QVERIFY2(writeFixtures(m_fixtures.path(), &error), qPrintable(error));
    m_expected = QJsonDocument::fromJson(readText(fixture("expected.json")).toUtf8()).object();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DESTDIR"), m_dest.path());
    const Run install = runProcess(QStringLiteral(STATELENS_CMAKE),
                                   {QStringLiteral("--install"), QStringLiteral(STATELENS_BUILD_DIR),
                                    QStringLiteral("--prefix"), QStringLiteral("/usr")},
                                   env);
    QVERIFY2(install.ok(), qPrintable(install.describe()));
    m_usr = m_dest.path() + QStringLiteral("/usr");
    m_mimeSkip = buildMimeDatabase();
    QVERIFY(QDir().mkpath(m_fixtures.filePath(QStringLiteral("mime"))));
}

// The database as an installed system has it: freedesktop.org's types and ours, merged. Returns why
// it cannot be built here (a SKIP), or "".
QString TestInstall::buildMimeDatabase()
{
    if (!have("update-mime-database"))
        return QStringLiteral("SKIPPED: update-mime-database is not installed (shared-mime-info)");
    if (!have("xdg-mime")) return QStringLiteral("SKIPPED: xdg-mime is not installed (xdg-utils)");
    // Without File::MimeInfo's `mimetype`, xdg-mime asks file(1), which knows no MIME packages.
    if (!have("mimetype"))
        return QStringLiteral("SKIPPED: mimetype is not installed (libfile-mimeinfo-perl)");
    const QString packages = m_mimeData.filePath(QStringLiteral("mime/packages/"));
    if (!QDir().mkpath(packages) ||
        !QFile::copy(QStringLiteral("/usr/share/mime/packages/freedesktop.org.xml"),
                     packages + QStringLiteral("freedesktop.org.xml")) ||
        !QFile::copy(m_usr + QStringLiteral("/share/mime/packages/") + kAppId + QStringLiteral(".xml"),
                     packages + kAppId + QStringLiteral(".xml"))) {
        m_mimeError = QStringLiteral("cannot copy the MIME packages"); // a failure, not a skip
        return QString();
    }
    QProcessEnvironment env = installedEnvironment();
    env.insert(QStringLiteral("XDG_DATA_DIRS"), m_mimeData.path());
    env.insert(QStringLiteral("PKGSYSTEM_ENABLE_FSYNC"), QStringLiteral("0")); // 15 s less on a busy disk
    const Run update = runProcess(QStringLiteral("update-mime-database"),
                                  {m_mimeData.filePath(QStringLiteral("mime"))}, env);
    m_mimeError = update.ok() && update.err.trimmed().isEmpty() ? QString() : update.describe();
    return QString();
}

void TestInstall::installsEveryPart()
{
    const QStringList files = filesBelow(m_usr);
    const QStringList expected = {
        QStringLiteral("bin/statelens"),
        QStringLiteral("bin/statelens-cli"),
        QStringLiteral(STATELENS_PLUGIN_INSTALL_DIR "/statelens_torch.so"),
        QStringLiteral("share/applications/") + kAppId + QStringLiteral(".desktop"),
        QStringLiteral("share/mime/packages/") + kAppId + QStringLiteral(".xml"),
        QStringLiteral("share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml"),
        QStringLiteral("share/icons/hicolor/scalable/apps/") + kAppId + QStringLiteral(".svg"),
        QStringLiteral("share/man/man1/statelens.1.gz"),
        QStringLiteral("share/man/man1/statelens-cli.1.gz"),
        QStringLiteral("share/bash-completion/completions/statelens-cli"),
        QStringLiteral("share/doc/statelens/copyright"),
        QStringLiteral("share/doc/statelens/cli.md"),
        QStringLiteral("share/statelens/recipes/gpt2_conv1d_to_linear.json"),
        QStringLiteral("share/statelens/recipes/llama_hf_to_meta.json"),
        QStringLiteral("share/statelens/recipes/llama_meta_to_hf.json"),
        QStringLiteral("share/statelens/recipes/moe_stack.json"),
        QStringLiteral("share/statelens/recipes/moe_unstack.json"),
        QStringLiteral("share/statelens/recipes/qkv_fuse.json"),
        QStringLiteral("share/statelens/recipes/qkv_split.json"),
    };
    for (const QString &path : expected)
        QVERIFY2(files.contains(path),
                 qPrintable(path + QStringLiteral(" missing; installed: ") + files.join(QLatin1Char(' '))));
    QCOMPARE(files.size(), expected.size()); // nothing from the tests or the build tree
    QCOMPARE(readText(m_usr + QStringLiteral("/share/doc/statelens/copyright")),
             readText(QStringLiteral(STATELENS_SOURCE_DIR "/docs/LICENSE")));
}

void TestInstall::namesNoBuildPath()
{
    QCOMPARE(fileNamingBuildFolder(m_usr), QString());
}

void TestInstall::cliInspects()
{
    for (const char *name : {"model.pth", "legacy.pth"}) {
        const Run run =
            runHidden(cli(), {QStringLiteral("inspect"), fixture(name), QStringLiteral("--json")});
        QVERIFY2(run.ok(), qPrintable(run.describe()));
        const QJsonArray tensors =
            QJsonDocument::fromJson(run.out).object().value(QLatin1String("tensors")).toArray();
        QJsonArray keys, shapes;
        for (const QJsonValue &t : tensors) {
            keys.append(t.toObject().value(QLatin1String("key")));
            shapes.append(t.toObject().value(QLatin1String("shape")));
        }
        QCOMPARE(keys, m_expected.value(QLatin1String("keys")).toArray());
        QCOMPARE(shapes, m_expected.value(QLatin1String("shapes")).toArray());
    }
}

void TestInstall::cliTestLoadsThroughThePlugin()
{
    // A TorchScript target needs LibTorch, which only the plugin has.
    const Run run =
        runHidden(cli(), {QStringLiteral("testload"), fixture("model.pth"), QStringLiteral("--arch"),
                          fixture("arch.pt"), QStringLiteral("--strict"), QStringLiteral("--input-shape"),
                          QStringLiteral("2,4"), QStringLiteral("--json")});
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(report.value(QLatin1String("loaded")).toInt(),
             m_expected.value(QLatin1String("keys")).toArray().size());
    const QJsonObject forward = report.value(QLatin1String("forward")).toObject();
    QCOMPARE(forward.value(QLatin1String("output_shape")).toArray(), QJsonArray({2, 2}));
}

void TestInstall::guiOpensAFileLikeADoubleClick()
{
    // The desktop file runs `statelens %f`: the file is the one argument.
    QVERIFY(readText(m_usr + QStringLiteral("/share/applications/") + kAppId + QStringLiteral(".desktop"))
                .contains(QLatin1String("\nExec=statelens %f\n")));
    const QString png = m_fixtures.filePath(QStringLiteral("shot.png"));
    const Run run = runHidden(m_usr + QStringLiteral("/bin/statelens"),
                              {QStringLiteral("--screenshot"), png, QStringLiteral("--testload"),
                               fixture("arch.pt"), fixture("model.pth")});
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    QFile f(png);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray head = f.read(24);
    QVERIFY(head.startsWith("\x89PNG"));
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    auto be32 = [&](int at) {
        return (uchar(head[at]) << 24) | (uchar(head[at + 1]) << 16) | (uchar(head[at + 2]) << 8) |
               uchar(head[at + 3]);
    };
    QVERIFY2(be32(16) >= 1280 && be32(20) >= 800,
             qPrintable(QStringLiteral("%1x%2").arg(be32(16)).arg(be32(20))));
}

void TestInstall::desktopFileIsValid()
{
    const QString path = m_usr + QStringLiteral("/share/applications/") + kAppId + QStringLiteral(".desktop");
    const QString text = readText(path);
    const QRegularExpressionMatch types =
        QRegularExpression(QStringLiteral("\nMimeType=([^\n]*)")).match(text);
    QVERIFY(types.hasMatch());
    const QStringList listed = types.captured(1).split(QLatin1Char(';'), Qt::SkipEmptyParts);
    QVERIFY(!listed.contains(QLatin1String("application/octet-stream")));
    QVERIFY(!listed.contains(QLatin1String("application/zip")));
    const QString mime =
        readText(m_usr + QStringLiteral("/share/mime/packages/") + kAppId + QStringLiteral(".xml"));
    for (const QString &type : listed)
        QVERIFY2(mime.contains(QStringLiteral("<mime-type type=\"%1\">").arg(type)), qPrintable(type));
    if (!have("desktop-file-validate"))
        QSKIP("SKIPPED: desktop-file-validate is not installed (desktop-file-utils)");
    const Run run = runProcess(QStringLiteral("desktop-file-validate"), {path});
    QVERIFY2(run.ok() && run.out.isEmpty(), qPrintable(run.describe()));
}

void TestInstall::metainfoIsValid()
{
    const QString path =
        m_usr + QStringLiteral("/share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml");
    // The home page and the screenshot (a web URL in AppStream) only when a home page is configured:
    // a domain the project does not hold is never named.
    const QString homepage = QStringLiteral(STATELENS_HOMEPAGE_URL);
    const QString text = readText(path);
    QCOMPARE(text.contains(QLatin1String("<url type=\"homepage\">") + homepage + QLatin1String("</url>")),
             !homepage.isEmpty());
    QCOMPARE(text.contains(QLatin1String("<image>") + homepage + QLatin1String("/screenshot.png</image>")),
             !homepage.isEmpty());
    QVERIFY(!text.contains(QLatin1String("<url ")) || !homepage.isEmpty());
    if (!have("appstreamcli")) QSKIP("SKIPPED: appstreamcli is not installed (appstream)");
    const Run run = runProcess(QStringLiteral("appstreamcli"),
                               {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    QVERIFY(readText(path).contains(QLatin1String("<project_license>MIT</project_license>")));
}

void TestInstall::mimePackageNamesCheckpoints_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("type");
    const QString checkpoint = QStringLiteral("application/x-pytorch-checkpoint");
    QTest::newRow("zip .pth") << "demo.pth"
                              << "model.pth" << checkpoint;
    QTest::newRow("zip, no extension (magic)") << "weights"
                                               << "model.pth" << checkpoint;
    QTest::newRow("zip .data (magic)") << "weights.data"
                                       << "model.pth" << checkpoint;
    QTest::newRow("legacy .bin (magic)") << "pytorch_model.bin"
                                         << "legacy.pth" << checkpoint;
    QTest::newRow(".ckpt") << "last.ckpt"
                           << "model.pth" << checkpoint;
    QTest::newRow(".pth.tar") << "best.pth.tar"
                              << "legacy.pth" << checkpoint;
    QTest::newRow(".safetensors") << "model.safetensors"
                                  << ""
                                  << "application/x-safetensors";
    QTest::newRow("shard index") << "model.safetensors.index.json"
                                 << ""
                                 << "application/x-pytorch-checkpoint-index";
    QTest::newRow("a .zip stays a zip") << "model.zip"
                                        << "model.pth"
                                        << "application/zip";
}

void TestInstall::mimePackageNamesCheckpoints()
{
    QFETCH(QString, file);
    QFETCH(QString, source);
    QFETCH(QString, type);
    if (!m_mimeSkip.isEmpty()) QSKIP(qPrintable(m_mimeSkip));
    QVERIFY2(m_mimeError.isEmpty(), qPrintable(m_mimeError));
    QTemporaryDir &data = m_mimeData;
    const QString path = m_fixtures.filePath(QStringLiteral("mime/") + file);
    if (source.isEmpty()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{}") == 2);
    } else {
        QVERIFY(QFile::copy(fixture(source.toUtf8().constData()), path));
    }
    QProcessEnvironment env = installedEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    env.insert(QStringLiteral("XDG_DATA_DIRS"), data.path());
    const Run query = runProcess(QStringLiteral("xdg-mime"),
                                 {QStringLiteral("query"), QStringLiteral("filetype"), path}, env);
    QVERIFY2(query.ok(), qPrintable(query.describe()));
    QCOMPARE(QString::fromUtf8(query.out).trimmed(), type);
}

void TestInstall::manPagesFollowHelp()
{
    // Every option of the installed CLI's --help and of each command's --help is in the man page.
    const Run help = runHidden(cli(), {QStringLiteral("--help")});
    QVERIFY2(help.ok(), qPrintable(help.describe()));
    QStringList commands;
    QRegularExpressionMatchIterator lines =
        QRegularExpression(QStringLiteral("^  ([a-z]+)\\s{2,}\\S"), QRegularExpression::MultilineOption)
            .globalMatch(QString::fromUtf8(help.out));
    while (lines.hasNext())
        commands << lines.next().captured(1);
    QVERIFY2(commands.size() >= 4, qPrintable(QString::fromUtf8(help.out)));
    QSet<QString> options;
    QList<QStringList> helpArgs = {{QStringLiteral("--help")}};
    for (const QString &command : commands)
        helpArgs.append({command, QStringLiteral("--help")});
    for (const QStringList &args : helpArgs) {
        const Run own = runHidden(cli(), args);
        QVERIFY2(own.ok(), qPrintable(own.describe()));
        QRegularExpressionMatchIterator it =
            QRegularExpression(QStringLiteral("(?<![\\w-])--[a-z][a-z0-9-]*"))
                .globalMatch(QString::fromUtf8(own.out));
        while (it.hasNext())
            options.insert(it.next().captured(0));
    }
    QVERIFY(options.size() >= 10);
    if (!have("man")) QSKIP("SKIPPED: man is not installed (man-db)");
    for (const char *page : {"statelens", "statelens-cli"}) {
        QProcessEnvironment env = installedEnvironment();
        env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("200"));
        const Run man =
            runProcess(QStringLiteral("man"),
                       {QStringLiteral("-l"),
                        m_usr + QStringLiteral("/share/man/man1/%1.1.gz").arg(QLatin1String(page))},
                       env);
        QVERIFY2(man.ok() && man.err.trimmed().isEmpty(), qPrintable(man.describe()));
        const QString text = QString::fromUtf8(man.out).remove(QRegularExpression(QStringLiteral(".\x08")));
        QVERIFY2(text.contains(QLatin1String("--help")), qPrintable(text.left(500)));
        if (QLatin1String(page) != QLatin1String("statelens-cli")) continue;
        for (const QString &option : options)
            QVERIFY2(text.contains(option), qPrintable(option));
        for (const QString &command : commands)
            QVERIFY2(text.contains(QLatin1String("statelens-cli ") + command), qPrintable(command));
    }
}

QStringList TestInstall::complete(const QString &words, const QString &workDir) const
{
    const QString script =
        QStringLiteral("source \"$1\"; COMP_WORDS=(%1); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
                       "_statelens_cli; printf '%s\\n' \"${COMPREPLY[@]}\"")
            .arg(words);
    const Run run = runProcess(QStringLiteral("bash"),
                               {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                m_usr + QStringLiteral("/share/bash-completion/completions/statelens-cli")},
                               installedEnvironment(), 10000, workDir);
    if (!run.ok()) return {QStringLiteral("failed: ") + run.describe()};
    QStringList lines = QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

void TestInstall::bashCompletes_data()
{
    QTest::addColumn<QString>("words");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("subcommands") << "statelens-cli ''"
                                 << list("--help diff inspect remap scan stats testload");
    QTest::newRow("checkpoints only")
        << "statelens-cli inspect ''" << list("a.pth b.safetensors c.ckpt d.bin.index.json sub");
    QTest::newRow("a prefix") << "statelens-cli stats a" << list("a.pth");
    QTest::newRow("an option") << "statelens-cli inspect x.pth --j" << list("--json");
    QTest::newRow("choices") << "statelens-cli remap x.pth --format ''" << list("pth safetensors");
    QTest::newRow("--opt=choice") << "statelens-cli testload x.pth --device = c" << list("cpu cuda");
    QTest::newRow("any file for -o") << "statelens-cli remap x.pth -o n" << list("notes.txt");
    QTest::newRow("free text") << "statelens-cli inspect x.pth --root ''" << list("");
}

void TestInstall::bashCompletes()
{
    QFETCH(QString, words);
    QFETCH(QStringList, expected);
    if (!have("bash")) QSKIP("SKIPPED: bash is not installed");
    QTemporaryDir dir;
    for (const char *name : {"a.pth", "b.safetensors", "c.ckpt", "d.bin.index.json", "notes.txt", "e.json"}) {
        QFile f(dir.filePath(QLatin1String(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    QCOMPARE(complete(words, dir.path()), expected);
}

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
