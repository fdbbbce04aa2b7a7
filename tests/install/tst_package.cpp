// The Debian package: `cpack -G DEB` from the build folder makes statelens_*.deb, whose Depends names
// the Qt 6, QCustomPlot and LibTorch runtime libraries and not python3-torch, which holds every
// installed part, and whose statelens-cli, unpacked with dpkg-deb -x, works with the source and build
// folders hidden.

#include "install_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace statelens_test;

class TestPackage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_deb;

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
}

void TestPackage::controlFields()
{
    QCOMPARE(field("Package"), QStringLiteral("statelens"));
    QVERIFY(!field("Version").isEmpty());
    QVERIFY(!field("Maintainer").isEmpty());
    QVERIFY(field("Architecture") != QLatin1String("all"));
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
    const QString root = m_work.filePath(QStringLiteral("root"));
    const Run extract = runProcess(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, root});
    QVERIFY2(extract.ok(), qPrintable(extract.describe()));
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
