// The allow-list's tensor rebuilds: every _rebuild_* function of torch_globals.cpp and the storage
// persistent ids, on hand-written pickles and on what torch.save itself writes, and the argument
// checks that refuse malformed calls with a FormatError. The other globals are tst_torch_globals'.
#include "test_support.h"
#include "torch_pickle.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <tuple>

using namespace sl_test;
using namespace sl_test::op;
using namespace std::string_literals;
using sl::TensorRef;
using sl::Value;
using sl::ValueKind;

namespace {

std::string tuple(const std::vector<int64_t> &v)
{
    std::string out = "(";
    for (size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + std::to_string(v[i]);
    return out + ")";
}

// One line per tensor: "float32 (2, 3) (3, 1) +0 cpu", then the layout when not strided and flags.
// The Python cross-check prints the same.
QString describe(const TensorRef &t)
{
    std::string s = std::string(sl::dtypeName(t.dtype)) + " " + tuple(t.shape) + " " + tuple(t.stride) +
                    " +" + std::to_string(t.offset) + " " + t.device;
    if (t.layout != sl::TensorLayout::Strided) s += std::string(" ") + sl::layoutName(t.layout);
    if (t.sparseBytes >= 0) s += " " + std::to_string(t.sparseBytes) + "B";
    if (t.requiresGrad) s += " grad";
    if (t.isParameter) s += " param";
    return QString::fromStdString(s);
}

} // namespace

class TstRebuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rebuildTensor();
    void rebuildTensorV2_data();
    void rebuildTensorV2();
    void rebuildTensorV3();
    void rebuildParameter_data();
    void rebuildParameter();
    void rebuildParameterWithState();
    void rebuildQTensor();
    void rebuildSparse_data();
    void rebuildSparse();
    void rebuildMetaTensor();
    void rebuildFromTypeV2();
    void rebuildDeviceTensorFromCpu();
    void opaqueTensorRebuilds();
    void legacyTensorBuild();
    void storagePids_data();
    void storagePids();
    void argumentValidation_data();
    void argumentValidation();
    void torchSaveCrossCheck();
};

void TstRebuild::rebuildTensor()
{
    TorchVm vm;
    Value *v = vm.run(utils("_rebuild_tensor", strided(storage("DoubleStorage", 10), 2, {2, 4}, {4, 1})));
    QCOMPARE(describe(vm.tensor(v)), str("float64 (2, 4) (4, 1) +2 cpu"));
    QCOMPARE(vm.tensor(v).storage, 0);
    QCOMPARE(vm.file.storages.at(0).declaredBytes, int64_t(80));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstRebuild::rebuildTensorV2_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const PickleBuilder &b, const char *expected) {
        QTest::newRow(name) << b.data() << str(expected);
    };
    row("2-d", floatTensor(), "float32 (2, 3) (3, 1) +0 cpu");
    row("0-dim", v2(storage("LongStorage", 1), 0, {}, {}), "int64 () () +0 cpu");
    row("transposed view", v2(storage(), 1, {3, 2}, {1, 3}), "float32 (3, 2) (1, 3) +1 cpu");
    row("zero elements", v2(storage("HalfStorage", 0), 0, {0, 5}, {5, 1}), "float16 (0, 5) (5, 1) +0 cpu");
    row("cuda:1 location", v2(storage("BFloat16Storage", 4, "7", "cuda:1"), 0, {4}, {1}),
        "bfloat16 (4) (1) +0 cuda:1");
    // torch.ones(2, requires_grad=True) saved on its own, not as a Parameter.
    row("requires_grad", v2(storage("FloatStorage", 2), 0, {2}, {1}, true), "float32 (2) (1) +0 cpu grad");
    row("7th metadata argument",
        utils("_rebuild_tensor_v2", strided(storage("ComplexFloatStorage", 2), 0, {2}, {1})
                                        .boolean(false)
                                        .emptyOrderedDict()
                                        .op(EMPTY_DICT)
                                        .binunicode("conj")
                                        .op(NEWTRUE, SETITEM)),
        "complex64 (2) (1) +0 cpu");
}

