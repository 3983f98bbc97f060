// Pipeline: takes accepted jobs to an answer: command or model call, record, delivery.
#pragma once

#include "config/Config.h"
#include "conversation/Planner.h"
#include "openai/ChatTypes.h"
#include "storage/Store.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>

class CardAnswer;
class CardStreamer;
class ChatCall;
class ChatClient;
class Delivery;

class Pipeline final : public QObject
{
    Q_OBJECT
public:
    Pipeline(const AppConfig &config, Store &store, ChatClient &chat, Delivery &delivery,
             QObject *parent = nullptr);

    // Jobs of one conversation run one after another, in the order submitted; different
    // conversations run side by side, up to model/max_parallel at once. job is the one the
    // store accepted last (the highest id). Beyond relay/max_queued_jobs waiting in memory,
    // it waits only in the store and is read back, in id order, when there is room.
    void submit(const Job &job);
    // Takes up the jobs a previous run left unfinished, oldest first, through the same paged
    // path; called once, before the first submit(). Returns how many there are.
    int resume();

    // Jobs waiting: in memory and in the store alone.
    int queued() const { return m_inMemory + m_spilled; }
    int inMemory() const { return m_inMemory; }
    int spilled() const { return m_spilled; }
    int active() const { return m_active; }
    bool isIdle() const { return m_inMemory == 0 && m_active == 0 && !m_spilling; }

    // Stops at the drain deadline: cancels model calls in flight and starts no other job;
    // all of them stay unfinished in the store and are taken up again at the next start.
    void abortAll();
    // The drain begins: model calls that wait for a model that does not answer end now, and
    // their jobs (with the later ones of their conversations) stay for the next start.
    void stopWaiting();

    // Robots with a card template answer in AI cards that type as the model writes.
    void setCardStreamer(CardStreamer *cards) { m_cards = cards; }

signals:
    void jobFinished(qint64 jobId, bool delivered);
    void idle();
    // The model began answering a job: its first streamed piece, or the whole answer when not
    // streamed. Once per model call; the test console times the hop with it.
    void modelAnswering(const Job &job);
    // A model call failed for good (after its retries), cancellations excepted.
    void modelFailed(const Job &job, const ChatError &error);

private:
    struct Lane
    {
        QQueue<Job> jobs;
        bool busy = false;
    };

    void enqueue(const Job &job);
    void refill();
    void schedulePump();
    void pump();
    void run(const Job &job);
    void askModel(const Plan &plan, const RobotSettings &robot);
    void onModelDelayed(const Job &job, const RobotSettings &robot, const ChatError &error);
    void onModelResult(const Plan &plan, const RobotSettings &robot, const ChatResult &result);
    void recordAndDeliver(Job job, const JobRecord &record);
    void deliver(const Job &job);
    // why: the reason it was not delivered; empty with delivered=false: it stays unfinished.
    void finish(const Job &job, bool delivered, const QString &why);
    void release(const QString &lane);

    const AppConfig &m_config;
    Store &m_store;
    ChatClient &m_chat;
    Delivery &m_delivery;
    Planner m_planner;
    QHash<QString, Lane> m_lanes;
    QQueue<QString> m_ready; // lanes with a job waiting and none running
    QSet<ChatCall *> m_calls;
    CardStreamer *m_cards = nullptr;
    QHash<qint64, QPointer<CardAnswer>> m_cardAnswers; // by job id, while the model answers
    int m_inMemory = 0;                                // jobs in m_lanes
    int m_active = 0;
    // Of those, jobs whose model call waits for a model that does not answer: they hold no
    // place of model/max_parallel, so other conversations go on being answered.
    int m_waiting = 0;
    bool m_pumpScheduled = false;
    bool m_stopped = false;  // abortAll(): no job starts any more
    bool m_draining = false; // stopWaiting(): no model call waits for the model any more
    // Spilling: the unfinished jobs with an id above m_spillAfter are in the store alone, and
    // every newer one joins them until they are all read back, so lanes keep the id order.
    bool m_spilling = false;
    qint64 m_spillAfter = 0;
    int m_spilled = 0;
    bool m_spillNoticed = false; // the log said jobs wait in the database: it says when not
    bool m_refillRetry = false;  // a failed read is tried again shortly
};
