// The tensor pass: every dtype read as torch's `t.double()` bit for bit (strided views, 0-d and empty
// tensors included), stored bytes, pairs in lock-step, results in item order though they finish out of
// order, progress per byte, cancel between chunks, and memory bounded by threads x chunk size.

#include "document/checkpoint.h"
#include "pass/stored_tensor.h"
#include "pass/tensor_pass.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace sl;
using namespace sl_test;

namespace {

// A source computed when read (value i is `i * m_scale`): stands in for a virtual tensor, and lets
// the ordering and cancel tests size their work freely.
class RampSource : public TensorSource
{
public:
    RampSource(int64_t n, double scale) : m_shape{n}, m_scale(scale) {}
    DType dtype() const override { return DType::Float64; }
    const std::vector<int64_t> &shape() const override { return m_shape; }
    std::unique_ptr<TensorReader> reader() const override
    {
        class Reader : public TensorReader
        {
        public:
            Reader(int64_t n, double scale) : m_n(n), m_scale(scale) {}
            size_t readValues(double *out, size_t most) override
            {
                const size_t k = size_t(std::min<int64_t>(int64_t(most), m_n - m_at));
                for (size_t i = 0; i < k; ++i)
                    out[i] = double(m_at++) * m_scale;
                return k;
            }
            size_t readBytes(uint8_t *, size_t) override { throw FormatError("computed: no bytes"); }

        private:
            int64_t m_n, m_at = 0;
            double m_scale;
        };
        return std::make_unique<Reader>(m_shape[0], m_scale);
    }

private:
    std::vector<int64_t> m_shape;
    double m_scale;
};

// Keeps every value (or byte) it is handed, and the largest run.
class Collect : public PassVisitor
{
public:
    explicit Collect(int item) : item(item) {}
    void values(const double *a, const double *b, size_t n) override
    {
        va.insert(va.end(), a, a + n);
        if (b) vb.insert(vb.end(), b, b + n);
        largestRun = std::max(largestRun, n);
    }
    void bytes(const uint8_t *a, const uint8_t *, size_t n, size_t elementSize) override
    {
        raw.insert(raw.end(), a, a + n * elementSize);
        largestRun = std::max(largestRun, n);
    }
    int item;
    std::vector<double> va, vb;
    std::vector<uint8_t> raw;
    size_t largestRun = 0;
};

TensorPass::MakeVisitor collector()
{
    return [](int item) { return std::make_unique<Collect>(item); };
}

// Sums values; enough work per item that several items are in flight at once.
class Sum : public PassVisitor
{
public:
    void values(const double *a, const double *, size_t n) override
    {
        for (size_t i = 0; i < n; ++i)
            total += a[i];
    }
    double total = 0;
};

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class TestTensorPass : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Checkpoint> m_checkpoint;

