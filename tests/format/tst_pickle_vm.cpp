// The safe pickle VM, opcode family by opcode family: what each decodes to, that unknown globals are
// recorded and never run, and that malformed input is a FormatError rather than a crash or a hang.
#include "pickle_builder.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
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

PickleBuilder p2()
{
    return PickleBuilder().proto(2);
}

// n lists, each inside the one before, built bottom-up as CPython's pickler writes them.
std::string nestedLists(size_t n)
{
    return p2().raw(std::string(n, char(EMPTY_LIST)) + std::string(n - 1, char(APPEND))).stop().bytes;
}

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
    void longBinputDoesNotAllocate();
    void memoCycleDoesNotHang();
    void memoMixesNearAndFarIndices();
    void largeDictKeepsOneEntryPerKey();
    void stackOps_data();
    void stackOps();
    void globals_data();
    void globals();
    void extensionCodesAreOpaque();
    void unsafeCallsBecomeObjects_data();
    void unsafeCallsBecomeObjects();
    void unsafeCallIsNeverExecuted();
    void persistentIds();
    void errors_data();
    void errors();
    void opcodeTableMatchesTheDecoder();
    void nestingDepthIsLimited_data();
    void nestingDepthIsLimited();
    void nestingDepthBoundary();
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

void TstPickleVm::longBinputDoesNotAllocate()
{
    // LibTorch's vector memo would try to grow to 4G entries here (docs/formats.md).
    Vm vm;
    Value *v = vm.load(p2().op(EMPTY_LIST, LONG_BINPUT)
                           .le(0xFFFFFFFFu, 4)
                           .op(LONG_BINGET)
                           .le(0xFFFFFFFFu, 4)
                           .op(TUPLE2)
                           .stop());
    QCOMPARE(canon(v), str("([], [])"));
    QCOMPARE(v->items[0], v->items[1]);
    QVERIFY(vm.ctx.arena->size() < 10);
}

void TstPickleVm::memoCycleDoesNotHang()
{
    // l = []; l.append(l): the list holds itself.
    Vm vm;
    Value *l = vm.load(p2().op(EMPTY_LIST).binput(0).binget(0).op(APPEND).stop());
    QCOMPARE(l->kind, ValueKind::List);
    QCOMPARE(l->items.size(), size_t(1));
    QCOMPARE(l->items[0], l);
    QCOMPARE(QString::fromStdString(sl::valueSummary(l)), str("list[1]"));

    // l.extend([l] * 2000): repeating the cycle must not count as nesting.
    PickleBuilder extend = p2().op(EMPTY_LIST).binput(0).mark();
    for (int i = 0; i < 2000; ++i)
        extend.binget(0);
    Vm many;
    Value *m = many.load(extend.op(APPENDS).stop());
    QCOMPARE(m->items.size(), size_t(2000));
    QCOMPARE(m->items[1999], m);

    // d = {}; d['self'] = d
    Vm vm2;
    Value *d = vm2.load(p2().op(EMPTY_DICT).binput(0).binunicode("self").binget(0).op(SETITEM).stop());
    QCOMPARE(d->dictGet("self"), d);
    QCOMPARE(canon(d), str("{'self': <cycle>}"));
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

void TstPickleVm::globals_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("unsafe");
    auto row = [](const char *rowName, const PickleBuilder &b, const char *name, bool unsafe) {
        QTest::newRow(rowName) << bytesOf(b.bytes) << str(name) << unsafe;
    };
    row("GLOBAL allowed", p2().global("collections", "OrderedDict").stop(), "collections.OrderedDict", false);
    row("GLOBAL unknown", p2().global("posix", "system").stop(), "posix.system", true);
    row("STACK_GLOBAL allowed",
        PickleBuilder()
            .proto(4)
            .shortBinunicode("torch._utils")
            .shortBinunicode("_rebuild_tensor_v2")
            .op(STACK_GLOBAL)
            .stop(),
        "torch._utils._rebuild_tensor_v2", false);
    row("STACK_GLOBAL unknown",
        PickleBuilder()
            .proto(4)
            .shortBinunicode("subprocess")
            .shortBinunicode("Popen")
            .op(STACK_GLOBAL)
            .stop(),
        "subprocess.Popen", true);
    row("__builtin__ maps to builtins", p2().global("__builtin__", "set").stop(), "builtins.set", false);
    row("__builtin__ eval stays unsafe", p2().global("__builtin__", "eval").stop(), "builtins.eval", true);
    row("copy_reg maps to copyreg", p2().global("copy_reg", "_reconstructor").stop(),
        "copyreg._reconstructor", true);
}

