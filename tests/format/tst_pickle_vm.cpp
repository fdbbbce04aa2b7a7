// The safe pickle VM, opcode family by opcode family: what each decodes to, the memo, persistent ids,
// the one opcode table, and CPython's own pickles of every protocol. Hostile and malformed pickles are
// tst_pickle_untrusted's.
#include "pickle_builder.h"
#include "test_support.h"

#include <QtTest>

#include <clocale>
#include <cmath>
#include <limits>

using namespace sl_test;
using namespace sl_test::op;
using namespace std::string_literals;
using sl::Value;
using sl::ValueKind;

namespace {

// Restores LC_NUMERIC when a test changed it.
struct NumericLocale
{
    std::string saved = std::setlocale(LC_NUMERIC, nullptr);
    ~NumericLocale() { std::setlocale(LC_NUMERIC, saved.c_str()); }
};

} // namespace

class TstPickleVm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void protoFrameStop();
    void ints_data();
    void ints();
    void longKeepsLittleEndianBytes();
    void floats_data();
    void floats();
    void floatTextIgnoresLocale();
    void strings_data();
    void strings();
    void containers_data();
    void containers();
    void memo_data();
    void memo();
    void memoMixesNearAndFarIndices();
    void largeDictKeepsOneEntryPerKey();
    void stackOps_data();
    void stackOps();
    void persistentIds();
    void opcodeTableMatchesTheDecoder();
    void pythonRoundTrip_data();
    void pythonRoundTrip();
};

void TstPickleVm::protoFrameStop()
{
    // Protocol 4 frames the body; the VM reads through the frame, and STOP ends the pickle early.
    const std::string body = PickleBuilder().binint1(7).stop().bytes;
    PickleBuilder b = PickleBuilder().proto(4).op(FRAME).le(body.size(), 8).raw(body).raw("trailing");
    Vm vm;
    size_t consumed = 0;
    Value *v =
        sl::loadPickle(reinterpret_cast<const uint8_t *>(b.bytes.data()), b.bytes.size(), vm.ctx, &consumed);
    QCOMPARE(canon(v), str("7"));
    QCOMPARE(consumed, b.bytes.size() - 8);

    // Protocol 0 has no PROTO opcode at all.
    Vm vm0;
    QCOMPARE(canon(vm0.load(PickleBuilder().op(NONE).stop())), str("None"));
}

void TstPickleVm::ints_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<ValueKind>("kind");
    QTest::addColumn<QString>("decimal");

    auto row = [](const char *name, const PickleBuilder &b, ValueKind k, const char *dec) {
        QTest::newRow(name) << bytesOf(b.bytes) << k << str(dec);
    };
    const auto Int = ValueKind::Int, Big = ValueKind::BigInt, Bool = ValueKind::Bool;
    row("INT 42", PickleBuilder().op(INT).line("42").stop(), Int, "42");
    row("INT -7", PickleBuilder().op(INT).line("-7").stop(), Int, "-7");
    row("INT 01 is True", PickleBuilder().op(INT).line("01").stop(), Bool, "1");
    row("INT 00 is False", PickleBuilder().op(INT).line("00").stop(), Bool, "0");
    row("INT past int64", PickleBuilder().op(INT).line("9223372036854775808").stop(), Big,
        "9223372036854775808");
    row("BININT -1", p2().binint(-1).stop(), Int, "-1");
    row("BININT int32 min", p2().binint(INT32_MIN).stop(), Int, "-2147483648");
    row("BININT1 is unsigned", p2().binint1(255).stop(), Int, "255");
    row("BININT2 is unsigned", p2().binint2(65535).stop(), Int, "65535");
    row("NEWTRUE", p2().op(NEWTRUE).stop(), Bool, "1");
    row("NEWFALSE", p2().op(NEWFALSE).stop(), Bool, "0");
    row("LONG small", PickleBuilder().op(LONG).line("5L").stop(), Int, "5");
    row("LONG int64 min", PickleBuilder().op(LONG).line("-9223372036854775808L").stop(), Int,
        "-9223372036854775808");
    row("LONG past int64", PickleBuilder().op(LONG).line("123456789012345678901234567890L").stop(), Big,
        "123456789012345678901234567890");
    row("LONG negative past int64", PickleBuilder().op(LONG).line("-18446744073709551616L").stop(), Big,
        "-18446744073709551616");
    row("LONG1 zero bytes", p2().op(LONG1).le(0, 1).stop(), Int, "0");
    row("LONG1 -1", p2().op(LONG1).le(1, 1).raw("\xff").stop(), Int, "-1");
    row("LONG1 -129", p2().op(LONG1).le(2, 1).raw("\x7f\xff").stop(), Int, "-129");
    row("LONG1 2^40 in 6 bytes", p2().op(LONG1).le(6, 1).le(1ull << 40, 6).stop(), Int, "1099511627776");
    row("LONG1 int64 max", p2().op(LONG1).le(8, 1).le(INT64_MAX, 8).stop(), Int, "9223372036854775807");
    row("LONG1 int64 min", p2().op(LONG1).le(8, 1).le(uint64_t(INT64_MIN), 8).stop(), Int,
        "-9223372036854775808");
    row("LONG1 2^72 in 10 bytes", p2().op(LONG1).le(10, 1).raw(std::string(9, '\0') + "\x01").stop(), Big,
        "4722366482869645213696");
    row("LONG1 -2^72 in 10 bytes", p2().op(LONG1).le(10, 1).raw(std::string(9, '\0') + "\xff").stop(), Big,
        "-4722366482869645213696");
    row("LONG4 2^64", p2().op(LONG4).le(9, 4).raw(std::string(8, '\0') + "\x01").stop(), Big,
        "18446744073709551616");
}

