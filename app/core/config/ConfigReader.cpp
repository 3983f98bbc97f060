#include "config/ConfigReader.h"

using namespace Qt::StringLiterals;

ConfigReader::ConfigReader(IniFile ini)
    : m_ini(std::move(ini))
{
    const auto keys = m_ini.values.keys();
    m_unused = QSet<QString>(keys.begin(), keys.end());
    errors = m_ini.errors;
}

QString ConfigReader::text(const QString &key, const QString &fallback)
{
    m_unused.remove(key);
    return m_ini.values.value(key, fallback);
}

int ConfigReader::integer(const QString &key, int fallback, int min, int max)
{
    const QString raw = text(key, QString());
    if (raw.isEmpty())
        return fallback;
    bool ok = false;
    const int value = raw.toInt(&ok);
    if (!ok || value < min || value > max) {
        errors << u"%1 must be a whole number from %2 to %3 (found \"%4\")"_s.arg(key)
                      .arg(min)
                      .arg(max)
                      .arg(raw);
        return fallback;
    }
    return value;
}

double ConfigReader::decimal(const QString &key, double fallback, double min, double max)
{
    const QString raw = text(key, QString());
    if (raw.isEmpty())
        return fallback;
    bool ok = false;
    const double value = raw.toDouble(&ok);
    if (!ok || value < min || value > max) {
        errors
            << u"%1 must be a number from %2 to %3 (found \"%4\")"_s.arg(key).arg(min).arg(max).arg(
                   raw);
        return fallback;
    }
    return value;
}

bool ConfigReader::flag(const QString &key, bool fallback)
{
    return choice(key, fallback ? u"true"_s : u"false"_s, {u"true"_s, u"false"_s}) == u"true"_s;
}

QString ConfigReader::choice(const QString &key, const QString &fallback,
                             const QStringList &allowed)
{
    const QString value = text(key, fallback);
    if (!allowed.contains(value)) {
        errors << u"%1 must be one of %2 (found \"%3\")"_s.arg(key, allowed.join(u", "_s), value);
        return fallback;
    }
    return value;
}

QStringList ConfigReader::list(const QString &key)
{
    QStringList out;
    const QStringList items = text(key, QString()).split(u',');
    for (const QString &item : items) {
        if (!item.trimmed().isEmpty())
            out << item.trimmed();
    }
    return out;
}

QStringList ConfigReader::unused() const
{
    QStringList out(m_unused.begin(), m_unused.end());
    out.sort();
    return out;
}
