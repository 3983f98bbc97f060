#include "shell/TestConsoleClient.h"

#include "relay/Pipeline.h"
#include "relay/Relay.h"
#include "storage/Store.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
constexpr int CallbackTimeoutMs = 15000;
constexpr qint64 SessionLifetimeMs = 90 * 60 * 1000; // as DingTalk's
} // namespace

TestConsoleClient::TestConsoleClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

TestConsoleClient::~TestConsoleClient() = default;

void TestConsoleClient::setRelay(Relay *relay)
{
    if (relay && relay == m_relay)
        return;
    if (m_relay)
        m_relay->disconnect(this);
    const QStringList ids = m_active.keys();
    for (const QString &id : ids)
        fail(id, u"the relay stopped before the answer arrived"_s);
    m_relay = relay;
    m_sink = nullptr;
    if (!relay)
        return;
    connect(relay, &Relay::messageAccepted, this, &TestConsoleClient::onAccepted);
    connect(relay->pipeline(), &Pipeline::modelAnswering, this, &TestConsoleClient::onAnswering);
    connect(relay->pipeline(), &Pipeline::jobFinished, this, &TestConsoleClient::onJobFinished);
    connect(relay, &QObject::destroyed, this, [this] { setRelay(nullptr); });
}

QUrl TestConsoleClient::localCallbackUrl(const QString &robotId) const
{
    if (!m_relay)
        return {};
    const RobotSettings *robot = m_relay->config().robotById(robotId);
    if (!robot)
        return {};
    QHostAddress host = m_relay->config().relay.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_relay->port());
    url.setPath(robot->callbackPath);
    return url;
}

QByteArray TestConsoleClient::callbackBody(const QString &robotId, const QString &id,
                                           const QString &text) const
{
    const RobotSettings *robot = m_relay->config().robotById(robotId);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Every field DingTalk sends with a 1:1 text message. Its conversationId marks it as a
    // test (see TestSink), so its answer takes the sessionWebhook only, never the OpenAPI.
    const QJsonObject message{
        {u"msgtype"_s, u"text"_s},
        {u"text"_s, QJsonObject{{u"content"_s, text}}},
        {u"msgId"_s, id},
        {u"createAt"_s, double(now)},
        {u"conversationType"_s, u"1"_s},
        {u"conversationId"_s,
         u"%1-%2"_s.arg(QLatin1StringView(TestSink::ConversationPrefix), robotId)},
        {u"senderId"_s, u"$:LWCP_v1:$dingrelay-test-console"_s},
        {u"senderNick"_s, u"Test console"_s},
        {u"senderStaffId"_s, m_staffId},
        {u"senderCorpId"_s, u"dingrelay-test"_s},
        {u"chatbotUserId"_s, u"$:LWCP_v1:$dingrelay-robot"_s},
        {u"robotCode"_s, robot->clientId},
        {u"isAdmin"_s, false},
        {u"isInAtList"_s, true},
        {u"sessionWebhook"_s, m_sink->webhookFor(id).toString()},
        {u"sessionWebhookExpiredTime"_s, double(now + SessionLifetimeMs)},
    };
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QString TestConsoleClient::send(const QString &robotId, const QString &text, TestRun::Via via,
                                const QUrl &publicBase, QString *error)
{
    if (!m_relay) {
        *error = u"The relay is not running: start it first."_s;
        return {};
    }
    const RobotSettings *robot = m_relay->config().robotById(robotId);
    if (!robot) {
        *error = u"There is no robot \"%1\" in the settings."_s.arg(robotId);
        return {};
    }
    if (text.trimmed().isEmpty()) {
        *error = u"Type a message first."_s;
        return {};
    }
    const bool stream = robot->mode == RobotMode::Stream;
    if (stream != (via == TestRun::Via::Stream)) {
        *error =
            stream ? u"Robot %1 uses Stream mode: it has no callback URL to send to."_s.arg(robotId)
                   : u"Robot %1 uses HTTP callbacks, not Stream mode."_s.arg(robotId);
        return {};
    }
    QUrl url;
    if (via == TestRun::Via::Local) {
        url = localCallbackUrl(robotId);
    } else if (via == TestRun::Via::PublicUrl) {
        if (!publicBase.isValid() || publicBase.host().isEmpty()) {
            *error = u"No public URL is known yet: set one up under Relay and tunnel."_s;
            return {};
        }
        url = publicBase;
        QString path = publicBase.path();
        if (path.endsWith(u'/'))
            path.chop(1);
        url.setPath(path + robot->callbackPath);
    }
    if (!m_sink) {
        m_sink = m_relay->openTestSink(error);
        if (!m_sink)
            return {};
        connect(m_sink, &TestSink::received, this, &TestConsoleClient::onSink);
    }

    const QString id = u"dingrelay-test-"_s + QUuid::createUuid().toString(QUuid::Id128);
    Active &active = m_active[id];
    active.run.id = id;
    active.run.robotId = robotId;
    active.run.question = text;
    active.run.via = via;
    active.run.callbackUrl = url;
    active.timeout = new QTimer(this);
    active.timeout->setSingleShot(true);
    connect(active.timeout, &QTimer::timeout, this,
            [this, id] { fail(id, u"no answer arrived within %1 s"_s.arg(m_timeoutMs / 1000)); });
    active.timeout->start(m_timeoutMs);
    const QByteArray body = callbackBody(robotId, id, text);
    active.clock.start();
    emit updated(active.run);

    if (via == TestRun::Via::Stream) {
        QString why;
        const int status = m_relay->submitAsStream(robotId, body, &why);
        if (!m_active.contains(id))
            return id;
        Active &a = m_active[id];
        a.run.ackStatus = status;
        a.run.ackMs = a.clock.elapsed();
        if (status != 200)
            fail(id, u"the relay did not take the message: %1"_s.arg(why));
        else
            emit updated(a.run);
        return id;
    }
    post(id, url, body);
    return id;
}

void TestConsoleClient::post(const QString &id, const QUrl &url, const QByteArray &body)
{
    const qint64 timestamp = QDateTime::currentMSecsSinceEpoch();
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("timestamp", QByteArray::number(timestamp));
    request.setRawHeader("sign", m_relay->signCallback(m_active.value(id).run.robotId, timestamp));
    request.setTransferTimeout(CallbackTimeoutMs);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        auto it = m_active.find(id);
        if (it == m_active.end())
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        it->run.ackStatus = status;
        it->run.ackMs = it->clock.elapsed();
        if (status == 0) {
            fail(id, u"could not reach %1: %2"_s.arg(it->run.callbackUrl.toString(),
                                                     reply->errorString()));
            return;
        }
        if (status != 200) {
            const QString why =
                QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toString();
            fail(id, u"the callback was refused with HTTP %1%2"_s.arg(status).arg(
                         why.isEmpty() ? QString() : u": "_s + why));
            return;
        }
        emit updated(it->run);
        if (it->run.done) // everything arrived before the acknowledgement was read
            complete(*it);
    });
}

