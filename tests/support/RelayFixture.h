// RelayFixture: one relay under test with its data in a temporary directory, a fake model and
// a fake DingTalk side (a webhook sink, or FakeDingTalk), torn down relay first.
#pragma once

#include "config/Config.h"
#include "relay/Relay.h"
#include "storage/HistoryRows.h"
#include "storage/Store.h"

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <QVariant>

#include <memory>

class FakeDingTalk;
class FakeHttpServer;

class RelayFixture final
{
public:
    enum class Side {
        // A FakeHttpServer that takes every post (RelayFakes::acceptPosts); config is
        // RelayFakes::loopbackConfig, the model echoes (RelayFakes::echoQuestions).
        Sink,
        // A FakeDingTalk; the model answers nothing until the suite says; config is
        // RelayFakes::dingTalkConfig, without robots: each suite adds its own and sets their
        // app on dingtalk().
        DingTalk,
    };

    explicit RelayFixture(Side side = Side::Sink);
    ~RelayFixture();
    RelayFixture(const RelayFixture &) = delete;
    RelayFixture &operator=(const RelayFixture &) = delete;

    // False if the directory or a fake server could not be set up (errorString says which).
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString dataDir() const { return filePath(QStringLiteral("data")); }
    FakeHttpServer &model() { return *m_model; }
    const FakeHttpServer &model() const { return *m_model; }
    FakeHttpServer &sink(); // Side::Sink only
    const FakeHttpServer &sink() const;
    FakeDingTalk &dingtalk(); // Side::DingTalk only

    // What the next start() gives the relay; a suite changes both before it starts one.
    AppConfig config;
    SecretBundle secrets;

    // Drops the running relay, if any, and starts a new one with config and secrets.
    bool start(QString *error);
    // Drops the relay without a shutdown, as a crash would leave its data.
    void stop() { m_relay.reset(); }
    Relay *relay() const { return m_relay.get(); }

    // The relay's own address on loopback, e.g. url(u"/healthz").
    QUrl url(const QString &path) const;
    // Where DingTalk posts robot's callbacks (callbackPath /dingtalk/<robot>).
    QUrl callbackUrl(const QString &robot) const;

    // The relay's SQLite file, and reading it as another program would (TestDatabase):
    // messages as the history window shows them (all, or of one role), and SQL for the rest.
    QString databasePath() const;
    QList<MessageRow> messages(const QString &role = {}) const;
    QVariant scalar(const QString &sql) const;
    int exec(const QString &sql) const;
    // Read as the relay reads them on a restart, over a Database of its own: the jobs it
    // would take up again (Store::unfinishedJobs), the stored parts of a job's answer
    // (Store::parts), and a robot's DingTalk calls of a month (ApiCallCounter::count; -1 if
    // the file cannot be opened).
    QList<Job> unfinishedJobs() const;
    QList<Part> parts(qint64 jobId) const;
    qint64 apiCalls(const QString &robotId, const QString &month) const;
    // Stores an earlier message of callback's chat (its group, or in a 1:1 chat its sender)
    // as answered, as if it had come and gone before: an HTTP robot answers through the
    // OpenAPI only in chats it has heard from. Call it before start(). False on failure.
    bool heardFrom(const QString &robotId, const QJsonObject &callback) const;

private:
    QString m_error;
    QTemporaryDir m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeHttpServer> m_sink;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<Relay> m_relay;
};
