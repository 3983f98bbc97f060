// CardStore: the AI card each answer opened, so a restart can close one left half-written.
#pragma once

#include "storage/Sql.h"

#include <QList>
#include <QString>

class CardStore final
{
public:
    enum class State { Open, Finished, Failed, Closed };
    struct Card
    {
        qint64 jobId = 0;
        QString robotId;
        QString outTrackId;
    };

    explicit CardStore(Database &database);
    CardStore(const CardStore &) = delete;
    CardStore &operator=(const CardStore &) = delete;

    // Written before the card is asked for: a crash while DingTalk creates it still leaves a
    // row, and closing a card that never came to be costs one refused call.
    bool open(qint64 jobId, const QString &robotId, const QString &outTrackId, qint64 nowMs);
    bool setState(qint64 jobId, State state, qint64 nowMs);
    // Whether the job ever had a card: a job taken up again after a restart then answers with
    // messages, since its first card may hold half an answer.
    bool hasCard(qint64 jobId) const;
    // Cards still open, oldest first: at the start these are the ones a stop left behind.
    QList<Card> openCards() const;

private:
    mutable SqlStatements m_sql; // the reads are const; their prepared statements are kept
};