    std::shared_ptr<const TensorSource> stored(const QString &key) const
    {
        for (const StateEntry &e : m_checkpoint->entries())
            if (e.key == key.toStdString())
                return std::make_shared<StoredTensor>(m_checkpoint->file(), e.tensor);
        return nullptr;
    }
    QByteArray fixture(const QString &name) const
    {
        QFile f(m_dir.filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun py = runPython(QStringLiteral("fixtures/pass_fixtures.py"), {m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
        std::string error;
        m_checkpoint = Checkpoint::open(m_dir.filePath(QStringLiteral("pass.pth")), &error);
        QVERIFY2(m_checkpoint, error.c_str());
    }

    void valuesMatchTorch_data()
    {
        QTest::addColumn<QString>("key");
        for (const char *k : {"f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8", "bool", "strided",
                              "sliced", "scalar", "empty"})
            QTest::newRow(k) << QString::fromLatin1(k);
    }
    void valuesMatchTorch()
    {
        QFETCH(QString, key);
        auto source = stored(key);
        QVERIFY(source);
        const QByteArray expected = fixture(key + QStringLiteral(".f64"));
        QCOMPARE(qsizetype(source->numel()) * 8, expected.size());
        PassOptions options;
        options.chunkElements = 1000; // several chunks for the larger tensors
        TensorPass pass({{source, nullptr, PassItem::Values}}, options);
        std::vector<double> got;
        QVERIFY(pass.run(collector(), [&](int, PassVisitor &v, const std::string &error) {
            QVERIFY2(error.empty(), error.c_str());
            got = static_cast<Collect &>(v).va;
            QVERIFY(static_cast<Collect &>(v).largestRun <= 1000);
        }));
        QCOMPARE(got.size(), size_t(source->numel()));
        for (size_t i = 0; i < got.size(); ++i) {
            double want;
            std::memcpy(&want, expected.constData() + i * 8, 8);
            if (!(sameBits(got[i], want) || (std::isnan(got[i]) && std::isnan(want))))
                QFAIL(
                    qPrintable(QStringLiteral("%1[%2]: %3, torch %4").arg(key).arg(i).arg(got[i]).arg(want)));
        }
    }

    void storedBytesInLogicalOrder()
    {
        for (const QString &key :
             {QStringLiteral("f32"), QStringLiteral("strided"), QStringLiteral("sliced")}) {
            TensorPass pass({{stored(key), nullptr, PassItem::Bytes}}, PassOptions{2, 777});
            QByteArray got;
            QVERIFY(pass.run(collector(), [&](int, PassVisitor &v, const std::string &error) {
                QVERIFY2(error.empty(), error.c_str());
                const auto &raw = static_cast<Collect &>(v).raw;
                got = QByteArray(reinterpret_cast<const char *>(raw.data()), qsizetype(raw.size()));
            }));
            QCOMPARE(got, fixture(key + QStringLiteral(".bytes")));
        }
    }

    void pairsReadInLockStep()
    {
        // A transposed view against a computed source of the same length: both sides arrive aligned.
        auto a = stored(QStringLiteral("strided"));
        auto b = std::make_shared<RampSource>(a->numel(), 0.5);
        TensorPass pass({{a, b, PassItem::Values}}, PassOptions{1, 333});
        QVERIFY(pass.run(collector(), [&](int, PassVisitor &v, const std::string &error) {
            QVERIFY2(error.empty(), error.c_str());
            const Collect &c = static_cast<Collect &>(v);
            QCOMPARE(c.vb.size(), c.va.size());
            for (size_t i = 0; i < c.vb.size(); ++i)
                QCOMPARE(c.vb[i], double(i) * 0.5);
        }));
        // Sources of different lengths are an error of that item, not a crash.
        TensorPass bad({{a, std::make_shared<RampSource>(5, 1), PassItem::Values}});
        std::string error;
        QVERIFY(bad.run(collector(), [&](int, PassVisitor &, const std::string &e) { error = e; }));
        QVERIFY(!error.empty());
    }

    void unreadableDtypeIsAnItemError()
    {
        // Bytes of a computed source do not exist: the item reports it; the others still run.
        TensorPass pass({{std::make_shared<RampSource>(10, 1), nullptr, PassItem::Bytes},
                         {std::make_shared<RampSource>(10, 1), nullptr, PassItem::Values}});
        std::vector<std::string> errors;
        QVERIFY(
            pass.run(collector(), [&](int, PassVisitor &, const std::string &e) { errors.push_back(e); }));
        QCOMPARE(errors.size(), size_t(2));
        QVERIFY(!errors[0].empty());
        QVERIFY(errors[1].empty());
    }

    void resultsInItemOrder()
    {
        // The first items are the largest, so later ones finish first on a pool of four.
        std::vector<PassItem> items;
        for (int i = 0; i < 40; ++i)
            items.push_back({std::make_shared<RampSource>(i < 4 ? 3'000'000 : 1000 + i, 1.0), nullptr});
        TensorPass pass(items, PassOptions{4, 4096});
        QCOMPARE(pass.threadCount(), 4);
        std::vector<int> order;
        QVERIFY(pass.run([](int item) { return std::make_unique<Collect>(item); },
                         [&](int item, PassVisitor &v, const std::string &) {
                             QCOMPARE(static_cast<Collect &>(v).item, item);
                             QCOMPARE(int64_t(static_cast<Collect &>(v).va.size()),
                                      items[size_t(item)].a->numel());
                             order.push_back(item);
                         }));
        QCOMPARE(order.size(), items.size());
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(order[i], int(i));
    }

    void progressPerByteAndBoundedMemory()
    {
        std::vector<PassItem> items;
        for (int i = 0; i < 6; ++i)
            items.push_back(
                {std::make_shared<RampSource>(2'000'000, 1.0), std::make_shared<RampSource>(2'000'000, 2.0)});
        const size_t chunk = 8192;
        TensorPass pass(items, PassOptions{3, chunk});
        QCOMPARE(pass.totalBytes(), int64_t(6 * 2 * 2'000'000 * 8));
        std::vector<int64_t> seen;
        QVERIFY(pass.run([](int) { return std::make_unique<Sum>(); },
                         [](int, PassVisitor &, const std::string &) {},
                         [&](int64_t done, int64_t total) {
                             QCOMPARE(total, pass.totalBytes());
                             seen.push_back(done);
                         }));
        QVERIFY(!seen.empty());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), pass.totalBytes());
        // Three threads, each with one chunk of a and one of b as float64: 96 MB of data, 384 KiB held.
        QVERIFY(pass.peakBufferBytes() > 0);
        QVERIFY(pass.peakBufferBytes() <= 3 * 2 * chunk * sizeof(double));
    }

    void cancelStopsBetweenChunks()
    {
        std::vector<PassItem> items;
        for (int i = 0; i < 8; ++i)
            items.push_back({std::make_shared<RampSource>(20'000'000, 1.0), nullptr});
        TensorPass pass(items, PassOptions{2, 4096});
        std::atomic<bool> cancel{false};
        pass.setCancelFlag(&cancel);
        int64_t lastDone = 0;
        int delivered = 0;
        QElapsedTimer timer;
        timer.start();
        const bool finished = pass.run([](int) { return std::make_unique<Sum>(); },
                                       [&](int, PassVisitor &, const std::string &) { ++delivered; },
                                       [&](int64_t done, int64_t) {
                                           lastDone = done;
                                           if (done > 0) cancel = true;
                                       });
        QVERIFY(!finished);
        QVERIFY(delivered < 8);
        QVERIFY(lastDone < pass.totalBytes());
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_APPLESS_MAIN(TestTensorPass)
#include "tst_tensor_pass.moc"
