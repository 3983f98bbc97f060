#include "UiLanguage.h"

#include "config/Config.h"
#include "util/Log.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace {

// What the last install() put in place, so a second call replaces it.
QPointer<QTranslator> g_app;
QPointer<QTranslator> g_qt;

QTranslator *load(const QString &file, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(file, directory) && QCoreApplication::installTranslator(translator))
        return translator;
    delete translator;
    return nullptr;
}

} // namespace

QLocale UiLanguage::choose(const QString &setting, const QStringList &uiLanguages)
{
    const QLocale chinese(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    if (setting == u"zh"_s)
        return chinese;
    if (setting == u"en"_s)
        return english;
    for (const QString &name : uiLanguages) {
        const QLocale::Language language = QLocale(name).language();
        if (language == QLocale::Chinese)
            return chinese;
        if (language == QLocale::English)
            return english;
    }
    return english;
}

QLocale UiLanguage::install(const QString &setting)
{
    const QLocale locale = choose(setting, QLocale::system().uiLanguages());
    delete g_app;
    delete g_qt;
    QLocale::setDefault(locale);
    // English is the source language; its file matters for the plural forms ("1 message").
    const bool chinese = locale.language() == QLocale::Chinese;
    const QString name = chinese ? u"zh_CN"_s : u"en"_s;
    g_app = load(u"dingrelay_"_s + name, u":/i18n"_s);
    if (!g_app)
        qCWarning(lcConfig).noquote() << "the" << name << "translation is missing from the build";
    // Qt's own words (OK, Cancel, the file dialog) come from the system's Qt translations
    // (Debian: qt6-translations-l10n); without them those stay English.
    if (chinese)
        g_qt = load(u"qtbase_zh_CN"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return locale;
}

QLocale UiLanguage::installFor(const QString &configPath)
{
    const QString path = configPath.isEmpty() ? Config::defaultConfigFile() : configPath;
    // A file with errors still names its language; the settings dialog reports the errors.
    return install(Config::loadOrDefaults(path).config.general.language);
}
