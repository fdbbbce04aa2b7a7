#pragma once
// The whole checkpoint object as a tree (dicts, lists, scalars, opaque objects), where the user
// picks which node is the state-dict root.

#include <QStringList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace sl {

class Checkpoint;
class ObjectTreeModel;

class StructurePane : public QWidget
{
    Q_OBJECT
public:
    explicit StructurePane(QWidget *parent = nullptr);

    void setCheckpoint(const Checkpoint *checkpoint);
    // Marks and selects the node at `path` (the current root).
    void showRoot(const QStringList &path);

    // Both bring the tree up to date first (see setCheckpoint).
    QTreeView *view();
    ObjectTreeModel *model();

Q_SIGNALS:
    void rootChosen(const QStringList &path);
    // The current node is a tensor (index into the file's tensors), named by its path.
    void tensorSelected(int tensorIndex, const QString &path);
    // The current node is something else, or nothing.
    void selectionCleared();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateButton();
    void reportCurrent();
    void catchUp();
    void selectRoot();

    const Checkpoint *m_checkpoint = nullptr;
    QStringList m_rootPath;
    bool m_stale = false; // m_checkpoint and m_rootPath are not in the tree yet

    ObjectTreeModel *m_model;
    QTreeView *m_view;
    QLabel *m_rootLabel;
    QPushButton *m_useAsRoot;
};

} // namespace sl
