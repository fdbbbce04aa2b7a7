// The compare view: a comparison started from the main window uses the document's edits as rules;
// the view's counts, status filter, "only differences", key filter and metric sorting; the module
// chart and its click-to-select; the selected pair's histograms; export; cancel.

#include "compare_window.h"
#include "histogram_plot.h"
#include "mainwindow.h"

#include "document/checkpoint.h"
#include "qt/compare_filter_proxy.h"
#include "qt/compare_model.h"
#include "qt/key_edit_session.h"
#include "qt/model_roles.h"
#include "test_support.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace sl;

class TestCompareView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QJsonObject m_expected;
    std::shared_ptr<Checkpoint> m_a;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    // A finished comparison of a.pth with b.pth in a window of its own.
    std::unique_ptr<CompareWindow> compared()
    {
        auto window = std::make_unique<CompareWindow>();
        QSignalSpy done(window.get(), &CompareWindow::comparisonFinished);
        window->start(m_a, path("b.pth"), KeyMap());
        if (!done.wait(60000)) return nullptr;
        return window;
    }
    static QStringList visibleKeys(const QAbstractItemModel *m)
    {
        QStringList keys;
        for (int r = 0; r < m->rowCount(); ++r)
            keys << m->index(r, 0).data(KeyRole).toString();
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed =
            sl_test::writeFixtures(QStringLiteral("fixtures/diff_fixtures.py"), m_dir.path());
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QFile f(path("expected_main.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
        std::string error;
        m_a = Checkpoint::open(path("a.pth"), &error);
        QVERIFY2(m_a, error.c_str());
    }

    void documentEditsAreTheRules()
    {
        MainWindow main;
        main.setQuietErrors(true);
        QVERIFY(main.openFile(path("module.pth")));
        QString error;
        QVERIFY(main.session()->addRules({KeyRule::stripPrefix(QStringLiteral("module."))},
                                         QStringLiteral("strip"), &error));
        CompareWindow *window = main.compareWith(path("plain.pth"));
        QVERIFY(window);
        QSignalSpy done(window, &CompareWindow::comparisonFinished);
        QVERIFY(done.wait(60000));
        QCOMPARE(window->model()->rowCount(), 3);
        QCOMPARE(window->model()->statusCount(DiffStatus::Same), 3);
        QVERIFY(visibleKeys(window->proxy()).contains(QStringLiteral("x.weight")));
    }

    void countsMatchTheEngine()
    {
        auto window = std::make_unique<CompareWindow>();
        QAbstractItemModelTester tester(window->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy done(window.get(), &CompareWindow::comparisonFinished);
        window->start(m_a, path("b.pth"), KeyMap());
        QVERIFY(done.wait(60000));
        const QJsonObject summary = m_expected[QStringLiteral("summary")].toObject();
        int total = 0;
        for (int s = 0; s < kDiffStatusCount; ++s) {
            const int want = summary[QLatin1String(diffStatusName(DiffStatus(s)))].toInt();
            QCOMPARE(window->model()->statusCount(DiffStatus(s)), want);
            total += want;
        }
        QCOMPARE(window->model()->rowCount(), total);
        QCOMPARE(window->proxy()->rowCount(), total);
    }

    void filtersAndSorting()
    {
        auto window = compared();
        QVERIFY(window);
        CompareFilterProxy *proxy = window->proxy();
        const QJsonObject summary = m_expected[QStringLiteral("summary")].toObject();
        proxy->setStatusFilter(DiffStatus::Changed);
        QCOMPARE(proxy->rowCount(), summary[QStringLiteral("changed")].toInt());
        proxy->setStatusFilter(DiffStatus::Renamed);
        QCOMPARE(visibleKeys(proxy), (QStringList{QStringLiteral("old.name"), QStringLiteral("old.twin1")}));
        proxy->setStatusFilter(std::nullopt);
        proxy->setOnlyDifferences(true);
        QCOMPARE(proxy->rowCount(), window->model()->rowCount() - summary[QStringLiteral("same")].toInt());
        proxy->setOnlyDifferences(false);
        proxy->setFilter(QStringLiteral("NAN."), false); // the key tree's filter: substring, any case
        QCOMPARE(proxy->rowCount(), 3);
        proxy->setFilter(QStringLiteral("^enc\\.layer1\\.(f|b)"), true);
        QCOMPARE(visibleKeys(proxy),
                 (QStringList{QStringLiteral("enc.layer1.f16"), QStringLiteral("enc.layer1.bf16"),
                              QStringLiteral("enc.layer1.bool")}));
        proxy->setFilter({}, false);
        // Metrics sort as numbers: the largest rel_l2 is the 0-d pair (3.8), then zero.in_b (1).
        proxy->sort(CompareModel::RelL2, Qt::DescendingOrder);
        QCOMPARE(visibleKeys(proxy).mid(0, 2),
                 (QStringList{QStringLiteral("shape.scalar"), QStringLiteral("zero.in_b")}));
    }

    void moduleChartSelectsAModule()
    {
        auto window = compared();
        QVERIFY(window);
        const QJsonArray modules = m_expected[QStringLiteral("modules")].toArray();
        QCOMPARE(window->chartModules().size(), modules.size());
        QCOMPARE(window->chartModules().first(), QStringLiteral("enc")); // file order
        int withBars = 0;
        for (const QJsonValue &m : modules)
            withBars += m.toObject()[QStringLiteral("rel_l2")].toDouble() > 0;
        QCOMPARE(window->moduleChart()->barCount(), withBars);
        Q_EMIT window->moduleChart()->barClicked(int(window->chartModules().indexOf(QStringLiteral("nan"))));
        QCOMPARE(window->table()->currentIndex().data(KeyRole).toString(), QStringLiteral("nan.same_places"));
    }

    void selectedPairShowsHistograms()
    {
        auto window = compared();
        QVERIFY(window);
        QSignalSpy shown(window.get(), &CompareWindow::histogramsShown);
        window->selectModule(QStringLiteral("enc.layer0")); // enc.layer0.same: a and b identical
        QVERIFY(shown.wait(30000));
        QVERIFY(window->pairPlot()->barCount() > 5);
        QCOMPARE(window->pairPlot()->overlayBarCount(), window->pairPlot()->barCount());
        QCOMPARE(window->diffPlot()->barCount(), 1); // every a - b is 0
    }

    void exportsTheTable()
    {
        auto window = compared();
        QVERIFY(window);
        QString error;
        QVERIFY2(window->exportTable(path("view.json"), true, &error), qPrintable(error));
        QFile json(path("view.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject got = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(got[QStringLiteral("summary")].toObject(), m_expected[QStringLiteral("summary")].toObject());
        QVERIFY2(window->exportTable(path("view.csv"), false, &error), qPrintable(error));
        QFile csv(path("view.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().trimmed().count('\n'), window->model()->rowCount());
    }

    void cancelStopsTheRun()
    {
        CompareWindow window;
        window.start(m_a, path("b.pth"), KeyMap());
        window.cancel();
        QVERIFY(!window.isRunning());
        QTest::qWait(200); // a cancelled run's late results are dropped, not shown
        QVERIFY(window.model()->statusCount(DiffStatus::Changed) == 0);
    }
};

QTEST_MAIN(TestCompareView)
#include "tst_compare_view.moc"
