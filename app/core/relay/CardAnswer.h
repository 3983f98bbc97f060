// CardAnswer: one answer typed into an AI card: created at once, updated as the model writes,
// throttled and in order, and finished with the whole answer or the error sentence.
#pragma once

#include "dingtalk/CardClient.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class CardStore;
class RetryScheduler;

class CardAnswer final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        CardClient *client;
        CardStore *cards;
        RetryScheduler *scheduler; // waits out the interval between two updates
        std::function<qint64()> now;
    };
    using Done = std::function<void(bool shown)>;

    static constexpr int MaxFinalAttempts = 3; // the last update: 1 s, 2 s, then messages
    static constexpr int MaxFailedUpdates = 3; // in a row: the rest waits for the last update

    CardAnswer(Services services, qint64 jobId, const QString &robotId, CardTarget target,
               int intervalMs, QObject *parent = nullptr);

    // Asks DingTalk for the card. Text that arrives meanwhile waits for it.
    void start();
    // Leaves a reasoning model's <think>…</think> out of the text as it streams (the answer
    // given to finish() has had it taken out already).
    void setHideThinking(bool hide) { m_hideThinking = hide; }
    // The whole text so far. At most one update is in flight, one starts at most every
    // interval, and each carries the latest text, so the card never goes back.
    void setText(const QString &textSoFar);
    // The last update: text is the answer, or with failed the sentence saying what went wrong
    // (after what the card already showed). done(true) once DingTalk took it; done(false) if
    // the card could not be created or finished: the caller then sends the answer as messages.
    void finish(const QString &text, bool failed, Done done);
    // Stops without a last update (DingRelay is stopping): the card stays open in the store and
    // is closed at the next start.
    void abandon();

    qint64 jobId() const { return m_jobId; }
    QString robotId() const { return m_robotId; }
    int calls() const { return m_calls; } // card calls this answer made so far

    enum class Failure {
        Create, // no card: the answer goes out as messages
        Update, // updates stopped after failing in a row: the last update still tries
        Finish, // the last update failed: the answer goes out as messages
    };

signals:
    void cardFailed(const CardResult &result, CardAnswer::Failure where);
    // DingTalk shows part of the answer now: a failure of the model call must not be retried,
    // since a second answer would contradict what the user already read.
    void firstTextShown();
    void completed(bool shown);

private:
    enum class Stage { Creating, Streaming, Finishing, Failed, Done };

    void onCreated(const CardResult &result);
    void pump();
    void send(const QString &content, bool finalize, bool error);
    void onStreamed(const CardResult &result, bool finalize);
    void sendFinal();
    void complete(bool shown);
    qint64 now() const { return m_services.now(); }

    Services m_services;
    qint64 m_jobId;
    QString m_robotId;
    CardTarget m_target;
    int m_intervalMs;
    Stage m_stage = Stage::Creating;
    QString m_latest;  // the text as the model has it
    QString m_shown;   // the text DingTalk last took
    QString m_sending; // the text of the update in flight
    qint64 m_lastSendAt = -1;
    bool m_inFlight = false;
    bool m_waiting = false; // a wait for the interval is scheduled
    bool m_updatesOff = false;
    bool m_hideThinking = false;
    int m_failedUpdates = 0;
    int m_finalAttempts = 0;
    int m_calls = 0;
    struct Final
    {
        QString text;
        bool failed;
    };
    std::optional<Final> m_final;
    Done m_done;
};