void TstPickleVm::globals()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, name);
    QFETCH(bool, unsafe);
    Vm vm;
    Value *g = vm.load(pickle.toStdString());
    QCOMPARE(g->kind, ValueKind::Global);
    QCOMPARE(QString::fromStdString(g->text), name);
    QCOMPARE(g->unsafe, unsafe);
    QCOMPARE(vm.file.unsafeGlobals.count(name.toStdString()), size_t(unsafe ? 1 : 0));
    QCOMPARE(vm.file.unsafeGlobals.size(), size_t(unsafe ? 1 : 0));
}

void TstPickleVm::extensionCodesAreOpaque()
{
    // copyreg's extension registry can map a code to any callable: never consult it.
    Vm vm;
    Value *v =
        vm.load(p2().op(EXT1).le(1, 1).op(EXT2).le(0x1234, 2).op(EXT4).le(0x12345678, 4).op(TUPLE3).stop());
    QCOMPARE(v->items.size(), size_t(3));
    for (Value *g : v->items) {
        QCOMPARE(g->kind, ValueKind::Global);
        QVERIFY(g->unsafe);
    }
    QCOMPARE(vm.file.unsafeGlobals,
             (std::set<std::string>{"copyreg._extension_registry[1]", "copyreg._extension_registry[4660]",
                                    "copyreg._extension_registry[305419896]"}));
}

void TstPickleVm::unsafeCallsBecomeObjects_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *rowName, const PickleBuilder &b, const char *name, const char *expected) {
        QTest::newRow(rowName) << bytesOf(b.bytes) << str(name) << str(expected);
    };
    row("REDUCE posix.system", p2().global("posix", "system").binunicode("id").op(TUPLE1, REDUCE).stop(),
        "posix.system", "posix.system('id')");
    row("REDUCE builtins.eval via STACK_GLOBAL",
        PickleBuilder()
            .proto(4)
            .shortBinunicode("__builtin__")
            .shortBinunicode("eval")
            .op(STACK_GLOBAL)
            .shortBinunicode("1+1")
            .op(TUPLE1, REDUCE)
            .stop(),
        "builtins.eval", "builtins.eval('1+1')");
    row("NEWOBJ subprocess.Popen",
        p2().global("subprocess", "Popen").binunicode("ls").op(TUPLE1, NEWOBJ).stop(), "subprocess.Popen",
        "subprocess.Popen('ls')");
    row("NEWOBJ_EX keeps kwargs",
        PickleBuilder()
            .proto(4)
            .global("subprocess", "Popen")
            .binunicode("ls")
            .op(TUPLE1, EMPTY_DICT)
            .shortBinunicode("shell")
            .op(NEWTRUE, SETITEM, NEWOBJ_EX)
            .stop(),
        "subprocess.Popen", "subprocess.Popen('ls')+[{'shell': True}]");
    row("INST",
        PickleBuilder().mark().op(UNICODE).line("ls").op(INST).line("subprocess").line("Popen").stop(),
        "subprocess.Popen", "subprocess.Popen('ls')");
    row("OBJ", PickleBuilder().mark().global("subprocess", "Popen").op(UNICODE).line("ls").op(OBJ).stop(),
        "subprocess.Popen", "subprocess.Popen('ls')");
    row("BUILD records state",
        p2().global("argparse", "Namespace")
            .op(EMPTY_TUPLE, NEWOBJ, EMPTY_DICT)
            .binunicode("lr")
            .binint1(1)
            .op(SETITEM, BUILD)
            .stop(),
        "argparse.Namespace", "argparse.Namespace().state={'lr': 1}");
    row("REDUCE on an opaque result",
        p2().global("os", "getcwd").op(EMPTY_TUPLE, REDUCE).op(EMPTY_TUPLE, REDUCE).stop(), "os.getcwd",
        "os.getcwd()");
}

