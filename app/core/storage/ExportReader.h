// ExportReader: what an export reads: the conversations, then each one's messages a page at a
// time, so memory stays flat however large the history.
#pragma once

#include "storage/HistoryRows.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <optional>

class Database;
class ReadConnection;

// A read that fails puts the database's words in *error and leaves it alone otherwise.
class ExportReader final
{
public:
    explicit ExportReader(const Database &database);
    explicit ExportReader(const ReadConnection &connection);
    ExportReader(const ExportReader &) = delete;
    ExportReader &operator=(const ExportReader &) = delete;

    // Every conversation, newest activity first.
    QList<qint64> conversationIds(QString *error);
    // The messages of these conversations (empty: of every one); what cannot be counted
    // counts 0.
    qint64 countMessages(const QList<qint64> &conversationIds);
    // One conversation, its own columns only (no last message or count); nothing when it is
    // gone or on failure.
    std::optional<ConversationRow> conversation(qint64 id, QString *error);
    // The conversation's messages after `after` in time order, at most limit.
    QList<MessageRow> messagesAfter(qint64 conversationId, PageKey after, int limit,
                                    QString *error);

private:
    explicit ExportReader(QSqlDatabase db);

    QSqlDatabase m_db;
    // Prepared once: an export reads a conversation and a page many times over.
    QSqlQuery m_conversation;
    QSqlQuery m_messages;
};
