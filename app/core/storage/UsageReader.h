// UsageReader: questions, answers and tokens per day, per robot or per user, from the messages.
#pragma once

#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

class Database;
class ReadConnection;

struct UsageRequest
{
    enum class By { Total, Robot, User };
    By by = By::Robot;
    qint64 fromMs = 0;        // inclusive
    qint64 toMs = 0;          // exclusive; 0: now
    int utcOffsetSeconds = 0; // where a day begins: the local time zone's offset
};

// One day of one robot or user (key empty for Total).
struct UsagePoint
{
    qint64 day = 0; // days since 1970-01-01 in the request's time zone
    QString key;
    QString label;
    int questions = 0;
    int answers = 0;
    int errors = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;

    qint64 tokens() const { return promptTokens + completionTokens; }
};
Q_DECLARE_METATYPE(QList<UsagePoint>)

class UsageReader final
{
public:
    explicit UsageReader(const Database &database);
    explicit UsageReader(const ReadConnection &connection);

    // Days in order; within a day, keys in no particular order. Empty with *error (when
    // given) on failure.
    QList<UsagePoint> perDay(const UsageRequest &request, QString *error) const;

private:
    QSqlDatabase m_db;
};
