// HistoryColumns: how storage's history readers turn a query's columns into rows.
#pragma once

#include "storage/HistoryRows.h"

#include <QString>

class QSqlQuery;

namespace HistoryColumns {
// The start of a select of one conversation's messages (its id bound first), in the column
// order message() reads; a condition of the caller's, the order and the limit follow.
extern const QString MessagesOf;
// A conversation from the first nine columns: id, robot_id, is_group,
// dingtalk_conversation_id, title, sender_id, sender_nick, created_at, updated_at.
ConversationRow conversation(const QSqlQuery &query);
// A message of that conversation from the columns of MessagesOf.
MessageRow message(const QSqlQuery &query, qint64 conversationId);
} // namespace HistoryColumns
