// Help > About: names StateLens's version, the Qt versions, the LibTorch version that the build found,
// and the MIT licence, without loading LibTorch to learn its version.

#include "about_box.h"

#include <QApplication>
#include <QFile>
#include <QtTest>

class TestAboutBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesVersionsAndLicence();
    void loadsNoLibTorch();
};

void TestAboutBox::namesVersionsAndLicence()
{
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    const QString text = sl::aboutText();
    QVERIFY2(text.contains(QLatin1String("9.8.7")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String(QT_VERSION_STR)), qPrintable(text));
    QVERIFY(QByteArray(STATELENS_TORCH_VERSION).count('.') >= 1);
    QVERIFY2(text.contains(QLatin1String("LibTorch " STATELENS_TORCH_VERSION)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("MIT")), qPrintable(text));
}

void TestAboutBox::loadsNoLibTorch()
{
    sl::aboutText();
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QVERIFY(!maps.readAll().contains("libtorch"));
}

QTEST_MAIN(TestAboutBox)
#include "tst_about_box.moc"
