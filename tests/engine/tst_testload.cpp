// The test-load engine against torch itself: for each fixture, missing/unexpected/mismatched must be
// exactly what torch.nn.Module.load_state_dict reports, and the module's tensors after a CPU load
// must equal, bit for bit, what torch's own load leaves. Plus the forward probe, progress and
// cancel, the reference-checkpoint and manifest targets, suggestions, the worker, CUDA where present.

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "qt/testload_job.h"
#include "test_support.h"
#include "testload/testload.h"
#include "transform/transform_plan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl_test;

namespace {

// tests/fixtures/testload_fixtures.py MODE ...: make, compare or timing. Tracing the modules is slow.
PythonRun testloadFixtures(const QStringList &args)
{
    return runPython(QStringLiteral("fixtures/testload_fixtures.py"), args, 300000);
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue s : v.toArray())
        out << s.toString();
    return out;
}

std::vector<int64_t> shape(const QJsonValue &v)
{
    std::vector<int64_t> out;
    for (const QJsonValue d : v.toArray())
        out.push_back(d.toInteger());
    return out;
}

QString mismatchText(const std::vector<ShapeMismatch> &list)
{
    QStringList out;
    for (const ShapeMismatch &m : list) {
        QStringList a, b;
        for (int64_t d : m.checkpointShape)
            a << QString::number(d);
        for (int64_t d : m.modelShape)
            b << QString::number(d);
        out << QStringLiteral("%1 [%2] vs [%3]")
                   .arg(m.key, a.join(QLatin1Char(',')), b.join(QLatin1Char(',')));
    }
    return out.join(QLatin1String("; "));
}

QString mismatchText(const QJsonArray &list)
{
    std::vector<ShapeMismatch> v;
    for (const QJsonValue m : list)
        v.push_back({m[QLatin1String("key")].toString(), shape(m[QLatin1String("checkpoint_shape")]),
                     shape(m[QLatin1String("model_shape")])});
    return mismatchText(v);
}

std::vector<MappedKey> identity(const Checkpoint &c)
{
    std::vector<MappedKey> mapping;
    for (const StateEntry &e : c.entries())
        mapping.push_back({QString::fromStdString(e.key), QString::fromStdString(e.key), {}, false});
    return mapping;
}

std::vector<MappedKey> mapped(const Checkpoint &c, const std::vector<KeyRule> &rules)
{
    KeyMap map;
    map.rules = rules;
    QStringList keys;
    for (const StateEntry &e : c.entries())
        keys << QString::fromStdString(e.key);
    std::vector<MappedKey> mapping;
    QString error;
    if (!map.apply(keys, mapping, &error)) qFatal("%s", qPrintable(error));
    return mapping;
}

} // namespace

