// HistoryRows: the conversations and messages storage gives the history, as plain rows.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// One conversation as the list shows it: who, where, and its newest message.
struct ConversationRow
{
    qint64 id = 0;
    QString robotId;
    bool isGroup = false;
    QString groupId; // DingTalk's conversationId: the chat (the group, in groups)
    QString title;   // the group's name; empty in 1:1 chats
    QString senderId;
    QString senderNick;
    qint64 createdAt = 0;
    qint64 updatedAt = 0; // the last time the relay wrote to it
    QString lastRole;
    QString lastText; // the first characters of the newest message
    qint64 lastAt = 0;
    int messageCount = 0;

    // "Alice" in a 1:1 chat, "Team chat · Alice" in a group.
    QString displayName() const;
};

// One stored message: a question, an answer, an error or a notice.
struct MessageRow
{
    qint64 id = 0;
    qint64 conversationId = 0;
    QString role; // user, assistant, error, notice
    QString content;
    QString senderNick;
    qint64 createdAt = 0;
    QString model;
    int promptTokens = -1; // -1: not reported
    int completionTokens = -1;
    QString requestId;
    QString errorKind;
};

// Which conversations the list shows. Empty or zero members do not filter.
struct ConversationFilter
{
    enum class Chats { All, Groups, Direct };
    QString robotId;
    Chats chats = Chats::All;
    QString groupId;   // one group's conversationId
    QString user;      // part of the sender's nick or id
    qint64 fromMs = 0; // a message at or after this time
    qint64 toMs = 0;   // a message before this time

    bool operator==(const ConversationFilter &) const = default;
};

// Where a page goes on from (keyset paging, never an OFFSET that rereads the start): the row
// it borders, by the time the list is sorted by (a conversation's updatedAt, a message's
// createdAt) and its id.
struct PageKey
{
    qint64 time = 0;
    qint64 id = 0;
};

Q_DECLARE_METATYPE(ConversationRow)
Q_DECLARE_METATYPE(MessageRow)
