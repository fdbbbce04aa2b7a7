// The allow-list's globals that are not tensors: OrderedDict, Counter, sets, codecs.encode,
// bytearray, torch.device and torch.Size, complex, the JIT helpers, dtype and storage classes and
// TorchScript types, each on hand-written pickles as torch.save writes them.
#include "torch_pickle.h"

#include <QtTest>

using namespace sl_test;
using namespace sl_test::op;
using namespace std::string_literals;
using sl::Value;
using sl::ValueKind;

class TstTorchGlobals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orderedDictWithMetadata();
    void orderedDictAndCounterFromPairs();
    void sets();
    void codecsEncode();
    void byteArray();
    void torchDevice_data();
    void torchDevice();
    void torchSize();
    void builtinsComplex();
    void jitHelpers();
    void dtypeAndStorageGlobals_data();
    void dtypeAndStorageGlobals();
    void torchScriptTypes();
};

void TstTorchGlobals::orderedDictWithMetadata()
{
    // state_dict(): OrderedDict() + SETITEMS, then BUILD {'_metadata': OrderedDict([('', {'version': 1})])}.
    const PickleBuilder metadata = call("collections", "OrderedDict",
                                        seq()
                                            .op(EMPTY_LIST)
                                            .mark()
                                            .binunicode("")
                                            .op(EMPTY_DICT)
                                            .binunicode("version")
                                            .binint1(1)
                                            .op(SETITEM, TUPLE2, APPENDS));
    TorchVm vm;
    Value *d = vm.run(seq()
                          .emptyOrderedDict()
                          .mark()
                          .binunicode("w")
                          .raw(floatTensor().bytes)
                          .op(SETITEMS)
                          .op(EMPTY_DICT)
                          .binunicode("_metadata")
                          .raw(metadata.bytes)
                          .op(SETITEM, BUILD));
    QCOMPARE(canon(d), str("OrderedDict{'w': tensor#0}"));
    QVERIFY(d->ordered);
    QCOMPARE(canon(d->state), str("{'_metadata': OrderedDict{'': {'version': 1}}}"));
}

void TstTorchGlobals::orderedDictAndCounterFromPairs()
{
    TorchVm vm;
    const PickleBuilder pairs = seq()
                                    .op(EMPTY_LIST)
                                    .mark()
                                    .binunicode("a")
                                    .binint1(1)
                                    .op(TUPLE2)
                                    .binunicode("b")
                                    .binint1(2)
                                    .op(TUPLE2, APPENDS);
    QCOMPARE(canon(vm.run(call("collections", "OrderedDict", pairs))), str("OrderedDict{'a': 1, 'b': 2}"));
    const PickleBuilder counts = seq().op(EMPTY_DICT).binunicode("x").binint1(3).op(SETITEM);
    QCOMPARE(canon(vm.run(call("collections", "Counter", counts))), str("{'x': 3}"));
}

void TstTorchGlobals::sets()
{
    TorchVm vm;
    const PickleBuilder items = seq().op(EMPTY_LIST).mark().binint1(1).binint1(2).op(APPENDS);
    QCOMPARE(canon(vm.run(call("__builtin__", "set", items))), str("set{1, 2}"));
    QCOMPARE(canon(vm.run(call("builtins", "frozenset", items))), str("set{1, 2}"));
    QCOMPARE(canon(vm.run(call("builtins", "set", seq()))), str("set{}"));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstTorchGlobals::codecsEncode()
{
    // Protocol 2 bytes: _codecs.encode(text, 'latin1'), the text holding one code point per byte.
    TorchVm vm;
    Value *b =
        vm.run(call("_codecs", "encode", seq().binunicode("a\xc3\xa9\xc3\xbf\x01").binunicode("latin1")));
    QCOMPARE(b->kind, ValueKind::Bytes);
    QCOMPARE(bytesOf(b->text), bytesOf("a\xe9\xff\x01"));
}

void TstTorchGlobals::byteArray()
{
    TorchVm vm;
    const PickleBuilder bytes = seq().op(SHORT_BINBYTES).le(2, 1).raw("\x00\xff"s);
    Value *b = vm.run(call("builtins", "bytearray", bytes));
    QCOMPARE(b->kind, ValueKind::Bytes);
    QCOMPARE(bytesOf(b->text), bytesOf("\x00\xff"s));
}

void TstTorchGlobals::torchDevice_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const PickleBuilder &args, const char *expected) {
        QTest::newRow(name) << call("torch", "device", args).data() << str(expected);
    };
    row("type and index", seq().binunicode("cuda").binint1(0), "cuda:0");
    row("one string", seq().binunicode("cuda:1"), "cuda:1");
    row("cpu", seq().binunicode("cpu"), "cpu");
}

