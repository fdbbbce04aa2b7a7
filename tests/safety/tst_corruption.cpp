// "Never crashes on a bad file": every fixture of make_fixtures.py and every real checkpoint, cut short
// at many positions (every byte of a small file; for a larger one about 200 spread positions plus every
// byte of its headers and zip directory) and with seeded random bytes changed. Each damaged file must
// be refused with a one-line message, or open without lying: then every storage lies inside the file,
// every tensor inside its storage, and reading tensors' bytes and statistics works or refuses cleanly
// (the checks of fuzz_open, tests/fuzz/fuzz_checks.h). Each case runs in-process against a time limit;
// a sample also goes through `statelens-cli inspect`, which must exit 0 or 1, never on a signal.

#include "fuzz_checks.h"
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

using namespace sl_test;

namespace {

constexpr qint64 kCaseLimitMs = 3000; // one open, generous for the ASan build; most take well under 1 ms
constexpr qsizetype kEveryByteUpTo = 4096;
constexpr int kSpreadCuts = 200;
constexpr int kRandomFlips = 150;
constexpr int kRegionFlips = 100;
constexpr qsizetype kMaxRegionCuts = 1500;
// The ASan build (make test-asan) runs every 4th case: same kinds of damage, a quarter of the time.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kThin = 4;
#else
constexpr int kThin = 1;
#endif

// The case being run, for a crash report (written from the signal handler with write(2) only).
char g_case[512];
struct sigaction g_previous[NSIG];

// Names the case, then hands the signal to the handler it replaced (QtTest's, or ASan's report): a
// fault re-executes and traps again, an abort is raised again once this handler returns.
void reportCrash(int sig)
{
    const char head[] = "\ntst_corruption: crashed in case: ";
    (void)!::write(2, head, sizeof head - 1);
    (void)!::write(2, g_case, std::strlen(g_case));
    (void)!::write(2, "\n", 1);
    ::sigaction(sig, &g_previous[sig], nullptr);
    if (sig == SIGABRT) ::raise(sig);
}

// Byte ranges where damage matters most: the start (magic numbers, pickle headers, safetensors
// header), every zip local header, and the tail (zip central directory and end records).
std::vector<std::pair<qsizetype, qsizetype>> headerRegions(const QByteArray &bytes)
{
    std::vector<std::pair<qsizetype, qsizetype>> regions;
    const qsizetype n = bytes.size();
    regions.emplace_back(0, std::min<qsizetype>(n, 512));
    for (qsizetype p = bytes.indexOf("PK\x03\x04"); p >= 0; p = bytes.indexOf("PK\x03\x04", p + 4))
        regions.emplace_back(p, std::min<qsizetype>(n, p + 96));
    const qsizetype central = bytes.indexOf("PK\x01\x02");
    regions.emplace_back(std::max<qsizetype>(0, central >= 0 ? std::min(central, n - 1024) : n - 1024), n);
    return regions;
}

struct Sweep
{
    int cases = 0, refused = 0, opened = 0;
    qint64 slowestMs = 0;
    QString slowest;
};

} // namespace

