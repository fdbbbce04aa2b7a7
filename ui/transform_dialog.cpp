#include "transform_dialog.h"

#include "keymap/key_map.h"
#include "qt/key_edit_session.h"
#include "report/inspect_report.h"
#include "transform/transform_plan.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>

namespace sl {
namespace {

// Showing more rows than anyone reads only slows typing down.
constexpr int kMaxRows = 2000;

// The dtypes a cast offers, by torch name.
const char *const kCastTargets[] = {"float32", "float16", "bfloat16", "float64", "int64",
                                    "int32",   "int16",   "int8",     "uint8",   "bool"};

QStringList commaList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}

// "0, 1" or "3 -1 2" as a JSON array of integers; false for anything else.
bool intList(const QString &text, QJsonArray &out)
{
    static const QRegularExpression separator(QStringLiteral("[,\\s]+"));
    for (const QString &part : text.split(separator, Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong v = part.toLongLong(&ok);
        if (!ok) return false;
        out.append(v);
    }
    return true;
}

QString intsText(const QJsonArray &values)
{
    QStringList parts;
    for (const QJsonValue &v : values)
        parts << QString::number(v.toInteger());
    return parts.join(QLatin1String(", "));
}

// What identifies a resulting tensor across two plans: a rule that did not touch it leaves its key,
// sources and steps alike.
QString signature(const PlannedTensor &t)
{
    QStringList sources;
    for (int s : t.sources)
        sources << QString::number(s);
    return t.key + QChar(0) + sources.join(QLatin1Char(',')) + QChar(0) + t.steps.join(QChar(1));
}

QSpinBox *intBox(QWidget *parent, int lo, int hi, int value)
{
    auto *box = new QSpinBox(parent);
    box->setRange(lo, hi);
    box->setValue(value);
    return box;
}

} // namespace

TransformDialog::TransformDialog(KeyEditSession *session, QWidget *parent)
    : QDialog(parent), m_session(session), m_delay(new QTimer(this))
{
    setWindowTitle(tr("Transform Tensors"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFields());
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    auto *split = new QSplitter(Qt::Vertical, this);
    m_matches = new QListWidget(split);
    m_matches->setToolTip(tr("The keys this rule applies to, as the current rules name them"));
    m_preview = new QTableWidget(0, 6, split);
    m_preview->setHorizontalHeaderLabels({tr("Key before"), tr("Shape before"), tr("DType before"),
                                          tr("Key after"), tr("Shape after"), tr("DType after")});
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    resize(900, 640);

    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_delay, &QTimer::timeout, this, &TransformDialog::updatePreview);
    // Enter applies, as the default button, once the preview is brought up to date; Escape cancels.
    QPushButton *apply = m_buttons->button(QDialogButtonBox::Apply);
    apply->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(apply, &QPushButton::clicked, this, [this] {
        updatePreview();
        if (m_ok) accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    showFieldsOfOp();
    m_match->setFocus(); // typing starts in the field that names the keys
    updatePreview();
}

// Every field of every op; showFieldsOfOp() shows those of the chosen one.
void TransformDialog::createFieldWidgets(QWidget *box)
{
    constexpr int kBig = std::numeric_limits<int>::max();
    m_match = new QLineEdit(box);
    m_match->setPlaceholderText(tr("a regex matching whole keys, e.g. h\\.\\d+\\.attn\\.c_attn\\.weight"));
    m_key = new QLineEdit(box);
    m_keys = new QLineEdit(box);
    m_keys->setPlaceholderText(tr("keys separated by commas, in order"));
    m_into = new QLineEdit(box);
    m_dims = new QLineEdit(QStringLiteral("0, 1"), box);
    m_shape = new QLineEdit(box);
    m_shape->setPlaceholderText(tr("e.g. 3, -1, 64 (one -1 allowed)"));
    m_sizes = new QLineEdit(box);
    m_sizes->setPlaceholderText(tr("optional: equal parts when empty"));
    m_dim = intBox(box, -64, 64, 0);
    m_heads = intBox(box, 1, 1 << 20, 32);
    m_direction = new QComboBox(box);
    m_direction->addItem(tr("Meta to Hugging Face"), QStringLiteral("meta_to_hf"));
    m_direction->addItem(tr("Hugging Face to Meta"), QStringLiteral("hf_to_meta"));
    m_start = intBox(box, 0, kBig, 0);
    m_stop = intBox(box, 0, kBig, 1);
    m_step = intBox(box, 1, kBig, 1);
    m_to = intBox(box, 0, kBig, 1);
    m_value = new QDoubleSpinBox(box);
    m_value->setRange(-std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
    m_value->setDecimals(6);
    m_dtype = new QComboBox(box);
    for (const char *name : kCastTargets)
        m_dtype->addItem(QLatin1String(name), QLatin1String(name));

    // Each field is named after the recipe's field, for tests and accessibility tools.
    const std::pair<QWidget *, const char *> names[] = {
        {m_opBox, "op"},    {m_match, "match"},         {m_key, "key"},
        {m_keys, "keys"},   {m_into, "into"},           {m_dims, "dims"},
        {m_shape, "shape"}, {m_sizes, "sizes"},         {m_dim, "dim"},
        {m_heads, "heads"}, {m_direction, "direction"}, {m_start, "start"},
        {m_stop, "stop"},   {m_step, "step"},           {m_to, "to"},
        {m_value, "value"}, {m_dtype, "dtype"}};
    for (const auto &[widget, name] : names)
        widget->setObjectName(QLatin1String(name));
}

QWidget *TransformDialog::buildFields()
{
    auto *box = new QWidget(this);
    m_form = new QFormLayout(box);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_opBox = new QComboBox(box);
    const std::pair<const char *, QString> ops[] = {{"transpose", tr("Transpose")},
                                                    {"reshape", tr("Reshape")},
                                                    {"split", tr("Split")},
                                                    {"concat", tr("Concatenate")},
                                                    {"permute_rotary", tr("Permute rotary")},
                                                    {"stack", tr("Stack")},
                                                    {"unstack", tr("Unstack")},
                                                    {"slice", tr("Slice")},
                                                    {"pad", tr("Pad")},
                                                    {"cast", tr("Cast")}};
    for (const auto &[name, label] : ops)
        m_opBox->addItem(label, QLatin1String(name));
    m_form->addRow(tr("&Operation:"), m_opBox);

    createFieldWidgets(box);
    const QString matchOps = QStringLiteral("transpose reshape permute_rotary stack slice pad cast");
    const std::tuple<QString, QWidget *, QString> rows[] = {
        {tr("&Match:"), m_match, matchOps},
        {tr("&Key:"), m_key, QStringLiteral("split unstack")},
        {tr("&Keys:"), m_keys, QStringLiteral("concat")},
        {tr("&Into:"), m_into, QStringLiteral("split concat stack unstack")},
        {tr("D&ims:"), m_dims, QStringLiteral("transpose")},
        {tr("S&hape:"), m_shape, QStringLiteral("reshape")},
        {tr("Si&zes:"), m_sizes, QStringLiteral("split")},
        {tr("&Dim:"), m_dim, QStringLiteral("split concat stack unstack slice pad")},
        {tr("H&eads:"), m_heads, QStringLiteral("permute_rotary")},
        {tr("Di&rection:"), m_direction, QStringLiteral("permute_rotary")},
        {tr("&Start:"), m_start, QStringLiteral("slice")},
        {tr("S&top:"), m_stop, QStringLiteral("slice")},
        {tr("Ste&p:"), m_step, QStringLiteral("slice")},
        {tr("&To size:"), m_to, QStringLiteral("pad")},
        {tr("&Value:"), m_value, QStringLiteral("pad")},
        {tr("D&Type:"), m_dtype, QStringLiteral("cast")}};
    for (const auto &[label, widget, usedBy] : rows) {
        m_form->addRow(label, widget);
        m_fieldOps.insert(widget, usedBy.split(QLatin1Char(' ')));
        if (auto *edit = qobject_cast<QLineEdit *>(widget)) {
            connect(edit, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
            connect(edit, &QLineEdit::returnPressed, this, &TransformDialog::updatePreview);
        } else if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget)) {
            connect(spin, &QAbstractSpinBox::editingFinished, this, &TransformDialog::updatePreview);
        }
    }
    for (QSpinBox *spin : {m_dim, m_heads, m_start, m_stop, m_step, m_to})
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), m_delay, qOverload<>(&QTimer::start));
    connect(m_value, qOverload<double>(&QDoubleSpinBox::valueChanged), m_delay, qOverload<>(&QTimer::start));
    for (QComboBox *combo : {m_direction, m_dtype})
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this,
                &TransformDialog::updatePreview);
    connect(m_opBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        showFieldsOfOp();
        updatePreview();
    });
    return box;
}

