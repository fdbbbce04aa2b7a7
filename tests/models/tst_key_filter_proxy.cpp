// KeyFilterProxy as a specification: filtering leaves by full key (substring or regex) keeps their
// module rows, an invalid regex shows nothing, and sorting is numeric where the column is a number.

#include "qt/key_filter_proxy.h"
#include "qt/model_roles.h"
#include "qt/state_dict_model.h"
#include "test_support.h"

#include <QAbstractItemModelTester>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl_test;

// Keys of nested.pt, for reading the expectations below:
//   module.embed.weight, module.encoder.layer.{0,1}.{weight,bias},
//   module.encoder.norm.{running_mean,num_batches_tracked}, module.head.weight

class TestKeyFilterProxy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Checkpoint> m_nested;
    std::unique_ptr<Checkpoint> m_numbered;

    // The source and proxy are checked by QAbstractItemModelTester from before the model is filled.
    struct Fixture
    {
        StateDictModel model;
        KeyFilterProxy proxy;
        QAbstractItemModelTester modelTester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
        QAbstractItemModelTester proxyTester{&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest};

        Fixture(const Checkpoint *checkpoint, bool flat)
        {
            proxy.setSourceModel(&model);
            model.setFlat(flat);
            model.setCheckpoint(checkpoint);
        }
        QString names() const { return dumpModel(proxy, {StateDictModel::Name}); }
        QStringList column(int c) const
        {
            QStringList out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, c).data().toString();
            return out;
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        const PythonRun py = runPython(QStringLiteral("fixtures/make_model_fixtures.py"),
                                       QStringList{m_dir.path()} +
                                           QStringList{QStringLiteral("nested"), QStringLiteral("numbered")});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        QString openError;
        m_nested = openFixture(m_dir.filePath(QStringLiteral("nested.pt")), &openError);
        QVERIFY2(m_nested, qPrintable(openError));
        m_numbered = openFixture(m_dir.filePath(QStringLiteral("numbered.pt")), &openError);
        QVERIFY2(m_numbered, qPrintable(openError));
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<QString>("expected");

        QTest::newRow("empty shows all")
            << QString() << false
            << "module\n  embed\n    weight\n  encoder\n    layer\n      0\n        weight\n"
               "        bias\n      1\n        weight\n        bias\n    norm\n"
               "      running_mean\n      num_batches_tracked\n  head\n    weight\n";
        QTest::newRow("substring keeps ancestors") << "norm" << false
                                                   << "module\n  encoder\n    norm\n      running_mean\n"
                                                      "      num_batches_tracked\n";
        QTest::newRow("substring ignores case")
            << "LAYER.1" << false << "module\n  encoder\n    layer\n      1\n        weight\n        bias\n";
        QTest::newRow("substring spans components")
            << "r.0.w" << false << "module\n  encoder\n    layer\n      0\n        weight\n";
        QTest::newRow("regex anchored at the end") << "bias$" << true
                                                   << "module\n  encoder\n    layer\n      0\n        bias\n"
                                                      "      1\n        bias\n";
        QTest::newRow("regex alternation")
            << "^module\\.(embed|head)\\." << true << "module\n  embed\n    weight\n  head\n    weight\n";
        QTest::newRow("regex is case-sensitive") << "WEIGHT" << true << "";
        QTest::newRow("regex inline case flag") << "(?i)HEAD" << true << "module\n  head\n    weight\n";
        // Module rows never match themselves, only through their leaves: "encoder" as a whole key
        // matches no leaf, so nothing is shown even though a module is called that.
        QTest::newRow("module names alone do not match") << "^module\\.encoder$" << true << "";
        QTest::newRow("no match") << "decoder" << false << "";
        QTest::newRow("invalid regex shows nothing") << "layer.(" << true << "";
    }

    void filter()
    {
        QFETCH(QString, text);
        QFETCH(bool, regex);
        QFETCH(QString, expected);

        Fixture f(m_nested.get(), false);
        f.proxy.setFilter(text, regex);
        QCOMPARE(f.proxy.filterText(), text);
        QCOMPARE(f.proxy.isRegexFilter(), regex);
        const QString diff = firstDifference(f.names(), expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void substringFoldsCaseAsQtDoes_data()
    {
        QTest::addColumn<QString>("text");
        // Keys of any script; ASCII ones take a shortcut that must agree with QString::contains.
        QTest::newRow("ascii upper") << QStringLiteral("NORM.B");
        QTest::newRow("ascii mixed") << QStringLiteral("eXpErT");
        QTest::newRow("kelvin sign folds to k") << QStringLiteral("kelvin");
        QTest::newRow("long s folds to s") << QStringLiteral("SCALE");
        QTest::newRow("non-ascii filter") << QStringLiteral("ÄRGER");
        QTest::newRow("digits and dots") << QStringLiteral("1.w");
        QTest::newRow("longer than every key") << QStringLiteral("experts.0.norm.bias.and.more");
    }

    void substringFoldsCaseAsQtDoes()
    {
        QFETCH(QString, text);
        const QStringList keys{QStringLiteral("experts.1.weight"),   QStringLiteral("experts.0.norm.bias"),
                               QStringLiteral("\u212Aelvin.weight"), QStringLiteral("\u017Fcale.bias"),
                               QStringLiteral("ärger.weight"),       QStringLiteral("Ärger.bias"),
                               QStringLiteral("EXPERTS.2.W")};
        // Any source model with the roles works; this one takes the proxy's general path.
        QStandardItemModel model;
        auto *module = new QStandardItem(QStringLiteral("m"));
        module->setData(false, IsLeafRole);
        for (const QString &k : keys) {
            auto *leaf = new QStandardItem(k);
            leaf->setData(k, KeyRole);
            leaf->setData(true, IsLeafRole);
            module->appendRow(leaf);
        }
        model.appendRow(module);
        KeyFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setFilter(text, false);
        QStringList expected, shown;
        for (const QString &k : keys)
            if (k.contains(text, Qt::CaseInsensitive)) expected << k;
        const QModelIndex m = proxy.index(0, 0);
        for (int r = 0; r < proxy.rowCount(m); ++r)
            shown << proxy.index(r, 0, m).data(KeyRole).toString();
        QCOMPARE(shown, expected);
    }

    void filterFlat()
    {
        Fixture f(m_nested.get(), true);
        f.proxy.setFilter(QStringLiteral("weight"), false);
        QCOMPARE(f.column(StateDictModel::Name), (QStringList{QStringLiteral("module.embed.weight"),
                                                              QStringLiteral("module.encoder.layer.0.weight"),
                                                              QStringLiteral("module.encoder.layer.1.weight"),
                                                              QStringLiteral("module.head.weight")}));
    }

    void invalidRegexIsReported()
    {
        Fixture f(m_nested.get(), false);
        QVERIFY(f.proxy.isValidFilter());
        QVERIFY(f.proxy.filterErrorString().isEmpty());

        f.proxy.setFilter(QStringLiteral("layer.("), true);
        QVERIFY(!f.proxy.isValidFilter());
        QVERIFY(!f.proxy.filterErrorString().isEmpty());
        QCOMPARE(f.proxy.rowCount(), 0);

        // The same text as a substring is valid: it simply matches no key.
        f.proxy.setFilter(QStringLiteral("layer.("), false);
        QVERIFY(f.proxy.isValidFilter());
        QCOMPARE(f.proxy.rowCount(), 0);

        f.proxy.setFilter(QStringLiteral("layer.(0|1)"), true);
        QVERIFY(f.proxy.isValidFilter());
        QCOMPARE(f.proxy.rowCount(), 1);
    }

    void filterFollowsModelResets()
    {
        Fixture f(m_nested.get(), false);
        f.proxy.setFilter(QStringLiteral("head"), false);
        f.model.setFlat(true);
        QCOMPARE(f.column(StateDictModel::Name), QStringList{QStringLiteral("module.head.weight")});
        f.model.setCheckpoint(m_numbered.get());
        QCOMPARE(f.proxy.rowCount(), 0);
        f.model.setCheckpoint(m_nested.get());
        QCOMPARE(f.proxy.rowCount(), 1);
    }

    void sortBySizeIsNumeric_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("expected");
        // As text, "16 B" < "160 B" < "32 B" < "64 B" < "8 B".
        QTest::newRow("ascending") << int(Qt::AscendingOrder)
                                   << QStringList{QStringLiteral("8 B"),   QStringLiteral("8 B"),
                                                  QStringLiteral("16 B"),  QStringLiteral("16 B"),
                                                  QStringLiteral("32 B"),  QStringLiteral("64 B"),
                                                  QStringLiteral("160 B"), QStringLiteral("160 B")};
        QTest::newRow("descending") << int(Qt::DescendingOrder)
                                    << QStringList{QStringLiteral("160 B"), QStringLiteral("160 B"),
                                                   QStringLiteral("64 B"),  QStringLiteral("32 B"),
                                                   QStringLiteral("16 B"),  QStringLiteral("16 B"),
                                                   QStringLiteral("8 B"),   QStringLiteral("8 B")};
    }

    void sortBySizeIsNumeric()
    {
        QFETCH(int, order);
        QFETCH(QStringList, expected);
        Fixture f(m_nested.get(), true);
        f.proxy.sort(StateDictModel::Size, Qt::SortOrder(order));
        QCOMPARE(f.column(StateDictModel::Size), expected);
    }

    void sortByParametersIsNumeric()
    {
        Fixture f(m_nested.get(), true);
        f.proxy.sort(StateDictModel::Parameters, Qt::AscendingOrder);
        QCOMPARE(f.column(StateDictModel::Parameters),
                 (QStringList{QStringLiteral("1"), QStringLiteral("4"), QStringLiteral("4"),
                              QStringLiteral("4"), QStringLiteral("16"), QStringLiteral("16"),
                              QStringLiteral("40"), QStringLiteral("40")}));
    }

    void sortModuleRowsByTheirTotals()
    {
        Fixture f(m_nested.get(), false);
        f.proxy.sort(StateDictModel::Size, Qt::DescendingOrder);
        const QModelIndex module = f.proxy.index(0, 0);
        QStringList children;
        for (int r = 0; r < f.proxy.rowCount(module); ++r)
            children << f.proxy.index(r, StateDictModel::Name, module).data().toString() + QLatin1Char(' ') +
                            f.proxy.index(r, StateDictModel::Size, module).data().toString();
        // embed and head tie at 160 B and keep their source order; encoder's 144 B comes last.
        QCOMPARE(children, (QStringList{QStringLiteral("embed 160 B"), QStringLiteral("head 160 B"),
                                        QStringLiteral("encoder 144 B")}));
    }

    void sortNamesNaturally()
    {
        Fixture f(m_numbered.get(), false);
        f.proxy.sort(StateDictModel::Name, Qt::AscendingOrder);
        const QModelIndex layer = f.proxy.index(0, 0);
        QStringList names;
        for (int r = 0; r < f.proxy.rowCount(layer); ++r)
            names << f.proxy.index(r, 0, layer).data().toString();
        QCOMPARE(names.join(QLatin1Char(' ')), QStringLiteral("0 1 2 3 4 5 6 7 8 9 10 11"));
    }

    void filterAndSortTogether()
    {
        Fixture f(m_nested.get(), true);
        f.proxy.sort(StateDictModel::Size, Qt::AscendingOrder);
        f.proxy.setFilter(QStringLiteral("layer"), false);
        QCOMPARE(f.column(StateDictModel::Name),
                 (QStringList{QStringLiteral("module.encoder.layer.1.bias"),
                              QStringLiteral("module.encoder.layer.0.bias"),
                              QStringLiteral("module.encoder.layer.1.weight"),
                              QStringLiteral("module.encoder.layer.0.weight")}));
    }
};

QTEST_MAIN(TestKeyFilterProxy)
#include "tst_key_filter_proxy.moc"