void TstPickleVm::unsafeCallsBecomeObjects()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    Vm vm;
    Value *v = vm.load(pickle.toStdString());
    QCOMPARE(v->kind, ValueKind::Object);
    QCOMPARE(QString::fromStdString(v->text), name);
    QCOMPARE(canon(v), expected);
    QVERIFY(vm.file.unsafeGlobals.count(name.toStdString()));
}

void TstPickleVm::unsafeCallIsNeverExecuted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString canary = dir.filePath(QStringLiteral("pwned"));
    const std::string command = "touch " + canary.toStdString();
    for (const char *module : {"posix", "os"}) {
        Vm vm;
        Value *v = vm.load(p2().global(module, "system").binunicode(command).op(TUPLE1, REDUCE).stop());
        QCOMPARE(v->kind, ValueKind::Object);
    }
    QVERIFY(!QFile::exists(canary));
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

void TstPickleVm::errors_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const std::string &pickle, const char *message) {
        QTest::newRow(name) << bytesOf(pickle) << str(message);
    };
    auto b = [] { return p2(); };
    row("empty input", "", "data ends before STOP");
    row("no STOP", b().binint1(1).bytes, "data ends before STOP");
    row("STOP on an empty stack", ".", "stack underflow");
    row("POP on an empty stack", "0.", "stack underflow");
    row("TUPLE2 of one item", b().binint1(1).op(TUPLE2).stop().bytes, "stack underflow");
    row("APPEND past a MARK", b().op(EMPTY_LIST).mark().op(APPEND).stop().bytes, "stack underflow");
    row("POP_MARK without MARK", b().binint1(1).op(POP_MARK).stop().bytes, "no MARK");
    row("BINGET of an unknown index", b().binint1(1).binget(5).stop().bytes,
        "memo reference 5 was never stored at byte 4");
    row("GET of a bad index", "g1x\n.", "bad GET index");
    row("SETITEM on a list", b().op(EMPTY_LIST).binint1(1).binint1(2).op(SETITEM).stop().bytes,
        "SETITEM on a list");
    row("SETITEMS odd count", b().op(EMPTY_DICT).mark().binint1(1).op(SETITEMS).stop().bytes, "odd number");
    row("APPEND on a dict", b().op(EMPTY_DICT).binint1(1).op(APPEND).stop().bytes, "APPEND on a dict");
    row("APPEND on a tuple", b().op(EMPTY_TUPLE).binint1(1).op(APPEND).stop().bytes, "APPEND on a tuple");
    row("ADDITEMS on a list", b().op(EMPTY_LIST).mark().op(ADDITEMS).stop().bytes, "ADDITEMS on a list");
    row("BINUNICODE past the end", b().op(BINUNICODE).le(16, 4).raw("abc").stop().bytes, "runs past the end");
    row("SHORT_BINBYTES past the end",
        "C\x05"
        "ab"s,
        "runs past the end");
    row("BINBYTES8 claims 2^40", b().op(BINBYTES8).le(1ull << 40, 8).raw("abc").stop().bytes,
        "runs past the end");
    row("BINUNICODE8 claims 2^64-1", b().op(BINUNICODE8).le(~0ull, 8).stop().bytes, "runs past the end");
    row("FRAME past the end", PickleBuilder().proto(4).op(FRAME).le(100, 8).op(NONE).stop().bytes,
        "frame runs past");
    row("LONG4 claims 2^31-1 bytes", b().op(LONG4).le(0x7fffffff, 4).stop().bytes, "too long");
    row("LONG4 negative length", b().op(LONG4).le(0xffffffff, 4).stop().bytes, "negative LONG4");
    row("LONG text too long", "L" + std::string(20000, '9') + "\n.", "too long");
    row("INT not a number", "I12a\n.", "bad integer literal");
    row("INT without newline", "I12", "without a newline");
    row("FLOAT not a number", "Fone\n.", "bad float literal");
    row("FLOAT with a decimal comma", "F1,5\n.", "bad float literal");
    row("FLOAT overflow", "F1e999\n.", "bad float literal");
    row("FLOAT with spaces", "F 1.5\n.", "bad float literal");
    row("FLOAT hexadecimal", "F0x1p3\n.", "bad float literal");
    row("FLOAT sign twice", "F+-1\n.", "bad float literal");
    row("STRING unquoted", "Sabc\n.", "not quoted");
    row("STRING bad hex escape",
        R"(S'\xZZ')"
        "\n.",
        "bad escape");
    row("UNICODE bad code point", "V\\U00110000\n.", "bad code point");
    row("protocol 6", "\x80\x06N."s, "unsupported pickle protocol 6");
    row("unknown opcode", "\xff."s, "unknown opcode 0xff");
    row("unknown printable opcode", "z.", "unknown opcode 0x7a");
    row("NEXT_BUFFER", PickleBuilder().proto(5).op(NEXT_BUFFER).stop().bytes, "out-of-band buffers");
    row("READONLY_BUFFER", "\x80\x05\x98."s, "out-of-band buffers");
    row("STACK_GLOBAL of ints", b().binint1(1).binint1(2).op(STACK_GLOBAL).stop().bytes, "two strings");
    row("GLOBAL with empty name", "c\n\n.", "empty GLOBAL name");
    row("OBJ without a class", b().mark().op(OBJ).stop().bytes, "OBJ without a class");
    row("PERSID with no loader", "P0\n.", "allows none");
    row("BINPERSID with no loader", b().binint1(0).op(BINPERSID).stop().bytes, "allows none");
}

