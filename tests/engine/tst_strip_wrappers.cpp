// Stacked wrappers: the strip_wrappers rule removes _orig_mod., module., _fsdp_wrapped_module.,
// _checkpoint_wrapped_module., _forward_module. and base_model.model. wherever they stand; test-load
// suggests it first with sample keys, never strips a real module of the architecture, and a strict
// load of a torch-made wrapped checkpoint (tests/fixtures/wrapper_fixtures.py) passes after the fix.

#include "keymap/key_map.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;
using sl::KeyMap;
using sl::KeyRule;

class TestStripWrappers : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    QJsonObject testLoad(const QStringList &args)
    {
        const CliRun run =
            runCli(QStringList{QStringLiteral("testload")} + args + QStringList{QStringLiteral("--json")},
                   m_dir.path(), 60000);
        return QJsonDocument::fromJson(run.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python = runPython(QStringLiteral("fixtures/wrapper_fixtures.py"), {m_dir.path()});
        QVERIFY2(python.ok(), qPrintable(python.why()));
    }

    void stripsEveryWrapper_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("keep");
        QTest::addColumn<QString>("expected");
        const QStringList none;
        QTest::newRow("issue example")
            << "_orig_mod.module.encoder._fsdp_wrapped_module.layers.0._checkpoint_wrapped_module.mlp.weight"
            << none << "encoder.layers.0.mlp.weight";
        QTest::newRow("fabric in ddp") << "module._forward_module.head.bias" << none << "head.bias";
        QTest::newRow("peft") << "base_model.model.decoder.lora_A.weight" << none << "decoder.lora_A.weight";
        QTest::newRow("module inside") << "decoder.module.weight" << none << "decoder.weight";
        QTest::newRow("the leaf stays") << "module.module" << none << "module";
        QTest::newRow("model alone is no wrapper")
            << "model.base_model.weight" << none << "model.base_model.weight";
        QTest::newRow("near names stay")
            << "modules.module_list.0.weight" << none << "modules.module_list.0.weight";
        QTest::newRow("kept module") << "_orig_mod.module.module.weight"
                                     << QStringList{QStringLiteral("module")} << "module.module.weight";
    }

    void stripsEveryWrapper()
    {
        QFETCH(QString, key);
        QFETCH(QStringList, keep);
        QFETCH(QString, expected);
        bool dropped = false;
        QString k = key;
        QVERIFY(KeyMap::applyRule(KeyRule::stripWrappers(keep), k, dropped, nullptr));
        QCOMPARE(k, expected);
        QVERIFY(!dropped);
    }

    void recipeRoundTrip()
    {
        KeyMap map;
        QString error;
        QVERIFY2(KeyMap::fromJson(
                     R"({"rules": [{"op": "strip_wrappers"}, {"op": "strip_wrappers", "keep": ["module"]}]})",
                     map, &error),
                 qPrintable(error));
        QCOMPARE(map.rules.size(), size_t(2));
        QCOMPARE(map.rules[0], KeyRule::stripWrappers());
        QCOMPARE(map.rules[1], KeyRule::stripWrappers({QStringLiteral("module")}));
        KeyMap again;
        QVERIFY(KeyMap::fromJson(map.toJson(), again, &error));
        QVERIFY(again.rules == map.rules);
        QVERIFY(!KeyMap::fromJson(R"({"rules": [{"op": "strip_wrappers", "keep": ["encoder"]}]})", again,
                                  &error));
        QVERIFY(
            !KeyMap::fromJson(R"({"rules": [{"op": "strip_wrappers", "keep": "module"}]})", again, &error));
    }

    void detectsWrappers()
    {
        QCOMPARE(sl::wrappersIn({QStringLiteral("a.b"), QStringLiteral("_orig_mod.module.x.weight"),
                                 QStringLiteral("base_model.model.y.bias")}),
                 (QStringList{QStringLiteral("_orig_mod"), QStringLiteral("module"),
                              QStringLiteral("base_model.model")}));
        QVERIFY(sl::wrappersIn({QStringLiteral("encoder.weight")}).isEmpty());
    }

    // The first suggestion is strip_wrappers, shown with three keys before and after; the strict load
    // then passes with the one flag (what the app's one-click fix applies).
    void testLoadPassesAfterTheFix()
    {
        const QJsonObject before =
            testLoad({path("wrapped.pt"), QStringLiteral("--arch"), path("target.pt")});
        QCOMPARE(jsonText(before.value(QLatin1String("suggestions"))),
                 QStringLiteral("[{\"op\":\"strip_wrappers\"}]"));
        const QJsonArray samples =
            before.value(QLatin1String("suggestion_samples")).toArray().at(0).toArray();
        QCOMPARE(samples.size(), 3);
        QCOMPARE(
            jsonText(samples.at(0)),
            QStringLiteral("{\"from\":\"_orig_mod.module.encoder._fsdp_wrapped_module.0._checkpoint_wrapped_"
                           "module.weight\",\"to\":\"encoder.0.weight\"}"));
        const CliRun strict =
            runCli({QStringLiteral("testload"), path("wrapped.pt"), QStringLiteral("--arch"),
                    path("target.pt"), QStringLiteral("--strip-wrappers"), QStringLiteral("--strict")},
                   m_dir.path(), 60000);
        QVERIFY2(strict.exitCode == 0, qPrintable(strict.describe() + QString::fromUtf8(strict.out)));
        const CliRun without =
            runCli({QStringLiteral("testload"), path("wrapped.pt"), QStringLiteral("--arch"),
                    path("target.pt"), QStringLiteral("--strict")},
                   m_dir.path(), 60000);
        QCOMPARE(without.exitCode, 3);
    }

    // 'module' is a real submodule there: no suggestion strips it, and the suggestions still fix the load.
    void realModuleNamesAreKept()
    {
        const QJsonObject before =
            testLoad({path("wrapped_keep.pt"), QStringLiteral("--arch"), path("target_keep.pt")});
        const QJsonArray rules = before.value(QLatin1String("suggestions")).toArray();
        QVERIFY(!rules.isEmpty());
        KeyMap map;
        QString error;
        QVERIFY(KeyMap::fromJson(QJsonDocument(QJsonObject{{QStringLiteral("rules"), rules}}).toJson(), map,
                                 &error));
        std::vector<sl::MappedKey> mapped;
        QVERIFY(map.apply({QStringLiteral("_orig_mod.module.module.weight")}, mapped, &error));
        QCOMPARE(mapped[0].to, QStringLiteral("module.weight"));
        QFile recipe(path("keep_recipe.json"));
        QVERIFY(recipe.open(QIODevice::WriteOnly));
        recipe.write(map.toJson());
        recipe.close();
        const CliRun strict =
            runCli({QStringLiteral("testload"), path("wrapped_keep.pt"), QStringLiteral("--arch"),
                    path("target_keep.pt"), QStringLiteral("--rules"), path("keep_recipe.json"),
                    QStringLiteral("--strict")},
                   m_dir.path(), 60000);
        QVERIFY2(strict.exitCode == 0, qPrintable(strict.describe()));
    }
};

QTEST_GUILESS_MAIN(TestStripWrappers)
#include "tst_strip_wrappers.moc"
