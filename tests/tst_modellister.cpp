// ModelLister: listing a provider's models from a fake server, and each way that can fail.
#include "FakeHttpServer.h"

#include "openai/ModelLister.h"
#include "util/NetworkPool.h"

#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

struct Outcome
{
    QStringList ids;
    ChatError error;
    bool ok = false;
};

} // namespace

class TestModelLister final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sortedIds();
    void ollamaWithoutKey();
    void badKey();
    void notJson_data();
    void notJson();
    void serverError();
    void unreachable();
    void azureUrl();
    void redirectIsAnError();
    void contextGone();

private:
    // Runs one listing against the given settings and waits for its outcome.
    std::optional<Outcome> run(const ModelSettings &m, const QString &key);
    ModelSettings settings(const QString &preset, const QString &basePath = u"/v1"_s) const;

    std::unique_ptr<FakeHttpServer> m_fake;
    std::unique_ptr<NetworkPool> m_pool;
};

void TestModelLister::init()
{
    m_fake = std::make_unique<FakeHttpServer>();
    QVERIFY(m_fake->listen() != 0);
    m_pool = std::make_unique<NetworkPool>(2);
}

ModelSettings TestModelLister::settings(const QString &preset, const QString &basePath) const
{
    ModelSettings m;
    m.preset = preset;
    m.apiKeyHeader = preset == u"azure"_s;
    m.baseUrl = m_fake->url(basePath);
    return m;
}

std::optional<Outcome> TestModelLister::run(const ModelSettings &m, const QString &key)
{
    std::optional<Outcome> out;
    int calls = 0;
    QObject context;
    ModelLister::list(m_pool.get(), m, key, &context,
                      [&](const QStringList &ids, const ChatError &error, bool ok) {
                          ++calls;
                          out = Outcome{ids, error, ok};
                      });
    if (!QTest::qWaitFor([&] { return calls > 0; }, 10000))
        return std::nullopt;
    // No event says "no second answer": a short wait gives a stray one time to show.
    QTest::qWait(20);
    if (calls != 1)
        return std::nullopt;
    return out;
}

void TestModelLister::sortedIds()
{
    m_fake->setDefault(canned(200, R"({"object":"list","data":[
        {"id":"gpt-4o-mini","object":"model"},{"id":"gpt-40"},{"id":"Ada"},{"id":"gpt-4"},
        {"id":"gpt-4o"},{"id":""},{"object":"model"},{"id":"gpt-4o"}]})"));
    const auto out = run(settings(u"openai"_s), u"sk-list"_s);
    QVERIFY(out);
    QVERIFY(out->ok);
    QCOMPARE(out->ids,
             (QStringList{u"Ada"_s, u"gpt-4"_s, u"gpt-4o"_s, u"gpt-4o-mini"_s, u"gpt-40"_s}));
    QCOMPARE(m_fake->count(), 1);
    const RecordedRequest &got = m_fake->requests().constFirst();
    QCOMPARE(got.method, QByteArray("GET"));
    QCOMPARE(got.path, u"/v1/models"_s);
    QCOMPARE(got.headers.value("authorization"), QByteArray("Bearer sk-list"));
}

void TestModelLister::ollamaWithoutKey()
{
    m_fake->setDefault(canned(200, R"({"object":"list","data":[
        {"id":"qwen2.5:7b","object":"model","owned_by":"library"},
        {"id":"llama3.2:latest","object":"model","owned_by":"library"}]})"));
    const auto out = run(settings(u"ollama"_s), QString());
    QVERIFY(out);
    QVERIFY(out->ok);
    QCOMPARE(out->ids, (QStringList{u"llama3.2:latest"_s, u"qwen2.5:7b"_s}));
    QVERIFY(!m_fake->requests().constFirst().headers.contains("authorization"));
}

void TestModelLister::badKey()
{
    CannedResponse r =
        canned(401, openAiErrorBody(u"Incorrect API key provided: sk-…beef."_s,
                                    u"invalid_request_error"_s, u"invalid_api_key"_s));
    r.headers.append(qMakePair(QByteArray("x-request-id"), QByteArray("req_123")));
    m_fake->setDefault(r);
    const auto out = run(settings(u"openai"_s), u"sk-bad"_s);
    QVERIFY(out);
    QVERIFY(!out->ok);
    QVERIFY(out->ids.isEmpty());
    QCOMPARE(out->error.kind, ChatError::Kind::BadKey);
    QCOMPARE(out->error.httpStatus, 401);
    QCOMPARE(out->error.code, u"invalid_api_key"_s);
    QCOMPARE(out->error.requestId, u"req_123"_s);
}