// The visible field that names keys (match, key or keys) while it is still empty, else nullptr.
QLineEdit *TransformDialog::firstEmptyKeyField() const
{
    const QString op = m_opBox->currentData().toString();
    for (QLineEdit *edit : {m_match, m_key, m_keys})
        if (m_fieldOps.value(edit).contains(op) && edit->text().trimmed().isEmpty()) return edit;
    return nullptr;
}

void TransformDialog::showFieldsOfOp()
{
    const QString op = m_opBox->currentData().toString();
    for (auto it = m_fieldOps.cbegin(); it != m_fieldOps.cend(); ++it)
        m_form->setRowVisible(it.key(), it.value().contains(op));

    // The one field whose meaning changes: split names several keys, the others one.
    m_into->setPlaceholderText(op == QLatin1String("split")     ? tr("new keys separated by commas, in order")
                               : op == QLatin1String("unstack") ? tr("a name with {i}, e.g. experts.{i}.w")
                                                                : tr("the new key"));
    m_dim->setToolTip(op == QLatin1String("stack") ? tr("Where the new dimension goes") : QString());
}

void TransformDialog::setRule(const QString &op, const QJsonObject &f)
{
    const int index = m_opBox->findData(op);
    if (index >= 0) m_opBox->setCurrentIndex(index);
    auto text = [&](const char *name) { return f.value(QLatin1String(name)); };
    m_match->setText(text("match").toString());
    m_key->setText(text("key").toString());
    QStringList keys;
    for (const QJsonValue &k : text("keys").toArray())
        keys << k.toString();
    m_keys->setText(keys.join(QLatin1String(", ")));
    QStringList into;
    for (const QJsonValue &k : text("into").isArray() ? text("into").toArray() : QJsonArray{text("into")})
        into << k.toString();
    m_into->setText(into.join(QLatin1String(", ")));
    if (f.contains(QLatin1String("dims"))) m_dims->setText(intsText(text("dims").toArray()));
    m_shape->setText(intsText(text("shape").toArray()));
    m_sizes->setText(intsText(text("sizes").toArray()));
    m_dim->setValue(int(text("dim").toInteger()));
    if (f.contains(QLatin1String("heads"))) m_heads->setValue(int(text("heads").toInteger()));
    if (f.contains(QLatin1String("direction")))
        m_direction->setCurrentIndex(m_direction->findData(text("direction").toString()));
    m_start->setValue(int(text("start").toInteger()));
    m_stop->setValue(int(text("stop").toInteger()));
    m_step->setValue(int(text("step").toInteger(1)));
    m_to->setValue(int(text("to").toInteger()));
    m_value->setValue(text("value").toDouble());
    if (f.contains(QLatin1String("dtype")))
        m_dtype->setCurrentIndex(m_dtype->findData(text("dtype").toString()));
    updatePreview();
}

