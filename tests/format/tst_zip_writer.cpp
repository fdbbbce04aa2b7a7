// The zip writer against torch's own reader: a torch.save archive re-written record by record, with
// and without zip64 fields everywhere (the > 4 GiB layout, on small files), must torch.load to the
// same tensors, pass zipfile's CRC check, keep record data 64-byte aligned and read back in our reader.

#include "format/zip_reader.h"
#include "format/zip_writer.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;

namespace {

const char *kMakeScript = R"PY(
import sys, torch
torch.manual_seed(3)
w = torch.randn(64, 33)
torch.save({'w': w, 'w_t': w.t(), 'b': torch.arange(7), 'empty': torch.zeros(0), 'h': torch.randn(5).half()},
           sys.argv[1])
)PY";

// Exits non-zero naming the first difference.
const char *kCheckScript = R"PY(
import sys, zipfile, torch
original, written = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(written) as z:
    bad = z.testzip()
    assert bad is None, 'CRC mismatch in ' + str(bad)
    with open(written, 'rb') as f:
        for info in z.infolist():
            f.seek(info.header_offset + 26)
            n, m = int.from_bytes(f.read(2), 'little'), int.from_bytes(f.read(2), 'little')
            start = info.header_offset + 30 + n + m
            assert start % 64 == 0, '%s data at %d' % (info.filename, start)
a, b = torch.load(original), torch.load(written)
assert list(a) == list(b), (list(a), list(b))
for k in a:
    x, y = a[k], b[k]
    assert x.dtype == y.dtype and x.shape == y.shape and x.stride() == y.stride(), k
    assert torch.equal(x, y), k
assert b['w_t'].storage().data_ptr() == b['w'].storage().data_ptr(), 'sharing lost'
print('ok')
)PY";

QByteArray runPython(const QStringList &args, int *exitCode)
{
    QProcess py;
    py.start(QStringLiteral(STATELENS_PYTHON), args);
    py.waitForFinished(180000);
    *exitCode = py.exitStatus() == QProcess::NormalExit ? py.exitCode() : -1;
    return py.readAllStandardOutput() + py.readAllStandardError();
}

} // namespace

class TestZipWriter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_original;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_original = m_dir.filePath(QStringLiteral("original.pth"));
        int code = 0;
        const QByteArray out =
            runPython({QStringLiteral("-c"), QString::fromUtf8(kMakeScript), m_original}, &code);
        QVERIFY2(code == 0, out.constData());
    }

    void torchReadsWhatWeWrite_data()
    {
        QTest::addColumn<bool>("zip64");
        QTest::newRow("plain") << false;
        QTest::newRow("zip64 everywhere") << true;
    }

    void torchReadsWhatWeWrite()
    {
        QFETCH(bool, zip64);
        QFile in(m_original);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ZipArchive archive(data, uint64_t(bytes.size()));

        QByteArray written;
        ZipWriter writer([&](const void *p, size_t n) {
            written.append(static_cast<const char *>(p), qsizetype(n));
            return true;
        });
        writer.setAlwaysZip64(zip64);
        const std::string &prefix = archive.directory().prefix;
        for (const ZipEntry &e : archive.directory().entries) {
            const std::string name = e.name.substr(prefix.size());
            if (name == "version") continue; // finish() writes it
            const std::vector<uint8_t> record = archive.readRecord(name, uint64_t(1) << 30);
            QVERIFY(writer.writeRecord(name, record.data(), record.size()));
        }
        QVERIFY(writer.finish());
        QCOMPARE(writer.bytesWritten(), uint64_t(written.size()));

        // Our reader takes it back: same records, data aligned, the zip64 fields understood.
        const auto *out = reinterpret_cast<const uint8_t *>(written.constData());
        const ZipDirectory dir = readZipDirectory(out, uint64_t(written.size()));
        QCOMPARE(dir.entries.size(), archive.directory().entries.size());
        QCOMPARE(dir.prefix, std::string("archive/"));
        for (const ZipEntry &e : dir.entries) {
            QCOMPARE(e.dataOffset % 64, uint64_t(0));
            const ZipEntry *before = archive.directory().find(e.name.substr(dir.prefix.size()));
            QVERIFY2(before, e.name.c_str());
            QCOMPARE(e.size, before->size);
            QCOMPARE(e.crc32, before->crc32);
        }

        const QString path =
            m_dir.filePath(zip64 ? QStringLiteral("zip64.pth") : QStringLiteral("plain.pth"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(written), qint64(written.size()));
        f.close();
        int code = 0;
        const QByteArray result =
            runPython({QStringLiteral("-c"), QString::fromUtf8(kCheckScript), m_original, path}, &code);
        QVERIFY2(code == 0 && result.trimmed() == "ok", result.constData());
    }

    void stopsWhenTheSinkFails()
    {
        int calls = 0;
        ZipWriter writer([&](const void *, size_t) { return ++calls < 2; });
        const uint8_t byte = 1;
        QVERIFY(!writer.writeRecord("a", &byte, 1)); // the header went out, the data did not
        QVERIFY(!writer.writeRecord("b", &byte, 1)); // nothing more is offered to the sink
        QVERIFY(!writer.finish());
        QCOMPARE(calls, 2);
    }
};

QTEST_GUILESS_MAIN(TestZipWriter)
#include "tst_zip_writer.moc"