void TestModelLister::notJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("html") << QByteArray("<html><body>Welcome to nginx!</body></html>");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no data") << QByteArray(R"({"models":[{"name":"x"}]})");
    QTest::newRow("data not a list") << QByteArray(R"({"data":{"id":"x"}})");
}

void TestModelLister::notJson()
{
    QFETCH(QByteArray, body);
    CannedResponse r = canned(200, body);
    r.contentType = "text/html";
    m_fake->setDefault(r);
    const auto out = run(settings(u"custom"_s), u"sk-x"_s);
    QVERIFY(out);
    QVERIFY(!out->ok);
    QCOMPARE(out->error.kind, ChatError::Kind::BadResponse);
    QCOMPARE(out->error.httpStatus, 200);
    QVERIFY(!out->error.message.isEmpty());
}

void TestModelLister::serverError()
{
    m_fake->setDefault(canned(503, "upstream down"));
    const auto out = run(settings(u"deepseek"_s), u"sk-x"_s);
    QVERIFY(out);
    QVERIFY(!out->ok);
    QCOMPARE(out->error.kind, ChatError::Kind::ServerError);
    QCOMPARE(out->error.httpStatus, 503);
}

void TestModelLister::unreachable()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and now has nobody listening
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ModelSettings m = settings(u"openai"_s);
    m.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
    const auto out = run(m, u"sk-x"_s);
    QVERIFY(out);
    QVERIFY(!out->ok);
    QCOMPARE(out->error.kind, ChatError::Kind::Unreachable);
    QCOMPARE(out->error.httpStatus, 0);
    QVERIFY(!out->error.message.isEmpty());
}

void TestModelLister::azureUrl()
{
    m_fake->setDefault(canned(200, R"({"data":[{"id":"gpt-4o"},{"id":"gpt-35-turbo"}]})"));
    ModelSettings m = settings(u"azure"_s, QString());
    m.apiVersion = u"2024-06-01"_s;
    const auto out = run(m, u"azure-key-0123456789"_s);
    QVERIFY(out);
    QVERIFY(out->ok);
    QCOMPARE(out->ids, (QStringList{u"gpt-4o"_s, u"gpt-35-turbo"_s})); // 4 < 35
    const RecordedRequest &got = m_fake->requests().constFirst();
    QCOMPARE(got.path, u"/openai/models"_s);
    QCOMPARE(got.query.queryItemValue(u"api-version"_s), u"2024-06-01"_s);
    QCOMPARE(got.headers.value("api-key"), QByteArray("azure-key-0123456789"));
    QVERIFY(!got.headers.contains("authorization"));
}

void TestModelLister::redirectIsAnError()
{
    FakeHttpServer elsewhere;
    QVERIFY(elsewhere.listen() != 0);
    elsewhere.setDefault(canned(200, R"({"data":[{"id":"stolen"}]})"));
    CannedResponse moved = canned(301, "{}");
    moved.headers.append({"Location", elsewhere.url(u"/v1/models"_s).toEncoded()});
    m_fake->setDefault(moved);
    const auto out = run(settings(u"openai"_s), u"sk-x"_s);
    QVERIFY(out);
    QVERIFY(!out->ok);
    QCOMPARE(out->error.httpStatus, 301);
    QVERIFY(out->error.message.contains(elsewhere.url().toString()));
    // Answered with the redirect itself, so none was followed.
    QCOMPARE(elsewhere.count(), 0);
}

void TestModelLister::contextGone()
{
    m_fake->setDefault(canned(200, R"({"data":[{"id":"a"}]})", 300));
    int calls = 0;
    auto context = std::make_unique<QObject>();
    // The manager the call is about to take: both are idle, so the first.
    QSignalSpy replies(m_pool->pick(), &QNetworkAccessManager::finished);
    ModelLister::list(m_pool.get(), settings(u"openai"_s), u"sk-x"_s, context.get(),
                      [&calls](const QStringList &, const ChatError &, bool) { ++calls; });
    QTRY_COMPARE(m_fake->count(), 1);
    context.reset();
    // The late answer arrives, and finds no one to tell.
    QTRY_COMPARE(replies.count(), 1);
    QTest::qWait(0);
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(TestModelLister)
#include "tst_modellister.moc"
