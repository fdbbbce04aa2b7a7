// Edit ▸ Transform… driven as a user would: the op and its fields typed in, the live list of matched
// keys, the preview of every affected key's shape and dtype before and after (torch's shapes from
// fixtures/transform_cases.py), refusals shown with Apply disabled, Enter applying exactly one undo
// step named by the op, Escape cancelling, undo and redo, the details pane of a derived key, and
// recipes that keep transform rules.

#include "details_pane.h"
#include "document/checkpoint.h"
#include "edit_actions.h"
#include "export_dialog.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "pass/stored_tensor.h"
#include "qt/key_edit_session.h"
#include "qt/key_filter_proxy.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "test_support.h"
#include "testload/testload.h"
#include "testload_panel.h"
#include "transform_dialog.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

using namespace sl;
using namespace sl_test;

namespace {

const QString kConv1d = QStringLiteral("h\\.\\d+\\.(attn\\.c_attn|mlp\\.c_fc|mlp\\.c_proj)\\.weight");

std::vector<uint8_t> bytesOf(const TensorSource &source)
{
    std::vector<uint8_t> out(size_t(source.numel() * dtypeSize(source.dtype())));
    auto reader = source.reader();
    size_t done = 0;
    while (size_t n = reader->readBytes(out.data() + done * size_t(dtypeSize(source.dtype())), 4096))
        done += n;
    return out;
}

QPushButton *applyButton(TransformDialog *d)
{
    return d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Apply);
}

} // namespace

class TestTransformDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    std::unique_ptr<MainWindow> openWindow(const QString &name)
    {
        auto w = std::make_unique<MainWindow>();
        w->setQuietErrors(true);
        w->editActions()->setQuietErrors(true);
        if (!w->openFile(path(name + QStringLiteral("_in.pth")))) return nullptr;
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QVERIFY(m_dir.isValid());
        const PythonRun run = runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
    }

    // GPT-2's Conv1D weights transposed through the menu: typed, previewed, applied with Enter.
    void transposeThroughTheMenu()
    {
        auto w = openWindow(QStringLiteral("gpt2_conv1d"));
        QVERIFY(w);
        QAction *action = w->editActions()->transformAction();
        QVERIFY(action->isEnabled());
        QStringList matched;
        QList<QStringList> rows;
        bool checked = false;
        whenModal<TransformDialog>([&](TransformDialog *d) {
            auto *op = d->findChild<QComboBox *>(QStringLiteral("op"));
            QCOMPARE(op->currentData().toString(), QStringLiteral("transpose"));
            auto *match = d->findChild<QLineEdit *>(QStringLiteral("match"));
            QVERIFY(match->isVisible());
            QVERIFY(!d->findChild<QLineEdit *>(QStringLiteral("key"))->isVisible());
            QVERIFY(!applyButton(d)->isEnabled()); // nothing typed yet
            match->setFocus();
            QTest::keyClicks(match, kConv1d);
            QTRY_COMPARE(d->previewRowCount(), 3);
            QVERIFY(d->canApply());
            QVERIFY(applyButton(d)->isEnabled());
            matched = d->matchedKeys();
            for (int r = 0; r < d->previewRowCount(); ++r)
                rows << d->previewRow(r);
            checked = true;
            QTest::keyClick(match, Qt::Key_Return);
        });
        action->trigger();
        QVERIFY(checked);
        QCOMPARE(matched,
                 QStringList({QStringLiteral("h.0.attn.c_attn.weight"), QStringLiteral("h.0.mlp.c_fc.weight"),
                              QStringLiteral("h.0.mlp.c_proj.weight")}));
        QCOMPARE(rows.value(0),
                 QStringList({QStringLiteral("h.0.attn.c_attn.weight"), QStringLiteral("[16, 48]"),
                              QStringLiteral("float32"), QStringLiteral("h.0.attn.c_attn.weight"),
                              QStringLiteral("[48, 16]"), QStringLiteral("float32")}));
        QCOMPARE(rows.value(1).value(1), QStringLiteral("[16, 64]")); // the strided c_fc view
        QCOMPARE(rows.value(1).value(4), QStringLiteral("[64, 16]"));

        KeyEditSession *session = w->session();
        QCOMPARE(session->undoStack()->count(), 1);
        QVERIFY(session->undoStack()->text(0).startsWith(QLatin1String("transpose /")));
        QCOMPARE(session->derivedCount(), 3);

        // The tree shows the derived row; selecting it computes its statistics off the GUI thread.
        const QModelIndex derived =
            w->keyTree()->model()->indexForKey(QStringLiteral("h.0.attn.c_attn.weight"));
        QVERIFY(derived.isValid());
        QVERIFY(derived.data(DerivedIndexRole).toInt() >= 0);
        QCOMPARE(derived.siblingAtColumn(StateDictModel::Shape).data().toString(),
                 QStringLiteral("[48, 16]"));
        QSignalSpy ready(w->details(), &DetailsPane::statsReady);
        QTreeView *view = w->keyTree()->view();
        view->setCurrentIndex(w->keyTree()->proxy()->mapFromSource(derived));
        QVERIFY(ready.wait(30000));
        QCOMPARE(w->details()->fieldText(QStringLiteral("shape")), QStringLiteral("[48, 16]"));
        QCOMPARE(w->details()->fieldText(QStringLiteral("device")), QStringLiteral("cpu"));
        QVERIFY(w->details()->fieldText(QStringLiteral("key")).contains(QLatin1String("derived: transpose")));
        QVERIFY(!w->details()->fieldText(QStringLiteral("min")).isEmpty());

        session->undoStack()->undo();
        QVERIFY(!session->hasTransforms());
        QCOMPARE(w->keyTree()
                     ->model()
                     ->indexForKey(QStringLiteral("h.0.attn.c_attn.weight"))
                     .siblingAtColumn(StateDictModel::Shape)
                     .data()
                     .toString(),
                 QStringLiteral("[16, 48]"));
        session->undoStack()->redo();
        QCOMPARE(w->keyTree()
                     ->model()
                     ->indexForKey(QStringLiteral("h.0.attn.c_attn.weight"))
                     .siblingAtColumn(StateDictModel::Shape)
                     .data()
                     .toString(),
                 QStringLiteral("[48, 16]"));
    }

    // A rule the plan refuses shows the reason, keeps Apply disabled, and Enter adds nothing;
    // Escape cancels.
    void refusalShowsBeforeApply()
    {
        auto w = openWindow(QStringLiteral("qkv_split_gqa"));
        QVERIFY(w);
        TransformDialog d(w->session());
        d.show();
        d.setRule(QStringLiteral("reshape"), QJsonObject{{QStringLiteral("match"), QStringLiteral("embed")},
                                                         {QStringLiteral("shape"), QJsonArray{7, 7}}});
        QVERIFY(!d.canApply());
        QVERIFY2(d.errorText().contains(QLatin1String("embed")), qPrintable(d.errorText()));
        QVERIFY(!applyButton(&d)->isEnabled());
        QCOMPARE(d.matchedKeys(), QStringList{QStringLiteral("embed")});
        QTest::keyClick(d.findChild<QLineEdit *>(QStringLiteral("match")), Qt::Key_Return);
        QVERIFY(d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));

        // A bad field is named too, before the plan is asked.
        auto *shape = d.findChild<QLineEdit *>(QStringLiteral("shape"));
        shape->setText(QStringLiteral("10, x"));
        QTest::keyClick(shape, Qt::Key_Return);
        QVERIFY2(d.errorText().contains(QLatin1String("shape")), qPrintable(d.errorText()));

        shape->setText(QStringLiteral("-1"));
        QTest::keyClick(shape, Qt::Key_Return);
        QVERIFY2(d.canApply(), qPrintable(d.errorText()));
        QCOMPARE(d.previewRow(0),
                 QStringList({QStringLiteral("embed"), QStringLiteral("[10, 128]"), QStringLiteral("float32"),
                              QStringLiteral("embed"), QStringLiteral("[1280]"), QStringLiteral("float32")}));
        QTest::keyClick(&d, Qt::Key_Escape);
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
        QCOMPARE(w->session()->undoStack()->count(), 0);
    }

    // A split previews each new key with torch's shapes; a key that does not exist is listed as such.
    void splitPreviewsEveryNewKey()
    {
        auto w = openWindow(QStringLiteral("qkv_split_gqa"));
        QVERIFY(w);
        TransformDialog d(w->session());
        d.setRule(QStringLiteral("split"),
                  QJsonObject{{QStringLiteral("key"), QStringLiteral("attn.qkv.weight")},
                              {QStringLiteral("dim"), 0},
                              {QStringLiteral("into"),
                               QJsonArray{QStringLiteral("q"), QStringLiteral("k"), QStringLiteral("v")}},
                              {QStringLiteral("sizes"), QJsonArray{128, 32, 32}}});
        QVERIFY2(d.canApply(), qPrintable(d.errorText()));
        QCOMPARE(d.matchedKeys(), QStringList{QStringLiteral("attn.qkv.weight")});
        QCOMPARE(d.previewRowCount(), 3);
        QCOMPARE(d.previewRow(1),
                 QStringList({QStringLiteral("attn.qkv.weight"), QStringLiteral("[192, 128]"),
                              QStringLiteral("float32"), QStringLiteral("k"), QStringLiteral("[32, 128]"),
                              QStringLiteral("float32")}));
        d.findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("kqv"));
        QTest::keyClick(d.findChild<QLineEdit *>(QStringLiteral("key")), Qt::Key_Return);
        QVERIFY(!d.canApply());
        QVERIFY(d.errorText().contains(QLatin1String("kqv")));
        QVERIFY(d.matchedKeys().value(0).startsWith(QLatin1String("kqv")));
        QVERIFY(d.matchedKeys().value(0) != QLatin1String("kqv"));
    }

    // Export after a transform writes the plan's state dict: torch's keys, order, shapes and bytes.
    void exportWritesTheDerivedStateDict()
    {
        auto w = openWindow(QStringLiteral("gpt2_conv1d"));
        QVERIFY(w);
        QVERIFY(w->editActions()->loadRecipe(path(QStringLiteral("gpt2_conv1d.json"))));
        std::shared_ptr<const Checkpoint> c(w->checkpoint(), [](const Checkpoint *) {});
        ExportDialog dialog(c, w->session(), w.get());
        const QString out = path(QStringLiteral("gpt2_exported.pth"));
        dialog.setOutputPath(out);
        QSignalSpy done(&dialog, &ExportDialog::exported);
        dialog.startExport();
        QVERIFY2(done.wait(30000), qPrintable(dialog.message()));
        std::string error;
        auto mine = Checkpoint::open(out, &error);
        auto torch = Checkpoint::open(path(QStringLiteral("gpt2_conv1d_expected.pth")), &error);
        QVERIFY2(mine && torch, error.c_str());
        QCOMPARE(mine->entries().size(), torch->entries().size());
        for (size_t i = 0; i < torch->entries().size(); ++i) {
            QCOMPARE(mine->entries()[i].key, torch->entries()[i].key);
            const StoredTensor a(mine->file(), mine->entries()[i].tensor),
                b(torch->file(), torch->entries()[i].tensor);
            QCOMPARE(a.shape(), b.shape());
            QVERIFY2(bytesOf(a) == bytesOf(b), torch->entries()[i].key.c_str());
        }
    }

    // Test-load after a transform uses the derived tensors: against torch's converted state dict as the
    // reference, nothing is missing, unexpected or mismatched, and the derived rows read "loaded".
    void testLoadUsesDerivedTensors()
    {
        auto w = openWindow(QStringLiteral("gpt2_conv1d"));
        QVERIFY(w);
        QVERIFY(w->editActions()->loadRecipe(path(QStringLiteral("gpt2_conv1d.json"))));
        TestLoadPanel *panel = w->testLoad();
        panel->setTarget(path(QStringLiteral("gpt2_conv1d_expected.pth")));
        QSignalSpy done(panel, &TestLoadPanel::finished);
        panel->run();
        QVERIFY2(done.size() == 1 || done.wait(60000), qPrintable(panel->summaryText()));
        const TestLoadReport *r = panel->lastReport();
        QVERIFY2(r, qPrintable(panel->summaryText()));
        QVERIFY(r->missing.isEmpty());
        QVERIFY(r->unexpected.isEmpty());
        QVERIFY(r->mismatched.empty());
        const QModelIndex derived = w->keyTree()->model()->indexForKey(QStringLiteral("h.0.mlp.c_fc.weight"));
        QVERIFY(derived.data(DerivedIndexRole).toInt() >= 0);
        QCOMPARE(derived.siblingAtColumn(StateDictModel::Status).data().toString(), QStringLiteral("loaded"));
    }

    // Save Recipe writes the transform rules and Load Recipe brings them back as one step.
    void recipesKeepTransforms()
    {
        auto w = openWindow(QStringLiteral("cast_modules"));
        QVERIFY(w);
        TransformDialog d(w->session());
        d.setRule(QStringLiteral("cast"), QJsonObject{{QStringLiteral("match"), QStringLiteral("enc\\..*")},
                                                      {QStringLiteral("dtype"), QStringLiteral("bfloat16")}});
        QVERIFY2(d.canApply(), qPrintable(d.errorText()));
        QVERIFY(w->editActions()->applyTransform(d.op()));
        const QString recipe = path(QStringLiteral("saved_recipe.json"));
        QVERIFY(w->editActions()->saveRecipe(recipe));
        auto other = openWindow(QStringLiteral("cast_modules"));
        QVERIFY(other && other->editActions()->loadRecipe(recipe));
        QVERIFY(other->session()->keyMap().rules == w->session()->keyMap().rules);
        QCOMPARE(other->session()->derivedCount(), 2);
        QCOMPARE(other->session()->undoStack()->count(), 1);
    }
};

QTEST_MAIN(TestTransformDialog)
#include "tst_transform_dialog.moc"
