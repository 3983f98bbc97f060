#include "openai/KeyRing.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

KeyRing::KeyRing(QObject *parent)
    : QObject(parent)
{}

QStringList KeyRing::parseKeys(const QString &secret)
{
    static const QRegularExpression separators(u"[,;\\s]+"_s);
    QStringList keys;
    QSet<QString> seen;
    const QStringList parts = secret.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString key = part.trimmed();
        if (key.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        keys << key;
    }
    return keys;
}

QString KeyRing::mask(const QString &key)
{
    // "sk-" only names the kind of key, so it helps recognise it without revealing anything.
    const QString prefix = key.startsWith(u"sk-"_s) ? u"sk-"_s : QString();
    // A quarter of a short key would already narrow it down: show less of short keys.
    const qsizetype tail = std::min<qsizetype>(4, (key.size() - prefix.size()) / 4);
    return prefix + u"…"_s + key.right(tail);
}

bool KeyRing::setsAside(const ChatError &error)
{
    // Only a key the provider refused (401/403) or whose account is out of money will keep
    // failing; a rate limit, timeout or server error is over in seconds, and setting a key
    // aside for it would shrink the ring until nothing is left to answer with.
    return error.kind == ChatError::Kind::BadKey || error.kind == ChatError::Kind::QuotaExhausted;
}

void KeyRing::setKeys(const QStringList &keys)
{
    m_keys.clear();
    QSet<QString> seen;
    for (const QString &raw : keys) {
        const QString key = raw.trimmed();
        if (key.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        m_keys.append({key, true, QString()});
    }
    m_cursor = 0;
    emit changed();
}

QString KeyRing::next()
{
    const int n = int(m_keys.size());
    for (int step = 0; step < n; ++step) {
        const int i = (m_cursor + step) % n;
        if (m_keys[i].usable) {
            m_cursor = (i + 1) % n;
            return m_keys[i].key;
        }
    }
    return {};
}

void KeyRing::setAside(const QString &key, const QString &reason)
{
    for (Entry &entry : m_keys) {
        if (entry.key != key || !entry.usable)
            continue;
        entry.usable = false;
        entry.reason = reason;
        emit changed();
        return;
    }
}

QList<KeyRing::KeyState> KeyRing::states() const
{
    QList<KeyState> out;
    for (const Entry &entry : m_keys)
        out.append({mask(entry.key), entry.usable, entry.reason});
    return out;
}

int KeyRing::usableCount() const
{
    return int(
        std::count_if(m_keys.begin(), m_keys.end(), [](const Entry &e) { return e.usable; }));
}
