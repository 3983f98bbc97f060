// HistoryReader: the conversations and messages the history window lists, a page at a time.
#pragma once

#include "storage/HistoryRows.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

class Database;
class ReadConnection;

// A copy reads on the same connection, in the thread that opened it. A read that fails puts
// the database's words in *error (when given) and leaves it alone otherwise, so each model
// keeps its last error.
class HistoryReader final
{
public:
    explicit HistoryReader(const Database &database);
    explicit HistoryReader(const ReadConnection &connection);

    // The conversations the filter lets through, newest activity first: at most limit of
    // them, after the one `after` names (none: from the newest).
    QList<ConversationRow> conversations(const ConversationFilter &filter,
                                         std::optional<PageKey> after, int limit,
                                         QString *error) const;
    // One conversation, if the filter lets it through.
    std::optional<ConversationRow> conversation(qint64 id, const ConversationFilter &filter,
                                                QString *error) const;
    // The conversations that received messages with ids above messageId (1000 at the most).
    QList<qint64> conversationsWrittenAfter(qint64 messageId, QString *error) const;
    // Robots and groups that have conversations, for the filter choices.
    QStringList robotIds() const;
    QList<QPair<QString, QString>> groups() const; // (conversationId, title)

    // Pages of one conversation's messages, each in time order, of at most limit rows:
    // the newest; those before (or up to and with) a message; those after one; those with
    // ids above messageId.
    QList<MessageRow> newestMessages(qint64 conversationId, int limit, QString *error) const;
    QList<MessageRow> messagesBefore(qint64 conversationId, PageKey key, int limit,
                                     QString *error) const;
    QList<MessageRow> messagesUpTo(qint64 conversationId, PageKey key, int limit,
                                   QString *error) const;
    QList<MessageRow> messagesAfter(qint64 conversationId, PageKey key, int limit,
                                    QString *error) const;
    QList<MessageRow> messagesAfterId(qint64 conversationId, qint64 messageId, int limit,
                                      QString *error) const;
    // When the message was written, if it is one of the conversation's.
    std::optional<qint64> messageTime(qint64 conversationId, qint64 messageId) const;
    // The highest message id (0: none yet); nothing when it cannot be read.
    std::optional<qint64> newestMessageId() const;

private:
    QList<ConversationRow> conversationPage(const QString &where, const QVariantList &values,
                                            int limit, QString *error) const;
    QList<MessageRow> messagePage(qint64 conversationId, const QString &where,
                                  const QVariantList &values, bool ascending, int limit,
                                  QString *error) const;

    QSqlDatabase m_db;
};