void TstPickleVm::ints()
{
    QFETCH(QByteArray, pickle);
    QFETCH(ValueKind, kind);
    QFETCH(QString, decimal);
    Vm vm;
    Value *v = vm.load(pickle.toStdString());
    QCOMPARE(v->kind, kind);
    const std::string actual =
        kind == ValueKind::BigInt ? bigIntDecimal(v->text) : std::to_string(v->integer);
    QCOMPARE(QString::fromStdString(actual), decimal);
}

void TstPickleVm::longKeepsLittleEndianBytes()
{
    // pickle.dumps(-2**72 - 1, protocol=2): ten bytes, two's complement, least significant first.
    const std::string bytes = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe"s;
    Vm vm;
    Value *v = vm.load("\x80\x02\x8a\n"s + bytes + ".");
    QCOMPARE(v->kind, ValueKind::BigInt);
    QCOMPARE(bytesOf(v->text), bytesOf(bytes));
    QCOMPARE(bigIntDecimal(v->text), "-4722366482869645213697"s);
}

void TstPickleVm::floats_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<double>("expected");
    // Byte strings as `pickle.dumps(x, protocol=0)` / `protocol=1` write them.
    QTest::newRow("FLOAT 1.5") << QByteArray("F1.5\n.") << 1.5;
    QTest::newRow("FLOAT -0.25") << QByteArray("F-0.25\n.") << -0.25;
    QTest::newRow("FLOAT 1e+300") << QByteArray("F1e+300\n.") << 1e300;
    QTest::newRow("FLOAT 5e-324") << QByteArray("F5e-324\n.") << 5e-324;
    QTest::newRow("FLOAT inf") << QByteArray("Finf\n.") << std::numeric_limits<double>::infinity();
    QTest::newRow("FLOAT -inf") << QByteArray("F-inf\n.") << -std::numeric_limits<double>::infinity();
    QTest::newRow("FLOAT -0.0") << QByteArray("F-0.0\n.") << -0.0;
    QTest::newRow("FLOAT nan") << QByteArray("Fnan\n.") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("FLOAT +1.5") << QByteArray("F+1.5\n.") << 1.5;
    QTest::newRow("FLOAT underflow is 0") << QByteArray("F1e-999\n.") << 0.0;
    QTest::newRow("BINFLOAT 1.5") << bytesOf("G?\xf8\x00\x00\x00\x00\x00\x00."s) << 1.5;
    QTest::newRow("BINFLOAT -2") << bytesOf(PickleBuilder().op(BINFLOAT).binfloat(-2.0).stop().bytes) << -2.0;
    QTest::newRow("BINFLOAT 0.1") << bytesOf(PickleBuilder().op(BINFLOAT).binfloat(0.1).stop().bytes) << 0.1;
}

