// One language throughout: with German or Chinese chosen, Qt's own standard buttons are translated
// too (qtbase from Qt's translations folder), and numbers in the details pane use that locale.

#include "app_language.h"
#include "details_pane.h"
#include "key_tree_pane.h"
#include "mainwindow.h"

#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>
#include <QtTest>

#include "test_support.h"

using namespace sl;

class TestAppLanguage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static void removeTranslators()
    {
        for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_app_language"));
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                                         {QStringLiteral("session"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void cleanup()
    {
        removeTranslators();
        QLocale::setDefault(QLocale::c());
    }

    void standardButtons_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("cancel");
        QTest::addColumn<QString>("save");
        QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Abbrechen")
                            << QStringLiteral("Speichern");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("取消") << QStringLiteral("保存");
    }

    void standardButtons()
    {
        QFETCH(QString, language);
        QFETCH(QString, cancel);
        QFETCH(QString, save);
        QVERIFY(installLanguage(*qApp, language));
        QDialogButtonBox box(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), cancel);
        QCOMPARE(box.button(QDialogButtonBox::Save)->text().remove(QLatin1Char('&')), save);
    }

    void numbersUseTheChosenLocale()
    {
        QVERIFY(installLanguage(*qApp, QStringLiteral("de")));
        QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.openFile(m_dir.filePath(QStringLiteral("plain.pth"))));
        QSignalSpy ready(w.details(), &DetailsPane::statsReady);
        QTreeView *view = w.keyTree()->view();
        view->setCurrentIndex(sl_test::findKey(view->model(), QStringLiteral("0.weight")));
        QVERIFY(ready.wait(20000));
        const QString mean = w.details()->fieldText(QStringLiteral("mean"));
        QVERIFY2(mean.contains(QLatin1Char(',')) && !mean.contains(QLatin1Char('.')), qPrintable(mean));
        const QString std = w.details()->fieldText(QStringLiteral("std"));
        QVERIFY2(std.contains(QLatin1Char(',')), qPrintable(std));
    }
};

QTEST_MAIN(TestAppLanguage)
#include "tst_app_language.moc"
