#pragma once
// Edit ▸ Transform…: one tensor op (transpose, reshape, split, concat, permute_rotary, stack, unstack,
// slice, pad, cast) with its fields, a live list of the keys it matches and a preview of every affected
// key's shape and dtype before and after, planned with the session's rules plus this one. A refused
// rule shows its reason here and Apply stays disabled.

#include "keymap/tensor_op.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTableWidget;
class QTimer;
class QWidget;

namespace sl {

class KeyEditSession;
struct TransformPlan;

class TransformDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TransformDialog(KeyEditSession *session, QWidget *parent = nullptr);

    // Picks the op by its recipe name ("transpose", "permute_rotary", ...) and fills in `fields` as a
    // recipe rule would hold them (e.g. {"match": "...", "dims": [0, 1]}); for tests and presets.
    void setRule(const QString &op, const QJsonObject &fields);
    // The op as the fields describe it; valid when canApply().
    TensorOp op() const { return m_op; }
    bool canApply() const { return m_ok; }
    // What blocks Apply (a field or the plan's one-line refusal); empty when it can apply.
    QString errorText() const { return m_error; }
    QStringList matchedKeys() const;
    int previewRowCount() const;
    // Row `row` of the preview: before key, shape, dtype, then after key, shape, dtype.
    QStringList previewRow(int row) const;

private:
    QWidget *buildFields();
    void createFieldWidgets(QWidget *box);
    void showFieldsOfOp();
    QLineEdit *firstEmptyKeyField() const;
    QJsonObject fieldsAsJson(QString *error) const;
    void updatePreview();
    void showMatches(const QStringList &current);
    void showAffected(const TransformPlan &before, const TransformPlan &after);
    void refuse(const QString &why);

    KeyEditSession *m_session;
    QComboBox *m_opBox;
    QFormLayout *m_form;
    QLineEdit *m_match, *m_key, *m_keys, *m_into, *m_dims, *m_shape, *m_sizes;
    QSpinBox *m_dim, *m_heads, *m_start, *m_stop, *m_step, *m_to;
    QDoubleSpinBox *m_value;
    QComboBox *m_direction, *m_dtype;
    QHash<QWidget *, QStringList> m_fieldOps; // each field widget: the ops that use it
    QLabel *m_summary;
    QListWidget *m_matches;
    QTableWidget *m_preview;
    QDialogButtonBox *m_buttons;
    QTimer *m_delay;
    TensorOp m_op;
    QString m_error;
    bool m_ok = false;
};

} // namespace sl
