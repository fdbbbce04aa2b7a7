#include "app_language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace sl {

bool installLanguage(QCoreApplication &app, const QString &language, const QString &ourCatalogs)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("statelens"), QStringLiteral("_"), ourCatalogs))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) return true;
    // qtbase holds the standard buttons (Save, Discard, Cancel), the file and message dialogs and
    // the --help texts of QCommandLineParser.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        return true;
    }
    delete qt;
    return false;
}

} // namespace sl
