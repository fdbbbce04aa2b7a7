// Transforms against torch: each case of issue 16 is built with torch's own ops
// (fixtures/transform_cases.py), and the plan StateLens makes from the recipe must hold the same keys,
// in the same order, with the same dtypes, shapes and bytes. Refusals must name the key and the reason.

#include "test_support.h"

#include "document/checkpoint.h"
#include "keymap/key_map.h"
#include "pass/stored_tensor.h"
#include "transform/transform_plan.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;

namespace {

std::vector<uint8_t> readAllBytes(const TensorSource &source, size_t chunk)
{
    const size_t elem = size_t(dtypeSize(source.dtype()));
    std::vector<uint8_t> out(size_t(source.numel()) * elem);
    auto reader = source.reader();
    size_t done = 0;
    while (done < size_t(source.numel())) {
        const size_t n =
            reader->readBytes(out.data() + done * elem, std::min(chunk, size_t(source.numel()) - done));
        if (n == 0) break;
        done += n;
    }
    out.resize(done * elem);
    return out;
}

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t d : shape)
        parts << QString::number(d);
    return parts.join(QLatin1Char('x'));
}

} // namespace

class TestTransformPlan : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    std::unique_ptr<Checkpoint> open(const QString &name)
    {
        std::string error;
        auto c = Checkpoint::open(path(name), &error);
        if (!c) qWarning("%s: %s", qPrintable(name), error.c_str());
        return c;
    }

    KeyMap recipe(const QString &name)
    {
        QFile f(path(name + QStringLiteral(".json")));
        if (!f.open(QIODevice::ReadOnly)) return {};
        KeyMap map;
        QString error;
        if (!KeyMap::fromJson(f.readAll(), map, &error)) qWarning("%s", qPrintable(error));
        return map;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const sl_test::PythonRun run =
            sl_test::runPython(QStringLiteral("fixtures/transform_cases.py"), {m_dir.path()});
        QVERIFY2(run.ok(), qPrintable(run.why()));
    }

    void matchesTorch_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("chunk");
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "qkv_fuse", "split_even", "llama_meta_to_hf",
                                 "llama_hf_to_meta", "llama_round_trip", "moe_stack", "moe_unstack",
                                 "moe_stack_dim2", "head_and_vocab", "cast_modules", "chain"}) {
            QTest::newRow(name) << QString::fromLatin1(name) << (1 << 20);
            QTest::newRow(qPrintable(QStringLiteral("%1 in chunks of 7").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << 7;
            // Several whole rows and a part of one per read: StridedGather's tiles, then a partial run.
            QTest::newRow(qPrintable(QStringLiteral("%1 in chunks of 100").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << 100;
        }
    }

    void matchesTorch()
    {
        QFETCH(QString, name);
        QFETCH(int, chunk);
        auto in = open(name + QStringLiteral("_in.pth"));
        auto expected = open(name + QStringLiteral("_expected.pth"));
        QVERIFY(in && expected);
        const KeyMap map = recipe(name);
        QVERIFY(map.hasTransforms());
        const std::vector<PlanInput> inputs = planInputs(*in);
        TransformPlan plan;
        QString error;
        QVERIFY2(TransformPlan::build(inputs, map.rules, plan, &error), qPrintable(error));

        QStringList got, want;
        for (const PlannedTensor &t : plan.tensors)
            got << t.key;
        for (const StateEntry &e : expected->entries())
            want << QString::fromStdString(e.key);
        QCOMPARE(got, want);
        for (size_t i = 0; i < plan.tensors.size(); ++i) {
            const PlannedTensor &t = plan.tensors[i];
            const int expectedTensor = expected->entries()[i].tensor;
            const StoredTensor oracle(expected->file(), expectedTensor);
            QCOMPARE(dtypeName(plan.dtype(i)), dtypeName(oracle.dtype()));
            QCOMPARE(shapeText(plan.shape(i)), shapeText(oracle.shape()));
            const TensorSource &mine = *plan.source(i);
            QCOMPARE(shapeText(mine.shape()), shapeText(oracle.shape()));
            const std::vector<uint8_t> a = readAllBytes(mine, size_t(chunk)),
                                       b = readAllBytes(oracle, 1 << 20);
            if (a != b) QFAIL(qPrintable(QStringLiteral("%1: bytes differ from torch").arg(t.key)));
        }
    }

    // Keys no transform touched are the inputs themselves (their bytes and storage sharing as stored),
    // and consumed inputs are recorded as such.
    void untouchedKeysStayStored()
    {
        auto in = open(QStringLiteral("gpt2_conv1d_in.pth"));
        QVERIFY(in);
        TransformPlan plan;
        QString error;
        QVERIFY2(
            TransformPlan::build(planInputs(*in), recipe(QStringLiteral("gpt2_conv1d")).rules, plan, &error),
            qPrintable(error));
        QStringList kept, derived;
        for (const PlannedTensor &t : plan.tensors)
            (t.isDerived() ? derived : kept) << t.key;
        QCOMPARE(kept, QStringList({QStringLiteral("wte.weight"), QStringLiteral("h.0.attn.c_attn.bias"),
                                    QStringLiteral("lm_head.weight")}));
        QCOMPARE(derived.size(), 3);
        QCOMPARE(plan.transformed, std::vector<bool>({false, true, false, true, true, false}));
        QVERIFY(plan.mapping[1].dropped);
        QCOMPARE(plan.tensors[1].steps.size(), 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"bad_split_sizes", "bad_split_uneven", "bad_missing_key", "bad_clash",
                                 "bad_reshape", "bad_reshape_infer", "bad_rotary", "bad_concat_shape",
                                 "bad_concat_dtype", "bad_stack_clash", "bad_stack_number", "bad_no_match",
                                 "bad_dim", "bad_pad_smaller", "bad_cast_float_to_int", "bad_unstack_clash"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void refusals()
    {
        QFETCH(QString, name);
        auto in = open(name + QStringLiteral("_in.pth"));
        QVERIFY(in);
        QFile why(path(name + QStringLiteral(".why")));
        QVERIFY(why.open(QIODevice::ReadOnly));
        const QString expected = QString::fromUtf8(why.readAll());
        TransformPlan plan;
        plan.tensors.push_back({QStringLiteral("untouched"), 0, nullptr, {}, {}});
        QString error;
        QVERIFY(!TransformPlan::build(planInputs(*in), recipe(name).rules, plan, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        QCOMPARE(plan.tensors.size(), size_t(1)); // a refused plan leaves the old one alone
    }

    void recipeRoundTrips()
    {
        for (const char *name : {"gpt2_conv1d", "qkv_split_gqa", "llama_round_trip", "moe_stack",
                                 "moe_unstack", "head_and_vocab", "cast_modules", "chain"}) {
            const KeyMap map = recipe(QString::fromLatin1(name));
            KeyMap again;
            QString error;
            QVERIFY2(KeyMap::fromJson(map.toJson(), again, &error), qPrintable(error));
            QVERIFY2(again.rules == map.rules, name);
        }
    }

    void recipeFieldsAreChecked_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("dims") << QByteArray(
                                     "{\"rules\":[{\"op\":\"transpose\",\"match\":\"w\",\"dims\":[0]}]}")
                              << QStringLiteral("two dimensions");
        QTest::newRow("two -1") << QByteArray(
                                       "{\"rules\":[{\"op\":\"reshape\",\"match\":\"w\",\"shape\":[-1,-1]}]}")
                                << QStringLiteral("one -1");
        QTest::newRow("sizes") << QByteArray("{\"rules\":[{\"op\":\"split\",\"key\":\"w\",\"dim\":0,\"into\":"
                                             "[\"a\"],\"sizes\":[1,2]}]}")
                               << QStringLiteral("\"sizes\" has 2");
        QTest::newRow("direction") << QByteArray("{\"rules\":[{\"op\":\"permute_rotary\",\"match\":\"w\","
                                                 "\"heads\":2,\"direction\":\"x\"}]}")
                                   << QStringLiteral("meta_to_hf");
        QTest::newRow("group")
            << QByteArray("{\"rules\":[{\"op\":\"stack\",\"match\":\"e\\\\.\\\\d+\",\"into\":\"e\"}]}")
            << QStringLiteral("named group");
        QTest::newRow("{i}")
            << QByteArray("{\"rules\":[{\"op\":\"unstack\",\"key\":\"e\",\"dim\":0,\"into\":\"e\"}]}")
            << QStringLiteral("{i}");
        QTest::newRow("dtype") << QByteArray(
                                      "{\"rules\":[{\"op\":\"cast\",\"match\":\"w\",\"dtype\":\"float8\"}]}")
                               << QStringLiteral("float8");
        QTest::newRow("regex") << QByteArray(
                                      "{\"rules\":[{\"op\":\"cast\",\"match\":\"(\",\"dtype\":\"half\"}]}")
                               << QStringLiteral("invalid regular expression");
        QTest::newRow("integer")
            << QByteArray(
                   "{\"rules\":[{\"op\":\"slice\",\"match\":\"w\",\"dim\":0.5,\"start\":0,\"stop\":1}]}")
            << QStringLiteral("\"dim\" must be an integer");
    }

    void recipeFieldsAreChecked()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        KeyMap map;
        QString error;
        QVERIFY(!KeyMap::fromJson(json, map, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("rule 1 (")), qPrintable(error));
    }

    // The key-only path refuses a recipe it cannot apply, rather than renaming around the transforms.
    void keyMapRefusesTransforms()
    {
        const KeyMap map = recipe(QStringLiteral("chain"));
        std::vector<MappedKey> out;
        QString error;
        QVERIFY(!map.apply({QStringLiteral("module.conv.weight")}, out, &error));
        QVERIFY(error.contains(QStringLiteral("changes tensors")));
    }
};

QTEST_GUILESS_MAIN(TestTransformPlan)
#include "tst_transform_plan.moc"
