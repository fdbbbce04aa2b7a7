// The weights-only banner as a user meets it: a Lightning-like file that PyTorch 2.6 would refuse
// names its blockers, "Save Weights-Only Copy…" opens the export set up for it, and the copy it
// writes is read by torch 1.13's weights_only loader (tests/fixtures/weights_only_fixtures.py check).

#include "document/checkpoint.h"
#include "export_dialog.h"
#include "mainwindow.h"
#include "qt/key_edit_session.h"
#include "safety_banner.h"
#include "test_support.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace sl;

namespace {

const QString kScript = QStringLiteral("fixtures/weights_only_fixtures.py");

} // namespace

class TestWeightsOnlyBanner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StateLensTests"));
        QSettings().clear();
        const sl_test::PythonRun py = sl_test::runPython(kScript, {QStringLiteral("make"), m_dir.path()});
        QVERIFY2(py.ok(), qPrintable(py.why()));
    }

    void bannerNamesTheBlockers()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.openFile(path("lightning.ckpt")));
        SafetyBanner *banner = w.safetyBanner();
        QVERIFY(banner->isVisible());
        QVERIFY2(
            banner->text().contains(QLatin1String("torch.load in PyTorch 2.6 and later would refuse this "
                                                  "file: it names __main__.UserCallback, "
                                                  "argparse.Namespace")),
            qPrintable(banner->text()));
        QVERIFY(banner->weightsOnlyButton()->isVisible());
        QCOMPARE(banner->weightsOnlyButton()->text(), QStringLiteral("Save Weights-Only Copy…"));

        // A bare state dict loads in PyTorch 2.6: no banner at all.
        QVERIFY(w.openFile(path("plain.pt")));
        QVERIFY(!banner->isVisible());
    }

    void buttonOpensTheWeightsOnlyExport()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.openFile(path("lightning.ckpt")));
        bool seen = false;
        QString target;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
            if (dialog) {
                seen = dialog->findChild<QCheckBox *>()->isChecked();
                target = dialog->findChild<QLineEdit *>()->text();
                dialog->close();
            }
        });
        QTest::mouseClick(w.safetyBanner()->weightsOnlyButton(), Qt::LeftButton);
        QVERIFY(seen);
        QVERIFY2(target.endsWith(QLatin1String("lightning-weights-only.pth")), qPrintable(target));
    }

    // The same copy as the CLI's, from the dialog; it lists what it converted and dropped.
    void dialogWritesACopyTorchReads()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(w.openFile(path("lightning.ckpt")));
        std::shared_ptr<const Checkpoint> shared = Checkpoint::open(path("lightning.ckpt"), nullptr);
        QVERIFY(shared);
        ExportDialog dialog(shared, w.session());
        dialog.setOutputPath(path("from-gui.pth"));
        dialog.setWeightsOnly(true);
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        dialog.startExport();
        QVERIFY2(exported.wait(60000), qPrintable(dialog.message()));
        QVERIFY2(dialog.message().contains(
                     QLatin1String("converted hyper_parameters/args: argparse.Namespace -> dict")),
                 qPrintable(dialog.message()));
        QVERIFY(dialog.message().contains(
            QLatin1String("dropped callbacks/ModelCheckpoint: __main__.UserCallback")));
        const sl_test::PythonRun check = sl_test::runPython(
            kScript, {QStringLiteral("check"), path("lightning.ckpt"), path("from-gui.pth")});
        QVERIFY2(check.ok(), qPrintable(check.why()));
    }
};

QTEST_MAIN(TestWeightsOnlyBanner)
#include "tst_weights_only_banner.moc"
