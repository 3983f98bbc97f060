// HistoryFixture: writes conversations into a test database through the Store, as the relay
// does, for the history tests.
#pragma once

#include <QString>

class Database;
class Store;

class HistoryFixture final
{
public:
    struct Chat
    {
        QString robot = QStringLiteral("robot-a");
        QString conversationId = QStringLiteral("cid-1");
        bool group = false;
        QString title; // the group's name
        QString sender = QStringLiteral("alice");
    };

    explicit HistoryFixture(Database &database);
    ~HistoryFixture();
    HistoryFixture(const HistoryFixture &) = delete;
    HistoryFixture &operator=(const HistoryFixture &) = delete;

    // A question asked at askedAt (ms) and its answer a second later; returns the job id,
    // 0 on failure. Tokens: 10 per question, 20 per answer.
    qint64 exchange(const Chat &chat, const QString &question, const QString &answer,
                    qint64 askedAt);
    // A question the model failed to answer; detail is what the provider said.
    qint64 failure(const Chat &chat, const QString &question, const QString &errorKind,
                   const QString &detail, qint64 askedAt);
    Store &store() { return *m_store; }

private:
    qint64 accept(const Chat &chat, const QString &question, qint64 askedAt, struct Job *job);

    Store *m_store;
    int m_next = 0;
};
