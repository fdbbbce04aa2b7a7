// `statelens --help` and `--version` print and exit 0 on a machine with no display and no
// QT_QPA_PLATFORM: they must not need a GUI platform. The built binary is run as a user would.

#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

class TestGuiCommandLine : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        int exitCode = -1;
        QString out, err;
    };

    static Run run(const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(STATELENS_GUI), args);
        Run r;
        if (!p.waitForFinished(30000)) return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void helpPrintsWithoutADisplay()
    {
        const Run r = run({QStringLiteral("--help")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("--lang <LANG>")));
        QVERIFY(r.out.contains(QLatin1String("--screenshot <OUT.png>")));
    }

    void versionPrintsWithoutADisplay()
    {
        const Run r = run({QStringLiteral("--version")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QLatin1String("StateLens ")), qPrintable(r.out));
    }

    void helpIsInTheChosenLanguage()
    {
        const Run r = run({QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("--help")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Optionen:")), qPrintable(r.out)); // Qt's own text
    }
};

QTEST_APPLESS_MAIN(TestGuiCommandLine)
#include "tst_gui_command_line.moc"
