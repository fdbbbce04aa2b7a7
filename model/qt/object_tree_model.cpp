#include "qt/object_tree_model.h"

#include "document/checkpoint.h"
#include "document/root_finder.h"
#include "qt/model_roles.h"
#include "report/inspect_report.h"

namespace sl {
namespace {

// How a node's RootPath relates to its parent's, following resolveRootPath(): dict keys and list
// indices add a component; an object's `state` adds none (attributes resolve through it); the rest
// (an object's `args`, set items, keys that are neither str nor int) cannot be reached by a path.
enum class Step : uint8_t { Component, Transparent, Unreachable };

bool isContainer(const sl::Value *v)
{
    switch (v->kind) {
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
    case ValueKind::Dict:
    case ValueKind::Object:
        return true;
    default:
        return false;
    }
}

bool showsArgs(const sl::Value *v)
{
    // An empty argument tuple (NEWOBJ of a plain class such as argparse.Namespace) is noise.
    return v->args && !(v->args->isSequence() && v->args->items.empty());
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

struct ObjectTreeModel::Node
{
    const sl::Value *value = nullptr;
    Node *parent = nullptr;
    int row = 0;
    QString name;
    Step step = Step::Component;
    bool reachable = true; // every step from the top is a Component or Transparent
    bool cycle = false;    // the value is already on the path to the top: shown as a leaf
    bool built = false;
    int8_t candidate = -1; // IsRootCandidateRole, computed on first ask
    int depth = 0;         // path components from the top
    std::vector<std::unique_ptr<Node>> children;
};

ObjectTreeModel::ObjectTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(new Node)
{
    m_root->built = true;
}

ObjectTreeModel::~ObjectTreeModel() = default;

void ObjectTreeModel::setCheckpoint(const Checkpoint *checkpoint)
{
    beginResetModel();
    m_checkpoint = checkpoint;
    m_root.reset(new Node);
    m_root->built = true;
    if (checkpoint && checkpoint->file().top) {
        auto top = std::make_unique<Node>();
        top->value = checkpoint->file().top;
        top->parent = m_root.get();
        top->name = tr("(top level)");
        m_root->children.push_back(std::move(top));
    }
    endResetModel();
}

int ObjectTreeModel::childCount(const Node *node) const
{
    if (node == m_root.get()) return int(node->children.size());
    const sl::Value *v = node->value;
    if (node->cycle || !v) return 0;
    switch (v->kind) {
    case ValueKind::Dict: // an OrderedDict's own attributes (_metadata) are bookkeeping, not shown
        return int(v->dictSize());
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
        return int(v->items.size());
    case ValueKind::Object:
        return int(showsArgs(v)) + int(v->state != nullptr) + int(v->items.size());
    default:
        return 0;
    }
}

void ObjectTreeModel::ensureChildren(Node *node) const
{
    if (node->built) return;
    node->built = true;
    const sl::Value *v = node->value;
    if (node->cycle || !v) return;
    const int count = childCount(node);
    node->children.reserve(size_t(count));
    auto add = [&](const sl::Value *child, QString name, Step step) {
        auto n = std::make_unique<Node>();
        n->value = child;
        n->parent = node;
        n->row = int(node->children.size());
        n->name = std::move(name);
        n->step = step;
        n->reachable = node->reachable && step != Step::Unreachable;
        n->depth = node->depth + (step == Step::Component);
        if (child && isContainer(child))
            for (const Node *up = node; up && !n->cycle; up = up->parent)
                n->cycle = up->value == child;
        node->children.push_back(std::move(n));
    };
    switch (v->kind) {
    case ValueKind::Dict:
        for (size_t i = 0; i < v->dictSize(); ++i) {
            const sl::Value *key = v->dictKey(i);
            if (key->kind == ValueKind::String)
                add(v->dictValue(i), qs(key->text), Step::Component);
            else if (key->kind == ValueKind::Int)
                add(v->dictValue(i), QString::number(key->integer), Step::Component);
            else
                add(v->dictValue(i), qs(valueSummary(key)), Step::Unreachable);
        }
        break;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
        for (size_t i = 0; i < v->items.size(); ++i)
            add(v->items[i], QString::number(i),
                v->kind == ValueKind::Set ? Step::Unreachable : Step::Component);
        break;
    case ValueKind::Object:
        if (showsArgs(v)) add(v->args, QStringLiteral("args"), Step::Unreachable);
        if (v->state) add(v->state, QStringLiteral("state"), Step::Transparent);
        // Items a list subclass appended, and NEWOBJ_EX keyword arguments.
        for (size_t i = 0; i < v->items.size(); ++i)
            add(v->items[i], QString::number(i), Step::Unreachable);
        break;
    default:
        break;
    }
    Q_ASSERT(int(node->children.size()) == count);
}

ObjectTreeModel::Node *ObjectTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ObjectTreeModel::indexOf(const Node *node) const
{
    if (!node || node == m_root.get()) return {};
    return createIndex(node->row, 0, const_cast<Node *>(node));
}

QModelIndex ObjectTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0)) return {};
    Node *p = nodeOf(parent);
    if (row < 0 || row >= childCount(p)) return {};
    ensureChildren(p);
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ObjectTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid()) return {};
    return indexOf(nodeOf(child)->parent);
}

int ObjectTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) return 0;
    return childCount(nodeOf(parent));
}

int ObjectTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ObjectTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QStringList ObjectTreeModel::pathOf(const Node *node) const
{
    QStringList path;
    path.reserve(node->depth);
    for (; node && node != m_root.get() && node->parent != m_root.get(); node = node->parent)
        if (node->step == Step::Component) path.prepend(node->name);
    return path;
}

bool ObjectTreeModel::isRootCandidate(Node *node) const
{
    if (node->candidate < 0) {
        const sl::Value *v = node->value;
        bool yes = false;
        if (node->reachable && !node->cycle && v) {
            if (v->kind == ValueKind::Dict || v->kind == ValueKind::Object)
                yes = isRootCandidateNode(v);
            else if (v->kind == ValueKind::Tensor)
                yes = node->parent == m_root.get(); // a file that is one bare tensor
        }
        node->candidate = yes ? 1 : 0;
    }
    return node->candidate == 1;
}

QString ObjectTreeModel::typeText(const Node *node) const
{
    const sl::Value *v = node->value;
    if (!v) return QStringLiteral("None");
    switch (v->kind) {
    case ValueKind::Dict:
        return v->ordered ? QStringLiteral("OrderedDict") : QStringLiteral("dict");
    case ValueKind::Object:
        return qs(v->text); // the class, e.g. argparse.Namespace
    default:
        return QLatin1String(valueKindName(v->kind));
    }
}

QString ObjectTreeModel::valueText(const Node *node) const
{
    const sl::Value *v = node->value;
    if (node->cycle) return tr("<cycle>");
    if (!v) return QStringLiteral("None");
    switch (v->kind) {
    case ValueKind::Tensor: {
        const TensorRef &t = m_checkpoint->file().tensors.at(size_t(v->tensorIndex));
        return QStringLiteral("tensor ") + shapeText(t.shape) + QLatin1Char(' ') +
               QLatin1String(dtypeName(t.dtype));
    }
    case ValueKind::Dict:
        return tr("%Ln key(s)", nullptr, int(v->dictSize()));
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
        return tr("%Ln item(s)", nullptr, int(v->items.size()));
    case ValueKind::Object:
        return {}; // the class is in the Type column, the contents below
    default:
        return qs(valueSummary(v));
    }
}

QVariant ObjectTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    Node *node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case Name:
            return node->name;
        case Type:
            return typeText(node);
        case Value:
            return valueText(node);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Value && node->value && node->value->kind == ValueKind::String)
            return qs(node->value->text); // the Value column shortens long strings
        if (index.column() == Name && node->cycle)
            return tr("This container holds itself; it is shown once, higher up.");
        return {};
    case PathRole:
        return node->reachable ? QVariant(pathOf(node)) : QVariant();
    case IsRootCandidateRole:
        return isRootCandidate(node);
    case TensorIndexRole:
        return node->value && node->value->kind == ValueKind::Tensor ? int(node->value->tensorIndex) : -1;
    default:
        return {};
    }
}

QVariant ObjectTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case Value:
        return tr("Value");
    default:
        return {};
    }
}

ObjectTreeModel::Node *ObjectTreeModel::findPath(Node *node, const QStringList &path) const
{
    if (node->depth == path.size()) return node;
    ensureChildren(node);
    for (const auto &c : node->children) {
        Node *child = c.get();
        if (!child->reachable) continue;
        if (child->step == Step::Transparent) {
            if (Node *found = findPath(child, path)) return found;
        } else if (child->name == path.at(node->depth)) {
            // The first match, as resolveRootPath() takes the first equal dict key.
            return findPath(child, path);
        }
    }
    return nullptr;
}

QModelIndex ObjectTreeModel::indexForPath(const QStringList &path) const
{
    if (m_root->children.empty()) return {};
    return indexOf(findPath(m_root->children.front().get(), path));
}

} // namespace sl
