#pragma once
// The whole decoded object tree of a Checkpoint (dicts, lists, objects, scalars, tensors) as an item
// model, built lazily as views ask for rows, so the user can see everything and pick the state-dict root.

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>
#include <vector>

namespace sl {

class Checkpoint;
struct Value;

class ObjectTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Value, ColumnCount };

    explicit ObjectTreeModel(QObject *parent = nullptr);
    ~ObjectTreeModel() override;

    // Shows the object tree of `checkpoint` under one top-level row (a model reset); nullptr clears.
    // The model keeps the pointer: call again (or with nullptr) before the checkpoint is destroyed.
    void setCheckpoint(const Checkpoint *checkpoint);
    const Checkpoint *checkpoint() const { return m_checkpoint; }

    // The node whose PathRole equals `path` ({} is the top-level row); invalid if there is none.
    QModelIndex indexForPath(const QStringList &path) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node) const;
    int childCount(const Node *node) const;
    void ensureChildren(Node *node) const;
    Node *findPath(Node *node, const QStringList &path) const;
    QStringList pathOf(const Node *node) const;
    bool isRootCandidate(Node *node) const;
    QString typeText(const Node *node) const;
    QString valueText(const Node *node) const;

    const Checkpoint *m_checkpoint = nullptr;
    // The invisible root. Children are made on first access; views never see that as a change,
    // because rowCount() counts them from the value without making them.
    std::unique_ptr<Node> m_root;
};

} // namespace sl
