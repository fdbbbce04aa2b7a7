// Keyboard use of the main window and its dialogs: every shortcut is unique (an ambiguous one does
// nothing), Redo answers Ctrl+Shift+Z and Ctrl+Y, Enter applies Find and Replace while Escape
// cancels it, and no label shows a stray '&'.

#include "edit_actions.h"
#include "export_dialog.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "regex_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

using namespace sl;

namespace {

// A mnemonic: '&' followed by something other than '&' or a space ("&&" is a literal ampersand).
bool hasMnemonic(const QString &text)
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

// Labels that would show their '&' literally: a mnemonic without a buddy to give it to.
QStringList strayAmpersands(const QWidget *top)
{
    QStringList out;
    for (const QLabel *l : top->findChildren<QLabel *>())
        if (l->textFormat() != Qt::RichText && !Qt::mightBeRichText(l->text()) && hasMnemonic(l->text()) &&
            !l->buddy())
            out << l->text();
    return out;
}

} // namespace

class TestShortcuts : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_shortcuts"));
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                                         {QStringLiteral("session"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void everyShortcutIsUnique()
    {
        MainWindow w;
        QMap<QString, QString> owner; // sequence -> the action that has it
        QStringList clashes;
        int sequences = 0;
        for (const QAction *a : w.findChildren<QAction *>()) {
            for (const QKeySequence &k : a->shortcuts()) {
                const QString text = k.toString(QKeySequence::PortableText);
                const QString name = a->text().isEmpty() ? a->objectName() : a->text();
                ++sequences;
                if (owner.contains(text))
                    clashes << QStringLiteral("%1: '%2' and '%3'").arg(text, owner.value(text), name);
                owner.insert(text, name);
            }
        }
        QVERIFY(sequences > 15); // the walk reached the menus
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1String("; "))));
    }

    void redoAnswersCtrlShiftZAndCtrlY()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Ambiguous shortcut")));
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("plain.pth")));
        QVERIFY(w.editActions()->renameKey(QStringLiteral("0.weight"), QStringLiteral("first.weight")));
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.session()->changedCount(), 0);
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.session()->changedCount(), 1);
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(w.session()->changedCount(), 1);
    }

    void enterAppliesFindAndReplace()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        RegexDialog dialog(w.session(), &w);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *pattern = dialog.findChildren<QLineEdit *>().at(0);
        auto *replace = dialog.findChildren<QLineEdit *>().at(1);
        pattern->setFocus();
        QTest::keyClicks(pattern, QStringLiteral("^0\\."));
        QTest::keyClicks(replace, QStringLiteral("first."));
        QTest::keyClick(replace, Qt::Key_Return); // at once, before the preview's delay ran out
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.rule().replace, QStringLiteral("first."));
    }

    void escapeCancelsFindAndReplace()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        RegexDialog dialog(w.session(), &w);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *pattern = dialog.findChildren<QLineEdit *>().at(0);
        QTest::keyClicks(pattern, QStringLiteral("^0\\."));
        QTest::keyClick(pattern, Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }

    void noLabelShowsAStrayAmpersand()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        QStringList stray = strayAmpersands(&w);
        ExportDialog exportDialog(
            std::shared_ptr<const Checkpoint>(w.checkpoint(), [](const Checkpoint *) {}), w.session(), &w);
        stray += strayAmpersands(&exportDialog);
        RegexDialog regex(w.session(), &w);
        stray += strayAmpersands(&regex);
        QVERIFY2(stray.isEmpty(), qPrintable(stray.join(QLatin1String(", "))));
    }
};

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
