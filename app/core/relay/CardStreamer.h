// CardStreamer: answers for robots with a card template go into AI cards; it starts each
// CardAnswer, reports card failures once, and counts and logs the DingTalk calls they cost.
#pragma once

#include "config/Config.h"
#include "dingtalk/CardClient.h"
#include "relay/CardAnswer.h"
#include "storage/Store.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

class ApiCallCounter;
class CardStore;
class RetryScheduler;

class CardStreamer final : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // ms; only differences matter
    using Done = std::function<void(bool shown)>;

    struct Services
    {
        CardStore *cards;
        ApiCallCounter *counter; // may be null: no monthly count in the log
        RetryScheduler *scheduler;
        Clock now; // empty: the wall clock
    };

    // After a refusal that will not mend by itself (permission, template, quota), a robot
    // answers with messages for this long before it tries a card again: each try is a call.
    static constexpr qint64 CooldownMs = 10 * 60 * 1000;

    CardStreamer(Services services, QObject *parent = nullptr);

    // A robot with card_template_id, and the client its cards go through.
    void addRobot(const RobotSettings &robot, CardClient *client);
    // model/hide_thinking: cards leave <think>…</think> out while the answer streams too.
    void setHideThinking(bool hide) { m_hideThinking = hide; }

    // A card for the job's answer, created at once; the caller feeds it the text as the model
    // writes (CardAnswer::setText). nullptr when the answer goes out as messages instead (no
    // template, a 1:1 sender without a staff id, cards off after a refusal, or a job that
    // already had a card before a restart).
    CardAnswer *start(const Job &job, const RobotSettings &robot);
    // The answer is decided: the card shows it, or done(false) has the caller send messages.
    // The caller closes the job.
    void finish(CardAnswer *card, const Job &job, bool failed, Done done);

    // Closes the cards a stopped DingRelay left open, saying the answer follows as a message
    // (their jobs are taken up again and answer with messages). Call before resuming jobs.
    void closeStaleCards();

    // DingTalk calls one answer costs at most: creating the card, one update when the first
    // words arrive and one per interval while the model writes for answerSeconds, and the
    // last update. The access token (one call every two hours or so) is not counted.
    static int estimatedCalls(int intervalMs, double answerSeconds);

signals:
    // A card could not be created or updated: once per robot and kind of problem, for the
    // tray. The answer itself still reaches the user.
    void problem(const QString &robotId, const QString &message);

private:
    struct Robot
    {
        RobotSettings settings;
        CardClient *client = nullptr;
    };

    void onCardFailed(const CardAnswer *card, const CardResult &result, CardAnswer::Failure where);
    void logCalls(const CardAnswer *card, bool shown) const;
    qint64 now() const { return m_services.now(); }

    Services m_services;
    QHash<QString, Robot> m_robots;
    QHash<QString, qint64> m_offUntil; // robot id -> now() when cards may be tried again
    QSet<QString> m_reported;          // "robot|problem" already shown in the tray
    bool m_hideThinking = false;
};
