// "Copy as Python" for transforms against torch: for every case of fixtures/transform_cases.py, the
// code generated from the recipe, run by /usr/bin/python3 on NAME_in.pth (fixtures/apply_snippet.py
// --torch, one run for all cases), gives NAME_expected.pth: the same keys in the same order, every tensor bit
// for bit.

#include "test_support.h"

#include "keymap/key_map.h"
#include "keymap/python_snippet.h"
#include "keymap/python_transforms.h"

#include <QFile>
#include <QHash>
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

    static QStringList cases()
    {
        QStringList names;
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "qkv_fuse", "split_even", "llama_meta_to_hf",
                                 "llama_hf_to_meta", "llama_round_trip", "moe_stack", "moe_unstack",
                                 "moe_stack_dim2", "head_and_vocab", "cast_modules", "chain", "flag_order"})
            names << QString::fromLatin1(name);
        return names;
    }

    QJsonObject m_results; // torch's run of every case's snippet: NAME -> {keys, expected, bad}
    QHash<QString, QString> m_code;

private Q_SLOTS:
    // One torch start for every case: each recipe's code is written out, then run by torch.
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun run = runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
        QJsonObject jobs;
        for (const QString &name : cases()) {
            QFile recipe(path(name + QStringLiteral(".json")));
            QVERIFY(recipe.open(QIODevice::ReadOnly));
            KeyMap map;
            QString error;
            QVERIFY2(KeyMap::fromJson(recipe.readAll(), map, &error), qPrintable(error));
            QVERIFY(map.hasTransforms());
            // The app's Copy as Python hands over this code whenever the map has transforms.
            const QString code = pythonSnippet(map, {});
            QCOMPARE(code, pythonTransformsSnippet(map));
            m_code.insert(name, code);
            QFile snippet(path(name + QStringLiteral("_snippet.py")));
            QVERIFY(snippet.open(QIODevice::WriteOnly));
            snippet.write(code.toUtf8());
            jobs.insert(name, QJsonObject{{QStringLiteral("snippet"), snippet.fileName()},
                                          {QStringLiteral("in_path"), path(name + QStringLiteral("_in.pth"))},
                                          {QStringLiteral("expected_path"),
                                           path(name + QStringLiteral("_expected.pth"))}});
        }
        QFile jobsFile(path(QStringLiteral("jobs.json")));
        QVERIFY(jobsFile.open(QIODevice::WriteOnly));
        jobsFile.write(QJsonDocument(jobs).toJson());
        jobsFile.close();
        const PythonRun py = runPython(QStringLiteral("fixtures/apply_snippet.py"),
                                       {QStringLiteral("--torch"), jobsFile.fileName()}, 300000);
        QVERIFY2(py.ok(), qPrintable(py.why()));
        m_results = QJsonDocument::fromJson(py.out).object();
    }

    void matchesTorch_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : cases())
            QTest::newRow(qPrintable(name)) << name;
    }
    void matchesTorch()
    {
        QFETCH(QString, name);
        QVERIFY2(m_results.contains(name), qPrintable(m_code.value(name)));
        const QJsonObject result = m_results.value(name).toObject();
        QCOMPARE(jsonText(result.value(QLatin1String("keys"))),
                 jsonText(result.value(QLatin1String("expected"))));
        QCOMPARE(jsonText(result.value(QLatin1String("bad"))), QStringLiteral("[]"));
    }
};

QTEST_APPLESS_MAIN(TestPythonTransforms)
#include "tst_python_transforms.moc"