void TstPickleVm::floats()
{
    QFETCH(QByteArray, pickle);
    QFETCH(double, expected);
    Vm vm;
    Value *v = vm.load(pickle.toStdString());
    QCOMPARE(v->kind, ValueKind::Float);
    // Bit for bit, so that -0.0 differs from 0.0; QCOMPARE on doubles would be fuzzy.
    uint64_t actualBits, expectedBits;
    std::memcpy(&actualBits, &v->real, 8);
    std::memcpy(&expectedBits, &expected, 8);
    QVERIFY2(actualBits == expectedBits, qPrintable(QString::number(v->real, 'g', 17)));
}

void TstPickleVm::floatTextIgnoresLocale()
{
    // The GUI's QApplication adopts the user's locale, where the decimal point may be a comma;
    // the pickle's text is always Python's repr.
    NumericLocale restore;
    const char *commaLocales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8"};
    const char *found = nullptr;
    for (const char *name : commaLocales)
        if (std::setlocale(LC_NUMERIC, name)) {
            found = name;
            break;
        }
    if (!found) QSKIP("no locale with a decimal comma is installed");
    Vm vm;
    QCOMPARE(formatErrorOf(vm, "F1.5\n."s), QString());
    QCOMPARE(vm.load("F1.5\n."s)->real, 1.5);
}

void TstPickleVm::strings_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<ValueKind>("kind");
    QTest::addColumn<QByteArray>("expected"); // UTF-8 text, or the raw bytes
    const auto S = ValueKind::String, B = ValueKind::Bytes;
    auto row = [](const char *name, const std::string &pickle, ValueKind k, const std::string &expected) {
        QTest::newRow(name) << bytesOf(pickle) << k << bytesOf(expected);
    };
    row("STRING", "S'abc'\n.", S, "abc");
    row("STRING double-quoted", "S\"it's\"\n.", S, "it's");
    row("STRING escapes",
        R"(S'a\nb\tc\\d\'e\x41\r')"
        "\n.",
        S, "a\nb\tc\\d'eA\r");
    row("STRING latin-1 escape",
        R"(S'caf\xe9')"
        "\n.",
        S, "caf\xc3\xa9");
    row("STRING control escapes",
        R"(S'\a\b\f\v\"')"
        "\n.",
        S, "\a\b\f\v\"");
    row("STRING octal escapes",
        R"(S'\012\101\0')"
        "\n.",
        S, "\nA\0"s);
    row("STRING unknown escape keeps backslash",
        R"(S'\q')"
        "\n.",
        S, "\\q");
    row("BINSTRING latin-1",
        "T\x03\x00\x00\x00"
        "a\xff"
        "b."s,
        S,
        "a\xc3\xbf"
        "b");
    row("SHORT_BINSTRING latin-1", "U\x02\xe9!."s, S, "\xc3\xa9!");
    row("UNICODE raw-unicode-escape", "Vcaf\xe9 \\u20ac \\U0001f600 \\u005c\n."s, S,
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\");
    row("UNICODE control characters", "V\\u0000\\u000a\\u001a\n."s, S, "\0\n\x1a"s);
    row("BINUNICODE", PickleBuilder().binunicode("\xc3\xbcn\xc3\xaf").stop().bytes, S, "\xc3\xbcn\xc3\xaf");
    row("BINUNICODE empty", PickleBuilder().binunicode("").stop().bytes, S, "");
    row("SHORT_BINUNICODE", PickleBuilder().shortBinunicode("weight").stop().bytes, S, "weight");
    row("BINUNICODE8", PickleBuilder().op(BINUNICODE8).le(3, 8).raw("\xe2\x82\xac").stop().bytes, S,
        "\xe2\x82\xac");
    row("BINBYTES", PickleBuilder().op(BINBYTES).le(3, 4).raw("\0\x01\xff"s).stop().bytes, B, "\0\x01\xff"s);
    row("SHORT_BINBYTES", "C\x02\xff\x00."s, B, "\xff\0"s);
    row("BINBYTES8", PickleBuilder().op(BINBYTES8).le(2, 8).raw("ab").stop().bytes, B, "ab");
    row("BYTEARRAY8", PickleBuilder().op(BYTEARRAY8).le(3, 8).raw("ab\xff").stop().bytes, B, "ab\xff");
}

