// The safe pickle VM on untrusted input: unknown globals and extension codes are recorded and never
// run, memo indices and cycles cannot exhaust memory or hang it, and malformed or too deeply nested
// input is a FormatError rather than a crash.
#include "pickle_builder.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;
using namespace sl_test::op;
using namespace std::string_literals;
using sl::Value;
using sl::ValueKind;

namespace {

// n lists, each inside the one before, built bottom-up as CPython's pickler writes them.
std::string nestedLists(size_t n)
{
    return p2().raw(std::string(n, char(EMPTY_LIST)) + std::string(n - 1, char(APPEND))).stop().bytes;
}

} // namespace

class TstPickleUntrusted : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void longBinputDoesNotAllocate();
    void memoCycleDoesNotHang();
    void globals_data();
    void globals();
    void extensionCodesAreOpaque();
    void unsafeCallsBecomeObjects_data();
    void unsafeCallsBecomeObjects();
    void unsafeCallIsNeverExecuted();
    void errors_data();
    void errors();
    void nestingDepthIsLimited_data();
    void nestingDepthIsLimited();
    void nestingDepthBoundary();
};

void TstPickleUntrusted::longBinputDoesNotAllocate()
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

void TstPickleUntrusted::memoCycleDoesNotHang()
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

void TstPickleUntrusted::globals_data()
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

void TstPickleUntrusted::globals()
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

void TstPickleUntrusted::extensionCodesAreOpaque()
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

void TstPickleUntrusted::unsafeCallsBecomeObjects_data()
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

void TstPickleUntrusted::unsafeCallsBecomeObjects()
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

void TstPickleUntrusted::unsafeCallIsNeverExecuted()
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

void TstPickleUntrusted::errors_data()
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

void TstPickleUntrusted::errors()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, message);
    Vm vm;
    const QString error = formatErrorOf(vm, pickle.toStdString());
    QVERIFY2(error.contains(message), qPrintable(QStringLiteral("got: ") + error));
}

void TstPickleUntrusted::nestingDepthIsLimited_data()
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

void TstPickleUntrusted::nestingDepthIsLimited()
{
    QFETCH(QByteArray, pickle);
    Vm vm;
    const QString error = formatErrorOf(vm, pickle.toStdString());
    QVERIFY2(error.contains(QLatin1String("nest deeper than 1000")), qPrintable(error));
}

void TstPickleUntrusted::nestingDepthBoundary()
{
    Vm ok;
    ok.ctx.limits.maxDepth = 3;
    QCOMPARE(canon(ok.load(nestedLists(4))), str("[[[[]]]]"));
    Vm deep;
    deep.ctx.limits.maxDepth = 3;
    QVERIFY(formatErrorOf(deep, nestedLists(5)).contains(QLatin1String("deeper than 3")));
}

QTEST_APPLESS_MAIN(TstPickleUntrusted)
#include "tst_pickle_untrusted.moc"
