#pragma once
// The state dict of a Checkpoint as an item model: keys split at '.' into a module tree (or a flat
// list), with shape, dtype, device, parameter count, bytes, a test-load status and, after a scan,
// each tensor's statistics per row.

#include "qt/scan_columns.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sl {

class Checkpoint;
struct MissingTensor;
struct MappedKey;
struct TestLoadReport;
struct TransformPlan;

class StateDictModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Shape,
        DType,
        Device,
        Parameters,
        Size,
        Status,
        // Filled by setScanFigures(); empty before a scan.
        ScanMin,
        ScanMax,
        ScanMean,
        ScanStd,
        ScanNaN,
        ScanInf,
        ScanZeros,
        ColumnCount
    };

    explicit StateDictModel(QObject *parent = nullptr);
    ~StateDictModel() override;

    // Shows the entries of `checkpoint` (a model reset); nullptr clears. The model keeps the pointer:
    // call again after Checkpoint::setRoot() or before the checkpoint is destroyed.
    void setCheckpoint(const Checkpoint *checkpoint);
    const Checkpoint *checkpoint() const { return m_checkpoint; }

    // Shows the keys as renamed by the edit rules (one MappedKey per entry, in entries() order);
    // dropped keys are shown greyed when `showDropped`, hidden otherwise. nullptr: the saved keys.
    // A model reset; the pointer must stay valid until the next call.
    void setMapping(const std::vector<MappedKey> *mapping, bool showDropped);
    // The same for a recipe with transforms: the plan's resulting state dict, in its order, with derived
    // tensors as rows of their own (their new shape and dtype, italic, the steps in the tooltip) and
    // the inputs they consumed shown like dropped keys, marked "transformed". Totals count what an
    // export writes. nullptr: as setMapping(nullptr). The plan must stay valid until the next call.
    void setPlan(const TransformPlan *plan, bool showDropped);

    // Flat: one top-level row per key, named by the full key. Tree: module rows. A model reset.
    void setFlat(bool flat);
    bool isFlat() const { return m_flat; }

    // The row of the entry (index into Checkpoint::entries()), or invalid when it is hidden.
    QModelIndex indexForEntry(int entry) const;

    // The row of a leaf with this full key or, in tree mode, of the module with this prefix.
    QModelIndex indexForKey(const QString &key) const;

    // Fills the Status column (full key or module prefix -> text); keys not in the map show nothing.
    // Emits dataChanged for the rows whose text changes. setCheckpoint() clears the statuses.
    void setStatuses(const QHash<QString, QString> &statusByKey);

    // The verdicts of a test-load on the keys as currently shown (TestLoadVerdictRole,
    // TestLoadDetailRole, the Status column), and ghost rows, with the architecture's shape and
    // dtype, for the keys the target wants that the checkpoint lacks. The report is copied; call
    // again after the mapping changes. A model reset; nullptr clears.
    void setTestLoadReport(const TestLoadReport *report);
    bool hasTestLoadStatus() const { return !m_keyStatus.isEmpty() || !m_ghosts.empty(); }

    // One ScanFigures per entry (Checkpoint::entries() order) for the statistics columns; rows with
    // NaN or Inf, and the module rows above them, are marked (IsScanProblemRole). Empty clears;
    // setCheckpoint() clears too.
    void setScanFigures(std::vector<ScanFigures> figures);
    // The figures of entries first, first + 1, ... while a scan runs: their cells fill and the marks
    // follow, with dataChanged for just those rows and the module rows whose mark changes. Ignored
    // unless `first` is the number of entries that already have figures (batches come in order).
    void addScanFigures(int first, std::vector<ScanFigures> figures);
    bool hasScan() const { return !m_scan.isEmpty(); }

    // For KeyFilterProxy, which asks about every row on every keystroke: the full key of a tensor or
    // ghost row, or nullptr for a module row; no QVariant or index check on the way (IsLeafRole and
    // KeyRole through data() made up most of a keystroke's filtering).
    const QString *leafKeyAt(int row, const QModelIndex &parent) const;
    // IsProblemRole of that row.
    bool isProblemAt(int row, const QModelIndex &parent) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Editing a name does not change the model: it asks for a rename rule, and the new mapping
    // arrives through setMapping().
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // `key` is the current full key (or module prefix), `newKey` what the user typed made of it.
    void renameRequested(const QString &key, const QString &newKey);

private:
    // One row. Nodes live in m_nodes, node 0 is the invisible root; children come after parents.
    struct Node
    {
        QString name;   // last key component; module rows: the component
        QString key;    // full key, or the module prefix
        QString shape;  // leaves only
        QString size;   // byteSizeText of `bytes`
        QString device; // the single device of all tensors below, or empty
        int parent = -1;
        int row = 0;      // row under `parent` in tree mode
        int flatRow = -1; // leaves: row under the root in flat mode
        int entry = -1;   // index into Checkpoint::entries(); -1 for modules and derived tensors
        int derived = -1; // derived tensors: index into the plan's tensors
        int tensor = -1;
        int dtype = -1; // a DType below, or kNone/kMixed
        int64_t parameters = 0;
        int64_t bytes = 0;
        std::vector<int> children;
        bool dropped = false;
        bool renamed = false;
        bool ghost = false;
        bool transformed = false; // an input a transform consumed (dropped too)
        QString original;         // leaves: the key as saved; derived: the steps that made it
    };

    // The tree is built in steps that share one scratch state, defined in the .cpp.
    struct BuildState;
    void build();
    int addNode(BuildState &state, int parent, std::string_view name, QString key);
    int addLeaf(BuildState &state, const std::string &key);
    void addEntries(BuildState &state);
    void addEntry(BuildState &state, size_t entry, const MappedKey *mapped, const std::string &key);
    void addPlanEntries(BuildState &state);
    void addDerived(BuildState &state, size_t index);
    static bool isLeaf(const Node &n) { return n.entry >= 0 || n.ghost || n.derived >= 0; }
    void addGhosts(BuildState &state);
    void sumSubtrees(BuildState &state);
    int nodeOf(const QModelIndex &index) const;
    int nodeForKey(const QString &key) const;
    int rowOf(int node) const;
    void announceRows(const std::vector<int> &nodes, int firstColumn);
    const std::vector<int> &childrenOf(int node) const;
    QVariant display(const Node &n, int column) const;
    const Node *childNode(int row, const QModelIndex &parent) const;

    const Checkpoint *m_checkpoint = nullptr;
    const std::vector<MappedKey> *m_mapping = nullptr;
    const TransformPlan *m_plan = nullptr; // with derived tensors, else nullptr
    bool m_showDropped = true;
    bool m_flat = false;
    std::vector<Node> m_nodes;
    std::vector<int> m_flatRows;             // leaves in entry order
    std::vector<int> m_nodeOfEntry;          // entry -> leaf node, -1 when hidden
    mutable QHash<QString, int> m_nodeByKey; // filled by nodeForKey()
    QHash<QString, QString> m_statuses;
    struct KeyStatus
    {
        int verdict = 0; // a TestLoadVerdict
        QString detail;
        bool problem() const;
    };
    void computeVerdicts(const TestLoadReport &report);
    QString verdictText(int verdict) const;

    QHash<QString, KeyStatus> m_keyStatus;
    std::vector<MissingTensor> m_ghosts;
    ScanColumns m_scan; // the columns from ScanMin on
};

} // namespace sl
