// The zip writer against torch's own reader: a torch.save archive re-written record by record, with
// and without zip64 fields everywhere (the > 4 GiB layout, on small files), must torch.load to the
// same tensors, pass zipfile's CRC check, keep record data 64-byte aligned and read back in our reader.

#include "format/zip_reader.h"
#include "format/zip_writer.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl_test;

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
        const PythonRun py =
            runPython(QStringLiteral("fixtures/zip_writer_check.py"), {QStringLiteral("make"), m_original});
        QVERIFY2(py.ok(), qPrintable(py.why()));
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
        const PythonRun check = runPython(QStringLiteral("fixtures/zip_writer_check.py"),
                                          {QStringLiteral("check"), m_original, path});
        QVERIFY2(check.ok() && check.out.trimmed() == "ok", qPrintable(check.why()));
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
