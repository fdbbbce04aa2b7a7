// Issue 18's sweep: for every file in tests/data/real-checkpoints, statelens-cli's inspect, stats
// and remap (to .pth and .safetensors) agree with torch 1.13 on keys, shapes, dtypes, bytes,
// float64 statistics, histc bin for bin, and on what torch.load reads back after the remap. The
// oracle is tests/fixtures/real_oracle.py; a file torch cannot read is skipped with its reason.
#include "test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl_test;

class TestRealOracle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithTorch_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(STATELENS_REAL_CHECKPOINTS_DIR));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 18);
        for (const QString &f : files)
            if (f != QLatin1String("MANIFEST.md")) QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void agreesWithTorch()
    {
        QFETCH(QString, file);
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const PythonRun py =
            runPython(QStringLiteral("fixtures/real_oracle.py"), {cliPath(), file, work.path()}, 600000);
        const QByteArray out = py.out + py.err;
        QVERIFY2(py.ok(), qPrintable(py.why()));
        if (out.contains("SKIP: ")) QSKIP(out.mid(out.indexOf("SKIP: ")).trimmed().constData());
        QVERIFY2(out.contains("OK: "), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestRealOracle)
#include "tst_real_oracle.moc"
