#include "edit_actions.h"

#include "document/checkpoint.h"
#include "key_tree_pane.h"
#include "keymap/python_snippet.h"
#include "qt/key_edit_session.h"
#include "regex_dialog.h"
#include "transform_dialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoStack>
#include <QUndoView>

namespace sl {
namespace {
// Prefixes that wrappers add: DataParallel/DDP, torch.compile, Lightning modules, timm/mmdet.
const char *const kKnownPrefixes[] = {"module.", "_orig_mod.", "model.", "backbone."};
} // namespace

EditActions::EditActions(KeyEditSession *session, KeyTreePane *keys, QWidget *window)
    : QObject(window), m_session(session), m_keys(keys), m_window(window)
{
    QUndoStack *stack = session->undoStack();
    m_undo = stack->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
    m_redo = stack->createRedoAction(this, tr("&Redo"));
    // The platform's own list (Ctrl+Shift+Z and Ctrl+Y on X11), with Ctrl+Shift+Z everywhere, each
    // sequence once: naming one twice made it ambiguous and Redo dead.
    QList<QKeySequence> redo = QKeySequence::keyBindings(QKeySequence::Redo);
    const QKeySequence shiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
    if (!redo.contains(shiftZ)) redo.prepend(shiftZ);
    m_redo->setShortcuts(redo);
    m_redo->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));

    m_rename = new QAction(tr("Re&name…"), this);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setToolTip(tr("Rename the selected key; renaming a module renames its whole subtree (F2)"));
    connect(m_rename, &QAction::triggered, this, [this] { m_keys->editCurrentName(); });

    m_drop = new QAction(tr("&Drop Keys"), this);
    m_drop->setShortcut(QKeySequence::Delete);
    m_drop->setToolTip(tr("Leave the selected keys or modules out of the export and test-load (Delete)"));
    connect(m_drop, &QAction::triggered, this, &EditActions::dropSelection);

    m_stripCommon = new QAction(QIcon(QStringLiteral(":/icons/strip.svg")), tr("Strip Common Prefix"), this);
    m_stripCommon->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    connect(m_stripCommon, &QAction::triggered, this, &EditActions::stripCommonPrefix);
    m_stripWrappers = new QAction(QIcon(QStringLiteral(":/icons/strip.svg")), tr("Strip &Wrappers"), this);
    connect(m_stripWrappers, &QAction::triggered, this, &EditActions::stripWrappers);
    m_stripPrefix = new QAction(tr("&Strip Prefix…"), this);
    connect(m_stripPrefix, &QAction::triggered, this, [this] { askPrefix(true); });
    m_addPrefix = new QAction(tr("&Add Prefix…"), this);
    connect(m_addPrefix, &QAction::triggered, this, [this] { askPrefix(false); });
    m_regex = new QAction(tr("&Find and Replace…"), this);
    m_regex->setShortcut(QKeySequence(tr("Ctrl+H")));
    connect(m_regex, &QAction::triggered, this, &EditActions::openRegexDialog);
    m_transform = new QAction(tr("&Transform…"), this);
    m_transform->setShortcut(QKeySequence(tr("Ctrl+Shift+X")));
    m_transform->setToolTip(tr("Transpose, reshape, split, concatenate, stack, slice, pad or cast tensors, "
                               "with a preview of every shape and dtype (Ctrl+Shift+X)"));
    connect(m_transform, &QAction::triggered, this, &EditActions::openTransformDialog);

    m_showDropped = new QAction(tr("Show Dropped Keys"), this);
    m_showDropped->setCheckable(true);
    m_showDropped->setChecked(true);
    m_showDropped->setToolTip(tr("Show dropped keys greyed out instead of hiding them"));
    connect(m_showDropped, &QAction::toggled, m_keys, &KeyTreePane::setShowDropped);

    m_copyPython = new QAction(tr("Copy as &Python"), this);
    m_copyPython->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    m_copyPython->setToolTip(
        tr("Copy the mapping as mmengine revise_keys, transformers key_mapping and a dict comprehension"));
    connect(m_copyPython, &QAction::triggered, this, &EditActions::copyAsPython);

    m_loadRecipe = new QAction(tr("&Load Recipe…"), this);
    connect(m_loadRecipe, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Load Recipe"), QString(),
                                                          tr("StateLens recipes (*.json);;All files (*)"));
        if (!path.isEmpty()) loadRecipe(path);
    });
    m_saveRecipe = new QAction(tr("Sa&ve Recipe…"), this);
    connect(m_saveRecipe, &QAction::triggered, this, &EditActions::saveRecipeInteractively);

    connect(m_session, &KeyEditSession::mappingChanged, this, &EditActions::refreshActions);
    connect(m_keys, &KeyTreePane::renameRequested, this, &EditActions::renameKey);
    refreshActions();
}

