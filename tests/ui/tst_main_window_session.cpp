// Unsaved key edits are never lost without a word: closing, Ctrl+Q, opening another file and
// dropping one all ask Save / Save Recipe / Discard / Cancel, and the title's modified mark follows
// the undo stack. Driven with real key presses and clicks on the offscreen platform.

#include "edit_actions.h"
#include "export_dialog.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "test_support.h"

using namespace sl;
using sl_test::whenModal;

class TestMainWindowSession : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    // An open plain.pth with one rename, as a user leaves it after an edit.
    void openAndEdit(MainWindow &w)
    {
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("plain.pth")));
        QVERIFY(w.editActions()->renameKey(QStringLiteral("0.weight"), QStringLiteral("first.weight")));
        QCOMPARE(w.session()->changedCount(), 1);
    }

    // Answers the unsaved-edits question with `button` (a standard button) or a key press.
    static void answer(QMessageBox::StandardButton button, bool *asked)
    {
        whenModal<QMessageBox>([button, asked](QMessageBox *box) {
            *asked = box->objectName() == QLatin1String("unsavedEditsPrompt");
            QTest::mouseClick(box->button(button), Qt::LeftButton);
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window_session"));
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                                         {QStringLiteral("session"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void cleanup() { sl_test::cancelModalWatchers(); }

    void withoutEditsQuitAtOnce()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(path("plain.pth")));
        bool asked = false;
        whenModal<QMessageBox>(
            [&asked](QMessageBox *box) {
                asked = true;
                box->reject();
            },
            300);
        QTest::keyClick(&w, Qt::Key_Q, Qt::ControlModifier);
        QVERIFY(!w.isVisible());
        QVERIFY(!asked);
    }

    void escapeKeepsTheWindowAndTheEdits()
    {
        MainWindow w;
        openAndEdit(w);
        bool asked = false;
        whenModal<QMessageBox>([&asked](QMessageBox *box) {
            asked = box->objectName() == QLatin1String("unsavedEditsPrompt");
            QTest::keyClick(box, Qt::Key_Escape);
        });
        QTest::keyClick(&w, Qt::Key_Q, Qt::ControlModifier); // File > Quit
        QVERIFY(asked);
        QVERIFY(w.isVisible());
        QCOMPARE(w.session()->changedCount(), 1);
    }

    void cancelKeepsTheWindowOnClose()
    {
        MainWindow w;
        openAndEdit(w);
        bool asked = false;
        answer(QMessageBox::Cancel, &asked);
        QVERIFY(!w.close());
        QVERIFY(asked);
        QVERIFY(w.isVisible());
        QCOMPARE(w.session()->changedCount(), 1);
    }

    void discardCloses()
    {
        MainWindow w;
        openAndEdit(w);
        bool asked = false;
        answer(QMessageBox::Discard, &asked);
        QVERIFY(w.close());
        QVERIFY(asked);
    }

    void openingAnotherFileAsksFirst()
    {
        MainWindow w;
        openAndEdit(w);
        const Checkpoint *before = w.checkpoint();
        bool asked = false;
        answer(QMessageBox::Cancel, &asked);
        QVERIFY(!w.openFile(path("lightning.ckpt")));
        QVERIFY(asked);
        QCOMPARE(w.checkpoint(), before);
        QCOMPARE(w.session()->changedCount(), 1);

        answer(QMessageBox::Discard, &asked);
        QVERIFY(w.openFile(path("lightning.ckpt")));
        QVERIFY(w.checkpoint() != before);
    }

    void droppingAFileAsksFirst()
    {
        MainWindow w;
        openAndEdit(w);
        const Checkpoint *before = w.checkpoint();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path("lightning.ckpt"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        bool asked = false;
        answer(QMessageBox::Cancel, &asked);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(asked);
        QCOMPARE(w.checkpoint(), before);
        QCOMPARE(w.session()->changedCount(), 1);
    }

    void saveRecipeFromTheQuestion()
    {
        MainWindow w;
        openAndEdit(w);
        const QString recipe = path("from-prompt.json");
        bool asked = false;
        whenModal<QMessageBox>([&asked, recipe](QMessageBox *box) {
            asked = true;
            // The file dialog comes next, from inside this click.
            whenModal<QFileDialog>([recipe](QFileDialog *files) {
                files->selectFile(recipe);
                QMetaObject::invokeMethod(files, "accept");
            });
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("saveRecipeButton")),
                              Qt::LeftButton);
        });
        QVERIFY(w.close());
        QVERIFY(asked);
        QFile f(recipe);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("first.weight"));
    }

    void saveExportsFromTheQuestion()
    {
        MainWindow w;
        openAndEdit(w);
        const QString out = path("from-prompt.pth");
        bool exported = false;
        answer(QMessageBox::Save, &exported);
        whenModal<ExportDialog>([out](ExportDialog *dialog) {
            dialog->setOutputPath(out);
            dialog->startExport();
        });
        QVERIFY(w.close());
        QVERIFY(exported);
        QVERIFY(QFileInfo::exists(out));
        QVERIFY(w.session()->undoStack()->isClean());
    }

    void modifiedMarkFollowsTheUndoStack()
    {
        MainWindow w;
        openAndEdit(w);
        QVERIFY(w.windowTitle().contains(QLatin1String("[*]")));
        QVERIFY(w.isWindowModified());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier); // undo back to the file as saved
        QCOMPARE(w.session()->changedCount(), 0);
        QVERIFY(!w.isWindowModified());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.session()->changedCount(), 1);
        QVERIFY(w.isWindowModified());
        QVERIFY(w.editActions()->saveRecipe(path("saved.json"))); // saving the recipe marks it clean
        QVERIFY(!w.isWindowModified());
        QVERIFY(w.close()); // and nothing is asked
    }
};

QTEST_MAIN(TestMainWindowSession)
#include "tst_main_window_session.moc"
