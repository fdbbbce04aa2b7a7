// "Never loses or half-writes data": exports that fail part-way. A full disk (a real 128 KiB tmpfs when
// this process may mount one, and always a file-size limit, RLIMIT_FSIZE, that fails writes after N
// bytes as a full disk would, with no test hook in the exporter), a folder that cannot be written (a
// read-only folder, or for root a read-only tmpfs), the output folder removed mid-write (from the
// progress callback), and a cancel. After each: exportCheckpoint returns false with a one-line reason,
// the target is absent or byte-for-byte what it was, no temporary file is left in the folder, and
// the input file is untouched.

#include "document/checkpoint.h"
#include "export/exporter.h"
#include "keymap/key_map.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <functional>

using namespace sl_test;

namespace {

const QByteArray kKnownContent = "the previous export, which must survive\n";

enum Fault { FileSizeLimit, FullTmpfs, ReadOnlyFolder, FolderRemoved, FolderReplaced, Cancel };

QByteArray sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Writes past `bytes` fail with EFBIG (SIGXFSZ ignored) while this is in scope: a full disk at a
// chosen point, for this process only.
class FileSizeLimitScope
{
public:
    explicit FileSizeLimitScope(rlim_t bytes)
    {
        m_oldHandler = ::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        m_ok = ::setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimitScope()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        ::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    sighandler_t m_oldHandler = SIG_DFL;
    bool m_ok = false;
};

bool mountTmpfs(const QString &dir, const char *options, unsigned long flags = 0)
{
    return ::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", flags, options) == 0;
}

void unmount(const QString &dir)
{
    ::umount2(QFile::encodeName(dir).constData(), MNT_DETACH);
}

} // namespace

class TestExportFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_input;
    std::unique_ptr<sl::Checkpoint> m_checkpoint;
    std::vector<sl::MappedKey> m_mapping;
    int m_case = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_input = m_dir.filePath(QStringLiteral("input.pth"));
        const PythonRun python = runPython(QStringLiteral("fixtures/export_faults_input.py"), {m_input});
        QVERIFY2(python.ok(), qPrintable(python.why()));
        std::string error;
        m_checkpoint = sl::Checkpoint::open(m_input, &error);
        QVERIFY2(m_checkpoint, error.c_str());
        QStringList keys;
        for (const sl::StateEntry &e : m_checkpoint->entries())
            keys << QString::fromStdString(e.key);
        QVERIFY(
            sl::KeyMap{{sl::KeyRule::addPrefix(QStringLiteral("model."))}}.apply(keys, m_mapping, nullptr));
    }

    void faultLeavesNothingHalfWritten_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("targetExists");
        QTest::addColumn<int>(
            "when"); // bytes written before a size-limit fault; progress calls before the others
        struct Row
        {
            const char *name;
            Fault fault;
            int when;
        };
        const Row rows[] = {
            {"file-size limit at 0 bytes", FileSizeLimit, 0},
            {"file-size limit at 1000 bytes", FileSizeLimit, 1000},
            {"file-size limit at 100 KiB", FileSizeLimit, 100 * 1024},
            {"full 128 KiB tmpfs", FullTmpfs, 0},
            {"read-only folder", ReadOnlyFolder, 0},
            {"folder removed at the first progress call", FolderRemoved, 0},
            {"folder removed mid-write", FolderRemoved, 2},
            {"folder replaced by an empty one mid-write", FolderReplaced, 2},
            {"cancel at the first progress call", Cancel, 0},
            {"cancel mid-write", Cancel, 2},
        };
        for (const Row &r : rows) {
            for (int format : {int(sl::ExportOptions::Pth), int(sl::ExportOptions::Safetensors)}) {
                for (bool exists : {false, true}) {
                    QTest::addRow("%s, %s, %s", r.name,
                                  format == sl::ExportOptions::Pth ? "pth" : "safetensors",
                                  exists ? "over an existing file" : "new file")
                        << int(r.fault) << format << exists << r.when;
                }
            }
        }
    }

    void faultLeavesNothingHalfWritten()
    {
        QFETCH(int, fault);
        QFETCH(int, format);
        QFETCH(bool, targetExists);
        QFETCH(int, when);

        const QString folder = m_dir.filePath(QStringLiteral("out%1").arg(++m_case));
        QVERIFY(QDir().mkpath(folder));
        const bool mounted = fault == FullTmpfs || (fault == ReadOnlyFolder && ::geteuid() == 0);
        if (mounted && !mountTmpfs(folder, "size=131072"))
            QSKIP("cannot mount a tmpfs here (needs root and a kernel that allows it); the file-size limit "
                  "rows cover a full disk");
        auto cleanup = qScopeGuard([&] {
            if (mounted) unmount(folder);
        });
        const QString target =
            folder + (format == sl::ExportOptions::Pth ? QStringLiteral("/export.pth")
                                                       : QStringLiteral("/export.safetensors"));
        if (targetExists) {
            QFile f(target);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(kKnownContent) == kKnownContent.size());
        }
        if (fault == ReadOnlyFolder) {
            if (mounted) {
                QVERIFY2(::mount("tmpfs", QFile::encodeName(folder).constData(), "tmpfs",
                                 MS_REMOUNT | MS_RDONLY, nullptr) == 0,
                         "cannot remount the tmpfs read-only");
            } else {
                QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
                if (::access(QFile::encodeName(folder).constData(), W_OK) == 0)
                    QSKIP("this user can write into a read-only folder");
            }
        }
        const QByteArray inputHash = sha256(m_input);
        const QDateTime inputTime = QFileInfo(m_input).lastModified();

        int calls = 0;
        auto progress = [&](int64_t, int64_t) {
            const int call = calls++;
            if (fault == Cancel) return call < when;
            if ((fault == FolderRemoved || fault == FolderReplaced) && call == when) {
                QDir(folder).removeRecursively();
                if (fault == FolderReplaced) QDir().mkpath(folder);
            }
            return true;
        };
        sl::ExportOptions options;
        options.format = sl::ExportOptions::Format(format);
        std::string error;
        bool ok;
        if (fault == FileSizeLimit) {
            FileSizeLimitScope limit{rlim_t(when)};
            QVERIFY(limit.ok());
            ok = sl::exportCheckpoint(*m_checkpoint, m_mapping, target, options, progress, &error);
        } else {
            ok = sl::exportCheckpoint(*m_checkpoint, m_mapping, target, options, progress, &error);
        }
        if (fault == ReadOnlyFolder && !mounted)
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

        if (ok) {
            // Only one fault may end well: a folder replaced mid-write. The temporary file is created
            // unnamed (O_TMPFILE) and linked by path when it is complete, so it lands, complete and
            // verified, in the new folder; that is no half-written file, and it must read back.
            QVERIFY2(fault == FolderReplaced, "the export reported success");
            QCOMPARE(
                QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
                QStringList{QFileInfo(target).fileName()});
            auto written = sl::Checkpoint::open(target, &error);
            QVERIFY2(written, error.c_str());
            QCOMPARE(written->entries().size(), m_checkpoint->entries().size());
            for (const sl::StateEntry &e : written->entries())
                QVERIFY2(e.key.rfind("model.", 0) == 0, e.key.c_str());
            QCOMPARE(sha256(m_input), inputHash);
            return;
        }
        qInfo("%s", error.c_str());
        QVERIFY2(!error.empty() && error.find('\n') == std::string::npos, error.c_str());
        // The reason, not just the failure: what filled up, what refused, what the user did.
        const char *reason = fault == Cancel          ? "cancelled"
                             : fault == FileSizeLimit ? "File too large"
                             : fault == FullTmpfs     ? "No space left on device"
                             : fault == ReadOnlyFolder
                                 ? (mounted ? "Read-only file system" : "Permission denied")
                                 : "";
        QVERIFY2(error.find(reason) != std::string::npos, error.c_str());
        if (fault == FolderRemoved) {
            QVERIFY(!QFileInfo::exists(folder));
        } else {
            // Absent, or exactly the previous content; and nothing else in the folder.
            const QStringList left =
                QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
            if (targetExists && fault != FolderReplaced) {
                QCOMPARE(left, QStringList{QFileInfo(target).fileName()});
                QFile f(target);
                QVERIFY(f.open(QIODevice::ReadOnly));
                QCOMPARE(f.readAll(), kKnownContent);
            } else {
                QCOMPARE(left, QStringList());
            }
        }
        QCOMPARE(sha256(m_input), inputHash);
        QCOMPARE(QFileInfo(m_input).lastModified(), inputTime);
    }

    // The same export with no fault succeeds, so the rows above fail for the fault, not the setup.
    void withoutFaultsTheExportWorks()
    {
        const QString folder = m_dir.filePath(QStringLiteral("clean"));
        QVERIFY(QDir().mkpath(folder));
        for (int format : {int(sl::ExportOptions::Pth), int(sl::ExportOptions::Safetensors)}) {
            sl::ExportOptions options;
            options.format = sl::ExportOptions::Format(format);
            std::string error;
            const QString target = folder + QStringLiteral("/export%1").arg(format);
            {
                FileSizeLimitScope generous{rlim_t(16) << 20};
                QVERIFY(sl::exportCheckpoint(*m_checkpoint, m_mapping, target, options, {}, &error));
            }
            QVERIFY2(error.empty(), error.c_str());
            QVERIFY(QFileInfo(target).size() > 256 * 1024);
        }
    }
};

QTEST_GUILESS_MAIN(TestExportFaults)
#include "tst_export_faults.moc"
