// "Never runs code from a file": a corpus of hostile pickles (tests/fixtures/make_payloads.py, written
// opcode by opcode) reaching os/posix/nt.system, eval, exec, getattr, __import__ and subprocess.Popen
// through GLOBAL, STACK_GLOBAL (also with names from the memo), INST, OBJ, REDUCE, BUILD with
// __setstate__, NEWOBJ, NEWOBJ_EX and EXT1/2/4, in zip and legacy containers, nested, next to a real
// tensor. Each must open with its tensor listed and exactly the expected unsafe_globals, and nothing
// may run: every payload would create MARKER in the working folder, so inspect, stats and remap run in
// a fresh folder that must stay without it. One payload is first run through CPython's own pickle to
// prove the marker mechanism works, so that this test can fail.

#include "document/checkpoint.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

namespace {

const QString kMarker = QStringLiteral("MARKER");

QStringList toStrings(const std::vector<std::string> &v)
{
    QStringList out;
    for (const std::string &s : v)
        out << QString::fromStdString(s);
    return out;
}

} // namespace

class TestPayloads : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QJsonObject m_manifest;
    int m_row = 0;

    QString fixture(const QString &name) const { return m_dir.filePath(QStringLiteral("payloads/") + name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python = runPython(QStringLiteral("fixtures/make_payloads.py"),
                                           {m_dir.filePath(QStringLiteral("payloads"))});
        QVERIFY2(python.ok(), qPrintable(python.why()));
        QFile manifest(fixture(QStringLiteral("payloads.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        m_manifest = QJsonDocument::fromJson(manifest.readAll()).object();
        QCOMPARE(m_manifest.value(QLatin1String("marker")).toString(), kMarker);
        QVERIFY(m_manifest.value(QLatin1String("cases")).toArray().size() >= 20);
    }

    // The check below is only worth something if a payload that runs does leave MARKER behind.
    void markerMechanismWorks()
    {
        QTemporaryDir sandbox;
        QVERIFY(sandbox.isValid());
        const QString pickle = fixture(m_manifest.value(QLatin1String("sanity")).toString());
        const PythonRun python =
            runPython(QStringLiteral("fixtures/unpickle.py"), {pickle}, 60000, sandbox.path());
        QVERIFY2(python.finished, qPrintable(python.why()));
        QVERIFY2(
            QFileInfo::exists(sandbox.filePath(kMarker)),
            qPrintable(QStringLiteral("CPython ran the payload but no marker appeared: ") + python.why()));
    }

    void cliRunsNothing_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QJsonArray>("unsafe");
        QTest::addColumn<QJsonArray>("warnings");
        QTest::addColumn<bool>("exportRefused");
        QTest::addColumn<QJsonArray>("exportUnsafe");
        for (const QJsonValue &v : m_manifest.value(QLatin1String("cases")).toArray()) {
            const QJsonObject c = v.toObject();
            QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString()))
                << fixture(c.value(QLatin1String("file")).toString())
                << c.value(QLatin1String("unsafe_globals")).toArray()
                << c.value(QLatin1String("warnings")).toArray()
                << (c.value(QLatin1String("export")).toString() == QLatin1String("refused"))
                << c.value(QLatin1String("export_unsafe_globals")).toArray();
        }
    }

    // inspect, stats and remap through statelens-cli, each in a working folder of its own.
    void cliRunsNothing()
    {
        QFETCH(QString, file);
        QFETCH(QJsonArray, unsafe);
        QFETCH(QJsonArray, warnings);
        QFETCH(bool, exportRefused);
        QFETCH(QJsonArray, exportUnsafe);
        QTemporaryDir work;
        QVERIFY(work.isValid());

        const CliRun inspect =
            runCli({QStringLiteral("inspect"), file, QStringLiteral("--json"), QStringLiteral("--objects")},
                   work.path());
        QVERIFY2(inspect.finished && !inspect.crashed && inspect.exitCode == 0,
                 qPrintable(inspect.describe()));
        const QJsonObject report = QJsonDocument::fromJson(inspect.out).object();
        const QJsonArray tensors = report.value(QLatin1String("tensors")).toArray();
        QCOMPARE(tensors.size(), 1);
        const QJsonObject w = tensors.at(0).toObject();
        QCOMPARE(w.value(QLatin1String("key")).toString(), QStringLiteral("w"));
        QCOMPARE(jsonText(w.value(QLatin1String("shape"))), QStringLiteral("[2,3]"));
        QCOMPARE(w.value(QLatin1String("dtype")).toString(), QStringLiteral("float32"));
        QCOMPARE(jsonText(report.value(QLatin1String("unsafe_globals"))), jsonText(unsafe));
        QCOMPARE(jsonText(report.value(QLatin1String("warnings"))), jsonText(warnings));

        QVERIFY2(!QFileInfo::exists(work.filePath(kMarker)),
                 "a payload ran: MARKER appeared in the working folder");
#if defined(__SANITIZE_ADDRESS__)
        // The ASan build (make test-asan) runs stats and remap for every third file: each CLI start
        // costs about two seconds there, and inspect above already went through the whole open path.
        if (m_row++ % 3) return;
#endif

        const CliRun stats = runCli(
            {QStringLiteral("stats"), file, QStringLiteral("w"), QStringLiteral("--json")}, work.path());
        QVERIFY2(stats.finished && !stats.crashed && stats.exitCode == 0, qPrintable(stats.describe()));
        QCOMPARE(QJsonDocument::fromJson(stats.out).object().value(QLatin1String("max")).toDouble(), 5.0);

        // The export keeps the opaque objects as they were (never calling them), so the copy is as
        // hostile as the original and must be reported the same way.
        const QString out = work.filePath(QStringLiteral("exported.pt"));
        const CliRun remap = runCli({QStringLiteral("remap"), file, QStringLiteral("-o"), out,
                                     QStringLiteral("--rename"), QStringLiteral("w=weight")},
                                    work.path());
        if (exportRefused) {
            const QString problem = badInputProblem(remap);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QVERIFY2(!QFileInfo::exists(out), "a refused export left a file");
        } else {
            QVERIFY2(remap.finished && !remap.crashed && remap.exitCode == 0, qPrintable(remap.describe()));
            const CliRun again =
                runCli({QStringLiteral("inspect"), out, QStringLiteral("--json")}, work.path());
            QVERIFY2(again.finished && again.exitCode == 0, qPrintable(again.describe()));
            QCOMPARE(
                jsonText(QJsonDocument::fromJson(again.out).object().value(QLatin1String("unsafe_globals"))),
                jsonText(exportUnsafe));
        }

        QVERIFY2(!QFileInfo::exists(work.filePath(kMarker)),
                 "a payload ran: MARKER appeared in the working folder");
    }

    // A weights-only copy drops every payload from the parsed tree: the copy runs nothing, carries no
    // command, and torch's own weights_only loader reads it (in a sandbox, where a payload would show).
    void weightsOnlyCopyRunsNothing()
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        QStringList copies;
        for (const QJsonValue &v : m_manifest.value(QLatin1String("cases")).toArray()) {
            const QJsonObject c = v.toObject();
            const QString file = fixture(c.value(QLatin1String("file")).toString());
            const QString out = work.filePath(QStringLiteral("wo_%1.pt").arg(copies.size()));
            const CliRun remap = runCli(
                {QStringLiteral("remap"), file, QStringLiteral("-o"), out, QStringLiteral("--weights-only")},
                work.path());
            QVERIFY2(remap.finished && !remap.crashed && remap.exitCode == 0, qPrintable(remap.describe()));
            QFile copy(out);
            QVERIFY(copy.open(QIODevice::ReadOnly));
            const QByteArray bytes = copy.readAll();
            QVERIFY2(!bytes.contains("MARKER"), qPrintable(out + QStringLiteral(" carries the command")));
            const CliRun inspect =
                runCli({QStringLiteral("inspect"), out, QStringLiteral("--json")}, work.path());
            const QJsonObject report = QJsonDocument::fromJson(inspect.out).object();
            QCOMPARE(jsonText(report.value(QLatin1String("unsafe_globals"))), QStringLiteral("[]"));
            QCOMPARE(jsonText(report.value(QLatin1String("weights_only"))),
                     QStringLiteral("{\"blockers\":[],\"loadable\":true}"));
            QCOMPARE(report.value(QLatin1String("tensors")).toArray().size(), 1);
            copies << out;
        }
        QVERIFY2(!QFileInfo::exists(work.filePath(kMarker)), "a payload ran while its copy was made");
        const PythonRun python = runPython(QStringLiteral("fixtures/weights_only_copies.py"), copies,
                                           kPythonTimeoutMs, work.path());
        QVERIFY2(python.ok(), qPrintable(python.why()));
        QVERIFY2(!QFileInfo::exists(work.filePath(kMarker)), "a copy ran a payload in torch.load");
    }

    // The engine in this process (as the GUI uses it), with the working folder in a sandbox too.
    void openInProcessRunsNothing()
    {
        QTemporaryDir sandbox;
        QVERIFY(sandbox.isValid());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(sandbox.path()));
        for (const QJsonValue &v : m_manifest.value(QLatin1String("cases")).toArray()) {
            const QJsonObject c = v.toObject();
            std::string error;
            auto checkpoint =
                sl::Checkpoint::open(fixture(c.value(QLatin1String("file")).toString()), &error);
            QVERIFY2(checkpoint, error.c_str());
            QCOMPARE(checkpoint->entries().size(), size_t(1));
            QStringList expected;
            for (const QJsonValue &u : c.value(QLatin1String("unsafe_globals")).toArray())
                expected << u.toString();
            expected.sort();
            QCOMPARE(toStrings(checkpoint->unsafeGlobals()), expected);
        }
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY2(!QFileInfo::exists(sandbox.filePath(kMarker)), "a payload ran in-process: MARKER appeared");
    }
};

QTEST_GUILESS_MAIN(TestPayloads)
#include "tst_payloads.moc"
