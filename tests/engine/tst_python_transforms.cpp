// "Copy as Python" for transforms against torch: for every case of fixtures/transform_cases.py, the
// code generated from the recipe, run by /usr/bin/python3 on NAME_in.pth (fixtures/apply_snippet.py
// --torch), gives NAME_expected.pth: the same keys in the same order, every tensor bit for bit.

#include "test_support.h"

#include "keymap/key_map.h"
#include "keymap/python_snippet.h"
#include "keymap/python_transforms.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl_test;

class TestPythonTransforms : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun run = runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
    }

    void matchesTorch_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "qkv_fuse", "split_even", "llama_meta_to_hf",
                                 "llama_hf_to_meta", "llama_round_trip", "moe_stack", "moe_unstack",
                                 "moe_stack_dim2", "head_and_vocab", "cast_modules", "chain"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void matchesTorch()
    {
        QFETCH(QString, name);
        QFile recipe(path(name + QStringLiteral(".json")));
        QVERIFY(recipe.open(QIODevice::ReadOnly));
        KeyMap map;
        QString error;
        QVERIFY2(KeyMap::fromJson(recipe.readAll(), map, &error), qPrintable(error));
        QVERIFY(map.hasTransforms());
        // The app's Copy as Python hands over this code whenever the map has transforms.
        const QString code = pythonSnippet(map, {});
        QCOMPARE(code, pythonTransformsSnippet(map));

        QFile snippet(path(name + QStringLiteral("_snippet.py")));
        QVERIFY(snippet.open(QIODevice::WriteOnly));
        snippet.write(code.toUtf8());
        snippet.close();
        const PythonRun py =
            runPython(QStringLiteral("fixtures/apply_snippet.py"),
                      {QStringLiteral("--torch"), snippet.fileName(), path(name + QStringLiteral("_in.pth")),
                       path(name + QStringLiteral("_expected.pth"))});
        QVERIFY2(py.ok(), qPrintable(py.why() + QLatin1Char('\n') + code));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object();
        QCOMPARE(jsonText(result.value(QLatin1String("keys"))),
                 jsonText(result.value(QLatin1String("expected"))));
        QCOMPARE(jsonText(result.value(QLatin1String("bad"))), QStringLiteral("[]"));
    }
};

QTEST_APPLESS_MAIN(TestPythonTransforms)
#include "tst_python_transforms.moc"
