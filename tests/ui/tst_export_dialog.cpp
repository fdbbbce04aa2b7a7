// File > Export never writes one format under another's name: the format follows the name's
// extension and the extension follows the chosen format; a contradiction is refused before anything
// is written, by the dialog and by `statelens-cli remap --format` (exit 2) through one engine rule.

#include "document/checkpoint.h"
#include "export/export_format.h"
#include "export_dialog.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

using namespace sl;

namespace {

QByteArray head(const QString &path, int n)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    void exportWith(ExportDialog &dialog)
    {
        QSignalSpy done(&dialog, &ExportDialog::exported);
        dialog.startExport();
        QVERIFY2(done.wait(30000), qPrintable(dialog.message()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_export_dialog"));
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(QStringLiteral("fixtures/gui_fixtures.py"),
                                                         {QStringLiteral("session"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void theExtensionFollowsTheFormat()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        std::shared_ptr<const Checkpoint> c(w.checkpoint(), [](const Checkpoint *) {});
        ExportDialog dialog(c, w.session(), &w);
        QVERIFY(dialog.outputPath().endsWith(QLatin1String("plain-remapped.pth")));
        auto *format = dialog.findChild<QComboBox *>();
        format->setCurrentIndex(1); // as a click on "safetensors" does
        QVERIFY(dialog.outputPath().endsWith(QLatin1String("plain-remapped.safetensors")));
        format->setCurrentIndex(0);
        QVERIFY(dialog.outputPath().endsWith(QLatin1String("plain-remapped.pth")));
    }

    void theFormatFollowsTheName()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("plain.pth")));
        std::shared_ptr<const Checkpoint> c(w.checkpoint(), [](const Checkpoint *) {});

        // The case: safetensors and float16 chosen, then a name ending in .pth typed.
        ExportDialog dialog(c, w.session(), &w);
        dialog.setFormat(ExportOptions::Safetensors);
        dialog.setConversion(1);
        auto *name = dialog.findChild<QLineEdit *>();
        name->clear();
        QTest::keyClicks(name, path("typed.pth"));
        QCOMPARE(dialog.format(), ExportOptions::Pth);
        exportWith(dialog);
        QCOMPARE(head(path("typed.pth"), 4), QByteArray("PK\x03\x04", 4)); // torch.save's zip

        ExportDialog second(c, w.session(), &w);
        second.setConversion(1);
        second.setOutputPath(path("typed.safetensors"));
        QCOMPARE(second.format(), ExportOptions::Safetensors);
        exportWith(second);
        const QByteArray header = head(path("typed.safetensors"), 9);
        QCOMPARE(header.at(8), '{'); // an 8-byte length, then the JSON header
    }

    void aContradictionIsRefusedByTheEngineRule()
    {
        QString error;
        QVERIFY(!checkExportFormat(path("out.pth"), ExportOptions::Safetensors, &error));
        QVERIFY(error.contains(QLatin1String("out.pth")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(!checkExportFormat(path("out.safetensors"), ExportOptions::Pth, nullptr));
        QVERIFY(checkExportFormat(path("out.ckpt"), ExportOptions::Pth, nullptr));
        QVERIFY(checkExportFormat(path("out.weights"), ExportOptions::Safetensors, nullptr)); // no opinion
        QCOMPARE(pathWithExportExtension(QStringLiteral("a/b.pt"), ExportOptions::Safetensors),
                 QStringLiteral("a/b.safetensors"));
        QCOMPARE(pathWithExportExtension(QStringLiteral("a/b"), ExportOptions::Pth),
                 QStringLiteral("a/b.pth"));
    }

    void theCliRefusesAContradictionAsAUsageError()
    {
        const sl_test::CliRun contradiction =
            sl_test::runCli({QStringLiteral("remap"), path("plain.pth"), QStringLiteral("-o"),
                             path("cli.pth"), QStringLiteral("--format"), QStringLiteral("safetensors")},
                            m_dir.path(), 30000);
        QCOMPARE(contradiction.exitCode, 2);
        QVERIFY(!QFileInfo::exists(path("cli.pth")));
        QVERIFY2(contradiction.err.startsWith("statelens-cli: the name cli.pth ends in .pth"),
                 contradiction.err.constData());

        const sl_test::CliRun agreed = sl_test::runCli(
            {QStringLiteral("remap"), path("plain.pth"), QStringLiteral("-o"), path("cli.safetensors"),
             QStringLiteral("--format"), QStringLiteral("safetensors")},
            m_dir.path(), 30000);
        QVERIFY2(agreed.ok(), qPrintable(agreed.describe()));
        QCOMPARE(head(path("cli.safetensors"), 9).at(8), '{');
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_export_dialog.moc"
