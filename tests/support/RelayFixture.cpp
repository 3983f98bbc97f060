#include "RelayFixture.h"

#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFakes.h"
#include "TestDatabase.h"

#include "dingtalk/InboundMessage.h"
#include "storage/ApiCallCounter.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

RelayFixture::RelayFixture(Side side)
    : m_model(std::make_unique<FakeHttpServer>())
{
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory: "_s + m_dir.errorString();
        return;
    }
    if (m_model->listen() == 0) {
        m_error = u"the fake model does not listen"_s;
        return;
    }
    if (side == Side::DingTalk) {
        m_dingtalk = std::make_unique<FakeDingTalk>();
        if (m_dingtalk->listen() == 0)
            m_error = u"the fake DingTalk does not listen"_s;
        config = RelayFakes::dingTalkConfig(dataDir(), *m_model, *m_dingtalk);
        return;
    }
    m_sink = std::make_unique<FakeHttpServer>();
    if (m_sink->listen() == 0) {
        m_error = u"the webhook sink does not listen"_s;
        return;
    }
    RelayFakes::echoQuestions(*m_model);
    RelayFakes::acceptPosts(*m_sink);
    config = RelayFakes::loopbackConfig(dataDir(), *m_model, *m_sink);
}

// The relay goes first: it may still hold connections to the fakes and files in the directory.
RelayFixture::~RelayFixture()
{
    m_relay.reset();
}

FakeHttpServer &RelayFixture::sink()
{
    Q_ASSERT(m_sink);
    return *m_sink;
}

const FakeHttpServer &RelayFixture::sink() const
{
    Q_ASSERT(m_sink);
    return *m_sink;
}

FakeDingTalk &RelayFixture::dingtalk()
{
    Q_ASSERT(m_dingtalk);
    return *m_dingtalk;
}

bool RelayFixture::start(QString *error)
{
    m_relay.reset();
    m_relay = std::make_unique<Relay>(config, secrets);
    return m_relay->start(error);
}

QUrl RelayFixture::url(const QString &path) const
{
    Q_ASSERT(m_relay);
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_relay->port()).arg(path));
}

QUrl RelayFixture::callbackUrl(const QString &robot) const
{
    return url(u"/dingtalk/"_s + robot);
}

QString RelayFixture::databasePath() const
{
    return RelayFakes::databasePath(config);
}

QList<MessageRow> RelayFixture::messages(const QString &role) const
{
    return role.isEmpty() ? TestDatabase::messages(databasePath())
                          : TestDatabase::messages(databasePath(), role);
}

QVariant RelayFixture::scalar(const QString &sql) const
{
    return TestDatabase::value(databasePath(), sql);
}

int RelayFixture::exec(const QString &sql) const
{
    return TestDatabase::exec(databasePath(), sql);
}

QList<Job> RelayFixture::unfinishedJobs() const
{
    Database db;
    if (!db.open(config.dataDir))
        return {};
    Store store(db);
    return store.unfinishedJobs();
}

bool RelayFixture::heardFrom(const QString &robotId, const QJsonObject &callback) const
{
    const ParseResult parsed = InboundParser::parse(QJsonDocument(callback).toJson());
    if (!parsed.message)
        return false;
    InboundMessage earlier = *parsed.message;
    earlier.msgId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    Database db;
    if (!db.open(config.dataDir))
        return false;
    Store store(db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const AcceptResult accepted = store.accept(robotId, earlier, now - 60 * 1000);
    return accepted.outcome == AcceptResult::Outcome::Accepted &&
           store.markDelivered(accepted.jobId, now - 60 * 1000);
}

QList<Part> RelayFixture::parts(qint64 jobId) const
{
    Database db;
    if (!db.open(config.dataDir))
        return {};
    Store store(db);
    return store.parts(jobId);
}

qint64 RelayFixture::apiCalls(const QString &robotId, const QString &month) const
{
    Database db;
    if (!db.open(config.dataDir))
        return -1;
    const ApiCallCounter counter(db);
    return counter.count(robotId, month);
}
