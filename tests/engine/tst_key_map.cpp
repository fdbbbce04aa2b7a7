// KeyMap, the rules behind "fix key names": each op, rule order, subtree renames, scopes, collisions,
// the JSON recipe, and regex replacement with Python's re.sub semantics, checked against Python itself.

#include "keymap/key_map.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QtTest>

using namespace sl;
using namespace sl_test;

namespace {

struct SubCase
{
    const char *pattern, *replace, *text;
};

// (pattern, replacement, key): back-references, named groups, \g<0>, empty matches, escapes, errors.
const SubCase kSubCases[] = {
    {R"(^module\.)", "", "module.conv.weight"},
    {R"((\w+)\.(\d+)\.)", R"(\1_\2.)", "layer1.0.conv.weight"},
    {R"((?P<mod>\w+)\.weight)", R"(\g<mod>.w)", "conv.weight"},
    {R"(conv)", R"(\g<0>2)", "conv.conv"},
    {R"((\d+))", R"(<\g<1>>)", "a12b3"},
    {R"(x*)", "-", "abc"},
    {R"(a*)", "-", "baac"},
    {"", "_", "ab"},
    {R"(\.)", "/", "a.b.c"},
    {R"((a)|(b))", R"([\1\2])", "ab"},
    {R"(^(.*)$)", R"(pre.\1)", "key"},
    {"b", R"(\\)", "abc"},
    {"b", R"(\n)", "abc"},
    {R"((?i)CONV)", "c", "Conv.conv"},
    {R"(\bfc\b)", "classifier", "fc.weight"},
    {R"((\w)(\w)(\w)(\w)(\w)(\w)(\w)(\w)(\w)(\w)(\w))", R"(\11)", "abcdefghijk"},
    {"ü", "ue", "grüße.weight"},
    {R"(^(?:encoder|decoder)\.layers\.(\d+)\.)", R"(blocks.\1.)", "encoder.layers.12.attn.weight"},
    {R"(\.(weight|bias)$)", R"(.\1_orig)", "fc.bias"},
    {"a", R"(\0)", "a"},         // octal escape, not group 0
    {"(a)", R"(\10)", "a"},      // group 10 does not exist
    {"a", R"(\q)", "a"},         // unknown escape
    {"a", R"(\.\-\101\x)", "a"}, // literal escapes, an octal code, then an error
    {"a", R"([\.\-\101\t])", "a"},
    {"(a)", R"(\g<-1>)", "a"},
    {"(", "x", "a"},           // invalid pattern
    {"a", R"(\2)", "a"},       // group that does not exist
    {"a", R"(\g<nope>)", "a"}, // unknown group name
};

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestKeyMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachOp_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("a"); // prefix, from, or pattern
        QTest::addColumn<QString>("b"); // scope, to, or replacement
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // empty: dropped
        QTest::newRow("strip") << int(KeyRule::StripPrefix) << "module."
                               << ""
                               << "module.fc.weight"
                               << "fc.weight";
        QTest::newRow("strip, absent") << int(KeyRule::StripPrefix) << "module."
                                       << ""
                                       << "fc.weight"
                                       << "fc.weight";
        QTest::newRow("strip, in scope") << int(KeyRule::StripPrefix) << "model."
                                         << "model.enc"
                                         << "model.enc.w"
                                         << "enc.w";
        QTest::newRow("strip, out of scope") << int(KeyRule::StripPrefix) << "model."
                                             << "model.enc"
                                             << "model.dec.w"
                                             << "model.dec.w";
        QTest::newRow("add") << int(KeyRule::AddPrefix) << "model."
                             << ""
                             << "fc.weight"
                             << "model.fc.weight";
        QTest::newRow("add, in scope") << int(KeyRule::AddPrefix) << "net."
                                       << "backbone"
                                       << "backbone.x"
                                       << "net.backbone.x";
        QTest::newRow("add, out of scope") << int(KeyRule::AddPrefix) << "net."
                                           << "backbone"
                                           << "head.x"
                                           << "head.x";
        QTest::newRow("rename a key") << int(KeyRule::Rename) << "fc.weight"
                                      << "head.weight"
                                      << "fc.weight"
                                      << "head.weight";
        QTest::newRow("rename a subtree") << int(KeyRule::Rename) << "encoder"
                                          << "backbone"
                                          << "encoder.0.w"
                                          << "backbone.0.w";
        QTest::newRow("rename, not a prefix of a name") << int(KeyRule::Rename) << "enc"
                                                        << "x"
                                                        << "encoder.0.w"
                                                        << "encoder.0.w";
        QTest::newRow("rename a nested subtree") << int(KeyRule::Rename) << "a.b"
                                                 << "c"
                                                 << "a.b.d.e"
                                                 << "c.d.e";
        QTest::newRow("regex") << int(KeyRule::Regex) << R"(\.(\d+)\.)"
                               << R"(_\1.)"
                               << "layer.3.w"
                               << "layer_3.w";
        QTest::newRow("drop, full match") << int(KeyRule::Drop) << R"(fc\..*)"
                                          << ""
                                          << "fc.weight"
                                          << "";
        QTest::newRow("drop, partial match keeps") << int(KeyRule::Drop) << "fc"
                                                   << ""
                                                   << "fc.weight"
                                                   << "fc.weight";
        QTest::newRow("drop, anywhere") << int(KeyRule::Drop) << ".*num_batches_tracked"
                                        << ""
                                        << "bn.num_batches_tracked"
                                        << "";
        QTest::newRow("strip wrappers, stacked") << int(KeyRule::StripWrappers) << ""
                                                 << ""
                                                 << "_orig_mod.module.enc._fsdp_wrapped_module.fc.weight"
                                                 << "enc.fc.weight";
    }

    void eachOp()
    {
        QFETCH(int, op);
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        KeyRule r;
        switch (KeyRule::Op(op)) {
        case KeyRule::StripPrefix:
            r = KeyRule::stripPrefix(a, b);
            break;
        case KeyRule::AddPrefix:
            r = KeyRule::addPrefix(a, b);
            break;
        case KeyRule::Rename:
            r = KeyRule::rename(a, b);
            break;
        case KeyRule::Regex:
            r = KeyRule::regex(a, b);
            break;
        case KeyRule::Drop:
            r = KeyRule::drop(a);
            break;
        case KeyRule::StripWrappers:
            r = KeyRule::stripWrappers(a.isEmpty() ? QStringList() : a.split(QLatin1Char(',')));
            break;
        case KeyRule::Transform: // tensor ops change values too: tst_transform_plan holds them to torch
            QFAIL("eachOp covers the name rules only");
        }
        QString k = key, error;
        bool dropped = false;
        QVERIFY2(KeyMap::applyRule(r, k, dropped, &error), qPrintable(error));
        QCOMPARE(dropped, expected.isEmpty());
        if (!dropped) QCOMPARE(k, expected);
        QVERIFY(!r.description().isEmpty());
    }

    void rulesApplyInOrder()
    {
        KeyMap stripFirst, addFirst;
        stripFirst.rules = {KeyRule::stripPrefix(s("module.")), KeyRule::addPrefix(s("module."))};
        addFirst.rules = {KeyRule::addPrefix(s("module.")), KeyRule::stripPrefix(s("module."))};
        std::vector<MappedKey> out;
        QVERIFY(stripFirst.apply({s("module.a")}, out, nullptr));
        QCOMPARE(out[0].to, s("module.a"));
        QVERIFY(addFirst.apply({s("a")}, out, nullptr));
        QCOMPARE(out[0].to, s("a"));

        // A later rule sees what the earlier ones made; a dropped key goes no further.
        KeyMap chain;
        chain.rules = {KeyRule::rename(s("encoder"), s("backbone")),
                       KeyRule::regex(s(R"(^backbone\.(\d+))"), s(R"(blocks.\1)")),
                       KeyRule::drop(s(R"(.*\.bias)")), KeyRule::rename(s("blocks.0.bias"), s("never"))};
        QVERIFY(chain.apply({s("encoder.0.weight"), s("encoder.0.bias"), s("head.w")}, out, nullptr));
        QCOMPARE(out.size(), size_t(3));
        QCOMPARE(out[0].to, s("blocks.0.weight"));
        QVERIFY(out[1].dropped && out[1].to.isEmpty() && out[1].changed());
        QCOMPARE(out[1].from, s("encoder.0.bias"));
        QCOMPARE(out[2].to, s("head.w"));
        QVERIFY(!out[2].changed());
    }

    void collisionsNameBothKeys()
    {
        KeyMap map;
        map.rules = {KeyRule::stripPrefix(s("module."))};
        std::vector<MappedKey> out;
        QString error;
        QVERIFY(!map.apply({s("module.fc.w"), s("x"), s("fc.w")}, out, &error));
        QVERIFY2(error.contains(s("'module.fc.w'")) && error.contains(s("'fc.w'")), qPrintable(error));

        // Two keys swapping names is fine; dropping one of two colliding keys resolves the clash.
        map.rules = {KeyRule::rename(s("a"), s("tmp")), KeyRule::rename(s("b"), s("a")),
                     KeyRule::rename(s("tmp"), s("b"))};
        QVERIFY(map.apply({s("a"), s("b")}, out, &error));
        QCOMPARE(out[0].to, s("b"));
        QCOMPARE(out[1].to, s("a"));
        map.rules = {KeyRule::drop(s("module\\..*")), KeyRule::stripPrefix(s("module."))};
        QVERIFY(map.apply({s("module.fc.w"), s("fc.w")}, out, &error));

        map.rules = {KeyRule::regex(s(".*"), s(""))};
        QVERIFY(!map.apply({s("a")}, out, &error));
        QVERIFY2(error.contains(s("empty")), qPrintable(error));
    }

    // Each rule puts 100 characters between every two: four of them would make a 10^8-character key.
    void keysCannotGrowWithoutBound()
    {
        KeyMap map;
        const QString filler(100, QLatin1Char('x'));
        map.rules = {KeyRule::regex(s("y*"), filler), KeyRule::regex(s("y*"), filler),
                     KeyRule::regex(s("y*"), filler), KeyRule::regex(s("y*"), filler)};
        std::vector<MappedKey> out;
        QString error;
        QVERIFY(!map.apply({s("layer.weight")}, out, &error));
        QVERIFY2(error.contains(s("longer than 65536")), qPrintable(error));
        // One such rule is fine: 13 matches (the 'y' and 12 empty ones) for 11 kept characters, as
        // len(re.sub('y*', 'x' * 100, 'layer.weight')) == 1311 in Python.
        map.rules.resize(1);
        QVERIFY2(map.apply({s("layer.weight")}, out, &error), qPrintable(error));
        QCOMPARE(out[0].to.size(), qsizetype(11 + 13 * 100));
    }

    void pythonReSub()
    {
        // One Python run answers the whole table: re.sub's result, or "error".
        QJsonArray cases;
        for (const SubCase &c : kSubCases)
            cases.append(QJsonArray{s(c.pattern), s(c.replace), s(c.text)});
        QTemporaryFile casesFile;
        QVERIFY(casesFile.open());
        casesFile.write(QJsonDocument(cases).toJson(QJsonDocument::Compact));
        casesFile.close();
        const PythonRun py = runPython(QStringLiteral("fixtures/re_sub.py"), {casesFile.fileName()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        const QJsonArray expected = QJsonDocument::fromJson(py.out).array();
        QCOMPARE(expected.size(), cases.size());
        for (int i = 0; i < expected.size(); ++i) {
            const SubCase &c = kSubCases[i];
            QString out, error;
            const bool ok = pythonRegexSub(s(c.pattern), s(c.replace), s(c.text), out, &error);
            const QString what =
                QStringLiteral("re.sub(%1, %2, %3)").arg(s(c.pattern), s(c.replace), s(c.text));
            if (expected[i].isObject()) {
                QVERIFY2(!ok, qPrintable(what + QStringLiteral(" should fail like Python: ") +
                                         expected[i].toObject().value(QLatin1String("error")).toString()));
                QVERIFY(!error.isEmpty());
            } else {
                QVERIFY2(ok, qPrintable(what + QStringLiteral(": ") + error));
                QVERIFY2(
                    out == expected[i].toString(),
                    qPrintable(what +
                               QStringLiteral(" gave '%1', Python '%2'").arg(out, expected[i].toString())));
            }
        }
    }

    void jsonRoundTrip()
    {
        KeyMap map;
        map.rules = {KeyRule::stripPrefix(s("module.")),
                     KeyRule::stripPrefix(s("model."), s("model.enc")),
                     KeyRule::addPrefix(s("net."), s("backbone")),
                     KeyRule::rename(s("a.b"), s("c")),
                     KeyRule::regex(s(R"(^(\w+)\.(\d+))"), s(R"(\g<1>_\2)")),
                     KeyRule::drop(s(".*tracked"))};
        const QByteArray json = map.toJson();
        KeyMap back;
        QString error;
        QVERIFY2(KeyMap::fromJson(json, back, &error), qPrintable(error));
        QCOMPARE(back.rules.size(), map.rules.size());
        for (size_t i = 0; i < map.rules.size(); ++i)
            QVERIFY2(back.rules[i] == map.rules[i], qPrintable(map.rules[i].description()));
        // The recipe format of docs/cli.md, field names included.
        const QJsonArray rules =
            QJsonDocument::fromJson(json).object().value(QLatin1String("rules")).toArray();
        QCOMPARE(rules[0].toObject().value(QLatin1String("op")).toString(), s("strip_prefix"));
        QCOMPARE(rules[3].toObject().value(QLatin1String("from")).toString(), s("a.b"));
        QCOMPARE(rules[4].toObject().value(QLatin1String("replace")).toString(), s(R"(\g<1>_\2)"));
        QCOMPARE(rules[5].toObject().value(QLatin1String("pattern")).toString(), s(".*tracked"));
        QVERIFY(KeyMap::fromJson(R"({"rules": []})", back, &error) && back.isEmpty());
    }

    void badRecipes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QByteArray("{rules") << "not valid JSON";
        QTest::newRow("no rules") << QByteArray(R"({"steps": []})") << "no \"rules\" list";
        QTest::newRow("rules not a list") << QByteArray(R"({"rules": {}})") << "no \"rules\" list";
        QTest::newRow("unknown op") << QByteArray(R"({"rules": [{"op": "explode"}]})")
                                    << "unknown op 'explode'";
        QTest::newRow("missing op") << QByteArray(R"({"rules": [{"from": "a", "to": "b"}]})")
                                    << "unknown op ''";
        QTest::newRow("rename without to")
            << QByteArray(R"({"rules": [{"op": "rename", "from": "a"}]})") << "missing or empty field";
        QTest::newRow("empty prefix")
            << QByteArray(R"({"rules": [{"op": "strip_prefix", "prefix": ""}]})") << "missing or empty field";
        QTest::newRow("number for a string")
            << QByteArray(R"({"rules": [{"op": "drop", "pattern": 3}]})") << "missing or empty field";
        // Plain literals: moc misreads raw strings with unbalanced brackets and drops the class.
        QTest::newRow("invalid regex")
            << QByteArray("{\"rules\": [{\"op\": \"regex\", \"pattern\": \"(\", \"replace\": \"\"}]}")
            << "invalid regular expression";
        QTest::newRow("invalid drop regex")
            << QByteArray("{\"rules\": [{\"op\": \"drop\", \"pattern\": \"[a-\"}]}")
            << "invalid regular expression";
        QTest::newRow("rule number") << QByteArray(
                                            R"({"rules": [{"op": "drop", "pattern": "x"}, {"op": "nope"}]})")
                                     << "rule 2";
    }

    void badRecipes()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        KeyMap map;
        map.rules = {KeyRule::drop(s("keep me"))};
        QString error;
        QVERIFY(!KeyMap::fromJson(json, map, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(map.rules.size(), size_t(1)); // a failed load leaves the map as it was
    }
};

QTEST_APPLESS_MAIN(TestKeyMap)
#include "tst_key_map.moc"
