// Schema: every setting of DingRelay's INI file, once: its key, how it is read, how it is written.
#pragma once

#include "config/Config.h"

#include <QDir>
#include <QList>
#include <QString>

class ConfigReader;

// Config::parse reads the file through these tables, in their order, and then checks what
// depends on several keys at once; ConfigWriter writes through the same tables. A setting is
// added in one place: its help, its read (range and choices included, its default being the
// struct's), its written form, and whether a new file shows it at its default.
namespace Schema {
// What reading may need besides the file: the folder relative paths start from.
struct Context
{
    QDir base;
};

struct Setting
{
    QString key;  // "relay/port"
    QString help; // what it does, as README's complete config says it (a test compares them)
    // key is the setting's own, passed so that it is spelled once, here.
    void (*read)(ConfigReader &, const QString &key, AppConfig &, const Context &);
    QString (*write)(const AppConfig &);
    bool always = false; // written to a new file even at its default
};

struct RobotSetting
{
    QString name; // the key inside [robot.<id>]
    QString help;
    void (*read)(ConfigReader &, const QString &key, RobotSettings &); // "robot.<id>/name"
    QString (*write)(const RobotSettings &);
    bool always = false;
};

struct PersonaSetting
{
    QString name; // the key inside [persona.<name>]
    QString help;
    void (*read)(ConfigReader &, const QString &key, PersonaSettings &);
    QString (*write)(const PersonaSettings &);
    bool always = false;
};

const QList<Setting> &settings();
const QList<RobotSetting> &robotSettings();
const QList<PersonaSetting> &personaSettings();
// The keys whose values differ ("robot.<id>/mode"; "[robot.<id>]" for a robot only one has).
QStringList changedKeys(const AppConfig &want, const AppConfig &have);
} // namespace Schema