void EditActions::populateEditMenu(QMenu *menu)
{
    menu->addAction(m_undo);
    menu->addAction(m_redo);
    menu->addSeparator();
    menu->addAction(m_rename);
    menu->addAction(m_regex);
    menu->addAction(m_transform);
    menu->addAction(m_stripCommon);
    menu->addAction(m_stripWrappers);
    menu->addAction(m_stripPrefix);
    menu->addAction(m_addPrefix);
    menu->addAction(m_drop);
    menu->addSeparator();
    menu->addAction(m_showDropped);
    menu->addAction(m_copyPython);
}

void EditActions::populateFileMenu(QMenu *menu)
{
    menu->addAction(m_loadRecipe);
    menu->addAction(m_saveRecipe);
}

QUndoView *EditActions::createHistoryView(QWidget *parent) const
{
    auto *view = new QUndoView(m_session->undoStack(), parent);
    view->setEmptyLabel(tr("<original keys>"));
    return view;
}

QString EditActions::commonKnownPrefix() const
{
    for (const char *p : kKnownPrefixes) {
        const QString prefix = QLatin1String(p);
        bool all = false;
        for (const MappedKey &m : m_session->mapping()) {
            if (m.dropped) continue;
            if (!m.to.startsWith(prefix)) {
                all = false;
                break;
            }
            all = true;
        }
        if (all) return prefix;
    }
    return {};
}

void EditActions::refreshActions()
{
    const bool open = m_session->checkpoint() && !m_session->mapping().empty();
    const QString common = open ? commonKnownPrefix() : QString();
    m_stripCommon->setEnabled(!common.isEmpty());
    m_stripCommon->setText(common.isEmpty() ? tr("Strip Common Prefix")
                                            : tr("Strip Common Prefix '%1'").arg(common));
    m_stripCommon->setToolTip(
        common.isEmpty()
            ? tr("No known wrapper prefix (module., _orig_mod., model., backbone.) is shared by every key")
            : tr("Remove '%1' from every key (Ctrl+Shift+P)").arg(common));
    QStringList keys;
    for (const MappedKey &m : m_session->mapping())
        if (!m.dropped) keys << m.to;
    const QStringList wrappers = open ? wrappersIn(keys) : QStringList();
    m_stripWrappers->setEnabled(!wrappers.isEmpty());
    m_stripWrappers->setToolTip(
        wrappers.isEmpty()
            ? tr("No wrapper components (module., _orig_mod., _fsdp_wrapped_module., …) "
                 "in the keys")
            : tr("Remove %1 wherever they stand in the keys").arg(wrappers.join(QLatin1String(", "))));
    for (QAction *a : {m_rename, m_drop, m_stripPrefix, m_addPrefix, m_regex, m_transform, m_copyPython,
                       m_saveRecipe, m_loadRecipe})
        a->setEnabled(open);
}

bool EditActions::push(bool ok, const QString &error)
{
    if (ok) {
        m_lastError.clear();
        Q_EMIT edited();
        return true;
    }
    m_lastError = error;
    if (!m_quiet) QMessageBox::warning(m_window, tr("Edit Refused"), error);
    return false;
}