void TstPickleVm::strings()
{
    QFETCH(QByteArray, pickle);
    QFETCH(ValueKind, kind);
    QFETCH(QByteArray, expected);
    Vm vm;
    Value *v = vm.load(pickle.toStdString());
    QCOMPARE(v->kind, kind);
    QCOMPARE(bytesOf(v->text), expected);
}

void TstPickleVm::containers_data()
{
    canonColumns();
    const auto row = canonRow;
    row("EMPTY_LIST", p2().op(EMPTY_LIST).stop(), "[]");
    row("EMPTY_DICT", p2().op(EMPTY_DICT).stop(), "{}");
    row("EMPTY_TUPLE", p2().op(EMPTY_TUPLE).stop(), "()");
    row("EMPTY_SET", PickleBuilder().proto(4).op(EMPTY_SET).stop(), "set{}");
    row("LIST", PickleBuilder().mark().binint1(1).binint1(2).op(LIST).stop(), "[1, 2]");
    row("DICT", PickleBuilder().mark().shortBinunicode("a").binint1(1).op(DICT).stop(), "{'a': 1}");
    row("TUPLE", PickleBuilder().mark().binint1(1).binint1(2).binint1(3).binint1(4).op(TUPLE).stop(),
        "(1, 2, 3, 4)");
    row("TUPLE1", p2().binint1(1).op(TUPLE1).stop(), "(1)");
    row("TUPLE2", p2().binint1(1).binint1(2).op(TUPLE2).stop(), "(1, 2)");
    row("TUPLE3", p2().binint1(1).binint1(2).binint1(3).op(TUPLE3).stop(), "(1, 2, 3)");
    row("APPEND", p2().op(EMPTY_LIST).binint1(1).op(APPEND).binint1(2).op(APPEND).stop(), "[1, 2]");
    row("APPENDS", p2().op(EMPTY_LIST).mark().binint1(1).op(NONE, APPENDS).stop(), "[1, None]");
    row("APPENDS of nothing", p2().op(EMPTY_LIST).mark().op(APPENDS).stop(), "[]");
    row("SETITEM", p2().op(EMPTY_DICT).binint1(1).binunicode("one").op(SETITEM).stop(), "{1: 'one'}");
    row("SETITEMS",
        p2().op(EMPTY_DICT).mark().binunicode("a").binint1(1).binunicode("b").binint1(2).op(SETITEMS).stop(),
        "{'a': 1, 'b': 2}");
    row("duplicate key replaced in place",
        p2().op(EMPTY_DICT)
            .mark()
            .binunicode("a")
            .binint1(1)
            .binunicode("b")
            .binint1(2)
            .binunicode("a")
            .binint1(3)
            .op(SETITEMS)
            .stop(),
        "{'a': 3, 'b': 2}");
    row("duplicate int key replaced",
        p2().op(EMPTY_DICT).binint1(5).binint1(1).op(SETITEM).binint1(5).binint1(2).op(SETITEM).stop(),
        "{5: 2}");
    row("tuple key", p2().op(EMPTY_DICT).binint1(1).binint1(2).op(TUPLE2, NONE, SETITEM).stop(),
        "{(1, 2): None}");
    row("ADDITEMS", PickleBuilder().proto(4).op(EMPTY_SET).mark().binint1(1).binint1(2).op(ADDITEMS).stop(),
        "set{1, 2}");
    row("FROZENSET", PickleBuilder().proto(4).mark().shortBinunicode("x").op(FROZENSET).stop(), "set{'x'}");
    row("nested", p2().op(EMPTY_DICT).binunicode("k").op(EMPTY_LIST, EMPTY_TUPLE).op(APPEND, SETITEM).stop(),
        "{'k': [()]}");
}

