// IniFile: reads DingRelay's INI dialect: values kept whole, every section remembered.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

// QSettings' INI reader splits unquoted values at commas (a system prompt is prose) and
// forgets sections without keys (a bare [robot.x] is a robot on defaults), so the config
// is read by this small parser instead.
//
// The dialect: [section] headers; key=value lines, keys outside a section stand alone;
// lines starting with ';' or '#' are comments, and so is anything from a ';' that follows
// a blank (also right after the '='); a value in double quotes keeps blanks and ';' and
// understands \" \\ \n \r and \t. [general] holds top-level keys, as in QSettings.
// IniDocument writes this dialect.
struct IniFile
{
    QMap<QString, QString> values; // "section/key" (or "key") -> value
    QStringList sections;          // in file order, each once
    QStringList errors;            // "line N: ..." for lines that mean nothing

    static IniFile parse(const QByteArray &text);
};
