// Problem: something in the running relay that needs the user, as the tray and notices show it.
#pragma once

#include <QList>
#include <QString>

struct ChatError;

struct Problem
{
    enum class Kind {
        BadKey,           // the model provider refuses the API key
        Quota,            // the provider's quota or billing is exhausted
        ModelSetup,       // no such model, proxy credentials, TLS trust, a refused parameter
        KeychainLocked,   // the keychain could not be read (locked, or no Secret Service)
        TunnelDown,       // the public URL does not lead to the relay
        DingTalkRejected, // DingTalk refuses the answers (keyword, IP, sign)
        StreamDown,       // a Stream-mode connection failed for good (client id or secret)
        StreamRetrying,   // a Stream-mode connection dropped and is being opened again
        NoRobots,         // the relay runs but no robot is configured
        Storage,          // messages cannot be stored (disk full, database locked)
        DatabaseDamaged,  // SQLite's check found damage in the database file
    };
    Kind kind = Kind::BadKey;
    QString robotId; // the robot concerned; empty for the app as a whole
    QString message; // the detail, for the tooltip and the notice

    friend bool operator==(const Problem &, const Problem &) = default;

    // Whether a model failure is one the user must fix (not a passing outage), and as which
    // kind of problem.
    static bool fromModel(const ChatError &error, Kind *kind);
    // A short stable name ("bad_key"), for logs and rate limits.
    QString kindName() const;
};

// The problems standing now: one per kind and robot, the latest message winning.
class ProblemList
{
public:
    // True when this is news (a kind and robot not standing yet, or a different message).
    bool raise(const Problem &problem);
    // Clears the kinds given, for one robot or (robotId empty) for all.
    bool clear(const QList<Problem::Kind> &kinds, const QString &robotId = {});
    void clearAll() { m_items.clear(); }
    const QList<Problem> &items() const { return m_items; }
    bool isEmpty() const { return m_items.isEmpty(); }

private:
    QList<Problem> m_items;
};