void TstRebuild::rebuildTensorV2()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    TorchVm vm;
    QCOMPARE(describe(vm.tensor(vm.run(seq().raw(pickle.toStdString())))), expected);
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstRebuild::rebuildTensorV3()
{
    // 2.x: new dtypes ride on an UntypedStorage whose numel counts bytes.
    TorchVm vm;
    const PickleBuilder untyped = storage("UntypedStorage", 16, "0", "cpu", "torch.storage");
    Value *v = vm.run(utils("_rebuild_tensor_v3", strided(untyped, 0, {4, 4}, {4, 1})
                                                      .boolean(true)
                                                      .emptyOrderedDict()
                                                      .global("torch", "float8_e4m3fn")));
    QCOMPARE(describe(vm.tensor(v)), str("float8_e4m3fn (4, 4) (4, 1) +0 cpu grad"));
    QCOMPARE(vm.file.storages.at(0).dtype, sl::DType::UInt8);
    QCOMPARE(vm.file.storages.at(0).declaredBytes, int64_t(16));
    QCOMPARE(vm.tensor(v).extentBytes(), int64_t(16));
}

void TstRebuild::rebuildParameter_data()
{
    QTest::addColumn<bool>("requiresGrad");
    QTest::newRow("requires_grad") << true;
    QTest::newRow("frozen") << false;
}

void TstRebuild::rebuildParameter()
{
    QFETCH(bool, requiresGrad);
    TorchVm vm;
    // torch.save(nn.Parameter(...)): the inner tensor is saved with requires_grad False.
    Value *v = vm.run(utils("_rebuild_parameter", floatTensor().boolean(requiresGrad).emptyOrderedDict()));
    const TensorRef &t = vm.tensor(v);
    QVERIFY(t.isParameter);
    QCOMPARE(t.requiresGrad, requiresGrad);
    QCOMPARE(vm.file.tensors.size(), size_t(1)); // the parameter is its data tensor, marked

    // NEWOBJ of torch.nn.parameter.Parameter(tensor, requires_grad), as old whole-module pickles do.
    TorchVm vm2;
    Value *p = vm2.run(seq()
                           .global("torch.nn.parameter", "Parameter")
                           .raw(floatTensor().bytes)
                           .boolean(requiresGrad)
                           .op(TUPLE2, NEWOBJ));
    QVERIFY(vm2.tensor(p).isParameter);
    QCOMPARE(vm2.tensor(p).requiresGrad, requiresGrad);
}

void TstRebuild::rebuildParameterWithState()
{
    TorchVm vm;
    const PickleBuilder state = seq().op(EMPTY_DICT).binunicode("tag").binunicode("x").op(SETITEM);
    Value *v = vm.run(utils("_rebuild_parameter_with_state",
                            floatTensor().boolean(false).emptyOrderedDict().raw(state.bytes)));
    QCOMPARE(describe(vm.tensor(v)), str("float32 (2, 3) (3, 1) +0 cpu param"));
}

void TstRebuild::rebuildQTensor()
{
    TorchVm vm;
    // quantizer_params = (torch.per_tensor_affine, scale, zero_point)
    const PickleBuilder qparams =
        seq().global("torch", "per_tensor_affine").op(BINFLOAT).binfloat(0.1).integer(0).op(TUPLE3);
    Value *v = vm.run(utils("_rebuild_qtensor", strided(storage("QInt8Storage", 4), 0, {4}, {1})
                                                    .raw(qparams.bytes)
                                                    .boolean(false)
                                                    .emptyOrderedDict()));
    QCOMPARE(describe(vm.tensor(v)), str("qint8 (4) (1) +0 cpu quantized"));
    // Its values are previewed dequantized, so no warning; the quantizer parameters are kept.
    QVERIFY(vm.file.warnings.empty());
    const TensorRef &t = vm.file.tensors[size_t(v->tensorIndex)];
    QVERIFY(t.quantization);
    QCOMPARE(t.quantization->scheme, std::string("per_tensor_affine"));
    QCOMPARE(t.quantization->scale, 0.1);
    QCOMPARE(t.quantization->zeroPoint, int64_t(0));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstRebuild::rebuildSparse_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
    const PickleBuilder size = call("torch", "Size", seq().intTuple({3, 3}));
    auto layout = [](const char *name) {
        return call("torch.serialization", "_get_layout", seq().binunicode(name));
    };
    // torch.eye(3).to_sparse(): indices int64 (2, 3), values float32 (3), size torch.Size([3, 3]).
    const PickleBuilder coo = seq()
                                  .raw(layout("torch.sparse_coo").bytes)
                                  .raw(v2(storage("LongStorage", 6, "0"), 0, {2, 3}, {3, 1}).bytes)
                                  .raw(v2(storage("FloatStorage", 3, "1"), 0, {3}, {1}).bytes)
                                  .raw(size.bytes)
                                  .op(TUPLE3);
    QTest::newRow("COO") << utils("_rebuild_sparse_tensor", coo).data()
                         << str("float32 (3, 3) () +0 cpu sparse_coo 60B");
    // torch.eye(3).to_sparse_csr(): crow (4), col (3), values (3), then the size.
    const PickleBuilder csr = seq()
                                  .raw(layout("torch.sparse_csr").bytes)
                                  .mark()
                                  .raw(v2(storage("LongStorage", 4, "0"), 0, {4}, {1}).bytes)
                                  .raw(v2(storage("LongStorage", 3, "1"), 0, {3}, {1}).bytes)
                                  .raw(v2(storage("FloatStorage", 3, "2"), 0, {3}, {1}).bytes)
                                  .raw(size.bytes)
                                  .op(TUPLE);
    QTest::newRow("CSR") << utils("_rebuild_sparse_csr_tensor", csr).data()
                         << str("float32 (3, 3) () +0 cpu sparse_compressed 68B");
}

