#include "config/SettingsReference.h"

#include "config/Config.h"
#include "config/IniDocument.h"
#include "config/Schema.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

constexpr int CommentColumn = 27; // where README's complete config puts its comments
constexpr int LineWidth = 100;

// key=value, then the help as a comment from CommentColumn on, wrapped at LineWidth.
QString entry(const QString &name, const QString &value, const QString &help)
{
    QString head = name + u'=' + value;
    if (help.isEmpty())
        return head + u'\n';
    head = head.size() < CommentColumn ? head.leftJustified(CommentColumn) : head + u' ';
    QString out;
    QString line = head + u"; "_s;
    bool empty = true; // no word of the help on this line yet
    for (const QString &word : help.split(u' ', Qt::SkipEmptyParts)) {
        if (!empty && line.size() + 1 + word.size() > LineWidth) {
            out += line + u'\n';
            line = QString(CommentColumn, u' ') + u"; "_s;
            empty = true;
        }
        if (!empty)
            line += u' ';
        line += word;
        empty = false;
    }
    return out + line + u'\n';
}

} // namespace

QByteArray SettingsReference::text()
{
    // The defaults as the reader makes them (several depend on the preset), with one robot and
    // one persona to show their sections.
    const AppConfig defaults =
        Config::parse("[robot.default]\n[persona.example]\nprompt=Answer in English.\n"
                      "description=answers in English\n",
                      QString())
            .config;

    QString out = u"; Every setting of DingRelay's INI file at its default, with what it does.\n"
                  u"; Secrets never go in the file (see README, \"Secrets\").\n"_s;
    QStringList sections;
    for (const Schema::Setting &s : Schema::settings()) {
        const QString section = s.key.section(u'/', 0, 0);
        if (!sections.contains(section))
            sections << section;
    }
    for (const QString &section : sections) {
        out += u"\n["_s + section + u"]\n"_s;
        for (const Schema::Setting &s : Schema::settings()) {
            if (s.key.section(u'/', 0, 0) == section)
                out +=
                    entry(s.key.section(u'/', 1), IniDocument::encode(s.write(defaults)), s.help);
        }
    }
    for (const PersonaSettings &persona : defaults.personas) {
        out += u"\n[persona."_s + persona.name + u"]\n"_s;
        for (const Schema::PersonaSetting &s : Schema::personaSettings())
            out += entry(s.name, IniDocument::encode(s.write(persona)), s.help);
    }
    for (const RobotSettings &robot : defaults.robots) {
        out += u"\n[robot."_s + robot.id + u"]\n"_s;
        for (const Schema::RobotSetting &s : Schema::robotSettings())
            out += entry(s.name, IniDocument::encode(s.write(robot)), s.help);
    }
    return out.toUtf8();
}
