#include "config/ConfigWriter.h"

#include "config/IniDocument.h"
#include "config/Presets.h"
#include "config/Schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

QString robotSection(const QString &id)
{
    return u"robot."_s + id;
}

QString personaSection(const QString &name)
{
    return u"persona."_s + name;
}

const PersonaSettings *personaNamed(const AppConfig &config, const QString &name)
{
    for (const PersonaSettings &persona : config.personas) {
        if (persona.name == name)
            return &persona;
    }
    return nullptr;
}

// Values only the preset decides, and one implied by another, set the way the reader sets
// them: such a field cannot be written, only agreed with.
AppConfig normalised(AppConfig config)
{
    const auto preset = Presets::find(config.model.preset);
    config.model.apiKeyHeader = preset && preset->auth == ProviderPreset::Auth::ApiKeyHeader;
    for (RobotSettings &robot : config.robots) {
        if (robot.replyRoute == ReplyRoute::Webhook)
            robot.hasWebhook = true;
    }
    return config;
}

// Sets every key whose value, as read from doc now, differs from config's. Returns how many.
// fresh: sections this save adds (all of them for a new file), whose `always` keys are shown.
int align(IniDocument &doc, const AppConfig &config, const AppConfig &read,
          const QSet<QString> &fresh)
{
    int changed = 0;
    const auto apply = [&](const QString &key, const QString &want, const QString &have,
                           bool always) {
        const bool show = always && !doc.contains(key) &&
                          (fresh.contains(u"*"_s) || fresh.contains(key.section(u'/', 0, 0)));
        if (want != have || show) {
            doc.set(key, want);
            ++changed;
        }
    };
    for (const Schema::Setting &f : Schema::settings())
        apply(f.key, f.write(config), f.write(read), f.always);
    for (const RobotSettings &robot : config.robots) {
        const RobotSettings *have = read.robotById(robot.id);
        const RobotSettings fallback;
        for (const Schema::RobotSetting &f : Schema::robotSettings()) {
            apply(robotSection(robot.id) + u'/' + f.name, f.write(robot),
                  f.write(have ? *have : fallback), f.always);
        }
    }
    for (const PersonaSettings &persona : config.personas) {
        const PersonaSettings *have = personaNamed(read, persona.name);
        const PersonaSettings fallback;
        for (const Schema::PersonaSetting &f : Schema::personaSettings()) {
            apply(personaSection(persona.name) + u'/' + f.name, f.write(persona),
                  f.write(have ? *have : fallback), f.always);
        }
    }
    return changed;
}

const char *const NewFileHeader =
    "; DingRelay settings. The settings dialog keeps your comments and the keys it does not\n"
    "; know. Secrets (API keys, robot secrets, tokens, passwords) are never in this file: they\n"
    "; live in the system keychain or in DINGRELAY_SECRET_* environment variables.\n";

} // namespace

std::optional<QByteArray> ConfigWriter::render(const AppConfig &input, const QByteArray &existing,
                                               const QString &path, QString *error)
{
    const AppConfig config = normalised(input);
    const bool newFile = existing.trimmed().isEmpty();
    IniDocument doc(newFile ? QByteArray(NewFileHeader) : existing);

    // Robots and personas first: removed ones lose their section, new ones get one at the
    // end, in order.
    for (const QString &section : doc.sections()) {
        if ((section.startsWith(u"robot."_s) && !config.robotById(section.mid(6))) ||
            (section.startsWith(u"persona."_s) && !personaNamed(config, section.mid(8))))
            doc.removeSection(section);
    }
    QSet<QString> fresh;
    if (newFile)
        fresh << u"*"_s;
    for (const RobotSettings &robot : config.robots) {
        if (!doc.sections().contains(robotSection(robot.id)))
            fresh << robotSection(robot.id);
        doc.addSection(robotSection(robot.id));
    }
    for (const PersonaSettings &persona : config.personas) {
        if (!doc.sections().contains(personaSection(persona.name)))
            fresh << personaSection(persona.name);
        doc.addSection(personaSection(persona.name));
    }

    // A default that depends on another value (Azure's deployment on the model) may change
    // when that value is written: read back and align again until nothing moves.
    ConfigResult read = Config::parse(doc.toUtf8(), path);
    for (int pass = 0; pass < 4 && align(doc, config, read.config, fresh) > 0; ++pass)
        read = Config::parse(doc.toUtf8(), path);

    if (!read.ok()) {
        if (error)
            *error = read.errors.join(u'\n');
        return std::nullopt;
    }
    AppConfig back = read.config;
    back.sourceFile = config.sourceFile;
    if (!(back == config)) {
        if (error) {
            const QStringList keys = Schema::changedKeys(config, back);
            *error =
                keys.isEmpty()
                    ? u"a setting this version cannot write differs from the file's"_s
                    : u"these settings would not read back as given: %1"_s.arg(keys.join(u", "_s));
        }
        return std::nullopt;
    }
    return doc.toUtf8();
}

bool ConfigWriter::save(const AppConfig &config, const QString &path, QString *error)
{
    const QFileInfo info(path);
    QByteArray existing;
    if (info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = u"%1 cannot be read: %2"_s.arg(path, file.errorString());
            return false;
        }
        existing = file.readAll();
    }
    QString why;
    const auto text = render(config, existing, info.absoluteFilePath(), &why);
    if (!text) {
        if (error)
            *error = u"the settings were not saved: %1"_s.arg(why);
        return false;
    }
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = u"the folder %1 cannot be created"_s.arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(*text) != text->size() || !file.commit()) {
        if (error)
            *error = u"%1 cannot be written: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

QStringList ConfigWriter::knownKeys()
{
    QStringList keys;
    for (const Schema::Setting &f : Schema::settings())
        keys << f.key;
    for (const Schema::RobotSetting &f : Schema::robotSettings())
        keys << u"robot.*/"_s + f.name;
    for (const Schema::PersonaSetting &f : Schema::personaSettings())
        keys << u"persona.*/"_s + f.name;
    return keys;
}