void TstPickleVm::containers()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    Vm vm;
    QCOMPARE(canon(vm.load(pickle.toStdString())), expected);
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstPickleVm::memo_data()
{
    canonColumns();
    const auto row = canonRow;
    row("PUT/GET text", PickleBuilder().op(EMPTY_LIST, PUT).line("12").op(GET).line("12").op(TUPLE2).stop(),
        "([], [])");
    row("BINPUT/BINGET", p2().binunicode("w").binput(3).binget(3).binget(3).op(TUPLE3).stop(),
        "('w', 'w', 'w')");
    row("LONG_BINPUT/LONG_BINGET",
        p2().binint1(9).op(LONG_BINPUT).le(70000, 4).op(LONG_BINGET).le(70000, 4).op(TUPLE2).stop(),
        "(9, 9)");
    row("MEMOIZE counts entries",
        PickleBuilder().proto(4).binint1(1).op(MEMOIZE).binint1(2).op(MEMOIZE).binget(1).op(TUPLE3).stop(),
        "(1, 2, 2)");
    row("PUT overwrites", p2().binint1(1).binput(0).binint1(2).binput(0).binget(0).op(TUPLE3).stop(),
        "(1, 2, 2)");
}

void TstPickleVm::memo()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    Vm vm;
    Value *v = vm.load(pickle.toStdString());
    QCOMPARE(canon(v), expected);
    // The memo shares nodes rather than copying them.
    QCOMPARE(v->items[v->items.size() - 1], v->items[v->items.size() - 2]);
}

void TstPickleVm::memoMixesNearAndFarIndices()
{
    // Slots 0, 1, 2, ... live in a vector, an index far beyond them in a map. Index 5000 is far when
    // first stored and near once 3,000 slots exist: storing it again must replace the far entry, and
    // MEMOIZE must still count it once, as len(memo) does.
    PickleBuilder b = PickleBuilder().proto(4);
    b.binunicode("far").op(LONG_BINPUT).le(5000, 4).op(POP);
    for (uint32_t i = 0; i < 3000; ++i)
        b.binint1(uint8_t(i % 200)).op(LONG_BINPUT).le(i, 4).op(POP);
    b.binunicode("near").op(LONG_BINPUT).le(5000, 4).op(POP);
    b.binunicode("memoized").op(MEMOIZE).op(POP); // len(memo) = 3001: slots 0..2999 and 5000
    b.op(LONG_BINGET).le(5000, 4).op(LONG_BINGET).le(3001, 4).op(LONG_BINGET).le(2999, 4).op(TUPLE3).stop();
    Vm vm;
    QCOMPARE(canon(vm.load(b)), str("('near', 'memoized', 199)"));
}

void TstPickleVm::largeDictKeepsOneEntryPerKey()
{
    // Past 32 keys the VM looks keys up in an index rather than scanning; the result must not change:
    // one entry per key, a repeated key replaces the value in place, and 5 and '5' are different keys.
    PickleBuilder b = p2().op(EMPTY_DICT).mark();
    for (int i = 0; i < 40; ++i)
        b.binunicode(std::to_string(i)).binint1(uint8_t(i)).binint1(uint8_t(i)).binint1(uint8_t(i));
    b.op(SETITEMS);
    b.binunicode("5").binunicode("text key again").op(SETITEM);
    b.binint1(5).binunicode("int key again").op(SETITEM);
    b.stop();
    Vm vm;
    Value *d = vm.load(b);
    QCOMPARE(d->kind, ValueKind::Dict);
    QCOMPARE(d->dictSize(), size_t(80));
    QCOMPARE(QString::fromStdString(d->dictKey(10)->text), str("5"));
    QCOMPARE(QString::fromStdString(d->dictValue(10)->text), str("text key again"));
    QCOMPARE(d->dictKey(11)->integer, int64_t(5));
    QCOMPARE(QString::fromStdString(d->dictValue(11)->text), str("int key again"));
}

