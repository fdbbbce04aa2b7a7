// ObjectTreeModel as a specification: the whole decoded object tree of a checkpoint with names, types
// and values, paths that lead back to each node, root candidates, and cycles shown once.

#include "qt/model_roles.h"
#include "qt/object_tree_model.h"
#include "test_support.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace sl;
using namespace sl_test;

namespace {

const QList<int> kDumpColumns{ObjectTreeModel::Name, ObjectTreeModel::Type, ObjectTreeModel::Value};

// A Lightning-style checkpoint: scalars, the state dict, an optimizer with int keys, an
// argparse.Namespace (an opaque object whose attributes are its state) and a mixed list.
const char *kLightningTree = R"((top level) | dict | 6 key(s)
  epoch | int | 7
  global_step | int | 700
  state_dict | OrderedDict | 2 key(s)
    layer.weight | tensor | tensor [2, 3] float32
    layer.bias | tensor | tensor [2] float32
  optimizer_states | list | 1 item(s)
    0 | dict | 2 key(s)
      state | dict | 1 key(s)
        0 | dict | 2 key(s)
          step | int | 3
          exp_avg | tensor | tensor [2, 3] float32
      param_groups | list | 1 item(s)
        0 | dict | 2 key(s)
          lr | float | 0.001
          params | list | 2 item(s)
            0 | int | 0
            1 | int | 1
  hyper_parameters | argparse.Namespace | 
    state | dict | 2 key(s)
      lr | float | 0.001
      name | str | 'tiny'
  callbacks | list | 4 item(s)
    0 | str | 'early_stop'
    1 | float | 2.5
    2 | None | None
    3 | bool | True
)";

// l = []; l.append(l): the inner reference is the list itself, shown once as a leaf.
const char *kCycleTree = R"((top level) | dict | 2 key(s)
  w | tensor | tensor [1] float32
  loop | list | 1 item(s)
    0 | list | <cycle>
)";

QString pathText(const QModelIndex &index)
{
    const QVariant path = index.data(PathRole);
    return path.isValid() ? QLatin1Char('/') + path.toStringList().join(QLatin1Char('/'))
                          : QStringLiteral("-");
}

// Every row once, depth first, in column 0.
void forEachRow(const QAbstractItemModel &model, const std::function<void(const QModelIndex &)> &visit,
                const QModelIndex &parent = QModelIndex())
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex index = model.index(r, 0, parent);
        visit(index);
        forEachRow(model, visit, index);
    }
}

} // namespace

class TestObjectTreeModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<Checkpoint> open(const QString &file)
    {
        QString error;
        auto checkpoint = openFixture(m_dir.filePath(file), &error);
        if (!checkpoint) qWarning("%s", qPrintable(error));
        return checkpoint;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        const PythonRun py = runPython(
            QStringLiteral("fixtures/make_model_fixtures.py"),
            QStringList{m_dir.path()} + QStringList{QStringLiteral("lightning"), QStringLiteral("cycle"),
                                                    QStringLiteral("odd"), QStringLiteral("module"),
                                                    QStringLiteral("nested"), QStringLiteral("experts30k")});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void dump_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lightning") << "lightning.ckpt" << kLightningTree;
        QTest::newRow("cycle") << "cycle.pt" << kCycleTree;
    }

    void dump()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        auto checkpoint = open(file);
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(checkpoint.get());
        const QString diff = firstDifference(dumpModel(model, kDumpColumns), expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void clearingShowsNothing()
    {
        auto checkpoint = open(QStringLiteral("lightning.ckpt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setCheckpoint(checkpoint.get());
        QCOMPARE(model.rowCount(), 1);
        model.setCheckpoint(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexForPath({}).isValid());
    }

    void headerTitles()
    {
        ObjectTreeModel model;
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.headerData(ObjectTreeModel::Name, Qt::Horizontal).toString(), QStringLiteral("Name"));
        QCOMPARE(model.headerData(ObjectTreeModel::Type, Qt::Horizontal).toString(), QStringLiteral("Type"));
        QCOMPARE(model.headerData(ObjectTreeModel::Value, Qt::Horizontal).toString(),
                 QStringLiteral("Value"));
    }

    // Which rows can be the state-dict root, and the path each row reports ("-": no path reaches it).
    void rootCandidates_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("candidates");
        QTest::newRow("lightning") << "lightning.ckpt"
                                   << QStringList{QStringLiteral("/state_dict"),
                                                  QStringLiteral("/optimizer_states/0/state/0")};
        QTest::newRow("plain state dict") << "nested.pt" << QStringList{QStringLiteral("/")};
        // A whole pickled nn.Module, and its _parameters dict of Parameters (reached through `state`).
        QTest::newRow("pickled module")
            << "module.pt" << QStringList{QStringLiteral("/"), QStringLiteral("/_parameters")};
        QTest::newRow("cycle") << "cycle.pt" << QStringList{QStringLiteral("/")};
    }

    void rootCandidates()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, candidates);
        auto checkpoint = open(file);
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(checkpoint.get());
        QStringList found;
        forEachRow(model, [&](const QModelIndex &i) {
            if (i.data(IsRootCandidateRole).toBool()) found << pathText(i);
        });
        QCOMPARE(found, candidates);

        // Each candidate really works as a root.
        for (const QString &candidate : std::as_const(candidates)) {
            std::string error;
            const RootPath root = parseRootPath(candidate.toStdString());
            QVERIFY2(checkpoint->setRoot(root, &error), error.c_str());
            QVERIFY2(!checkpoint->entries().empty(), qPrintable(candidate));
        }
    }

    void namespaceShowsItsClass()
    {
        auto checkpoint = open(QStringLiteral("lightning.ckpt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        model.setCheckpoint(checkpoint.get());
        const QModelIndex hparams = model.indexForPath({QStringLiteral("hyper_parameters")});
        QVERIFY(hparams.isValid());
        QCOMPARE(hparams.siblingAtColumn(ObjectTreeModel::Type).data().toString(),
                 QStringLiteral("argparse.Namespace"));
        QVERIFY(!hparams.data(IsRootCandidateRole).toBool());
        // Attributes resolve through the object's state, as resolveRootPath() does.
        const QModelIndex lr = model.indexForPath({QStringLiteral("hyper_parameters"), QStringLiteral("lr")});
        QVERIFY(lr.isValid());
        QCOMPARE(lr.parent().data().toString(), QStringLiteral("state"));
        QCOMPARE(lr.siblingAtColumn(ObjectTreeModel::Value).data().toString(), QStringLiteral("0.001"));
        QCOMPARE(lr.parent().data(PathRole).toStringList(), QStringList{QStringLiteral("hyper_parameters")});
    }

    void epochIsAScalar()
    {
        auto checkpoint = open(QStringLiteral("lightning.ckpt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        model.setCheckpoint(checkpoint.get());
        const QModelIndex epoch = model.indexForPath({QStringLiteral("epoch")});
        QVERIFY(epoch.isValid());
        QCOMPARE(epoch.data().toString(), QStringLiteral("epoch"));
        QCOMPARE(epoch.siblingAtColumn(ObjectTreeModel::Type).data().toString(), QStringLiteral("int"));
        QCOMPARE(epoch.siblingAtColumn(ObjectTreeModel::Value).data().toString(), QStringLiteral("7"));
        QCOMPARE(model.rowCount(epoch), 0);
    }

    void automaticRootIsFound_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("name");
        QTest::newRow("lightning") << "lightning.ckpt"
                                   << "state_dict";
        QTest::newRow("plain state dict") << "nested.pt"
                                          << "(top level)";
        QTest::newRow("pickled module") << "module.pt"
                                        << "(top level)";
    }

    void automaticRootIsFound()
    {
        QFETCH(QString, file);
        QFETCH(QString, name);
        auto checkpoint = open(file);
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        model.setCheckpoint(checkpoint.get());
        QStringList path;
        for (const std::string &p : checkpoint->automaticRoot())
            path << QString::fromStdString(p);
        const QModelIndex root = model.indexForPath(path);
        QVERIFY(root.isValid());
        QCOMPARE(root.data().toString(), name);
        QVERIFY(root.data(IsRootCandidateRole).toBool());
        QCOMPARE(root.data(PathRole).toStringList(), path);
    }

    // PathRole and indexForPath agree, and every path resolves in the engine, cycles included.
    void pathsLeadBackToTheirRows_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("lightning") << "lightning.ckpt";
        QTest::newRow("cycle") << "cycle.pt";
        QTest::newRow("pickled module") << "module.pt";
    }

    void pathsLeadBackToTheirRows()
    {
        QFETCH(QString, file);
        auto checkpoint = open(file);
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        model.setCheckpoint(checkpoint.get());
        int withPath = 0;
        forEachRow(model, [&](const QModelIndex &i) {
            const QVariant path = i.data(PathRole);
            if (!path.isValid()) return;
            ++withPath;
            const QModelIndex found = model.indexForPath(path.toStringList());
            QVERIFY2(found.isValid(), qPrintable(pathText(i)));
            QCOMPARE(found.data(PathRole), path);
            RootPath root;
            for (const QString &p : path.toStringList())
                root.push_back(p.toStdString());
            std::string error;
            QVERIFY2(resolveRootPath(checkpoint->file().top, root, &error), error.c_str());
        });
        QVERIFY(withPath > 1);
        QVERIFY(!model.indexForPath({QStringLiteral("no such key")}).isValid());
    }

    // Shown, but outside what a root path can name: "-" in the PathRole column.
    void unreachableNodesHaveNoPath()
    {
        auto checkpoint = open(QStringLiteral("odd.pt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(checkpoint.get());
        QString rows;
        forEachRow(model, [&](const QModelIndex &i) {
            rows += i.data().toString() + QLatin1String(" | ") +
                    i.siblingAtColumn(ObjectTreeModel::Type).data().toString() + QLatin1String(" | ") +
                    i.siblingAtColumn(ObjectTreeModel::Value).data().toString() + QLatin1String(" | ") +
                    pathText(i) + QLatin1Char('\n');
        });
        const QString expected = QStringLiteral(R"((top level) | dict | 4 key(s) | /
w | tensor | tensor [1] float32 | /w
pairs | dict | 1 key(s) | /pairs
tuple[2] | str | 'tuple key' | -
tags | set | 1 item(s) | /tags
0 | str | 'a' | -
fraction | fractions.Fraction |  | /fraction
args | tuple | 2 item(s) | -
0 | int | 1 | -
1 | int | 3 | -
)");
        const QString diff = firstDifference(rows, expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cycleIsALeaf()
    {
        auto checkpoint = open(QStringLiteral("cycle.pt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCheckpoint(checkpoint.get());
        const QModelIndex inner = model.indexForPath({QStringLiteral("loop"), QStringLiteral("0")});
        QVERIFY(inner.isValid());
        QCOMPARE(model.rowCount(inner), 0);
        QVERIFY(!model.hasChildren(inner));
        QCOMPARE(inner.siblingAtColumn(ObjectTreeModel::Value).data().toString(), QStringLiteral("<cycle>"));
        QVERIFY(!inner.data(IsRootCandidateRole).toBool());
    }

    void largeDictsAreBuiltOnDemand()
    {
        QElapsedTimer timer;
        timer.start();
        auto checkpoint = open(QStringLiteral("experts30k.pt"));
        QVERIFY(checkpoint);
        ObjectTreeModel model;
        model.setCheckpoint(checkpoint.get());
        const double resetMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        const QModelIndex top = model.index(0, 0);
        QCOMPARE(model.rowCount(top), 30000);
        const QModelIndex last = model.index(29999, ObjectTreeModel::Value, top);
        QCOMPARE(last.data().toString(), QStringLiteral("tensor [2] float32"));
        QCOMPARE(last.siblingAtColumn(0).data().toString(), QStringLiteral("experts.4999.norm.bias"));
        const double expandMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        QVERIFY(top.data(IsRootCandidateRole).toBool());
        const double candidateMs = double(timer.nsecsElapsed()) / 1e6;
        qDebug("object tree of 30,000 keys: open + reset %.1f ms, first row of the top dict %.1f ms, "
               "root-candidate check %.1f ms",
               resetMs, expandMs, candidateMs);
    }
};

QTEST_MAIN(TestObjectTreeModel)
#include "tst_object_tree_model.moc"
