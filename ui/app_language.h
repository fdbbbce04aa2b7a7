#pragma once
// The interface language as one choice: our translations, Qt's own (standard buttons and dialogs)
// and the locale that numbers are written in, so `--lang de` never shows a mix.

#include <QString>

class QCoreApplication;

namespace sl {

// Installs the translators for `language` ("de", "zh_CN"; empty: the system's) on `app` and makes
// that locale the default for numbers. `ourCatalogs` is where statelens_<lang>.qm lies (":/i18n"
// in the app). Returns false when Qt's own translation is missing, so standard texts stay English.
bool installLanguage(QCoreApplication &app, const QString &language,
                     const QString &ourCatalogs = QStringLiteral(":/i18n"));

} // namespace sl
