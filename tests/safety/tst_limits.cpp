// Resource limits: files that claim 2^40 bytes or elements, nest 100,000 levels deep, lie about zip
// record sizes, or inflate past the caps (zip bombs, one of them an honest 5 GiB of zeros in 5 MB;
// tests/fixtures/make_payloads.py --limits). Each must be refused quickly, with a clear one-line
// message, without a large allocation. Every case runs in a forked child, so its time, its peak
// resident memory (the child's ru_maxrss less its size at the start) and a crash are its own; the
// same files then go through `statelens-cli inspect` (and `stats` for the bomb that opens).

#include "document/checkpoint.h"
#include "document/tensor_bytes.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace sl_test;

namespace {

constexpr int kTimeLimitMs = 5000; // "quickly": generous, for a slow machine and the ASan build
constexpr long kMemoryLimitKiB = 512 * 1024;

long residentKiB()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

// What one case did in its child: "refused: <message>", "opened", "read refused: <message>", "read ok".
struct Outcome
{
    QString text;
    bool crashed = false;
    bool timedOut = false;
    qint64 ms = 0;
    long peakGrowthKiB = 0;
};

// Runs `work` in a forked child; its result text comes back through a pipe.
Outcome runIsolated(const std::function<std::string()> &work)
{
    Outcome outcome;
    int fds[2];
    if (::pipe(fds) != 0) return outcome;
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        // Measured in the child: what fork hands over is not counted the same way in both processes.
        const long start = residentKiB();
        std::string text = work();
        rusage usage{};
        ::getrusage(RUSAGE_SELF, &usage);
        text = std::to_string(usage.ru_maxrss - start) + "\n" + text;
        const ssize_t written = ::write(fds[1], text.data(), text.size());
        ::_exit(written == ssize_t(text.size()) ? 0 : 3);
    }
    ::close(fds[1]);
    QByteArray text;
    char buffer[4096];
    for (;;) {
        pollfd p{fds[0], POLLIN, 0};
        const int left = kTimeLimitMs * 4 - int(timer.elapsed());
        if (left <= 0 || ::poll(&p, 1, left) <= 0) {
            outcome.timedOut = true;
            ::kill(pid, SIGKILL);
            break;
        }
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, int(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    outcome.ms = timer.elapsed();
    outcome.crashed = WIFSIGNALED(status) && !outcome.timedOut;
    const qsizetype newline = text.indexOf('\n');
    if (newline > 0) {
        // The peak over the child's whole life (ru_maxrss) less its size when it started.
        outcome.peakGrowthKiB = text.left(newline).toLong();
        outcome.text = QString::fromUtf8(text.mid(newline + 1));
    }
    return outcome;
}

// Opens `path` (and, if it opens and `readKey` is set, reads that tensor's bytes).
std::string openAndRead(const QString &path, const QString &readKey)
{
    std::string error;
    auto checkpoint = sl::Checkpoint::open(path, &error);
    if (!checkpoint) return "refused: " + error;
    if (readKey.isEmpty()) return "opened";
    for (const sl::StateEntry &e : checkpoint->entries()) {
        if (e.key != readKey.toStdString()) continue;
        try {
            sl::TensorBytes(checkpoint->file(), e.tensor).forEachChunk(1 << 20, [](const uint8_t *, size_t) {
                return true;
            });
        } catch (const sl::FormatError &x) {
            return std::string("read refused: ") + x.what();
        }
    }
    return "read ok";
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QJsonArray m_cases;

    QString fixture(const QString &name) const { return m_dir.filePath(QStringLiteral("limits/") + name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python =
            runPython(QStringLiteral("fixtures/make_payloads.py"),
                      {QStringLiteral("--limits"), m_dir.filePath(QStringLiteral("limits"))});
        QVERIFY2(python.ok(), qPrintable(python.why()));
        QFile manifest(fixture(QStringLiteral("limits.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        m_cases =
            QJsonDocument::fromJson(manifest.readAll()).object().value(QLatin1String("cases")).toArray();
        QVERIFY(m_cases.size() >= 15);
    }

    // The measurement can fail a case: a child that touches 200 MiB must be seen to grow by as much.
    void measurementWorks()
    {
        const Outcome o = runIsolated([] {
            std::vector<char> block(size_t(200) << 20);
            for (size_t i = 0; i < block.size(); i += 4096)
                block[i] = char(i);
            return std::string(1, block[4096 * 7]);
        });
        QVERIFY(!o.crashed && !o.timedOut);
        QVERIFY2(o.peakGrowthKiB >= 190 * 1024 && o.peakGrowthKiB < 400 * 1024,
                 qPrintable(QStringLiteral("measured %1 KiB").arg(o.peakGrowthKiB)));
    }

    // Opening reads headers with pread, never through the map: touching one mapped byte of each of
    // 400 records pulls in a page-cache folio per record (up to 1 MiB on recent kernels), which
    // would make opening cost resident memory in proportion to the file.
    void openingMapsNoTensorData_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("zip") << m_dir.filePath(QStringLiteral("many_records.pth"));
        QTest::newRow("legacy") << m_dir.filePath(QStringLiteral("many_records_legacy.pth"));
    }

    void openingMapsNoTensorData()
    {
        QFETCH(QString, file);
        if (!QFileInfo::exists(file)) {
            const PythonRun python = runPython(QStringLiteral("fixtures/many_records.py"),
                                               {m_dir.filePath(QStringLiteral("many_records.pth")),
                                                m_dir.filePath(QStringLiteral("many_records_legacy.pth"))});
            QVERIFY2(python.ok(), qPrintable(python.why()));
        }
        QCOMPARE(QFileInfo(file).size() / (1 << 20), qint64(400));
        // Pages written by Python are small; pages read ahead are large folios, as for any
        // checkpoint that was read before. Evict the file, then read it once.
        const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY);
        QVERIFY(fd >= 0);
        ::fdatasync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        std::vector<char> buffer(size_t(1) << 20);
        while (::read(fd, buffer.data(), buffer.size()) > 0) {
        }
        ::close(fd);
        const Outcome o = runIsolated([&] { return openAndRead(file, QString()); });
        QVERIFY2(!o.crashed && !o.timedOut && o.text == QLatin1String("opened"), qPrintable(o.text));
        QVERIFY2(o.peakGrowthKiB < 48 * 1024,
                 qPrintable(QStringLiteral("opening a 400 MiB file grew the resident set by %1 MiB")
                                .arg(o.peakGrowthKiB / 1024)));
    }

    void refusedQuickly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expect");
        QTest::addColumn<bool>("opens");
        QTest::addColumn<QString>("readKey");
        for (const QJsonValue &v : m_cases) {
            const QJsonObject c = v.toObject();
            QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString()))
                << fixture(c.value(QLatin1String("file")).toString())
                << c.value(QLatin1String("expect")).toString() << c.value(QLatin1String("opens")).toBool()
                << c.value(QLatin1String("read")).toString();
        }
    }

    void refusedQuickly()
    {
        QFETCH(QString, file);
        QFETCH(QString, expect);
        QFETCH(bool, opens);
        QFETCH(QString, readKey);

        const Outcome o = runIsolated([&] { return openAndRead(file, readKey); });
        qInfo("%lld ms, peak resident growth %ld KiB: %s", o.ms, o.peakGrowthKiB,
              qPrintable(o.text.left(300)));
        QVERIFY2(!o.crashed, "the child crashed");
        QVERIFY2(!o.timedOut, "the child did not finish in time");
        QVERIFY2(o.ms < kTimeLimitMs, qPrintable(QStringLiteral("took %1 ms").arg(o.ms)));
        QVERIFY2(
            o.peakGrowthKiB < kMemoryLimitKiB,
            qPrintable(QStringLiteral("peak resident memory grew by %1 MiB").arg(o.peakGrowthKiB / 1024)));
        const QString prefix = opens ? QStringLiteral("read refused: ") : QStringLiteral("refused: ");
        QVERIFY2(o.text.startsWith(prefix), qPrintable(o.text));
        const QString message = o.text.mid(prefix.size());
        QVERIFY2(!message.isEmpty() && !message.contains(QLatin1Char('\n')), qPrintable(message));
        QVERIFY2(message.contains(expect, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("'%1' does not say '%2'").arg(message, expect)));

        // The CLI: inspect refuses (or lists the file that opens), stats of the bomb refuses.
        QTemporaryDir work;
        const CliRun inspect = runCli({QStringLiteral("inspect"), file}, work.path(), 30000);
        if (opens) {
            QVERIFY2(inspect.finished && !inspect.crashed && inspect.exitCode == 0,
                     qPrintable(inspect.describe()));
            const CliRun stats = runCli({QStringLiteral("stats"), file, readKey}, work.path(), 30000);
            const QString problem = badInputProblem(stats);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        } else {
            const QString problem = badInputProblem(inspect);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