bool EditActions::renameKey(const QString &currentKey, const QString &newKey)
{
    if (newKey.isEmpty() || newKey == currentKey) return false;
    QString error;
    return push(m_session->addRule(KeyRule::rename(currentKey, newKey), &error), error);
}

bool EditActions::dropSelection()
{
    std::vector<KeyRule> rules;
    QStringList names;
    for (const auto &[key, isLeaf] : m_keys->selectedKeys()) {
        const QString escaped = QRegularExpression::escape(key);
        rules.push_back(KeyRule::drop(isLeaf ? escaped : escaped + QStringLiteral("\\..*")));
        names << key;
    }
    if (rules.empty()) return false;
    QString error;
    const QString text = names.size() == 1 ? tr("drop '%1'").arg(names.first())
                                           : tr("drop %n keys or modules", nullptr, int(names.size()));
    return push(m_session->addRules(rules, text, &error), error);
}

bool EditActions::stripWrappers()
{
    if (!m_stripWrappers->isEnabled()) return false;
    QString error;
    return push(m_session->addRule(KeyRule::stripWrappers(), &error), error);
}

bool EditActions::stripCommonPrefix()
{
    const QString prefix = commonKnownPrefix();
    if (prefix.isEmpty()) return false;
    QString error;
    return push(m_session->addRule(KeyRule::stripPrefix(prefix), &error), error);
}

void EditActions::askPrefix(bool strip)
{
    // A selected module scopes the edit to its subtree.
    QString scope;
    const auto selected = m_keys->selectedKeys();
    if (selected.size() == 1 && !selected.front().second) scope = selected.front().first + QLatin1Char('.');
    bool ok = false;
    const QString where = scope.isEmpty() ? tr("every key") : tr("keys under %1").arg(scope);
    const QString prefix = QInputDialog::getText(
        m_window, strip ? tr("Strip Prefix") : tr("Add Prefix"),
        strip ? tr("Prefix to remove from %1:").arg(where) : tr("Prefix to add to %1:").arg(where),
        QLineEdit::Normal, strip ? (scope.isEmpty() ? commonKnownPrefix() : scope) : QStringLiteral("model."),
        &ok);
    if (!ok || prefix.isEmpty()) return;
    QString error;
    push(m_session->addRule(strip ? KeyRule::stripPrefix(prefix, scope) : KeyRule::addPrefix(prefix, scope),
                            &error),
         error);
}

void EditActions::openRegexDialog()
{
    RegexDialog dialog(m_session, m_window);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    push(m_session->addRule(dialog.rule(), &error), error);
}

void EditActions::openTransformDialog()
{
    TransformDialog dialog(m_session, m_window);
    if (dialog.exec() != QDialog::Accepted || !dialog.canApply()) return;
    applyTransform(dialog.op());
}

bool EditActions::applyTransform(const TensorOp &op)
{
    QString error;
    return push(m_session->addRule(KeyRule::transform(op), &error), error);
}

void EditActions::copyAsPython()
{
    QApplication::clipboard()->setText(pythonSnippet(m_session->keyMap(), m_session->mapping()));
}

bool EditActions::loadRecipe(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return push(false, tr("Cannot read %1: %2").arg(path, f.errorString()));
    KeyMap map;
    QString error;
    if (!KeyMap::fromJson(f.readAll(), map, &error))
        return push(false, tr("%1: %2").arg(QFileInfo(path).fileName(), error));
    return push(m_session->replaceRules(map, tr("load recipe %1").arg(QFileInfo(path).fileName()), &error),
                error);
}

bool EditActions::saveRecipe(const QString &path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(m_session->keyMap().toJson()) < 0 || !f.commit())
        return push(false, tr("Cannot write %1: %2").arg(path, f.errorString()));
    m_lastError.clear();
    m_session->undoStack()->setClean(); // the edits are kept in the recipe now
    return true;
}

bool EditActions::saveRecipeInteractively()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save Recipe"), QStringLiteral("recipe.json"), tr("StateLens recipes (*.json)"));
    return !path.isEmpty() && saveRecipe(path);
}

} // namespace sl
