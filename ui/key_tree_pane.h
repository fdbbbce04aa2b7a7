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
class KeyFilterProxy;
class StateDictModel;

class KeyTreePane : public QWidget
{
    Q_OBJECT
public:
    explicit KeyTreePane(QWidget *parent = nullptr);

    void setCheckpoint(const Checkpoint *checkpoint);
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
    void moduleSelected(const QString &prefix, const std::vector<int> &entryIndices);
    void selectionCleared();

private:
    void applyFilter();
    void onCurrentChanged();
    void fitColumns();

    StateDictModel *m_model;
    KeyFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_regex;
    QCheckBox *m_flat;
    QTreeView *m_view;
    QTimer *m_filterDelay;
};

} // namespace sl