void TestConsoleClient::onAccepted(const Job &job)
{
    auto it = m_active.find(job.message.msgId);
    if (it != m_active.end())
        it->jobId = job.id;
}

void TestConsoleClient::onAnswering(const Job &job)
{
    auto it = m_active.find(job.message.msgId);
    if (it == m_active.end() || it->run.firstByteMs >= 0)
        return;
    it->run.firstByteMs = it->clock.elapsed();
    emit updated(it->run);
}

void TestConsoleClient::onSink(const SinkMessage &message)
{
    auto it = m_active.find(message.session);
    if (it == m_active.end())
        return;
    it->run.replies << message;
    it->run.deliveredMs = it->clock.elapsed();
    emit updated(it->run);
}

void TestConsoleClient::onJobFinished(qint64 jobId, bool delivered)
{
    for (auto it = m_active.begin(); it != m_active.end(); ++it) {
        if (it->jobId != jobId)
            continue;
        it->run.done = true;
        it->run.delivered = delivered;
        if (!delivered)
            it->run.error = u"the relay could not deliver the answer (see the log)"_s;
        // A callback's acknowledgement may still be on its way; the run ends with it.
        if (it->run.ackStatus != 0)
            complete(*it);
        return;
    }
}

void TestConsoleClient::fail(const QString &id, const QString &error)
{
    auto it = m_active.find(id);
    if (it == m_active.end())
        return;
    it->run.done = true;
    it->run.error = error;
    complete(*it);
}

void TestConsoleClient::complete(Active &active)
{
    const TestRun run = active.run;
    active.timeout->stop();
    active.timeout->deleteLater(); // this may be its own timeout signal
    m_active.remove(run.id);
    emit finished(run);
}