class TestTestLoad : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QJsonObject m_expected;
    QStringList m_fixtures;
    QJsonArray m_compareJobs; // modules saved by `agreesWithLoadStateDict`, checked in one Python run

    QString path(const QString &name) const { return m_dir.filePath(name); }

    std::shared_ptr<Checkpoint> open(const QString &name)
    {
        std::string error;
        std::shared_ptr<Checkpoint> c = Checkpoint::open(path(name), &error);
        if (!c) qWarning("%s: %s", qPrintable(name), error.c_str());
        return c;
    }

    TestLoadReport load(const Checkpoint &c, const QString &arch, const std::vector<MappedKey> &mapping,
                        TestLoadOptions options = {}, TestLoadTarget::Kind kind = TestLoadTarget::Auto)
    {
        TestLoadReport r;
        std::string error;
        if (!runTestLoad(c, mapping, {path(arch), kind}, options, r, {}, &error))
            qWarning("test-load failed: %s", error.c_str());
        return r;
    }

    // Our report against torch's for one architecture/fixture pair (expected.json, nn.Module oracle).
    void compareWithOracle(const TestLoadReport &r, const QString &row, const QStringList &alsoMissing = {},
                           const QStringList &alsoUnexpected = {})
    {
        const QJsonObject e = m_expected.value(row).toObject().value(QLatin1String("module")).toObject();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QStringList missing = strings(e.value(QLatin1String("missing"))) + alsoMissing;
        QStringList unexpected = strings(e.value(QLatin1String("unexpected"))) + alsoUnexpected;
        missing.sort();
        unexpected.sort();
        QCOMPARE(r.missing, missing);
        QCOMPARE(r.unexpected, unexpected);
        QCOMPARE(mismatchText(r.mismatched), mismatchText(e.value(QLatin1String("mismatched")).toArray()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun py = testloadFixtures({QStringLiteral("make"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        QFile f(path(QStringLiteral("expected.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
        QFile names(path(QStringLiteral("names.json")));
        QVERIFY(names.open(QIODevice::ReadOnly));
        m_fixtures = strings(QJsonDocument::fromJson(names.readAll()).array());
        QVERIFY(m_fixtures.size() >= 10);
    }

    // Every fixture into the scripted Net, and into the Net with a non-persistent buffer, which
    // TorchScript cannot tell from a persistent one: that buffer is reported missing (the scripted
    // module's own load_state_dict reports it too); nothing else differs from the nn.Module.
    void agreesWithLoadStateDict_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("fixture");
        for (const char *arch : {"net", "net_np"})
            for (const QString &f : m_fixtures)
                QTest::newRow(qPrintable(QLatin1String(arch) + QLatin1Char('/') + f))
                    << QString::fromLatin1(arch) << f;
    }

    void agreesWithLoadStateDict()
    {
        QFETCH(QString, arch);
        QFETCH(QString, fixture);
        auto c = open(fixture + QStringLiteral(".pth"));
        QVERIFY(c);
        TestLoadOptions options;
        options.saveModulePath = path(arch + QLatin1Char('-') + fixture + QStringLiteral(".saved.pt"));
        const TestLoadReport r = load(*c, arch + QStringLiteral(".pt"), identity(*c), options);
        const bool np = arch == QLatin1String("net_np");
        compareWithOracle(r, arch + QLatin1Char('/') + fixture,
                          np ? QStringList{QStringLiteral("scratch")} : QStringList{});
        QCOMPARE(r.targetKind, TestLoadTarget::TorchScript);
        QVERIFY(r.ok); // non-strict
        QCOMPARE(r.device, QStringLiteral("cpu"));
        QVERIFY(r.seconds > 0);
        QCOMPARE(r.bytesMoved > 0, r.loaded > 0);
        m_compareJobs.append(QJsonObject{{QStringLiteral("arch"), path(arch + QStringLiteral(".pt"))},
                                         {QStringLiteral("saved"), options.saveModulePath},
                                         {QStringLiteral("checkpoint"), c->path()}});
    }

    // After the CPU loads above, every module tensor is bit for bit what torch's own load leaves
    // (cast where the dtypes differ; 0 in a num_batches_tracked that torch fills in; tied stay tied).
    void copiedValuesAreBitExact()
    {
        QVERIFY(!m_compareJobs.isEmpty());
        QFile jobs(path(QStringLiteral("jobs.json")));
        QVERIFY(jobs.open(QIODevice::WriteOnly));
        jobs.write(QJsonDocument(m_compareJobs).toJson());
        jobs.close();
        const PythonRun py = testloadFixtures({QStringLiteral("compare"), jobs.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object();
        QCOMPARE(result.size(), m_compareJobs.size());
        for (auto it = result.begin(); it != result.end(); ++it) {
            const QJsonObject o = it.value().toObject();
            QVERIFY2(o.value(QLatin1String("checked")).toInt() >= 26, qPrintable(it.key()));
            QVERIFY2(o.value(QLatin1String("bad")).toArray().isEmpty(),
                     qPrintable(it.key() + QStringLiteral(": ") +
                                QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
        }
    }

    // A reference checkpoint or a manifest is the same Net described by keys: the same answers,
    // except that a key naming a module without tensors ('pool') cannot be told from an unknown one.
    void referenceAndManifestTargets_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("fixture");
        for (const QString &f : m_fixtures) {
            QTest::newRow(qPrintable(QStringLiteral("reference/") + f))
                << QStringLiteral("reference.pth") << int(TestLoadTarget::ReferenceCheckpoint) << f;
            QTest::newRow(qPrintable(QStringLiteral("manifest/") + f))
                << QStringLiteral("manifest.json") << int(TestLoadTarget::Manifest) << f;
        }
    }

    void referenceAndManifestTargets()
    {
        QFETCH(QString, arch);
        QFETCH(int, kind);
        QFETCH(QString, fixture);
        auto c = open(fixture + QStringLiteral(".pth"));
        QVERIFY(c);
        const TestLoadReport r = load(*c, arch, identity(*c));
        QCOMPARE(int(r.targetKind), kind);
        const bool extra = fixture == QLatin1String("extra");
        compareWithOracle(r, QStringLiteral("net/") + fixture, {},
                          extra ? QStringList{QStringLiteral("pool")} : QStringList{});
        QCOMPARE(r.bytesMoved, int64_t(0)); // nothing is copied into a description
        if (fixture == QLatin1String("float64")) QCOMPARE(int(r.dtypeCasts.size()), 22);
    }

    void dtypeCastsAreReported()
    {
        auto c = open(QStringLiteral("float64.pth"));
        QVERIFY(c);
        const TestLoadReport r = load(*c, QStringLiteral("net.pt"), identity(*c));
        QCOMPARE(r.loaded, 26);
        QCOMPARE(int(r.dtypeCasts.size()), 22); // every float tensor; not counter or num_batches_tracked
        for (size_t i = 0; i < r.dtypeCasts.size(); ++i) {
            QCOMPARE(r.dtypeCasts[i].from, QStringLiteral("float64"));
            QCOMPARE(r.dtypeCasts[i].to, QStringLiteral("float32"));
            if (i) QVERIFY(r.dtypeCasts[i - 1].key < r.dtypeCasts[i].key);
        }
    }

    void droppedKeysAreNotLoaded()
    {
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        const TestLoadReport r =
            load(*c, QStringLiteral("net.pt"), mapped(*c, {KeyRule::drop(QStringLiteral("head\\..*"))}));
        QCOMPARE(r.missing, (QStringList{QStringLiteral("head.bias"), QStringLiteral("head.weight")}));
        QCOMPARE(r.loaded, 24);
    }

    void strictNeedsACleanLoad()
    {
        auto c = open(QStringLiteral("mismatch.pth"));
        QVERIFY(c);
        TestLoadOptions strict;
        strict.strict = true;
        QVERIFY(!load(*c, QStringLiteral("net.pt"), identity(*c), strict).ok);
        auto exact = open(QStringLiteral("exact.pth"));
        QVERIFY(load(*exact, QStringLiteral("net.pt"), identity(*exact), strict).ok);
    }

    void forwardProbe()
    {
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        const QJsonObject fw = m_expected.value(QLatin1String("forward")).toObject();
        TestLoadOptions options;
        options.inputShape = shape(fw.value(QLatin1String("input")));
        TestLoadReport r = load(*c, QStringLiteral("net.pt"), identity(*c), options);
        QVERIFY(r.forwardRan);
        QVERIFY2(r.forwardOk, qPrintable(r.forwardError));
        QCOMPARE(r.outputShape, shape(fw.value(QLatin1String("output"))));

        options.inputShape = {2, 5, 16, 16}; // five channels into a three-channel conv
        r = load(*c, QStringLiteral("net.pt"), identity(*c), options);
        QVERIFY(r.forwardRan && !r.forwardOk);
        QVERIFY2(r.forwardError.contains(QLatin1String("channels")) &&
                     !r.forwardError.contains(QLatin1Char('\n')),
                 qPrintable(r.forwardError));
        QVERIFY(r.ok); // the load itself is fine

        r = load(*c, QStringLiteral("manifest.json"), identity(*c), options);
        QVERIFY(r.forwardRan && !r.forwardOk && !r.forwardError.isEmpty());
    }

    void progressAndCancel()
    {
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        TestLoadReport r;
        std::string error;
        QList<int> seen;
        QVERIFY(runTestLoad(
            *c, identity(*c), {path(QStringLiteral("net.pt"))}, {}, r,
            [&](int done, int total) {
                seen << done;
                return total == 26;
            },
            &error));
        QCOMPARE(seen.size(), 27); // 0, then once per tensor
        QCOMPARE(seen.last(), 26);

        int calls = 0;
        QVERIFY(!runTestLoad(
            *c, identity(*c), {path(QStringLiteral("net.pt"))}, {}, r, [&](int, int) { return ++calls < 4; },
            &error));
        QVERIFY(error.empty());
        QVERIFY(r.error.isEmpty());
        QCOMPARE(calls, 4);
    }

    void clearErrors_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("words");
        QTest::newRow("no such file")
            << QStringLiteral("nothing.pt") << QStringLiteral("cpu") << QStringLiteral("does not exist");
        QTest::newRow("not a checkpoint")
            << QStringLiteral("names.json") << QStringLiteral("cpu") << QStringLiteral("cannot open");
        QTest::newRow("bad device") << QStringLiteral("net.pt") << QStringLiteral("tpu")
                                    << QStringLiteral("unknown device");
        QTest::newRow("absent GPU") << QStringLiteral("net.pt") << QStringLiteral("cuda:99")
                                    << QStringLiteral("cuda");
    }

    void clearErrors()
    {
        QFETCH(QString, arch);
        QFETCH(QString, device);
        QFETCH(QString, words);
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        TestLoadOptions options;
        options.device = device;
        TestLoadReport r;
        std::string error;
        QVERIFY(!runTestLoad(*c, identity(*c), {path(arch)}, options, r, {}, &error));
        QVERIFY2(QString::fromStdString(error).contains(words, Qt::CaseInsensitive), error.c_str());
        QCOMPARE(r.error, QString::fromStdString(error));
        QVERIFY(!r.error.contains(QLatin1Char('\n')));
    }

    void mappingMustCoverTheStateDict()
    {
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        std::vector<MappedKey> mapping = identity(*c);
        mapping.pop_back();
        TestLoadReport r;
        std::string error;
        QVERIFY(!runTestLoad(*c, mapping, {path(QStringLiteral("net.pt"))}, {}, r, {}, &error));
        mapping = identity(*c);
        mapping[1].to = mapping[0].to;
        QVERIFY(!runTestLoad(*c, mapping, {path(QStringLiteral("net.pt"))}, {}, r, {}, &error));
        QVERIFY2(QString::fromStdString(error).contains(mapping[0].to), error.c_str());
    }

    // Applying every suggested rule after the mapping makes a strict load pass.
    void suggestionsFixTheLoad_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("firstRule");
        // A DataParallel 'module.' is a wrapper: strip_wrappers explains it and comes first.
        QTest::newRow("DataParallel prefix")
            << QStringLiteral("prefixed") << QStringLiteral("strip wrappers");
        QTest::newRow("prefix and gamma/beta") << QStringLiteral("gamma") << QStringLiteral("strip wrappers");
        QTest::newRow("renamed module")
            << QStringLiteral("renamed") << QStringLiteral("rename 'conv_in' to 'stem'");
        QTest::newRow("extra keys") << QStringLiteral("extra") << QString();
    }

    void suggestionsFixTheLoad()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, firstRule);
        auto c = open(fixture + QStringLiteral(".pth"));
        QVERIFY(c);
        const TestLoadReport before = load(*c, QStringLiteral("net.pt"), identity(*c));
        QVERIFY(!before.suggestions.empty());
        if (!firstRule.isEmpty()) QCOMPARE(before.suggestions.front().description(), firstRule);
        TestLoadOptions strict;
        strict.strict = true;
        const TestLoadReport after =
            load(*c, QStringLiteral("net.pt"), mapped(*c, before.suggestions), strict);
        QVERIFY2(after.ok, qPrintable(testLoadText(after)));
        QVERIFY(after.suggestions.empty());
    }

    void suggestsNothingForACleanLoad()
    {
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        QVERIFY(load(*c, QStringLiteral("net.pt"), identity(*c)).suggestions.empty());
    }

    void jsonContract()
    {
        auto c = open(QStringLiteral("mismatch.pth"));
        QVERIFY(c);
        TestLoadOptions options;
        options.inputShape = {1, 3, 8, 8};
        const QJsonObject o = testLoadJson(load(*c, QStringLiteral("net.pt"), identity(*c), options));
        for (const char *key : {"ok", "strict", "device", "loaded", "missing", "unexpected", "mismatched",
                                "dtype_cast", "suggestions", "forward"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        const QJsonObject m = o.value(QLatin1String("mismatched")).toArray().first().toObject();
        QCOMPARE(m.value(QLatin1String("key")).toString(), QStringLiteral("embed.bias"));
        QCOMPARE(m.value(QLatin1String("checkpoint_shape")).toArray(), QJsonArray({11}));
        QCOMPARE(m.value(QLatin1String("model_shape")).toArray(), QJsonArray({12}));
        QCOMPARE(o.value(QLatin1String("forward")).toObject().value(QLatin1String("output_shape")).toArray(),
                 QJsonArray({1, 10}));
    }

    void jobDeliversTheLatestResult()
    {
        std::shared_ptr<const Checkpoint> c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        TestLoadJob job;
        QSignalSpy finished(&job, &TestLoadJob::finished);
        QSignalSpy failed(&job, &TestLoadJob::failed);
        QSignalSpy cancelled(&job, &TestLoadJob::cancelled);
        QSignalSpy progress(&job, &TestLoadJob::progress);
        TestLoadOptions strict;
        strict.strict = true;
        job.start(c, identity(*c), {path(QStringLiteral("manifest.json"))}, {});
        job.start(c, identity(*c), {path(QStringLiteral("net.pt"))}, strict); // abandons the first
        QVERIFY(finished.wait(60000));
        QTest::qWait(200); // a stale result would arrive now
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cancelled.size(), 1);
        const TestLoadReport r = finished.first().first().value<TestLoadReport>();
        QCOMPARE(r.targetKind, TestLoadTarget::TorchScript);
        QVERIFY(r.strict && r.ok);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 26);
        QVERIFY(!job.isRunning());

        job.start(c, identity(*c), {path(QStringLiteral("nothing.pt"))}, {});
        QVERIFY(failed.wait(60000));
        QVERIFY(failed.first().first().toString().contains(QLatin1String("does not exist")));

        job.start(c, identity(*c), {path(QStringLiteral("net.pt"))}, {});
        job.cancel();
        QCOMPARE(cancelled.size(), 2);
        QTest::qWait(500);
        QCOMPARE(finished.size(), 1);
    }

    // The plan's state dict through the job: an architecture that needs transforms (split GQA qkv,
    // transposed Conv1D, stacked experts, a cast head) is loaded from the derived tensors, and torch
    // finds its own conversion's tensors and forward output in the saved module, bit for bit.
    void jobLoadsAPlansDerivedTensors()
    {
        QVERIFY2(testloadFixtures({QStringLiteral("transforms"), m_dir.path()}).ok(), "transforms fixtures");
        std::shared_ptr<const Checkpoint> c = open(QStringLiteral("xf_src.pth"));
        QVERIFY(c);
        QFile recipe(path(QStringLiteral("xf_recipe.json")));
        QVERIFY(recipe.open(QIODevice::ReadOnly));
        KeyMap map;
        QString error;
        QVERIFY2(KeyMap::fromJson(recipe.readAll(), map, &error), qPrintable(error));
        auto plan = std::make_shared<TransformPlan>();
        QVERIFY2(TransformPlan::build(*c, map.rules, *plan, &error), qPrintable(error));
        QVERIFY(plan->hasDerived());

        TestLoadJob job;
        QSignalSpy finished(&job, &TestLoadJob::finished);
        TestLoadOptions options;
        options.strict = true;
        options.saveModulePath = path(QStringLiteral("xf-job.saved.pt"));
        job.start(c, std::shared_ptr<const TransformPlan>(plan), {path(QStringLiteral("xf_net.pt"))},
                  options);
        plan.reset(); // the job keeps its own reference
        QVERIFY(finished.wait(60000));
        const TestLoadReport r = finished.first().first().value<TestLoadReport>();
        QVERIFY2(r.ok && r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.loaded, 12);
        QVERIFY(r.missing.isEmpty() && r.unexpected.isEmpty() && r.mismatched.empty() &&
                r.dtypeCasts.empty());
        QVERIFY(r.bytesMoved > 0);
        const PythonRun py =
            testloadFixtures({QStringLiteral("transforms_check"), m_dir.path(), options.saveModulePath});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object();
        QCOMPARE(jsonText(result.value(QLatin1String("bad"))), QStringLiteral("[]"));
        QVERIFY(result.value(QLatin1String("output_equal")).toBool());

        // The mapping path cannot see the derived tensors: the same file loads with missing keys.
        const TestLoadReport names = load(*c, QStringLiteral("xf_net.pt"), identity(*c), {});
        QCOMPARE(names.missing.size(), 8);
    }

    void cudaLoad()
    {
        if (!availableDevices().contains(QStringLiteral("cuda:0")))
            QSKIP("no CUDA device: torch::cuda::is_available() is false");
        auto c = open(QStringLiteral("cuda.pth"));
        QVERIFY(c);
        TestLoadOptions options;
        options.device = QStringLiteral("cuda");
        options.inputShape = {2, 3, 16, 16};
        options.saveModulePath = path(QStringLiteral("net-cuda-on-gpu.saved.pt"));
        const TestLoadReport r = load(*c, QStringLiteral("net.pt"), identity(*c), options);
        QCOMPARE(r.device, QStringLiteral("cuda:0"));
        compareWithOracle(r, QStringLiteral("net/cuda"));
        QCOMPARE(r.loaded, 26);
        QVERIFY2(r.forwardOk, qPrintable(r.forwardError));
        QCOMPARE(r.outputShape, (std::vector<int64_t>{2, 10}));
        QFile jobs(path(QStringLiteral("cuda-jobs.json")));
        QVERIFY(jobs.open(QIODevice::WriteOnly));
        jobs.write(
            QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("arch"), path(QStringLiteral("net.pt"))},
                                                 {QStringLiteral("saved"), options.saveModulePath},
                                                 {QStringLiteral("checkpoint"), c->path()}}})
                .toJson());
        jobs.close();
        const PythonRun py = testloadFixtures({QStringLiteral("compare"), jobs.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonObject result = QJsonDocument::fromJson(py.out).object();
        QVERIFY(
            result.value(options.saveModulePath).toObject().value(QLatin1String("bad")).toArray().isEmpty());
    }

    void cudaAbsentIsAClearError()
    {
        if (availableDevices().size() > 1) QSKIP("this machine has CUDA");
        auto c = open(QStringLiteral("exact.pth"));
        QVERIFY(c);
        TestLoadOptions options;
        options.device = QStringLiteral("cuda");
        TestLoadReport r;
        std::string error;
        QVERIFY(!runTestLoad(*c, identity(*c), {path(QStringLiteral("net.pt"))}, options, r, {}, &error));
        QVERIFY2(r.error.startsWith(QLatin1String("CUDA is not available")), error.c_str());
    }

    // The figure for the report: a ~100 MB checkpoint into a scripted model, against torch.load +
    // load_state_dict in Python.
    void timing100MB()
    {
        const PythonRun run = testloadFixtures({QStringLiteral("timing"), m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
        const QJsonObject py = QJsonDocument::fromJson(run.out).object();
        auto c = open(QStringLiteral("big.pth"));
        QVERIFY(c);
        TestLoadOptions strict;
        strict.strict = true;
        const TestLoadReport r = load(*c, QStringLiteral("big.pt"), identity(*c), strict);
        QVERIFY(r.ok);
        QCOMPARE(r.loaded, 12);
        qInfo("test-load of %.1f MB into a scripted model: %.3f s (%.1f MB copied); Python: torch.load %.3f "
              "s + "
              "load_state_dict %.3f s (scripted) / %.3f s (nn.Module)",
              py.value(QLatin1String("bytes")).toDouble() / 1e6, r.seconds, double(r.bytesMoved) / 1e6,
              py.value(QLatin1String("torch_load")).toDouble(),
              py.value(QLatin1String("load_state_dict_script")).toDouble(),
              py.value(QLatin1String("load_state_dict_module")).toDouble());
    }
};

QTEST_GUILESS_MAIN(TestTestLoad)
#include "tst_testload.moc"
