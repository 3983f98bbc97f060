// Pipeline: takes accepted jobs to an answer: command or model call, record, delivery.
#pragma once

#include "config/Config.h"
#include "storage/Store.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <QSet>

class ChatCall;
class ChatClient;
class Delivery;
struct ChatResult;

class Pipeline final : public QObject
{
    Q_OBJECT
public:
    Pipeline(const AppConfig &config, Store &store, ChatClient &chat, Delivery &delivery,
             QObject *parent = nullptr);

    // Jobs of one conversation run one after another, in the order submitted; different
    // conversations run side by side, up to model/max_parallel at once.
    void submit(const Job &job);

    int queued() const { return m_queued; }
    int active() const { return m_active; }
    bool isIdle() const { return m_queued == 0 && m_active == 0; }

    // Cancels model calls in flight: their jobs stay unfinished in the store and are taken
    // up again at the next start.
    void abortAll();

signals:
    void jobFinished(qint64 jobId, bool delivered);
    void idle();

private:
    struct Lane
    {
        QQueue<Job> jobs;
        bool busy = false;
    };

    void schedulePump();
    void pump();
    void run(const Job &job);
    void askModel(const Job &job, const RobotSettings &robot);
    void onModelResult(const Job &job, const RobotSettings &robot, const ChatResult &result);
    void recordAndDeliver(Job job, const JobRecord &record);
    void deliver(const Job &job);
    void finish(const Job &job, bool delivered);
    void release(const QString &lane);

    const AppConfig &m_config;
    Store &m_store;
    ChatClient &m_chat;
    Delivery &m_delivery;
    QHash<QString, Lane> m_lanes;
    QQueue<QString> m_ready; // lanes with a job waiting and none running
    QSet<ChatCall *> m_calls;
    int m_queued = 0;
    int m_active = 0;
    bool m_pumpScheduled = false;
};