// The fields of the chosen op as a recipe rule holds them; TensorOp::fromJson checks them.
QJsonObject TransformDialog::fieldsAsJson(QString *error) const
{
    const QString op = m_opBox->currentData().toString();
    auto uses = [&](QWidget *w) { return m_fieldOps.value(w).contains(op); };
    QJsonObject o;
    if (uses(m_match)) o.insert(QStringLiteral("match"), m_match->text());
    if (uses(m_key)) o.insert(QStringLiteral("key"), m_key->text().trimmed());
    if (uses(m_keys)) o.insert(QStringLiteral("keys"), QJsonArray::fromStringList(commaList(m_keys->text())));
    if (uses(m_into))
        o.insert(QStringLiteral("into"),
                 op == QLatin1String("split")
                     ? QJsonValue(QJsonArray::fromStringList(commaList(m_into->text())))
                     : QJsonValue(m_into->text().trimmed()));
    const std::pair<QLineEdit *, const char *> lists[] = {
        {m_dims, "dims"}, {m_shape, "shape"}, {m_sizes, "sizes"}};
    for (const auto &[edit, name] : lists) {
        if (!uses(edit)) continue;
        QJsonArray values;
        if (!intList(edit->text(), values)) {
            *error = tr("field \"%1\" must be integers separated by commas").arg(QLatin1String(name));
            return {};
        }
        if (!values.isEmpty() || edit != m_sizes) o.insert(QLatin1String(name), values);
    }
    const std::pair<QSpinBox *, const char *> ints[] = {{m_dim, "dim"},     {m_heads, "heads"},
                                                        {m_start, "start"}, {m_stop, "stop"},
                                                        {m_step, "step"},   {m_to, "to"}};
    for (const auto &[spin, name] : ints)
        if (uses(spin)) o.insert(QLatin1String(name), spin->value());
    if (uses(m_value)) o.insert(QStringLiteral("value"), m_value->value());
    if (uses(m_direction)) o.insert(QStringLiteral("direction"), m_direction->currentData().toString());
    if (uses(m_dtype)) o.insert(QStringLiteral("dtype"), m_dtype->currentData().toString());
    return o;
}

