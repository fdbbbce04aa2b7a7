#pragma once
// The state-dict browser: a filter box over the key tree (or flat list), with selection reported
// as an entry or a module.

#include <QWidget>

#include <vector>

class QCheckBox;
class QLineEdit;
class QTimer;
class QTreeView;

namespace sl {

class Checkpoint;
class KeyEditSession;
class KeyFilterProxy;
struct TestLoadReport;
class StateDictModel;

class KeyTreePane : public QWidget
{
    Q_OBJECT
public:
    explicit KeyTreePane(QWidget *parent = nullptr);

    void setCheckpoint(const Checkpoint *checkpoint);
    // Shows the session's renamed and dropped keys, keeping selection and expansion across edits.
    void setSession(KeyEditSession *session);
    void setShowDropped(bool show);
    // Opens the inline editor on the current row's name (F2).
    void editCurrentName();
    // The selected rows as (current key or module prefix, is a tensor), dropped rows left out.
    std::vector<std::pair<QString, bool>> selectedKeys() const;
    // Selects the row of an entry (index into Checkpoint::entries()).
    bool selectEntry(int entryIndex);
    // Fills the Status column and the ghost rows of missing keys from a test-load; nullptr clears.
    void showTestLoad(const TestLoadReport *report);
    void setProblemsOnly(bool on);
    void setFlat(bool flat);
    bool isFlat() const;
    void focusFilter();
    void setFilterText(const QString &text);
    // Selects the first tensor in view order; returns false when there is none.
    bool selectFirstTensor();
    void expandAll();
    void collapseAll();

    QTreeView *view() const { return m_view; }
    StateDictModel *model() const { return m_model; }
    KeyFilterProxy *proxy() const { return m_proxy; }

Q_SIGNALS:
    void entrySelected(int entryIndex);
    // A derived tensor's row: its index into the session's TransformPlan::tensors.
    void derivedSelected(int planIndex);
    void moduleSelected(const QString &prefix, const std::vector<int> &entryIndices);
    void selectionCleared();
    void renameRequested(const QString &key, const QString &newKey);
    void missingKeySelected(const QString &key, const QString &detail);

private:
    // Expansion and the current row, remembered by entry so that they survive renames and undo.
    struct ViewState
    {
        std::vector<std::pair<int, int>> expanded; // (an entry below the node, depth of the node)
        std::pair<int, int> current{-1, -1};
    };
    ViewState saveViewState() const;
    void restoreViewState(const ViewState &state);
    QModelIndex ancestorAtDepth(const QModelIndex &leaf, int depth) const;
    void refreshMapping();
    void applyFilter();
    void onCurrentChanged();
    void fitColumns();

    StateDictModel *m_model;
    KeyFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_regex;
    QCheckBox *m_flat;
    QCheckBox *m_problems;
    QTreeView *m_view;
    QTimer *m_filterDelay;
    KeyEditSession *m_session = nullptr;
    bool m_showDropped = true;
};

} // namespace sl
