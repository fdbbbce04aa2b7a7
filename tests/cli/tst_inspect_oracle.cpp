// Compares `statelens-cli inspect --json` with what torch 1.13 (the oracle) says about fixtures
// that tests/fixtures/make_fixtures.py writes at test time.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

QJsonObject readJsonObject(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + path;
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = path + QStringLiteral(": not a JSON object: ") + parseError.errorString();
        return {};
    }
    return doc.object();
}

QString keysOf(const QJsonArray &tensors)
{
    QStringList keys;
    for (const QJsonValue &t : tensors)
        keys << t.toObject().value(QLatin1String("key")).toString();
    return keys.join(QLatin1String(", "));
}

} // namespace

class TstInspectOracle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inspect_data();
    void inspect();

private:
    void compareTensors(const QJsonArray &actual, const QJsonArray &expected);
    void compareStorages(const QJsonArray &actual, const QJsonArray &sharedGroups);

    QTemporaryDir m_fixtures;
};

void TstInspectOracle::initTestCase()
{
    QVERIFY2(m_fixtures.isValid(), qPrintable(m_fixtures.errorString()));
    QVERIFY2(QFileInfo::exists(cliPath()), qPrintable(QStringLiteral("no CLI at ") + cliPath()));

    const PythonRun py = runPython(QStringLiteral("fixtures/make_fixtures.py"), {m_fixtures.path()});
    QVERIFY2(py.ok(), qPrintable(py.why()));
}

void TstInspectOracle::inspect_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("expectedJson");

    QString error;
    const QJsonObject manifest = readJsonObject(m_fixtures.filePath(QStringLiteral("manifest.json")), &error);
    if (!error.isEmpty()) QFAIL(qPrintable(error));
    const QJsonArray fixtures = manifest.value(QLatin1String("fixtures")).toArray();
    if (fixtures.isEmpty()) QFAIL("manifest.json lists no fixtures");
    for (const QJsonValue &v : fixtures) {
        const QJsonObject f = v.toObject();
        const QString name = f.value(QLatin1String("name")).toString();
        QTest::newRow(qPrintable(name)) << m_fixtures.filePath(f.value(QLatin1String("file")).toString())
                                        << f.value(QLatin1String("expect")).toString()
                                        << m_fixtures.filePath(name + QStringLiteral(".expected.json"));
    }
}

void TstInspectOracle::inspect()
{
    QFETCH(QString, file);
    QFETCH(QString, expect);
    QFETCH(QString, expectedJson);

    // A fresh working directory per file: the payload fixtures would `touch MARKER` in it.
    QTemporaryDir workDir;
    QVERIFY(workDir.isValid());
    const CliRun run = runCli({QStringLiteral("inspect"), QStringLiteral("--json"), file}, workDir.path());
    QVERIFY2(!QFileInfo::exists(workDir.filePath(QStringLiteral("MARKER"))),
             "a pickle payload was executed while inspecting the file");

    if (expect == QLatin1String("error")) {
        const QString problem = badInputProblem(run);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        return;
    }
    QCOMPARE(expect, QStringLiteral("ok"));
    QVERIFY2(run.started && run.finished && !run.crashed && run.exitCode == 0, qPrintable(run.describe()));

    QString error;
    const QJsonObject expected = readJsonObject(expectedJson, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &parseError);
    QVERIFY2(doc.isObject(),
             qPrintable(QStringLiteral("stdout is not a JSON object: ") + parseError.errorString()));
    const QJsonObject actual = doc.object();
    // The report is written directly, not through QJsonDocument; it must still be byte for byte what
    // QJsonDocument would print (key order, indentation, escapes), which scripts may have relied on.
    QCOMPARE(run.out, doc.toJson(QJsonDocument::Indented));

    QCOMPARE(actual.value(QLatin1String("format")).toString(),
             expected.value(QLatin1String("format")).toString());
    QCOMPARE(jsonText(actual.value(QLatin1String("root"))), jsonText(expected.value(QLatin1String("root"))));
    QVERIFY2(actual.value(QLatin1String("warnings")).isArray(), "no warnings array");

    const QJsonArray tensors = actual.value(QLatin1String("tensors")).toArray();
    compareTensors(tensors, expected.value(QLatin1String("tensors")).toArray());
    if (QTest::currentTestFailed()) return;
    compareStorages(tensors, expected.value(QLatin1String("shared_groups")).toArray());
    if (QTest::currentTestFailed()) return;

    QCOMPARE(jsonText(actual.value(QLatin1String("unsafe_globals"))),
             jsonText(expected.value(QLatin1String("unsafe_globals"))));
}

void TstInspectOracle::compareTensors(const QJsonArray &actual, const QJsonArray &expected)
{
    // Keys first, as one string: a missing or reordered key then shows up in a single line.
    QCOMPARE(keysOf(actual), keysOf(expected));
    static const char *const fields[] = {"dtype", "shape", "stride", "offset", "device", "nbytes"};
    for (int i = 0; i < expected.size(); ++i) {
        const QJsonObject a = actual.at(i).toObject();
        const QJsonObject e = expected.at(i).toObject();
        const QString key = e.value(QLatin1String("key")).toString();
        for (const char *field : fields) {
            const QLatin1String name(field);
            if (!a.contains(name)) QFAIL(qPrintable(key + QStringLiteral(": no field ") + name));
            const QString got = jsonText(a.value(name));
            const QString want = jsonText(e.value(name));
            if (got != want)
                QFAIL(qPrintable(key + QLatin1Char('.') + name + QStringLiteral(": got ") + got +
                                 QStringLiteral(", expected ") + want));
        }
    }
}

// torch says which keys share a storage; the CLI's `storage` ids must say the same, and every
// other tensor must have a storage of its own.
void TstInspectOracle::compareStorages(const QJsonArray &actual, const QJsonArray &sharedGroups)
{
    QHash<QString, QString> storageOf;
    QHash<QString, int> users;
    for (const QJsonValue &v : actual) {
        const QJsonObject t = v.toObject();
        const QString key = t.value(QLatin1String("key")).toString();
        if (!t.contains(QLatin1String("storage")))
            QFAIL(qPrintable(key + QStringLiteral(": no storage field")));
        const QString storage = jsonText(t.value(QLatin1String("storage")));
        storageOf.insert(key, storage);
        ++users[storage];
    }

    QSet<QString> grouped;
    for (const QJsonValue &g : sharedGroups) {
        const QJsonArray group = g.toArray();
        const QString first = group.at(0).toString();
        for (const QJsonValue &k : group) {
            const QString key = k.toString();
            grouped.insert(key);
            if (storageOf.value(key) != storageOf.value(first))
                QFAIL(qPrintable(key + QStringLiteral(" should share storage with ") + first +
                                 QStringLiteral(": ") + storageOf.value(key) + QStringLiteral(" vs ") +
                                 storageOf.value(first)));
        }
        // A group's storage must not also be used by tensors outside the group.
        if (users.value(storageOf.value(first)) != group.size())
            QFAIL(qPrintable(QStringLiteral("storage ") + storageOf.value(first) + QStringLiteral(" of ") +
                             first + QStringLiteral(" is used by tensors outside its shared group")));
    }
    for (auto it = storageOf.cbegin(); it != storageOf.cend(); ++it) {
        if (!grouped.contains(it.key()) && users.value(it.value()) != 1)
            QFAIL(qPrintable(it.key() + QStringLiteral(" shares storage ") + it.value() +
                             QStringLiteral(" with another tensor, torch says it does not")));
    }
}

QTEST_GUILESS_MAIN(TstInspectOracle)
#include "tst_inspect_oracle.moc"