void TstRebuild::rebuildSparse()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    TorchVm vm;
    QCOMPARE(describe(vm.tensor(vm.run(seq().raw(pickle.toStdString())))), expected);
    QCOMPARE(vm.file.warnings.size(), size_t(1));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstRebuild::rebuildMetaTensor()
{
    TorchVm vm;
    auto args = seq().global("torch", "float16").intTuple({2, 3}).intTuple({3, 1}).boolean(true);
    Value *v = vm.run(utils("_rebuild_meta_tensor_no_storage", args));
    QCOMPARE(describe(vm.tensor(v)), str("float16 (2, 3) (3, 1) +0 meta meta grad"));
    QCOMPARE(vm.tensor(v).storage, -1);
    QVERIFY(vm.file.storages.empty());
}

void TstRebuild::rebuildFromTypeV2()
{
    // (func, subclass, args, state): a tensor subclass from user code keeps its tensor; the class is
    // only a recorded name.
    const PickleBuilder innerArgs =
        seq().mark().raw(strided(storage(), 0, {6}, {1}).boolean(false).emptyOrderedDict().bytes).op(TUPLE);
    const PickleBuilder state = seq().op(EMPTY_DICT).binunicode("note").binint1(1).op(SETITEM);
    for (const auto &[module, cls, unsafe] :
         {std::tuple{"torch", "Tensor", false}, std::tuple{"mylib.tensors", "TaggedTensor", true}}) {
        TorchVm vm;
        Value *v = vm.run(call("torch._tensor", "_rebuild_from_type_v2",
                               seq()
                                   .global("torch._utils", "_rebuild_tensor_v2")
                                   .global(module, cls)
                                   .raw(innerArgs.bytes)
                                   .raw(state.bytes)));
        QCOMPARE(describe(vm.tensor(v)), str("float32 (6) (1) +0 cpu"));
        QCOMPARE(canon(v->state), str("{'note': 1}"));
        QCOMPARE(vm.file.unsafeGlobals.size(), size_t(unsafe ? 1 : 0));
    }
}

void TstRebuild::rebuildDeviceTensorFromCpu()
{
    TorchVm vm;
    Value *v = vm.run(utils("_rebuild_device_tensor_from_cpu_tensor",
                            floatTensor().global("torch", "float32").binunicode("xla:0").boolean(true)));
    QCOMPARE(describe(vm.tensor(v)), str("float32 (2, 3) (3, 1) +0 xla:0 grad"));
}

void TstRebuild::opaqueTensorRebuilds()
{
    // Allow-listed, but they need numpy or a subclass to rebuild: kept as objects, not flagged unsafe.
    TorchVm vm;
    Value *v = vm.run(utils("_rebuild_wrapper_subclass",
                            seq().global("torch", "Tensor").global("torch", "float32").intTuple({2})));
    QCOMPARE(v->kind, ValueKind::Object);
    QCOMPARE(canon(v),
             str("torch._utils._rebuild_wrapper_subclass(global:torch.Tensor, torch.float32, (2))"));
    QVERIFY(vm.file.unsafeGlobals.empty());
}

