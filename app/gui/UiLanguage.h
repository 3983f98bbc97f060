// UiLanguage: chooses the language of DingRelay's windows and installs its translations.
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

namespace UiLanguage {

// setting is app/language: "zh" or "en" choose; empty follows uiLanguages (the system's
// preferred languages, best first), where the first Chinese or English one wins. Every
// Chinese variant gets Simplified Chinese, the only Chinese there is; no match gets English.
QLocale choose(const QString &setting, const QStringList &uiLanguages);

// Installs DingRelay's translation for the chosen language, and Qt's own (standard buttons
// and dialogs) when the system has it, replacing what an earlier call installed. The
// language also becomes QLocale's default, so numbers and dates agree with the words.
// Returns the language chosen.
QLocale install(const QString &setting);

// install() with app/language from the config file at configPath (empty: the default file).
QLocale installFor(const QString &configPath);

} // namespace UiLanguage
