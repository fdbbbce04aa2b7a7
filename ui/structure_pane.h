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

    QTreeView *view() const { return m_view; }
    ObjectTreeModel *model() const { return m_model; }

Q_SIGNALS:
    void rootChosen(const QStringList &path);

private:
    void updateButton();

    ObjectTreeModel *m_model;
    QTreeView *m_view;
    QLabel *m_rootLabel;
    QPushButton *m_useAsRoot;
};

} // namespace sl
