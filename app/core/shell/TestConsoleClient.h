// TestConsoleClient: plays DingTalk against the running relay and times each hop of an answer.
#pragma once

#include "relay/Relay.h"
#include "relay/TestSink.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QTimer;
struct Job;

// One test message and what became of it. Times are milliseconds since it was sent; -1: not
// (yet) reached.
struct TestRun
{
    enum class Via {
        Local,     // a signed callback to the relay's own address
        PublicUrl, // the same through the public URL: checks the tunnel too
        Stream,    // handed over as if the robot's Stream connection had pushed it
    };
    QString id; // the msgId, and the sink session its answers come back to
    QString robotId;
    QString question;
    Via via = Via::Local;
    QUrl callbackUrl;  // empty for Stream
    int ackStatus = 0; // the relay's HTTP answer to the callback; 0: none (yet)
    qint64 ackMs = -1;
    qint64 firstByteMs = -1; // the model's first piece of answer
    qint64 deliveredMs = -1; // the answer's last part arrived at the sink
    QList<SinkMessage> replies;
    bool done = false;
    bool delivered = false;
    QString error; // why the run failed, in a sentence
};

class TestConsoleClient final : public QObject
{
    Q_OBJECT
public:
    explicit TestConsoleClient(QObject *parent = nullptr);
    ~TestConsoleClient() override;

    // The relay to test; null while none runs. Runs in flight end with an error when it goes.
    void setRelay(Relay *relay);
    Relay *relay() const { return m_relay; }
    // A run with no answer by then ends with an error.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // The staffId the messages come from: the robot's allow_senders and admins apply to it.
    void setSenderStaffId(const QString &staffId) { m_staffId = staffId; }
    QString senderStaffId() const { return m_staffId; }
    static constexpr auto DefaultStaffId = "dingrelay-test-console";

    // Sends text as a DingTalk user of robotId would. Local and PublicUrl need an HTTP robot;
    // publicBase is the tunnel's URL for PublicUrl. Returns the run's id, or an empty string
    // with *error set when nothing could be sent.
    QString send(const QString &robotId, const QString &text, TestRun::Via via,
                 const QUrl &publicBase, QString *error);

    // The relay's own address for callbacks of robotId (loopback when it listens on all).
    QUrl localCallbackUrl(const QString &robotId) const;

signals:
    void updated(const TestRun &run);
    void finished(const TestRun &run);

private:
    struct Active
    {
        TestRun run;
        QElapsedTimer clock;
        qint64 jobId = 0;
        QTimer *timeout = nullptr;
    };

    QByteArray callbackBody(const QString &robotId, const QString &id, const QString &text) const;
    void post(const QString &id, const QUrl &url, const QByteArray &body);
    void onAccepted(const Job &job);
    void onAnswering(const Job &job);
    void onSink(const SinkMessage &message);
    void onJobFinished(qint64 jobId, bool delivered);
    void fail(const QString &id, const QString &error);
    void complete(Active &active);

    QPointer<Relay> m_relay;
    QPointer<TestSink> m_sink;
    QNetworkAccessManager *m_network;
    QHash<QString, Active> m_active;
    int m_timeoutMs = 5 * 60 * 1000;
    QString m_staffId = QLatin1StringView(DefaultStaffId);
};