void TransformDialog::refuse(const QString &why)
{
    m_ok = false;
    m_error = why;
    m_summary->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(why.toHtmlEscaped()));
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
}

void TransformDialog::updatePreview()
{
    m_delay->stop();
    m_preview->setRowCount(0);
    const QStringList current = m_session->currentKeys();
    showMatches(current);
    if (!m_session->checkpoint()) return refuse(tr("No checkpoint is open."));
    QString error;
    const QJsonObject fields = fieldsAsJson(&error);
    if (!error.isEmpty()) return refuse(error);
    if (firstEmptyKeyField()) { // a fresh dialog: a hint, not an error in red
        m_ok = false;
        m_error = tr("Fill in the fields to preview the affected keys.");
        m_summary->setText(m_error);
        m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
        return;
    }
    TensorOp op;
    if (!TensorOp::fromJson(m_opBox->currentData().toString(), fields, op, &error)) return refuse(error);
    TransformPlan after;
    if (!m_session->previewPlan({KeyRule::transform(op)}, after, &error)) return refuse(error);
    m_op = op;
    m_ok = true;
    m_error.clear();
    showAffected(m_session->plan(), after);
    m_summary->setText(tr("%1: %n key(s) after the rule are new or changed.", nullptr, m_preview->rowCount())
                           .arg(op.description()));
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(true);
}

// The keys the rule names or its regex matches, among the keys as they stand now; a named key that
// does not exist is listed as missing.
void TransformDialog::showMatches(const QStringList &current)
{
    m_matches->clear();
    const QString op = m_opBox->currentData().toString();
    QStringList wanted;
    if (m_fieldOps.value(m_match).contains(op)) {
        const QRegularExpression re(QRegularExpression::anchoredPattern(m_match->text()));
        if (!re.isValid() || m_match->text().isEmpty()) return;
        for (const QString &k : current)
            if (m_matches->count() < kMaxRows && re.match(k).hasMatch()) m_matches->addItem(k);
        return;
    }
    wanted = op == QLatin1String("concat") ? commaList(m_keys->text()) : QStringList{m_key->text().trimmed()};
    const QSet<QString> present(current.begin(), current.end());
    for (const QString &k : wanted)
        if (!k.isEmpty()) m_matches->addItem(present.contains(k) ? k : tr("%1 (no such key)").arg(k));
}

// One row per resulting tensor the rule made or changed, with the tensors it came from before.
void TransformDialog::showAffected(const TransformPlan &before, const TransformPlan &after)
{
    QSet<QString> kept;
    for (const PlannedTensor &t : before.tensors)
        kept.insert(signature(t));
    QSet<QString> afterSet;
    for (const PlannedTensor &t : after.tensors)
        afterSet.insert(signature(t));
    for (size_t i = 0; i < after.tensors.size() && m_preview->rowCount() < kMaxRows; ++i) {
        const PlannedTensor &t = after.tensors[i];
        if (kept.contains(signature(t))) continue;
        const QSet<int> sources(t.sources.begin(), t.sources.end());
        QStringList keys, shapes, dtypes;
        for (size_t j = 0; j < before.tensors.size(); ++j) {
            const PlannedTensor &b = before.tensors[j];
            if (afterSet.contains(signature(b))) continue;
            bool shares = false;
            for (int s : b.sources)
                shares = shares || sources.contains(s);
            if (!shares) continue;
            keys << b.key;
            shapes << shapeText(before.shape(j));
            dtypes << QLatin1String(dtypeName(before.dtype(j)));
        }
        const QStringList cells = {keys.join(QLatin1Char('\n')),   shapes.join(QLatin1Char('\n')),
                                   dtypes.join(QLatin1Char('\n')), t.key,
                                   shapeText(after.shape(i)),      QLatin1String(dtypeName(after.dtype(i)))};
        const int row = m_preview->rowCount();
        m_preview->insertRow(row);
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c >= 3) item->setToolTip(t.steps.join(QLatin1String("; ")));
            m_preview->setItem(row, c, item);
        }
    }
    m_preview->resizeColumnsToContents();
    m_preview->resizeRowsToContents();
}

QStringList TransformDialog::matchedKeys() const
{
    QStringList keys;
    for (int i = 0; i < m_matches->count(); ++i)
        keys << m_matches->item(i)->text();
    return keys;
}

int TransformDialog::previewRowCount() const
{
    return m_preview->rowCount();
}

QStringList TransformDialog::previewRow(int row) const
{
    QStringList cells;
    for (int c = 0; c < m_preview->columnCount(); ++c)
        cells << (m_preview->item(row, c) ? m_preview->item(row, c)->text() : QString());
    return cells;
}

} // namespace sl
