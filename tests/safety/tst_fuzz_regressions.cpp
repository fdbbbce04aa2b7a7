// Every input the fuzzers ever crashed on (tests/fuzz/regressions/), replayed through the same checks
// as the fuzz target that found it (tests/fuzz/fuzz_checks.h), in the normal and the ASan build:
// `open-*` through Checkpoint::open (and tensor reads and statistics when it opens), `pickle-*`
// through sl::loadPickle and PickleWriter, `recipe-*` through KeyMap::fromJson and apply. Each must be
// a clean refusal or a clean success.

#include "fuzz_checks.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestFuzzRegressions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString regressionsDir() { return QStringLiteral(STATELENS_SOURCE_DIR "/tests/fuzz/regressions"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(statelens_fuzz::prepareOpenDir(m_dir.path().toStdString()));
    }

    // A Qt warning (e.g. a QRegularExpression API misused on the input's behalf) counts as a failure.
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void replay_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = QDir(regressionsDir()).entryList(QDir::Files, QDir::Name);
        if (files.isEmpty()) QSKIP("no regression inputs");
        for (const QString &name : files)
            QTest::newRow(qPrintable(name)) << name;
    }

    void replay()
    {
        QFETCH(QString, file);
        QFile f(regressionsDir() + QLatin1Char('/') + file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.errorString()));
        const QByteArray bytes = f.readAll();
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const size_t size = size_t(bytes.size());
        std::string problem;
        if (file.startsWith(QLatin1String("open-")))
            problem = statelens_fuzz::checkOpen(m_dir.path().toStdString(), data, size);
        else if (file.startsWith(QLatin1String("pickle-")))
            problem = statelens_fuzz::checkPickle(data, size);
        else if (file.startsWith(QLatin1String("recipe-")))
            problem = statelens_fuzz::checkRecipe(data, size);
        else
            QFAIL("a regression input's name must start with open-, pickle- or recipe- (the fuzz target that "
                  "found it)");
        QVERIFY2(problem.empty(), problem.c_str());
    }
};

QTEST_APPLESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
