// Editing keys in the GUI: rename (leaf and subtree), prefixes, find and replace, drop, conflicts,
// undo/redo that keeps the view, recipes — and that redoing gives what `statelens-cli remap
// --rules` writes, so the GUI and the CLI apply the same mapping.

#include "document/checkpoint.h"
#include "edit_actions.h"
#include "export_dialog.h"
#include "key_tree_pane.h"
#include "keymap/python_snippet.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

using namespace sl;
using namespace sl_test;

namespace {

QStringList currentKeys(const KeyEditSession &s)
{
    QStringList keys;
    for (const MappedKey &m : s.mapping())
        if (!m.dropped) keys << m.to;
    return keys;
}

} // namespace

class TestKeyEditing : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    std::unique_ptr<MainWindow> openWindow()
    {
        auto w = std::make_unique<MainWindow>();
        w->setQuietErrors(true);
        w->editActions()->setQuietErrors(true);
        if (!w->openFile(path("wrapped.pth"))) return nullptr;
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        const PythonRun py = runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                       {QStringLiteral("key_editing"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void stripCommonPrefixIsOneClick()
    {
        auto w = openWindow();
        QVERIFY(w);
        QCOMPARE(w->editActions()->commonKnownPrefix(), QStringLiteral("module."));
        QVERIFY(w->editActions()->stripCommonPrefix());
        QVERIFY(currentKeys(*w->session()).contains(QStringLiteral("head.weight")));
        QVERIFY(!currentKeys(*w->session()).join(QLatin1Char(' ')).contains(QLatin1String("module.")));
        QCOMPARE(w->session()->undoStack()->count(), 1);
        QCOMPARE(w->session()->undoStack()->text(0), QStringLiteral("strip prefix 'module.'"));
    }

    void renameInTheTreeRenamesTheSubtree()
    {
        auto w = openWindow();
        QVERIFY(w);
        QAbstractItemModel *view = w->keyTree()->view()->model();
        // F2 on the module row "backbone" and typing "encoder" edits through the model's setData.
        const QModelIndex backbone = findKey(view, QStringLiteral("module.backbone"));
        QVERIFY(backbone.isValid());
        QVERIFY(view->flags(backbone) & Qt::ItemIsEditable);
        view->setData(backbone, QStringLiteral("encoder"));
        QTRY_VERIFY(currentKeys(*w->session()).contains(QStringLiteral("module.encoder.0.weight")));
        const QStringList keys = currentKeys(*w->session());
        QVERIFY(keys.contains(QStringLiteral("module.encoder.0.weight")));
        QVERIFY(keys.contains(QStringLiteral("module.encoder.1.running_var")));
        QVERIFY(!keys.join(QLatin1Char(' ')).contains(QLatin1String("backbone")));
        // The renamed row is marked and remembers its saved name.
        const QModelIndex leaf = findKey(view, QStringLiteral("module.encoder.0.weight"));
        QVERIFY(leaf.data(IsRenamedRole).toBool());
        QCOMPARE(leaf.data(OriginalKeyRole).toString(), QStringLiteral("module.backbone.0.weight"));
    }

    void conflictsAreRefusedAndNameBothKeys()
    {
        auto w = openWindow();
        QVERIFY(w);
        QVERIFY(!w->editActions()->renameKey(QStringLiteral("module.head.weight"),
                                             QStringLiteral("module.head.bias")));
        QVERIFY(w->editActions()->lastError().contains(QLatin1String("module.head.weight")));
        QVERIFY(w->editActions()->lastError().contains(QLatin1String("module.head.bias")));
        QCOMPARE(w->session()->undoStack()->count(), 0);
    }

    // F2, a new name and Return, as a person renames: the editor closes cleanly (no Qt warning) and
    // the row keeps its place and selection under the new name.
    void renameInTheEditorWithTheKeyboard()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("closeEditor")));
        auto w = openWindow();
        QVERIFY(w);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QTreeView *view = w->keyTree()->view();
        view->expandAll();
        view->setCurrentIndex(findKey(view->model(), QStringLiteral("module.head.weight")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_F2);
        QLineEdit *editor = view->findChild<QLineEdit *>();
        QVERIFY(editor && editor->isVisible());
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("kernel"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(view->currentIndex().data(KeyRole).toString(), QStringLiteral("module.head.kernel"));
        QCOMPARE(w->session()->undoStack()->count(), 1);
    }

    void dropThenUndoKeepsSelectionAndExpansion()
    {
        auto w = openWindow();
        QVERIFY(w);
        QTreeView *view = w->keyTree()->view();
        const QModelIndex head = findKey(view->model(), QStringLiteral("module.head"));
        const QModelIndex conv = findKey(view->model(), QStringLiteral("module.backbone.0.weight"));
        QVERIFY(head.isValid() && conv.isValid());
        view->collapseAll();
        view->expand(conv.parent());
        view->expand(conv.parent().parent());
        view->expand(conv.parent().parent().parent());
        view->setCurrentIndex(head);
        QVERIFY(w->editActions()->dropSelection());
        const MappedKey &dropped = w->session()->mapping()[size_t(
            findKey(view->model(), QStringLiteral("module.head.weight")).data(EntryIndexRole).toInt())];
        QVERIFY(dropped.dropped);
        QVERIFY(findKey(view->model(), QStringLiteral("module.head.weight")).data(IsDroppedRole).toBool());

        w->session()->undoStack()->undo();
        QVERIFY(!w->session()->mapping()[0].dropped);
        QCOMPARE(view->currentIndex().data(KeyRole).toString(), QStringLiteral("module.head"));
        const QModelIndex convAgain = findKey(view->model(), QStringLiteral("module.backbone.0.weight"));
        QVERIFY(view->isExpanded(convAgain.parent()));
        QVERIFY(!view->isExpanded(view->currentIndex()));
    }

    // Stripping "module." lifts every row one level: the selected tensor stays selected and the
    // open modules stay open; undo brings back the module row, open, with the same selection.
    void stripPrefixKeepsSelectionAndExpansion()
    {
        auto w = openWindow();
        QVERIFY(w);
        QTreeView *view = w->keyTree()->view();
        view->expandAll();
        view->setCurrentIndex(findKey(view->model(), QStringLiteral("module.backbone.0.weight")));
        QVERIFY(w->editActions()->stripCommonPrefix());
        QCOMPARE(view->currentIndex().data(KeyRole).toString(), QStringLiteral("backbone.0.weight"));
        for (const char *open : {"backbone", "backbone.0", "head"})
            QVERIFY2(view->isExpanded(findKey(view->model(), QLatin1String(open))), open);

        w->session()->undoStack()->undo();
        QCOMPARE(view->currentIndex().data(KeyRole).toString(), QStringLiteral("module.backbone.0.weight"));
        for (const char *open : {"module", "module.backbone", "module.backbone.0", "module.head"})
            QVERIFY2(view->isExpanded(findKey(view->model(), QLatin1String(open))), open);
    }

    void undoEverythingGivesTheOriginalKeysAndRedoMatchesTheCli()
    {
        auto w = openWindow();
        QVERIFY(w);
        const QStringList original = currentKeys(*w->session());
        QVERIFY(w->editActions()->stripCommonPrefix());
        QString error;
        QVERIFY(w->session()->addRule(
            KeyRule::regex(QStringLiteral("^backbone\\.(\\d+)\\."), QStringLiteral("features.\\1.")),
            &error));
        QVERIFY(w->session()->addRule(KeyRule::drop(QStringLiteral(".*num_batches_tracked")), &error));
        QVERIFY(w->session()->addRule(KeyRule::addPrefix(QStringLiteral("model.")), &error));
        const QStringList edited = currentKeys(*w->session());
        QVERIFY(edited.contains(QStringLiteral("model.features.1.running_mean")));

        QUndoStack *stack = w->session()->undoStack();
        while (stack->canUndo())
            stack->undo();
        QCOMPARE(currentKeys(*w->session()), original);
        while (stack->canRedo())
            stack->redo();
        QCOMPARE(currentKeys(*w->session()), edited);

        // The saved recipe, applied by the CLI, writes exactly these keys.
        QVERIFY(w->editActions()->saveRecipe(path("recipe.json")));
        const CliRun remap = runCli({QStringLiteral("remap"), path("wrapped.pth"), QStringLiteral("-o"),
                                     path("remapped.pth"), QStringLiteral("--rules"), path("recipe.json")},
                                    m_dir.path(), 60000);
        QVERIFY2(remap.ok(), qPrintable(remap.describe()));
        const CliRun inspect = runCli(
            {QStringLiteral("inspect"), QStringLiteral("--json"), path("remapped.pth")}, m_dir.path(), 60000);
        QVERIFY2(inspect.ok(), qPrintable(inspect.describe()));
        QStringList written;
        for (const QJsonValue &t :
             QJsonDocument::fromJson(inspect.out).object().value(QLatin1String("tensors")).toArray())
            written << t.toObject().value(QLatin1String("key")).toString();
        QCOMPARE(written, edited);

        // Loading the recipe in a fresh window is one undoable edit with the same result.
        auto fresh = openWindow();
        QVERIFY(fresh->editActions()->loadRecipe(path("recipe.json")));
        QCOMPARE(currentKeys(*fresh->session()), edited);
        QCOMPARE(fresh->session()->undoStack()->count(), 1);
    }

    void copyAsPythonReproducesTheMapping()
    {
        auto w = openWindow();
        QVERIFY(w);
        QString error;
        QVERIFY(w->editActions()->stripCommonPrefix());
        QVERIFY(w->session()->addRule(KeyRule::rename(QStringLiteral("backbone"), QStringLiteral("encoder")),
                                      &error));
        QVERIFY(w->session()->addRule(KeyRule::drop(QStringLiteral("head\\.bias")), &error));
        const QString snippet = pythonSnippet(w->session()->keyMap(), w->session()->mapping());
        // Python applies the snippet's revise_keys with re.sub and its dict comprehension; both must
        // agree with our mapping.
        QStringList original;
        for (const MappedKey &m : w->session()->mapping())
            original << m.from;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile snippetFile(dir.filePath(QStringLiteral("snippet.py")));
        QVERIFY(snippetFile.open(QIODevice::WriteOnly));
        snippetFile.write(snippet.toUtf8());
        snippetFile.close();
        QFile keysFile(dir.filePath(QStringLiteral("keys.json")));
        QVERIFY(keysFile.open(QIODevice::WriteOnly));
        keysFile.write(QJsonDocument(QJsonArray::fromStringList(original)).toJson(QJsonDocument::Compact));
        keysFile.close();
        const PythonRun py = runPython(QStringLiteral("fixtures/apply_snippet.py"),
                                       {snippetFile.fileName(), keysFile.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object();
        QStringList viaDict, viaRegex;
        for (const QJsonValue &v : result.value(QLatin1String("dict")).toArray())
            viaDict << v.toString();
        for (const QJsonValue &v : result.value(QLatin1String("regex")).toArray())
            viaRegex << v.toString();
        QCOMPARE(viaDict, currentKeys(*w->session()));
        QCOMPARE(viaRegex, currentKeys(*w->session()));
    }

    void exportDialogWritesTheEditedKeys()
    {
        auto w = openWindow();
        QVERIFY(w);
        QVERIFY(w->editActions()->stripCommonPrefix());
        QString error;
        QVERIFY(w->session()->addRule(KeyRule::drop(QStringLiteral("head\\..*")), &error));
        std::shared_ptr<const Checkpoint> shared = Checkpoint::open(path("wrapped.pth"), nullptr);
        ExportDialog dialog(shared, w->session());
        dialog.setOutputPath(path("from-gui.safetensors"));
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        dialog.startExport();
        QVERIFY(dialog.isExporting());
        QVERIFY2(exported.wait(60000), qPrintable(dialog.message()));
        QCOMPARE(exported.at(0).at(0).toString(), path("from-gui.safetensors"));
        std::string openError;
        auto written = Checkpoint::open(path("from-gui.safetensors"), &openError);
        QVERIFY2(written, openError.c_str());
        QCOMPARE(written->format(), FileFormat::Safetensors);
        QStringList keys;
        for (const StateEntry &e : written->entries())
            keys << QString::fromStdString(e.key);
        QStringList expected = currentKeys(*w->session());
        std::sort(keys.begin(), keys.end());
        std::sort(expected.begin(), expected.end());
        QCOMPARE(keys, expected);
    }

    void exportDialogRefusesTheInputPath()
    {
        auto w = openWindow();
        QVERIFY(w);
        std::shared_ptr<const Checkpoint> shared = Checkpoint::open(path("wrapped.pth"), nullptr);
        ExportDialog dialog(shared, w->session());
        dialog.setOutputPath(path("wrapped.pth"));
        dialog.startExport();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isExporting(), 20000);
        QVERIFY2(dialog.message().contains(QLatin1String("input")), qPrintable(dialog.message()));
        QVERIFY(Checkpoint::open(path("wrapped.pth"), nullptr)); // untouched and still readable
    }
};

QTEST_MAIN(TestKeyEditing)
#include "tst_key_editing.moc"
