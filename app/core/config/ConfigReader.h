// ConfigReader: reads typed, range-checked values from one INI file and reports what it left.
#pragma once

#include "config/IniFile.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <initializer_list>

// Remembers which keys were used, so leftovers can be reported as probable typos instead of
// being ignored in silence. Every value out of range or choice is an error naming the key and
// what was found; the fallback is used instead.
class ConfigReader final
{
public:
    explicit ConfigReader(IniFile ini);

    QStringList sections() const { return m_ini.sections; }
    QStringList errors;

    bool has(const QString &key) const { return m_ini.values.contains(key); }
    QString text(const QString &key, const QString &fallback);
    int integer(const QString &key, int fallback, int min, int max);
    double decimal(const QString &key, double fallback, double min, double max);
    bool flag(const QString &key, bool fallback);
    QString choice(const QString &key, const QString &fallback, const QStringList &allowed);
    // The same for a choice with an enum (each has a nameOf(), its name in the file).
    template<typename E>
    E choiceOf(const QString &key, E fallback, std::initializer_list<E> allowed)
    {
        QStringList names;
        for (const E e : allowed)
            names << nameOf(e);
        const QString value = choice(key, nameOf(fallback), names);
        for (const E e : allowed) {
            if (nameOf(e) == value)
                return e;
        }
        return fallback;
    }
    // A comma-separated list, each item trimmed, empty items left out.
    QStringList list(const QString &key);
    QStringList unused() const;

private:
    IniFile m_ini;
    QSet<QString> m_unused;
};
