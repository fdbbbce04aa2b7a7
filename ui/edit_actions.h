#pragma once
// The Edit menu: rename, prefixes, find and replace, tensor transforms, drop, undo and redo, recipes
// and "Copy as Python". Every action becomes one rule on the KeyEditSession, so each is one undoable step.

#include <QObject>

class QAction;
class QMenu;
class QUndoView;
class QWidget;

namespace sl {

class KeyEditSession;
struct TensorOp;
class KeyTreePane;

class EditActions : public QObject
{
    Q_OBJECT
public:
    EditActions(KeyEditSession *session, KeyTreePane *keys, QWidget *window);

    void populateEditMenu(QMenu *menu);
    void populateFileMenu(QMenu *menu); // recipe load/save
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *stripCommonPrefixAction() const { return m_stripCommon; }
    // Enabled when the keys carry wrapper components (module., _orig_mod., _fsdp_wrapped_module., ...).
    QAction *stripWrappersAction() const { return m_stripWrappers; }
    QUndoView *createHistoryView(QWidget *parent) const;

    // Public for tests and the key tree's inline editor.
    bool renameKey(const QString &currentKey, const QString &newKey);
    bool dropSelection();
    bool stripCommonPrefix();
    bool stripWrappers();
    bool loadRecipe(const QString &path);
    // Adds the transform as one undoable step (named by TensorOp::description()).
    bool applyTransform(const TensorOp &op);
    QAction *transformAction() const { return m_transform; }
    // Writes the rules atomically and marks the edits saved.
    bool saveRecipe(const QString &path);
    // Asks for the file first; false when cancelled or refused.
    bool saveRecipeInteractively();
    // The prefix every remaining key shares, from the usual wrappers; empty when there is none.
    QString commonKnownPrefix() const;
    QString lastError() const { return m_lastError; }
    void setQuietErrors(bool quiet) { m_quiet = quiet; }

Q_SIGNALS:
    void edited();

private:
    void refreshActions();
    bool push(bool ok, const QString &error);
    void askPrefix(bool strip);
    void openRegexDialog();
    void openTransformDialog();
    void copyAsPython();

    KeyEditSession *m_session;
    KeyTreePane *m_keys;
    QWidget *m_window;
    QAction *m_undo, *m_redo, *m_rename, *m_drop, *m_stripCommon, *m_stripPrefix, *m_addPrefix;
    QAction *m_regex, *m_transform, *m_showDropped, *m_copyPython, *m_loadRecipe, *m_saveRecipe,
        *m_stripWrappers;
    QString m_lastError;
    bool m_quiet = false;
};

} // namespace sl