void TstTorchGlobals::torchDevice()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    TorchVm vm;
    Value *d = vm.run(seq().raw(pickle.toStdString()));
    QCOMPARE(d->kind, ValueKind::Device);
    QCOMPARE(QString::fromStdString(d->text), expected);
}

void TstTorchGlobals::torchSize()
{
    TorchVm vm;
    Value *s = vm.run(call("torch", "Size", seq().intTuple({2, 3, 70000})));
    QCOMPARE(s->kind, ValueKind::Tuple);
    QCOMPARE(canon(s), str("(2, 3, 70000)"));
    QCOMPARE(canon(vm.run(call("torch", "Size", seq()))), str("()"));
}

void TstTorchGlobals::builtinsComplex()
{
    TorchVm vm;
    Value *c = vm.run(call("builtins", "complex", seq().op(BINFLOAT).binfloat(1.5).binint(-2)));
    QCOMPARE(c->kind, ValueKind::Complex);
    QCOMPARE(c->real, 1.5);
    QCOMPARE(c->imag, -2.0);
}

void TstTorchGlobals::jitHelpers()
{
    // TorchScript's data.pkl wraps typed containers; the value is the first argument.
    TorchVm vm;
    const PickleBuilder dict = seq().op(EMPTY_DICT).binunicode("a").binint1(1).op(SETITEM);
    Value *d = vm.run(
        call("torch.jit._pickle", "restore_type_tag", seq().raw(dict.bytes).binunicode("Dict[str, int]")));
    QCOMPARE(canon(d), str("{'a': 1}"));
    const PickleBuilder list = seq().op(EMPTY_LIST).mark().binint1(1).binint1(2).op(APPENDS);
    QCOMPARE(canon(vm.run(call("torch.jit._pickle", "build_intlist", list))), str("[1, 2]"));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstTorchGlobals::dtypeAndStorageGlobals_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *module, const char *name, const char *expected) {
        QTest::newRow(name) << seq().global(module, name).data() << str(expected);
    };
    row("torch", "float32", "torch.float32");
    row("torch", "half", "torch.float16");
    row("torch", "bfloat16", "torch.bfloat16");
    row("torch", "uint4", "torch.uint4");
    row("torch.cuda", "HalfStorage", "global:torch.cuda.HalfStorage");
    row("torch", "per_channel_affine", "global:torch.per_channel_affine");
    row("torch.storage", "TypedStorage", "global:torch.storage.TypedStorage");
}

void TstTorchGlobals::dtypeAndStorageGlobals()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    TorchVm vm;
    QCOMPARE(canon(vm.run(seq().raw(pickle.toStdString()))), expected);
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstTorchGlobals::torchScriptTypes()
{
    // `__torch__.*` classes are TorchScript's own; in a plain pickle the same name is a Python import.
    const PickleBuilder obj = seq().global("__torch__.model", "Net").op(EMPTY_TUPLE, NEWOBJ);
    TorchVm script;
    script.ctx.torchScript = true;
    QCOMPARE(script.run(obj)->kind, ValueKind::Object);
    QVERIFY(script.file.unsafeGlobals.empty());
    TorchVm plain;
    plain.run(obj);
    QCOMPARE(plain.file.unsafeGlobals, (std::set<std::string>{"__torch__.model.Net"}));
}

QTEST_APPLESS_MAIN(TstTorchGlobals)
#include "tst_torch_globals.moc"
