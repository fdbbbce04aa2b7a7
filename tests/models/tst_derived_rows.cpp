// The key tree after transforms: the edit session plans every edit, and StateDictModel shows the
// resulting state dict (keys, order, shapes and dtypes as torch makes them, from
// fixtures/transform_cases.py), derived rows marked, consumed inputs shown as "transformed", totals
// counting what an export writes; each transform is one undo step, refusals add none.

#include "keymap/key_map.h"
#include "qt/key_edit_session.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "report/inspect_report.h"
#include "test_support.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFont>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sl;
using namespace sl_test;

class TestDerivedRows : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    KeyMap recipe(const QString &name) const
    {
        QFile f(path(name + QStringLiteral(".json")));
        KeyMap map;
        QString error;
        if (!f.open(QIODevice::ReadOnly) || !KeyMap::fromJson(f.readAll(), map, &error))
            qWarning("%s", qPrintable(error));
        return map;
    }

    // "key shape dtype" of every row the model shows as exported (not dropped), in flat order.
    static QStringList exportedRows(const StateDictModel &model)
    {
        QStringList rows;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex i = model.index(r, 0);
            if (i.data(IsDroppedRole).toBool()) continue;
            rows << i.data(KeyRole).toString() + QLatin1Char(' ') +
                        i.siblingAtColumn(StateDictModel::Shape).data().toString() + QLatin1Char(' ') +
                        i.siblingAtColumn(StateDictModel::DType).data().toString();
        }
        return rows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun run = runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
    }

    void rowsAreTorchsStateDict_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "qkv_fuse", "moe_stack", "moe_unstack",
                                 "cast_modules", "chain"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void rowsAreTorchsStateDict()
    {
        QFETCH(QString, name);
        QString error;
        auto in = openFixture(path(name + QStringLiteral("_in.pth")), &error);
        auto expected = openFixture(path(name + QStringLiteral("_expected.pth")), &error);
        QVERIFY2(in && expected, qPrintable(error));
        KeyEditSession session;
        session.setCheckpoint(in.get());
        QVERIFY2(session.replaceRules(recipe(name), QStringLiteral("load"), &error), qPrintable(error));
        QVERIFY(session.hasTransforms());
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(in.get());
        model.setFlat(true);
        model.setPlan(&session.plan(), true);
        QStringList want;
        qlonglong parameters = 0;
        for (const StateEntry &e : expected->entries()) {
            const TensorRef &t = expected->tensor(e.tensor);
            want << QString::fromStdString(e.key) + QLatin1Char(' ') + shapeText(t.shape) + QLatin1Char(' ') +
                        QLatin1String(dtypeName(t.dtype));
            parameters += t.numel();
        }
        QCOMPARE(exportedRows(model), want);
        // The tree's totals count the state dict an export writes: derived tensors in, consumed out.
        model.setFlat(false);
        qlonglong total = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            if (!model.index(r, 0).data(IsDroppedRole).toBool())
                total += model.index(r, StateDictModel::Parameters).data().toLongLong();
        QCOMPARE(total, parameters);
    }

    // Derived rows carry their plan index, italic and the steps in the tooltip; the inputs they
    // consumed stay visible as "transformed" (not struck out like a drop), or hide with dropped keys.
    void derivedAndTransformedRowsAreMarked()
    {
        QString error;
        auto in = openFixture(path(QStringLiteral("gpt2_conv1d_in.pth")), &error);
        QVERIFY2(in, qPrintable(error));
        KeyEditSession session;
        session.setCheckpoint(in.get());
        QVERIFY(session.replaceRules(recipe(QStringLiteral("gpt2_conv1d")), QStringLiteral("load"), &error));
        StateDictModel model;
        model.setCheckpoint(in.get());
        model.setFlat(true);
        model.setPlan(&session.plan(), true);
        QStringList order;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex i = model.index(r, 0);
            order << i.data(KeyRole).toString() +
                         (i.data(IsTransformedRole).toBool() ? QStringLiteral(" T") : QString()) +
                         (i.data(DerivedIndexRole).toInt() >= 0 ? QStringLiteral(" D") : QString());
        }
        QCOMPARE(
            order,
            QStringList({QStringLiteral("wte.weight"), QStringLiteral("h.0.attn.c_attn.weight T"),
                         QStringLiteral("h.0.attn.c_attn.weight D"), QStringLiteral("h.0.attn.c_attn.bias"),
                         QStringLiteral("h.0.mlp.c_fc.weight T"), QStringLiteral("h.0.mlp.c_fc.weight D"),
                         QStringLiteral("h.0.mlp.c_proj.weight T"), QStringLiteral("h.0.mlp.c_proj.weight D"),
                         QStringLiteral("lm_head.weight")}));
        const QModelIndex consumed = model.index(1, 0), derived = model.index(2, 0);
        QCOMPARE(consumed.siblingAtColumn(StateDictModel::Status).data().toString(),
                 QStringLiteral("transformed"));
        QVERIFY(!consumed.data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(consumed.siblingAtColumn(StateDictModel::Shape).data().toString(),
                 QStringLiteral("[16, 48]"));
        QCOMPARE(derived.siblingAtColumn(StateDictModel::Shape).data().toString(),
                 QStringLiteral("[48, 16]"));
        QVERIFY(derived.data(Qt::FontRole).value<QFont>().italic());
        QVERIFY2(derived.data(Qt::ToolTipRole).toString().contains(QLatin1String("derived: transpose")),
                 qPrintable(derived.data(Qt::ToolTipRole).toString()));
        QCOMPARE(derived.data(EntryIndexRole).toInt(), -1);
        QCOMPARE(derived.data(IsLeafRole).toBool(), true);
        QCOMPARE(model.indexForKey(QStringLiteral("h.0.attn.c_attn.weight")), derived);
        model.setPlan(&session.plan(), false);
        QCOMPARE(model.rowCount(), 6);
    }

    // A transform is one undo step named by its description; undo and redo move the plan; a refused
    // rule names the key and the reason and pushes nothing.
    void transformsAreUndoSteps()
    {
        QString error;
        auto in = openFixture(path(QStringLiteral("qkv_split_gqa_in.pth")), &error);
        QVERIFY2(in, qPrintable(error));
        KeyEditSession session;
        session.setCheckpoint(in.get());
        const QStringList before = session.currentKeys();
        TensorOp op;
        QVERIFY(TensorOp::fromJson(QStringLiteral("cast"),
                                   QJsonObject{{QStringLiteral("match"), QStringLiteral(".*")},
                                               {QStringLiteral("dtype"), QStringLiteral("bfloat16")}},
                                   op, &error));
        QVERIFY2(session.addRule(KeyRule::transform(op), &error), qPrintable(error));
        QCOMPARE(session.undoStack()->count(), 1);
        QCOMPARE(session.undoStack()->text(0), op.description());
        QVERIFY(session.derivedCount() > 0);
        QCOMPARE(session.transformedCount(), session.derivedCount());
        QCOMPARE(session.plan().dtype(0), sl::DType::BFloat16);
        session.undoStack()->undo();
        QVERIFY(!session.hasTransforms());
        QCOMPARE(session.currentKeys(), before);
        QCOMPARE(session.plan().dtype(0), sl::DType::Float32);
        session.undoStack()->redo();
        QCOMPARE(session.plan().dtype(0), sl::DType::BFloat16);

        TensorOp bad;
        QVERIFY(TensorOp::fromJson(QStringLiteral("reshape"),
                                   QJsonObject{{QStringLiteral("match"), QStringLiteral("embed")},
                                               {QStringLiteral("shape"), QJsonArray{7, 7}}},
                                   bad, &error));
        QVERIFY(!session.addRule(KeyRule::transform(bad), &error));
        QVERIFY2(error.contains(QLatin1String("embed")) && error.contains(QLatin1String("reshape")),
                 qPrintable(error));
        QCOMPARE(session.undoStack()->count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDerivedRows)
#include "tst_derived_rows.moc"
