// SearchIndex: finds messages by their text, through the full-text index over every message
// (SQLite FTS5 with the trigram tokenizer, which finds Chinese substrings).
#pragma once

#include "storage/HistoryRows.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

class Database;
class ReadConnection;

// A message a search found, with what names its conversation.
struct FoundMessage
{
    qint64 messageId = 0;
    qint64 conversationId = 0;
    QString role;
    qint64 createdAt = 0;
    QString content;
    ConversationRow conversation; // robotId, isGroup, groupId, title, senderId, senderNick
};

// Reads as HistoryReader does: on the connection it was made from, *error set only on failure.
class SearchIndex final
{
public:
    explicit SearchIndex(const Database &database);
    explicit SearchIndex(const ReadConnection &connection);

    // Whether this SQLite has FTS5 and the database its trigram index; why says what is
    // missing, or which index it is.
    bool available(QString *why) const;
    // The trigrams of the index that begin with a one- or two-character word; at most
    // limit + 1, so a caller learns whether there are more than limit.
    QStringList trigramsStartingWith(const QString &word, int limit) const;

    // Both search newest first, among messages with ids below beforeId that contain each of
    // words (lower-cased) and, unless robotId is empty, belong to that robot; at most limit.
    // matches: those the FTS5 expression match finds in the index.
    QList<FoundMessage> matches(const QString &match, qint64 beforeId, const QStringList &words,
                                const QString &robotId, int limit, QString *error) const;
    // scan: those with ids from floorId on, read without the index (a word so common that
    // reading the newest messages finds its hits soonest).
    QList<FoundMessage> scan(qint64 beforeId, qint64 floorId, const QStringList &words,
                             const QString &robotId, int limit, QString *error) const;
    // Where a scan starts: one above the highest message id; nothing when it cannot be read.
    std::optional<qint64> scanStart() const;

private:
    QList<FoundMessage> found(const QString &sql, const QVariantList &values, QString *error) const;

    QSqlDatabase m_db;
};