class TestCorruption : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_caseDir;
    int m_cliRuns = 0;
    int m_files = 0;

    // Writes `bytes` as the case file (named like the original, for format sniffing by extension) and
    // checks what opening it does. Returns "" or the problem; counts in `sweep`.
    QString runCase(const QString &original, const QByteArray &bytes, const QString &what, Sweep &sweep,
                    bool viaCli)
    {
        const QString name = original.endsWith(QLatin1String(".json"))
                                 ? QStringLiteral("case.index.json")
                                 : QStringLiteral("case.") + QFileInfo(original).suffix();
        const QString path = m_caseDir + QLatin1Char('/') + name;
        std::snprintf(g_case, sizeof g_case, "%s: %s (file %s)", qPrintable(QFileInfo(original).fileName()),
                      qPrintable(what), qPrintable(path));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            return QStringLiteral("cannot write ") + path;
        f.close();

        QElapsedTimer timer;
        timer.start();
        std::string error;
        auto checkpoint = sl::Checkpoint::open(path, &error);
        std::string problem;
        if (checkpoint)
            problem = statelens_fuzz::checkOpened(*checkpoint);
        else if (error.empty() || error.find('\n') != std::string::npos)
            problem = "the refusal is not one line: [" + error + "]";
        else if (error.rfind("unexpected error", 0) == 0)
            problem = "an exception other than FormatError escaped: " + error;
        const qint64 ms = timer.elapsed();
        ++sweep.cases;
        ++(checkpoint ? sweep.opened : sweep.refused);
        if (ms > sweep.slowestMs) {
            sweep.slowestMs = ms;
            sweep.slowest = what;
        }
        if (!problem.empty()) return what + QStringLiteral(": ") + QString::fromStdString(problem);
        if (ms > kCaseLimitMs) return what + QStringLiteral(": took %1 ms").arg(ms);

        if (viaCli) {
            ++m_cliRuns;
            QTemporaryDir work;
            const CliRun run = runCli({QStringLiteral("inspect"), path}, work.path(), 30000);
            if (!run.finished || run.crashed || (run.exitCode != 0 && run.exitCode != 1))
                return what + QStringLiteral(": statelens-cli inspect: ") + run.describe();
            if ((run.exitCode == 0) != bool(checkpoint))
                return what + QStringLiteral(": statelens-cli inspect disagrees with Checkpoint::open: ") +
                       run.describe();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const PythonRun python = runPython(QStringLiteral("fixtures/make_fixtures.py"),
                                           {m_dir.filePath(QStringLiteral("fixtures"))});
        QVERIFY2(python.ok(), qPrintable(python.why()));
        // Damaged copies are written beside copies of the shards, so a damaged index still finds them.
        m_caseDir = m_dir.filePath(QStringLiteral("cases"));
        QVERIFY(QDir().mkpath(m_caseDir));
        for (const QString &shard :
             QDir(m_dir.filePath(QStringLiteral("fixtures"))).entryList({QStringLiteral("shard-*")}))
            QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("fixtures/") + shard),
                                m_caseDir + QLatin1Char('/') + shard));
        QVERIFY(statelens_fuzz::prepareOpenDir(m_caseDir.toStdString()));
        for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE}) {
            struct sigaction report = {};
            report.sa_handler = reportCrash;
            ::sigaction(sig, &report, &g_previous[sig]);
        }
    }

    void cleanupTestCase() { qInfo("%d damaged files also went through statelens-cli inspect", m_cliRuns); }

    void damaged_data()
    {
        QTest::addColumn<QString>("file");
        const QDir fixtures(m_dir.filePath(QStringLiteral("fixtures")));
        for (const QString &name : fixtures.entryList(QDir::Files, QDir::Name)) {
            if (name.endsWith(QLatin1String(".expected.json")) || name == QLatin1String("manifest.json"))
                continue;
            QTest::newRow(qPrintable(name)) << fixtures.filePath(name);
        }
        const QDir real(QStringLiteral(STATELENS_REAL_CHECKPOINTS_DIR));
        for (const QString &name : real.entryList(QDir::Files, QDir::Name)) {
            if (!name.endsWith(QLatin1String(".md")))
                QTest::newRow(qPrintable(QStringLiteral("real/") + name)) << real.filePath(name);
        }
    }

    void damaged()
    {
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray whole = f.readAll();
        const qsizetype n = whole.size();
        if (n == 0) QSKIP("an empty file has nothing to damage");
        const auto regions = headerRegions(whole);

        // Cut positions: every byte of a small file; otherwise spread ones plus the header regions.
        std::set<qsizetype> cuts;
        if (n <= kEveryByteUpTo) {
            for (qsizetype i = 0; i < n; ++i)
                cuts.insert(i);
        } else {
            for (int k = 0; k < kSpreadCuts; ++k)
                cuts.insert(n * k / kSpreadCuts);
            std::set<qsizetype> regional;
            for (const auto &[from, to] : regions)
                for (qsizetype i = from; i < to; ++i)
                    regional.insert(i);
            // Thin out evenly when the regions are large (many zip records).
            const qsizetype step = std::max<qsizetype>(1, qsizetype(regional.size()) / kMaxRegionCuts);
            qsizetype k = 0;
            for (qsizetype i : regional)
                if (k++ % step == 0) cuts.insert(i);
        }

        // A sample for the CLI (each run loads LibTorch, about a second): one case per file, a cut for
        // every other file and a flip for the rest.
        const bool cliCut = (m_files++ % 2) == 0;
        const int cutSample = int(cuts.size()) / 2, flipSample = kRandomFlips / 2;
        Sweep sweep;
        int index = 0;
        for (qsizetype cut : cuts) {
            if (index++ % kThin) continue;
            const QString problem =
                runCase(file, whole.left(cut), QStringLiteral("cut at %1 of %2").arg(cut).arg(n), sweep,
                        cliCut && index - 1 == cutSample / kThin * kThin);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }

        // Flips: 1 to 4 random bytes anywhere, then inside the header regions. Each case is seeded by the
        // file name and its number, so a failure reproduces on its own.
        const uint32_t seed = uint32_t(qHash(QFileInfo(file).fileName(), 20240229));
        for (int k = 0; k < kRandomFlips + kRegionFlips; ++k) {
            if (k % kThin) continue;
            QRandomGenerator random(seed + uint32_t(k));
            QByteArray bytes = whole;
            const int count = 1 + int(random.bounded(4));
            QStringList where;
            for (int c = 0; c < count; ++c) {
                qsizetype at;
                if (k < kRandomFlips) {
                    at = qsizetype(random.bounded(quint64(n)));
                } else {
                    const auto &[from, to] = regions[size_t(random.bounded(quint64(regions.size())))];
                    at = from + qsizetype(random.bounded(quint64(std::max<qsizetype>(1, to - from))));
                    at = std::min(at, n - 1);
                }
                const char value = char(random.bounded(256));
                bytes[at] = bytes[at] == value ? char(value ^ 0x01) : value;
                where << QStringLiteral("%1=0x%2").arg(at).arg(uint8_t(bytes[at]), 2, 16, QLatin1Char('0'));
            }
            const QString problem =
                runCase(file, bytes, QStringLiteral("bytes changed: ") + where.join(QLatin1Char(' ')), sweep,
                        !cliCut && k == flipSample / kThin * kThin);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
        qInfo("%d cases: %d refused, %d opened; slowest %lld ms (%s)", sweep.cases, sweep.refused,
              sweep.opened, sweep.slowestMs, qPrintable(sweep.slowest));
    }
};

QTEST_GUILESS_MAIN(TestCorruption)
#include "tst_corruption.moc"
