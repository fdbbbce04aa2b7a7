// statelens: the desktop application. Wiring only: arguments, translations, the main window.

#include "details_pane.h"
#include "document/heap_pages.h"
#include "edit_actions.h"
#include "key_tree_pane.h"
#include "mainwindow.h"
#include "open_benchmark.h"
#include "testload_panel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace {

void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("statelens"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

// --screenshot: lay the window out, select the first tensor, wait for its histogram, save, quit.
int takeScreenshot(QApplication &app, sl::MainWindow &window, const QString &out)
{
    window.setQuietErrors(true);
    window.resize(1280, 800);
    window.show();
    const bool haveTensor = window.keyTree()->selectFirstTensor();
    QElapsedTimer waited;
    waited.start();
    while (haveTensor && window.details()->isComputing() && waited.elapsed() < 20000)
        app.processEvents(QEventLoop::AllEvents, 50);
    app.processEvents();
    if (!window.grab().save(out)) {
        std::fprintf(stderr, "statelens: cannot write %s\n", qPrintable(out));
        return 1;
    }
    return window.lastError().isEmpty() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    sl::adviseHugePagesForHeap(256);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("StateLens"));
    QApplication::setOrganizationName(QStringLiteral("StateLens"));
    QApplication::setApplicationVersion(QStringLiteral(STATELENS_VERSION));
    // Ties the windows to the installed desktop file (its icon and name on Wayland).
    QGuiApplication::setDesktopFileName(QStringLiteral(STATELENS_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/statelens.svg")));

    // The language is needed before the parser, whose --help text is translated.
    QString language;
    const QStringList rawArgs = app.arguments();
    for (int i = 1; i < rawArgs.size(); ++i) {
        if (rawArgs[i] == QLatin1String("--lang") && i + 1 < rawArgs.size())
            language = rawArgs[i + 1];
        else if (rawArgs[i].startsWith(QLatin1String("--lang=")))
            language = rawArgs[i].mid(7);
    }
    installTranslations(app, language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Browse PyTorch checkpoints safely."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption lang(QStringLiteral("lang"),
                            QApplication::translate("main", "Interface language, e.g. de or zh_CN."),
                            QStringLiteral("LANG"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a 1280x800 screenshot to OUT.png and exit."),
        QStringLiteral("OUT.png"));
    QCommandLineOption recipe(
        QStringLiteral("recipe"),
        QApplication::translate("main", "Apply a key-mapping recipe (JSON) to the opened file."),
        QStringLiteral("RECIPE.json"));
    QCommandLineOption testload(
        QStringLiteral("testload"),
        QApplication::translate("main", "Test-load the opened file into TARGET at start."),
        QStringLiteral("TARGET"));
    QCommandLineOption benchOpen(
        QStringLiteral("bench-open"),
        QApplication::translate("main",
                                "For developers: time opening the file until its key tree is painted, "
                                "then typing TEXT into the filter; print the timings as JSON and exit."),
        QStringLiteral("TEXT"));
    parser.addOption(lang);
    parser.addOption(screenshot);
    parser.addOption(benchOpen);
    parser.addOption(recipe);
    parser.addOption(testload);
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "Checkpoint to open."));
    parser.process(app);

    sl::MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (parser.isSet(benchOpen)) {
        if (files.isEmpty()) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QApplication::translate("main", "--bench-open needs a file.")));
            return 2;
        }
        QString error;
        const QString json = sl::runOpenBenchmark(window, files.first(), parser.value(benchOpen), &error);
        std::fprintf(json.isEmpty() ? stderr : stdout, "%s\n", qPrintable(json.isEmpty() ? error : json));
        return json.isEmpty() ? 1 : 0;
    }
    if (parser.isSet(screenshot)) window.setQuietErrors(true);
    if (!files.isEmpty() && window.openFile(files.first()) && parser.isSet(recipe)) {
        window.editActions()->setQuietErrors(parser.isSet(screenshot));
        if (!window.editActions()->loadRecipe(parser.value(recipe)) && parser.isSet(screenshot)) {
            std::fprintf(stderr, "%s\n", qPrintable(window.editActions()->lastError()));
            return 1;
        }
    }
    if (parser.isSet(testload) && window.checkpoint()) {
        window.showTestLoadPanel();
        window.testLoad()->setTarget(parser.value(testload));
        window.testLoad()->run();
        QElapsedTimer waited;
        waited.start();
        while (parser.isSet(screenshot) && window.testLoad()->isRunning() && waited.elapsed() < 60000)
            app.processEvents(QEventLoop::AllEvents, 50);
    }
    if (parser.isSet(screenshot)) {
        const int rc = takeScreenshot(app, window, parser.value(screenshot));
        if (!window.lastError().isEmpty()) std::fprintf(stderr, "%s\n", qPrintable(window.lastError()));
        return rc;
    }
    window.show();
    return app.exec();
}