void TstPickleVm::stackOps_data()
{
    canonColumns();
    const auto row = canonRow;
    row("POP", p2().binint1(1).binint1(2).op(POP).stop(), "1");
    row("POP removes a bare MARK", p2().binint1(1).mark().op(POP, TUPLE1).stop(), "(1)");
    row("POP_MARK", p2().binint1(1).mark().binint1(2).binint1(3).op(POP_MARK).stop(), "1");
    row("DUP", p2().binint1(7).op(DUP, TUPLE2).stop(), "(7, 7)");
    row("nested MARKs", p2().mark().binint1(1).mark().binint1(2).op(TUPLE, TUPLE).stop(), "(1, (2))");
}

void TstPickleVm::stackOps()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    Vm vm;
    QCOMPARE(canon(vm.load(pickle.toStdString())), expected);
}

void TstPickleVm::persistentIds()
{
    Vm vm;
    std::vector<QString> pids;
    vm.ctx.persistentLoad = [&](Value *pid) {
        pids.push_back(canon(pid));
        Value *s = vm.ctx.arena->make(ValueKind::Storage);
        s->storageIndex = int64_t(pids.size());
        return s;
    };
    Value *v = vm.load(p2().op(PERSID)
                           .line("0")
                           .mark()
                           .binunicode("storage")
                           .binint1(5)
                           .op(TUPLE, BINPERSID, TUPLE2)
                           .stop());
    QCOMPARE(canon(v), str("(storage#1, storage#2)"));
    QCOMPARE(pids, (std::vector<QString>{str("'0'"), str("('storage', 5)")}));

    // The loader's own errors surface unchanged.
    Vm vm2;
    vm2.ctx.persistentLoad = [](Value *) -> Value * { throw sl::FormatError("no such record"); };
    QCOMPARE(formatErrorOf(vm2, p2().binint1(0).op(BINPERSID).stop().bytes), str("no such record"));
}

void TstPickleVm::opcodeTableMatchesTheDecoder()
{
    // Every byte the table names is decoded (it fails on the missing argument or stack, never as an
    // unknown opcode), and every other byte is refused as unknown: the VM has no opcode of its own.
    int named = 0;
    for (int b = 0; b < 256; ++b) {
        Vm vm;
        const QString error = formatErrorOf(vm, p2().op(uint8_t(b)).bytes);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", b);
        const bool unknown = error.contains(QStringLiteral("unknown opcode ") + QLatin1String(hex));
        const char *name = sl::pickle::opName(uint8_t(b));
        QVERIFY2(unknown == (name == nullptr), qPrintable(QString::number(b) + QStringLiteral(": ") + error));
        QCOMPARE(sl::pickle::opFamily(uint8_t(b)) == sl::pickle::OpFamily::Unknown, name == nullptr);
        named += name != nullptr;
    }
    QCOMPARE(named, 68); // pickletools.opcodes of CPython 3.8+, protocols 0-5
    QCOMPARE(QString::fromLatin1(sl::pickle::opName(BINUNICODE)), QStringLiteral("BINUNICODE"));
    QCOMPARE(int(READONLY_BUFFER), 0x98);
}

void TstPickleVm::pythonRoundTrip_data()
{
    QTest::addColumn<int>("protocol");
    for (int p = 0; p <= 5; ++p)
        QTest::addRow("protocol %d", p) << p;
}

void TstPickleVm::pythonRoundTrip()
{
    // CPython writes the pickle and prints the value's canonical text; every protocol must decode to it.
    QFETCH(int, protocol);
    const PythonRun python = runPython(QStringLiteral("fixtures/pickle_roundtrip.py"));
    QVERIFY2(python.ok(), qPrintable(python.why()));
    const QList<QByteArray> lines = python.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 7);
    const std::string pickle = QByteArray::fromHex(lines[protocol]).toStdString();
    const QString expected = QString::fromUtf8(QByteArray::fromHex(lines[6]));

    Vm vm;
    QCOMPARE(canon(vm.load(pickle)), expected);
    QVERIFY(vm.file.unsafeGlobals.empty());
}

QTEST_APPLESS_MAIN(TstPickleVm)
#include "tst_pickle_vm.moc"
