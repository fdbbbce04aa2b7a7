// StateDictModel as a specification: keys split at '.' into module rows with totals, a flat mode,
// the roles views read, key lookup, the Status column, and how long 30,000 keys take.

#include "keymap/key_map.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "test_support.h"
#include "testload/testload.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace sl;
using namespace sl_test;

namespace {

const QList<int> kDumpColumns{StateDictModel::Name,   StateDictModel::Shape,      StateDictModel::DType,
                              StateDictModel::Device, StateDictModel::Parameters, StateDictModel::Size};

// nested.pt: module.{embed,encoder.{layer.{0,1},norm},head}; layer.1 is float16, num_batches_tracked
// is a 0-d int64, head.weight is tied to embed.weight and still counts in full.
const char *kNestedTree = R"(module |  |  | cpu | 125 | 464 B
  embed |  | float32 | cpu | 40 | 160 B
    weight | [10, 4] | float32 | cpu | 40 | 160 B
  encoder |  |  | cpu | 45 | 144 B
    layer |  |  | cpu | 40 | 120 B
      0 |  | float32 | cpu | 20 | 80 B
        weight | [4, 4] | float32 | cpu | 16 | 64 B
        bias | [4] | float32 | cpu | 4 | 16 B
      1 |  | float16 | cpu | 20 | 40 B
        weight | [4, 4] | float16 | cpu | 16 | 32 B
        bias | [4] | float16 | cpu | 4 | 8 B
    norm |  |  | cpu | 5 | 24 B
      running_mean | [4] | float32 | cpu | 4 | 16 B
      num_batches_tracked | [] | int64 | cpu | 1 | 8 B
  head |  | float32 | cpu | 40 | 160 B
    weight | [10, 4] | float32 | cpu | 40 | 160 B
)";

const char *kNestedFlat = R"(module.embed.weight | [10, 4] | float32 | cpu | 40 | 160 B
module.encoder.layer.0.weight | [4, 4] | float32 | cpu | 16 | 64 B
module.encoder.layer.0.bias | [4] | float32 | cpu | 4 | 16 B
module.encoder.layer.1.weight | [4, 4] | float16 | cpu | 16 | 32 B
module.encoder.layer.1.bias | [4] | float16 | cpu | 4 | 8 B
module.encoder.norm.running_mean | [4] | float32 | cpu | 4 | 16 B
module.encoder.norm.num_batches_tracked | [] | int64 | cpu | 1 | 8 B
module.head.weight | [10, 4] | float32 | cpu | 40 | 160 B
)";

// The mapping of a KeyMap without rules: every key as saved.
std::vector<MappedKey> savedMapping(const Checkpoint &c)
{
    QStringList keys;
    for (const StateEntry &e : c.entries())
        keys << QString::fromStdString(e.key);
    std::vector<MappedKey> out;
    KeyMap().apply(keys, out, nullptr);
    return out;
}

} // namespace

class TestStateDictModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Checkpoint> m_nested;

    QString fixture(const QString &file) const { return m_dir.filePath(file); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        const PythonRun py = runPython(
            QStringLiteral("fixtures/make_model_fixtures.py"),
            QStringList{m_dir.path()} + QStringList{QStringLiteral("nested"), QStringLiteral("experts30k")});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        QString openError;
        m_nested = openFixture(fixture(QStringLiteral("nested.pt")), &openError);
        QVERIFY2(m_nested, qPrintable(openError));
    }

    void treeShowsModulesWithTotals()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        const QString diff = firstDifference(dumpModel(model, kDumpColumns), QString::fromUtf8(kNestedTree));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void flatListsFullKeysInFileOrder()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFlat(true);
        model.setCheckpoint(m_nested.get());
        QVERIFY(model.isFlat());
        const QString diff = firstDifference(dumpModel(model, kDumpColumns), QString::fromUtf8(kNestedFlat));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void switchingModesIsAResetAndChangesRowCounts()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.rowCount(), 1); // "module"
        model.setFlat(true);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
        model.setFlat(true); // no change, no reset
        QCOMPARE(resets.count(), 1);
        model.setFlat(false);
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 3); // embed, encoder, head
    }

    void clearingShowsNothing()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        model.setCheckpoint(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexForKey(QStringLiteral("module.head.weight")).isValid());
    }

    void headerTitles()
    {
        StateDictModel model;
        QCOMPARE(model.columnCount(), int(StateDictModel::ColumnCount));
        QStringList titles;
        for (int c = 0; c < model.columnCount(); ++c)
            titles << model.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(titles,
                 (QStringList{QStringLiteral("Name"), QStringLiteral("Shape"), QStringLiteral("DType"),
                              QStringLiteral("Device"), QStringLiteral("Parameters"), QStringLiteral("Size"),
                              QStringLiteral("Status"), QStringLiteral("Min"), QStringLiteral("Max"),
                              QStringLiteral("Mean"), QStringLiteral("Std"), QStringLiteral("NaN"),
                              QStringLiteral("Inf"), QStringLiteral("Zeros")}));
    }

    void roles_data()
    {
        QTest::addColumn<bool>("flat");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("leaf");
        QTest::addColumn<int>("entry");
        QTest::addColumn<qlonglong>("bytes");
        QTest::addColumn<qlonglong>("parameters");

        QTest::newRow("leaf") << false << "module.encoder.layer.1.weight" << true << 3 << 32LL << 16LL;
        QTest::newRow("tied leaf") << false << "module.head.weight" << true << 7 << 160LL << 40LL;
        QTest::newRow("module") << false << "module.encoder.layer" << false << -1 << 120LL << 40LL;
        QTest::newRow("top module") << false << "module" << false << -1 << 464LL << 125LL;
        QTest::newRow("flat leaf") << true << "module.encoder.norm.num_batches_tracked" << true << 6 << 8LL
                                   << 1LL;
    }

    void roles()
    {
        QFETCH(bool, flat);
        QFETCH(QString, key);
        QFETCH(bool, leaf);
        QFETCH(int, entry);
        QFETCH(qlonglong, bytes);
        QFETCH(qlonglong, parameters);

        StateDictModel model;
        model.setFlat(flat);
        model.setCheckpoint(m_nested.get());
        const QModelIndex index = model.indexForKey(key);
        QVERIFY(index.isValid());
        QCOMPARE(index.column(), 0);
        QCOMPARE(index.data(KeyRole).toString(), key);
        QCOMPARE(index.data(IsLeafRole).toBool(), leaf);
        QCOMPARE(index.data(EntryIndexRole).toInt(), entry);
        QCOMPARE(index.data(TensorIndexRole).toInt(), leaf ? m_nested->entries()[size_t(entry)].tensor : -1);
        const QModelIndex size = index.siblingAtColumn(StateDictModel::Size);
        QCOMPARE(size.data(SortRole).toLongLong(), bytes);
        QVERIFY2(size.data(Qt::ToolTipRole).toString().contains(QString::number(bytes)),
                 qPrintable(size.data(Qt::ToolTipRole).toString()));
        QCOMPARE(index.siblingAtColumn(StateDictModel::Parameters).data(SortRole).toLongLong(), parameters);
        QCOMPARE(index.data(Qt::ToolTipRole).toString(), key);
        QCOMPARE(index.data(PathRole), QVariant());
    }

    void indexForKeyMisses()
    {
        StateDictModel model;
        model.setCheckpoint(m_nested.get());
        QVERIFY(!model.indexForKey(QStringLiteral("module.encoder.lay")).isValid());
        QVERIFY(!model.indexForKey(QString()).isValid());
        model.setFlat(true);
        QVERIFY2(!model.indexForKey(QStringLiteral("module.encoder")).isValid(),
                 "module rows are not shown flat");
    }

    void statusesFillTheStatusColumn()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QString bias = QStringLiteral("module.encoder.layer.0.bias");
        const QString weight = QStringLiteral("module.encoder.layer.0.weight");
        const QString head = QStringLiteral("module.head.weight");
        auto status = [&](const QString &key) {
            return model.indexForKey(key).siblingAtColumn(StateDictModel::Status).data().toString();
        };
        QCOMPARE(status(bias), QString());

        model.setStatuses({{bias, QStringLiteral("missing")},
                           {weight, QStringLiteral("loaded")},
                           {head, QStringLiteral("shape mismatch")}});
        QCOMPARE(status(bias), QStringLiteral("missing"));
        QCOMPARE(status(head), QStringLiteral("shape mismatch"));
        QCOMPARE(changed.count(), 2); // layer.0's two rows in one span, and head's row
        for (const QList<QVariant> &args : std::as_const(changed)) {
            QCOMPARE(args.at(0).toModelIndex().column(), int(StateDictModel::Status));
            QCOMPARE(args.at(1).toModelIndex().column(), int(StateDictModel::Status));
        }

        changed.clear();
        model.setStatuses({{bias, QStringLiteral("missing")}});
        QCOMPARE(status(weight), QString());
        QCOMPARE(status(head), QString());
        QCOMPARE(changed.count(), 2); // only the rows whose text changed
        QCOMPARE(changed.at(0).at(0).toModelIndex(), changed.at(0).at(1).toModelIndex());

        model.setCheckpoint(m_nested.get()); // a new document or root starts without statuses
        QCOMPARE(status(bias), QString());
    }

    void clearingAnAbsentTestLoadIsNoReset()
    {
        // Every open clears the test-load status through the panel; with nothing shown, that must
        // not rebuild the tree or reset (and so collapse) the view.
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setTestLoadReport(nullptr);
        QCOMPARE(resets.count(), 0);
        QVERIFY(!model.hasTestLoadStatus());

        TestLoadReport report;
        report.missing = QStringList{QStringLiteral("module.extra.weight")};
        model.setTestLoadReport(&report);
        QCOMPARE(resets.count(), 1);
        QVERIFY(model.hasTestLoadStatus());
        QVERIFY(model.indexForKey(QStringLiteral("module.extra.weight")).isValid());
        model.setTestLoadReport(nullptr);
        QCOMPARE(resets.count(), 2);
        QVERIFY(!model.indexForKey(QStringLiteral("module.extra.weight")).isValid());
    }

    void leafKeysForTheFilter()
    {
        // KeyFilterProxy's shortcut must agree with KeyRole and IsLeafRole on every row.
        StateDictModel model;
        model.setCheckpoint(m_nested.get());
        TestLoadReport report;
        report.unexpected = QStringList{QStringLiteral("module.head.weight")};
        report.missing = QStringList{QStringLiteral("module.extra.weight")};
        model.setTestLoadReport(&report);
        int leaves = 0, problems = 0;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < model.rowCount(parent); ++r) {
                const QModelIndex i = model.index(r, 0, parent);
                const QString *key = model.leafKeyAt(r, parent);
                QCOMPARE(key != nullptr, i.data(IsLeafRole).toBool());
                if (key) {
                    QCOMPARE(*key, i.data(KeyRole).toString());
                    ++leaves;
                }
                QCOMPARE(model.isProblemAt(r, parent), i.data(IsProblemRole).toBool());
                problems += model.isProblemAt(r, parent);
                walk(i);
            }
        };
        walk({});
        QCOMPARE(leaves, int(m_nested->entries().size()) + 1); // and the ghost row
        QCOMPARE(problems, 2);
        QVERIFY(!model.leafKeyAt(0, model.index(0, StateDictModel::Shape))); // not a column-0 parent
        QVERIFY(!model.leafKeyAt(99, {}));
    }

    void testLoadVerdictsHaveTheirOwnRole()
    {
        // The model, not the view, decides each key's verdict from the report; widgets only draw.
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        TestLoadReport report;
        report.unexpected = QStringList{QStringLiteral("module.head.weight")};
        report.mismatched.push_back({QStringLiteral("module.encoder.layer.0.weight"), {4, 4}, {8, 4}});
        report.dtypeCasts.push_back({QStringLiteral("module.encoder.layer.1.bias"), QStringLiteral("float16"),
                                     QStringLiteral("float32")});
        report.missing = QStringList{QStringLiteral("module.extra.weight")};
        report.missingTensors.push_back(
            {QStringLiteral("module.extra.weight"), {3, 5}, QStringLiteral("float16")});
        model.setTestLoadReport(&report);
        auto verdict = [&](const char *key) {
            return model.indexForKey(QLatin1String(key)).data(TestLoadVerdictRole).toInt();
        };
        QCOMPARE(verdict("module.head.weight"), int(Unexpected));
        QCOMPARE(verdict("module.encoder.layer.0.weight"), int(Mismatched));
        QCOMPARE(verdict("module.encoder.layer.1.bias"), int(LoadedWithCast));
        QCOMPARE(verdict("module.embed.weight"), int(LoadedAsSaved));
        QCOMPARE(verdict("module.extra.weight"), int(Missing));
        QCOMPARE(verdict("module.encoder"), int(NoVerdict)); // a module row
        const QModelIndex mismatched = model.indexForKey(QStringLiteral("module.encoder.layer.0.weight"));
        QCOMPARE(mismatched.data(TestLoadDetailRole).toString(),
                 QStringLiteral("checkpoint [4, 4], model [8, 4]"));
        QCOMPARE(mismatched.siblingAtColumn(StateDictModel::Status).data().toString(),
                 QStringLiteral("mismatched"));

        // A missing key's ghost row shows what the architecture wants there, and counts in no total.
        const QModelIndex ghost = model.indexForKey(QStringLiteral("module.extra.weight"));
        QCOMPARE(ghost.siblingAtColumn(StateDictModel::Shape).data().toString(), QStringLiteral("[3, 5]"));
        QCOMPARE(ghost.siblingAtColumn(StateDictModel::DType).data().toString(), QStringLiteral("float16"));
        QVERIFY(ghost.data(TestLoadDetailRole).toString().contains(QLatin1String("[3, 5] float16")));
        QCOMPARE(model.indexForKey(QStringLiteral("module"))
                     .siblingAtColumn(StateDictModel::Parameters)
                     .data()
                     .toLongLong(),
                 125);

        // Dropped keys have no verdict: they are not loaded.
        std::vector<MappedKey> mapping = savedMapping(*m_nested);
        mapping[0].dropped = true;
        mapping[0].droppedAs = mapping[0].to;
        mapping[0].to.clear();
        model.setMapping(&mapping, true);
        model.setTestLoadReport(&report);
        QCOMPARE(verdict("module.embed.weight"), int(NoVerdict));
    }

    void totalsCountOnlyWhatIsExported()
    {
        StateDictModel model;
        model.setCheckpoint(m_nested.get());
        std::vector<MappedKey> mapping = savedMapping(*m_nested);
        for (MappedKey &m : mapping)
            if (m.from.startsWith(QLatin1String("module.encoder.layer.0."))) {
                m.dropped = true;
                m.droppedAs = m.to;
                m.to.clear();
            }
        model.setMapping(&mapping, true);
        auto total = [&](const char *key, int column) {
            return model.indexForKey(QLatin1String(key)).siblingAtColumn(column).data();
        };
        // layer.0 (20 parameters, 80 B) is dropped: the totals above it leave it out.
        QCOMPARE(total("module", StateDictModel::Parameters).toLongLong(), 105);
        QCOMPARE(total("module.encoder.layer", StateDictModel::Parameters).toLongLong(), 20);
        QCOMPARE(total("module.encoder.layer", StateDictModel::Size).toString(), QStringLiteral("40 B"));
        QCOMPARE(total("module.encoder.layer", StateDictModel::DType).toString(), QStringLiteral("float16"));
        // The dropped rows still show their own numbers, greyed.
        QCOMPARE(total("module.encoder.layer.0.weight", StateDictModel::Parameters).toLongLong(), 16);
    }

    // A running scan hands over its figures in entry order, a batch at a time: each batch fills its
    // rows at once and marks the modules above a NaN, announced by dataChanged on just those rows.
    void scanFiguresFillRowsAsTheyArrive()
    {
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(m_nested.get());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        auto cell = [&](const char *key, int column) {
            return model.indexForKey(QLatin1String(key)).siblingAtColumn(column);
        };
        auto announced = [&](const QModelIndex &i) {
            for (const QList<QVariant> &args : changed) {
                const QModelIndex from = args[0].toModelIndex(), to = args[1].toModelIndex();
                if (from.parent() == i.parent() && from.row() <= i.row() && i.row() <= to.row() &&
                    from.column() <= i.column() && i.column() <= to.column())
                    return true;
            }
            return false;
        };
        auto figures = [](double min, int64_t nan) {
            ScanFigures f;
            f.numel = f.finite = 4;
            f.min = f.max = f.mean = min;
            f.nan = nan;
            return f;
        };

        // embed.weight and encoder.layer.0.weight (with a NaN) finish first.
        model.addScanFigures(0, {figures(1.5, 0), figures(-2, 1)});
        QVERIFY(model.hasScan());
        QCOMPARE(cell("module.embed.weight", StateDictModel::ScanMin).data().toString(),
                 QStringLiteral("1.5"));
        QCOMPARE(cell("module.encoder.layer.0.weight", StateDictModel::ScanNaN).data().toLongLong(), 1);
        QVERIFY(!cell("module.encoder.layer.0.bias", StateDictModel::ScanMin).data().isValid());
        QVERIFY(!cell("module.head.weight", StateDictModel::ScanNaN).data().isValid());
        for (const char *marked :
             {"module", "module.encoder", "module.encoder.layer.0", "module.encoder.layer.0.weight"}) {
            QVERIFY2(cell(marked, 0).data(IsScanProblemRole).toBool(), marked);
            QVERIFY2(announced(cell(marked, StateDictModel::Name)), marked);
        }
        QVERIFY(!cell("module.embed", 0).data(IsScanProblemRole).toBool());
        QVERIFY(announced(cell("module.embed.weight", StateDictModel::ScanMin)));
        QVERIFY(!announced(cell("module.head.weight", StateDictModel::ScanMin)));
        QCOMPARE(reset.count(), 0);

        // A batch out of order (entries 0 and 1 are the only ones held) is ignored.
        changed.clear();
        model.addScanFigures(5, {figures(3, 0)});
        QVERIFY(!cell("module.encoder.norm.running_mean", StateDictModel::ScanMin).data().isValid());
        QCOMPARE(changed.count(), 0);

        // The rest: every row filled, the marks already set stay.
        std::vector<ScanFigures> rest;
        for (int e = 2; e < 8; ++e)
            rest.push_back(figures(e, 0));
        model.addScanFigures(2, rest);
        QCOMPARE(cell("module.head.weight", StateDictModel::ScanMin).data().toString(), QStringLiteral("7"));
        QVERIFY(announced(cell("module.head.weight", StateDictModel::ScanMax)));
        QVERIFY(!announced(cell("module.head", StateDictModel::Name))); // its mark did not change
        QVERIFY(cell("module", 0).data(IsScanProblemRole).toBool());

        // Flat: the same rows, no module rows to announce.
        model.setFlat(true);
        model.setScanFigures({});
        changed.clear();
        model.addScanFigures(0, {figures(1, 0), figures(1, 2)});
        QVERIFY(cell("module.encoder.layer.0.weight", 0).data(IsScanProblemRole).toBool());
        QVERIFY(announced(cell("module.encoder.layer.0.weight", StateDictModel::Name)));
        QCOMPARE(reset.count(), 1);
    }

    void thirtyThousandKeys()
    {
        QString error;
        QElapsedTimer timer;
        timer.start();
        auto checkpoint = openFixture(fixture(QStringLiteral("experts30k.pt")), &error);
        QVERIFY2(checkpoint, qPrintable(error));
        const double openMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(checkpoint->entries().size(), size_t(30000));

        StateDictModel model;
        timer.restart();
        model.setCheckpoint(checkpoint.get());
        const double buildMs = double(timer.nsecsElapsed()) / 1e6;

        // What a view does when everything is expanded: every row's display text in every column.
        timer.restart();
        int rows = 0;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            const int n = model.rowCount(parent);
            for (int r = 0; r < n; ++r) {
                for (int c = 0; c < StateDictModel::ColumnCount; ++c)
                    model.index(r, c, parent).data();
                const QModelIndex child = model.index(r, 0, parent);
                QVERIFY(model.parent(child) == parent);
                walk(child);
                ++rows;
            }
        };
        walk({});
        const double walkMs = double(timer.nsecsElapsed()) / 1e6;
        // experts, 5,000 experts, 3 modules each, 6 leaves each.
        QCOMPARE(rows, 1 + 5000 + 15000 + 30000);

        timer.restart();
        model.setFlat(true);
        walk({});
        const double flatWalkMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(rows, 50001 + 30000);

        timer.restart();
        const QModelIndex last = model.indexForKey(QStringLiteral("experts.4999.norm.bias"));
        const double lookupMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(last.row(), 29999);
        model.setFlat(false);
        QCOMPARE(model.index(0, StateDictModel::Parameters).data().toLongLong(), 5000LL * 16);
        QCOMPARE(model.index(0, StateDictModel::Size).data(SortRole).toLongLong(), 5000LL * 64);

        qDebug("30,000 keys: open %.1f ms, setCheckpoint %.1f ms, tree traversal %.1f ms, flat traversal "
               "%.1f ms, "
               "first indexForKey %.1f ms",
               openMs, buildMs, walkMs, flatWalkMs, lookupMs);
    }

    void thirtyThousandKeysUnderTheTester()
    {
        QString error;
        auto checkpoint = openFixture(fixture(QStringLiteral("experts30k.pt")), &error);
        QVERIFY2(checkpoint, qPrintable(error));
        StateDictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(checkpoint.get());
        model.setFlat(true);
        QCOMPARE(model.rowCount(), 30000);
    }
};

QTEST_MAIN(TestStateDictModel)
#include "tst_state_dict_model.moc"
