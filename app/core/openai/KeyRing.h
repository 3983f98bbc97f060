// KeyRing: several API keys for one provider, used in turn, with bad or spent ones set aside.
#pragma once

#include "openai/ChatTypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

// Spreading calls over several keys multiplies the provider's per-key rate limit, and a key
// that was revoked or ran out of quota stops costing every later call a failed round trip.
class KeyRing final : public QObject
{
    Q_OBJECT
public:
    struct KeyState
    {
        QString masked; // safe for logs and the UI, e.g. "sk-…a1b2"
        bool usable = true;
        QString reason; // why it was set aside
    };

    explicit KeyRing(QObject *parent = nullptr);

    // One secret holds all keys, separated by commas, newlines or blanks; duplicates count once.
    static QStringList parseKeys(const QString &secret);
    // A recognisable tail of a key, never more than its last 4 characters.
    static QString mask(const QString &key);
    // Whether an error condemns the key itself rather than the moment (see the .cpp).
    static bool setsAside(const ChatError &error);

    // Replaces the keys; every key starts usable again (the user saved them to be tried).
    void setKeys(const QStringList &keys);
    // The next usable key, round robin; empty when there is none (or no key at all: Ollama).
    QString next();
    // Skips the key from now on; unknown or already set-aside keys are ignored.
    void setAside(const QString &key, const QString &reason);

    QList<KeyState> states() const;
    int usableCount() const;
    int size() const { return int(m_keys.size()); }
    bool isEmpty() const { return m_keys.isEmpty(); } // "no key": a provider that needs none

signals:
    void changed();

private:
    struct Entry
    {
        QString key;
        bool usable = true;
        QString reason;
    };
    QList<Entry> m_keys;
    int m_cursor = 0; // where next() starts looking
};