void TstRebuild::legacyTensorBuild()
{
    // Pre-0.4 files: torch.FloatTensor() then BUILD with (storage, offset, size, stride) as set_() takes.
    TorchVm vm;
    const PickleBuilder state = strided(storage("FloatStorage", 12), 3, {3, 3}, {3, 1});
    Value *v = vm.run(seq()
                          .global("torch", "FloatTensor")
                          .op(EMPTY_TUPLE, REDUCE)
                          .mark()
                          .raw(state.bytes)
                          .op(TUPLE, BUILD));
    QCOMPARE(describe(vm.tensor(v)), str("float32 (3, 3) (3, 1) +3 cpu"));
}

void TstRebuild::storagePids_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected"); // dtype key location numel [view key offset size]
    auto pid = [](const PickleBuilder &type, const PickleBuilder &tail) {
        return seq().mark().binunicode("storage").raw(type.bytes).raw(tail.bytes).op(TUPLE).data();
    };
    const PickleBuilder floats = seq().global("torch", "FloatStorage");
    QTest::newRow("zip") << pid(floats, seq().binunicode("3").binunicode("cpu").binint1(6))
                         << str("float32 3 cpu 6");
    QTest::newRow("int key, device location")
        << pid(floats,
               seq().binint1(9).raw(call("torch", "device", seq().binunicode("cuda:0")).bytes).binint1(6))
        << str("float32 9 cuda:0 6");
    QTest::newRow("dtype value (2.x TypedStorage)")
        << pid(seq().global("torch", "int64"), seq().binunicode("0").binunicode("cpu").binint1(1))
        << str("int64 0 cpu 1");
    QTest::newRow("untyped counts bytes") << pid(seq().global("torch.storage", "UntypedStorage"),
                                                 seq().binunicode("0").binunicode("cpu").binint1(16))
                                          << str("uint8 0 cpu 16 untyped");
    QTest::newRow("legacy view")
        << pid(floats,
               seq().binunicode("94").binunicode("cpu").binint1(6).binunicode("95").binint1(2).binint1(3).op(
                   TUPLE3))
        << str("float32 94 cpu 6 view 95 2 3");
    QTest::newRow("legacy no view") << pid(floats,
                                           seq().binunicode("94").binunicode("cpu").binint1(6).op(NONE))
                                    << str("float32 94 cpu 6");
}

void TstRebuild::storagePids()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    Vm vm;
    const sl::StoragePid p = sl::parseStoragePid(vm.load(pickle.toStdString() + "."));
    std::string s = std::string(sl::dtypeName(p.dtype)) + " " + p.key + " " + p.location + " " +
                    std::to_string(p.numel) + (p.untyped ? " untyped" : "");
    if (p.isView)
        s += " view " + p.viewKey + " " + std::to_string(p.viewOffset) + " " + std::to_string(p.viewSize);
    QCOMPARE(QString::fromStdString(s), expected);
}