void TstPickleVm::errors()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, message);
    Vm vm;
    const QString error = formatErrorOf(vm, pickle.toStdString());
    QVERIFY2(error.contains(message), qPrintable(QStringLiteral("got: ") + error));
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

void TstPickleVm::nestingDepthIsLimited_data()
{
    // 100,000 levels: a recursive consumer would overflow its stack long before the end.
    const size_t n = 100000;
    QTest::addColumn<QByteArray>("pickle");
    QTest::newRow("EMPTY_LIST + APPEND") << bytesOf(nestedLists(n));
    QTest::newRow("TUPLE1") << p2().op(NONE).raw(std::string(n, char(TUPLE1))).stop().data();
    PickleBuilder dicts = p2();
    for (size_t i = 0; i < n; ++i)
        dicts.op(EMPTY_DICT).binint1(0);
    QTest::newRow("EMPTY_DICT + SETITEM") << dicts.op(NONE).raw(std::string(n, char(SETITEM))).stop().data();
    QTest::newRow("MARK + LIST")
        << p2().raw(std::string(n, char(MARK)) + std::string(n, char(LIST))).stop().data();
}

void TstPickleVm::nestingDepthIsLimited()
{
    QFETCH(QByteArray, pickle);
    Vm vm;
    const QString error = formatErrorOf(vm, pickle.toStdString());
    QVERIFY2(error.contains(QLatin1String("nest deeper than 1000")), qPrintable(error));
}

void TstPickleVm::nestingDepthBoundary()
{
    Vm ok;
    ok.ctx.limits.maxDepth = 3;
    QCOMPARE(canon(ok.load(nestedLists(4))), str("[[[[]]]]"));
    Vm deep;
    deep.ctx.limits.maxDepth = 3;
    QVERIFY(formatErrorOf(deep, nestedLists(5)).contains(QLatin1String("deeper than 3")));
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