void TstRebuild::argumentValidation_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const PickleBuilder &b, const char *message) {
        QTest::newRow(name) << b.data() << str(message);
    };
    auto v2Args = [](const PickleBuilder &tail) { return utils("_rebuild_tensor_v2", tail); };
    row("v2 with three arguments", v2Args(seq().raw(storage().bytes).integer(0).intTuple({6})),
        "_rebuild_tensor_v2 is missing argument 4");
    row("size and stride of different length", v2(storage(), 0, {2, 3}, {1}), "size and stride differ");
    row("negative size", v2(storage(), 0, {-1}, {1}), "negative size");
    row("negative offset", v2(storage(), -1, {1}, {1}), "negative storage offset");
    row("first argument not a storage", v2(seq().binunicode("0"), 0, {1}, {1}), "str, not a storage");
    row("size not a tuple", v2Args(seq().raw(storage().bytes).integer(0).integer(6).intTuple({1})),
        "size is a int, not a tuple");
    row("size of strings",
        v2Args(seq().raw(storage().bytes).integer(0).mark().binunicode("2").op(TUPLE).intTuple({1})),
        "size is a str, not an int");
    row("65 dimensions",
        v2Args(seq()
                   .raw(storage().bytes)
                   .integer(0)
                   .raw(std::string(1, char(MARK)))
                   .raw(std::string(65, 'N'))
                   .op(TUPLE)
                   .intTuple({1})),
        "65 dimensions");
    row("v3 without a dtype",
        utils("_rebuild_tensor_v3",
              strided(storage(), 0, {1}, {1}).boolean(false).emptyOrderedDict().binunicode("float8")),
        "argument 7 is not a dtype");
    row("v3 of a sub-byte dtype",
        utils("_rebuild_tensor_v3",
              strided(storage(), 0, {1}, {1}).boolean(false).emptyOrderedDict().global("torch", "int4")),
        "unsupported dtype torch.int4");
    row("parameter of a string", utils("_rebuild_parameter", seq().binunicode("w").boolean(true)),
        "expects a tensor, got a str");
    row("meta without a dtype", utils("_rebuild_meta_tensor_no_storage", seq().intTuple({1})),
        "argument 1 is not a dtype");
    row("sparse data too short", utils("_rebuild_sparse_tensor", seq().op(NONE).intTuple({1})),
        "bad sparse data tuple");
    row("persistent id not a storage", seq().binunicode("module").op(TUPLE1, BINPERSID), "not a ('storage'");
    row("storage of no dtype", storage("TypedStorage", 4, "0", "cpu", "torch.storage"),
        "storage of unsupported type");
    row("storage of negative size", storage("FloatStorage", -4), "not a ('storage'");
    row("bad storage view",
        seq()
            .mark()
            .binunicode("storage")
            .global("torch", "FloatStorage")
            .binunicode("0")
            .binunicode("cpu")
            .binint1(4)
            .binint1(1)
            .op(TUPLE, BINPERSID),
        "bad storage view");
    row("encode of a non-latin-1 text", call("_codecs", "encode", seq().binunicode("\xe2\x82\xac")),
        "not latin-1");
    row("encode of an int", call("_codecs", "encode", seq().binint1(1)), "expects a string");
    row("device of an int", call("torch", "device", seq().binint1(1)), "expects a string");
    row("layout of an int", call("torch.serialization", "_get_layout", seq().binint1(1)), "expects a string");
    row("complex of a string", call("builtins", "complex", seq().binunicode("1j")), "expects numbers");
    row("OrderedDict of non-pairs", call("collections", "OrderedDict", seq().intTuple({1, 2})),
        "(key, value) pairs");
    row("REDUCE on an int", seq().binint1(1).op(EMPTY_TUPLE, REDUCE), "REDUCE calls a int");
    row("REDUCE with non-tuple args", seq().global("builtins", "set").binint1(1).op(REDUCE), "not a tuple");
    row("NEWOBJ on a string", seq().binunicode("x").op(EMPTY_TUPLE, NEWOBJ), "NEWOBJ on a str");
    row("BUILD on a list", seq().op(EMPTY_LIST, EMPTY_DICT, BUILD), "BUILD on a list");
}

void TstRebuild::argumentValidation()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, message);
    TorchVm vm;
    const QString error = formatErrorOf(vm, seq().proto(2).raw(pickle.toStdString()).stop().bytes);
    QVERIFY2(error.contains(message), qPrintable(QStringLiteral("got: ") + error));
}

void TstRebuild::torchSaveCrossCheck()
{
    // torch.save writes data.pkl; torch itself says what each tensor is, in describe()'s notation.
    const PythonRun python = runPython(QStringLiteral("fixtures/torch_save_tensors.py"));
    QVERIFY2(python.ok(), qPrintable(python.why()));
    const QList<QByteArray> lines = python.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject expected = QJsonDocument::fromJson(lines[1]).object();
    QVERIFY(!expected.isEmpty());

    TorchVm vm;
    Value *top = vm.load(QByteArray::fromHex(lines[0]).toStdString());
    QVERIFY(vm.file.unsafeGlobals.empty());
    QCOMPARE(top->dictSize(), size_t(expected.size()));
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const Value *t = top->dictGet(it.key().toStdString());
        QVERIFY2(t, qPrintable(it.key()));
        QCOMPARE(it.key() + QLatin1String(": ") + describe(vm.tensor(t)),
                 it.key() + QLatin1String(": ") + it.value().toString());
    }
}

QTEST_APPLESS_MAIN(TstRebuild)
#include "tst_rebuild.moc"
