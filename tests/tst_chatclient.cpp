// Tests ChatRequest, ChatError, ChatParse and ChatClient against a real HTTP server on 127.0.0.1.
#include "FakeHttpServer.h"
#include "openai/ChatClient.h"
#include "openai/ChatTypes.h"
#include "openai/RequestBuilder.h"

#include "util/NetworkPool.h"
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Finished
{
    int count = 0;
    ChatResult result;
};

// Starts the call and records every finished signal it emits.
std::shared_ptr<Finished> start(ChatCall *call)
{
    auto finished = std::make_shared<Finished>();
    QObject::connect(call, &ChatCall::finished, call, [finished](const ChatResult &r) {
        ++finished->count;
        finished->result = r;
    });
    return finished;
}

ChatRequest simpleRequest()
{
    ChatRequest r;
    r.model = u"gpt-4o-mini"_s;
    r.messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"Hello?"_s}};
    return r;
}

// A port something listened on a moment ago and nothing listens on now.
// Retries off and no streaming: each test here is about one exchange.
ModelSettings settings(const QUrl &base, int timeoutSeconds)
{
    ModelSettings m;
    m.baseUrl = base;
    m.timeoutSeconds = timeoutSeconds;
    m.maxRetries = 0;
    m.retrySeconds = 0;
    m.stream = false;
    return m;
}

CannedResponse withHeader(CannedResponse response, const QByteArray &name, const QByteArray &value)
{
    response.headers.append({name, value});
    return response;
}

QByteArray errorJson(const QJsonValue &code, const QString &type, const QString &message)
{
    const QJsonObject error{{u"message"_s, message},
                            {u"type"_s, type},
                            {u"param"_s, QJsonValue::Null},
                            {u"code"_s, code}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

} // namespace

class TestChatClient final : public QObject
{
    Q_OBJECT

private slots:
    void errorFromHttp_data();
    void errorFromHttp();
    void parseCompletion_data();
    void parseCompletion();

    void postsToChatCompletions_data();
    void postsToChatCompletions();
    void requestIdIsKept_data();
    void requestIdIsKept();
    void httpErrorsAreClassified();
    void redirectIsNotFollowed();
    void unreachable();
    void timeout();
    void abortCancels_data();
    void abortCancels();
};

void TestChatClient::errorFromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ChatError::Kind>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    using K = ChatError::Kind;
    QTest::newRow("401 invalid_api_key")
        << 401
        << openAiErrorBody(u"Incorrect API key provided"_s, u"invalid_request_error"_s,
                           u"invalid_api_key"_s)
        << K::BadKey << u"invalid_api_key"_s << u"Incorrect API key provided"_s;
    QTest::newRow("403 region") << 403
                                << openAiErrorBody(u"Country not supported"_s,
                                                   u"request_forbidden"_s,
                                                   u"unsupported_country_region_territory"_s)
                                << K::BadKey << u"unsupported_country_region_territory"_s
                                << u"Country not supported"_s;
    QTest::newRow("429 rate_limit_exceeded")
        << 429 << openAiErrorBody(u"Rate limit reached"_s, u"requests"_s, u"rate_limit_exceeded"_s)
        << K::RateLimited << u"rate_limit_exceeded"_s << u"Rate limit reached"_s;
    QTest::newRow("429 insufficient_quota as code")
        << 429
        << openAiErrorBody(u"You exceeded your current quota"_s, u"invalid_request_error"_s,
                           u"insufficient_quota"_s)
        << K::QuotaExhausted << u"insufficient_quota"_s << u"You exceeded your current quota"_s;
    QTest::newRow("429 insufficient_quota as type")
        << 429 << openAiErrorBody(u"You exceeded your current quota"_s, u"insufficient_quota"_s, {})
        << K::QuotaExhausted << QString() << u"You exceeded your current quota"_s;
    QTest::newRow("400 context_length_exceeded")
        << 400
        << openAiErrorBody(u"maximum context length is 128000 tokens"_s, u"invalid_request_error"_s,
                           u"context_length_exceeded"_s)
        << K::ContextTooLong << u"context_length_exceeded"_s
        << u"maximum context length is 128000 tokens"_s;
    QTest::newRow("404 model_not_found")
        << 404
        << openAiErrorBody(u"The model `gpt-9` does not exist"_s, u"invalid_request_error"_s,
                           u"model_not_found"_s)
        << K::ModelNotFound << u"model_not_found"_s << u"The model `gpt-9` does not exist"_s;
    QTest::newRow("400 other") << 400
                               << openAiErrorBody(u"Unsupported parameter: 'max_tokens'"_s,
                                                  u"invalid_request_error"_s,
                                                  u"unsupported_parameter"_s)
                               << K::BadRequest << u"unsupported_parameter"_s
                               << u"Unsupported parameter: 'max_tokens'"_s;
    QTest::newRow("500") << 500
                         << openAiErrorBody(u"The server had an error"_s, u"server_error"_s, {})
                         << K::ServerError << QString() << u"The server had an error"_s;
    QTest::newRow("502 html body keeps a message")
        << 502 << QByteArray("<html><body>502 Bad Gateway</body></html>") << K::ServerError
        << QString() << u"502 Bad Gateway"_s;
    QTest::newRow("503 plain text") << 503 << QByteArray("upstream overloaded\n") << K::ServerError
                                    << QString() << u"upstream overloaded"_s;
    QTest::newRow("numeric code") << 400 << errorJson(20015, u"invalid_request_error"_s, u"bad"_s)
                                  << K::BadRequest << u"20015"_s << u"bad"_s;
}

void TestChatClient::errorFromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ChatError::Kind, kind);
    QFETCH(QString, code);
    QFETCH(QString, message);

    const ChatError e = ChatError::fromHttp(status, body, u"req-42"_s);
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.code, code);
    QVERIFY2(e.message.contains(message), qPrintable(e.message));
    QCOMPARE(e.requestId, u"req-42"_s);
    QVERIFY(!e.kindName().isEmpty());
}

void TestChatClient::parseCompletion_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("text");
    QTest::addColumn<ChatError::Kind>("kind");

    using K = ChatError::Kind;
    const auto completion = [](const QJsonValue &content, const QJsonValue &refusal) {
        QJsonObject message{{u"role"_s, u"assistant"_s}, {u"content"_s, content}};
        if (!refusal.isUndefined())
            message.insert(u"refusal"_s, refusal);
        const QJsonObject o{
            {u"model"_s, u"gpt-4o"_s},
            {u"choices"_s,
             QJsonArray{QJsonObject{
                 {u"index"_s, 0}, {u"message"_s, message}, {u"finish_reason"_s, u"stop"_s}}}}};
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    QTest::newRow("good") << chatCompletionBody(u"Hello there"_s) << true << u"Hello there"_s
                          << K::Unreachable;
    QTest::newRow("refusal when content is null")
        << completion(QJsonValue::Null, u"I can't help with that."_s) << true
        << u"I can't help with that."_s << K::Unreachable;
    QTest::newRow("missing choices")
        << QByteArray(R"({"id":"x","object":"chat.completion","model":"m"})") << false << QString()
        << K::BadResponse;
    QTest::newRow("empty choices")
        << QByteArray(R"({"choices":[]})") << false << QString() << K::BadResponse;
    QTest::newRow("empty content")
        << completion(u""_s, QJsonValue::Undefined) << false << QString() << K::BadResponse;
    QTest::newRow("blank content")
        << completion(u"  \n "_s, QJsonValue::Undefined) << false << QString() << K::BadResponse;
    QTest::newRow("not JSON") << QByteArray("<html>maintenance</html>") << false << QString()
                              << K::BadResponse;
    QTest::newRow("error inside a 200")
        << openAiErrorBody(u"You exceeded your current quota"_s, u"insufficient_quota"_s,
                           u"insufficient_quota"_s)
        << false << QString() << K::QuotaExhausted;
    QTest::newRow("rate limit inside a 200")
        << openAiErrorBody(u"Rate limit reached"_s, u"requests"_s, u"rate_limit_exceeded"_s)
        << false << QString() << K::RateLimited;
}

void TestChatClient::parseCompletion()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(QString, text);
    QFETCH(ChatError::Kind, kind);

    const ChatResult r = ChatParse::completion(body, u"req-7"_s);
    QCOMPARE(r.ok, ok);
    if (ok) {
        QCOMPARE(r.answer.text, text);
        QCOMPARE(r.answer.requestId, u"req-7"_s);
    } else {
        QCOMPARE(r.error.kind, kind);
        QCOMPARE(r.error.httpStatus, 200);
        QVERIFY(!r.error.message.isEmpty());
    }
}

void TestChatClient::postsToChatCompletions_data()
{
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("expectedPath");
    QTest::newRow("host only") << QString() << u"sk-test"_s << u"/chat/completions"_s;
    QTest::newRow("root slash") << u"/"_s << u"sk-test"_s << u"/chat/completions"_s;
    QTest::newRow("/v1") << u"/v1"_s << u"sk-test"_s << u"/v1/chat/completions"_s;
    QTest::newRow("/v1/") << u"/v1/"_s << u"sk-test"_s << u"/v1/chat/completions"_s;
    QTest::newRow("deeper path") << u"/compatible-mode/v1"_s << u"sk-test"_s
                                 << u"/compatible-mode/v1/chat/completions"_s;
    QTest::newRow("no key (Ollama)") << u"/v1"_s << QString() << u"/v1/chat/completions"_s;
}

void TestChatClient::postsToChatCompletions()
{
    QFETCH(QString, basePath);
    QFETCH(QString, apiKey);
    QFETCH(QString, expectedPath);

    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, chatCompletionBody(u"Hi!"_s, 21, 3, u"gpt-4o-mini-2024"_s)));
    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(basePath), 30), apiKey);

    const ChatRequest request = simpleRequest();
    const auto finished = start(client.complete(request));
    QTRY_COMPARE(finished->count, 1);

    QCOMPARE(fake.count(), 1);
    const RecordedRequest &r = fake.requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, expectedPath);
    QVERIFY2(r.headers.value("content-type").startsWith("application/json"),
             r.headers.value("content-type").constData());
    if (apiKey.isEmpty())
        QVERIFY(!r.headers.contains("authorization"));
    else
        QCOMPARE(r.headers.value("authorization"), "Bearer " + apiKey.toUtf8());
    QCOMPARE(r.json(), QJsonDocument::fromJson(
                           RequestBuilder::chatBody(settings(fake.url(basePath), 30), request))
                           .object());

    const ChatResult &result = finished->result;
    QVERIFY2(result.ok, qPrintable(result.error.message));
    QCOMPARE(result.answer.text, u"Hi!"_s);
    QCOMPARE(result.answer.model, u"gpt-4o-mini-2024"_s);
    QCOMPARE(result.answer.finishReason, u"stop"_s);
    QCOMPARE(result.answer.promptTokens, 21);
    QCOMPARE(result.answer.completionTokens, 3);
}

void TestChatClient::requestIdIsKept_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::newRow("answer") << 200 << chatCompletionBody(u"ok"_s) << true;
    QTest::newRow("error") << 429
                           << openAiErrorBody(u"slow down"_s, u"requests"_s,
                                              u"rate_limit_exceeded"_s)
                           << false;
    QTest::newRow("bad 200") << 200 << QByteArray("{}") << false;
}

void TestChatClient::requestIdIsKept()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);

    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(withHeader(canned(status, body), "x-request-id", "req_abc123"));
    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(u"/v1"_s), 30), u"sk-test"_s);

    const auto finished = start(client.complete(simpleRequest()));
    QTRY_COMPARE(finished->count, 1);
    QCOMPARE(finished->result.ok, ok);
    if (ok)
        QCOMPARE(finished->result.answer.requestId, u"req_abc123"_s);
    else
        QCOMPARE(finished->result.error.requestId, u"req_abc123"_s);
}

void TestChatClient::httpErrorsAreClassified()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(429, openAiErrorBody(u"You exceeded your current quota"_s,
                                                u"insufficient_quota"_s, u"insufficient_quota"_s)));
    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(u"/v1"_s), 30), u"sk-test"_s);

    const auto finished = start(client.complete(simpleRequest()));
    QTRY_COMPARE(finished->count, 1);
    QVERIFY(!finished->result.ok);
    QCOMPARE(finished->result.error.kind, ChatError::Kind::QuotaExhausted);
    QCOMPARE(finished->result.error.httpStatus, 429);
    QCOMPARE(finished->result.error.message, u"You exceeded your current quota"_s);
}

void TestChatClient::redirectIsNotFollowed()
{
    FakeHttpServer elsewhere;
    QVERIFY(elsewhere.listen() != 0);
    elsewhere.setDefault(canned(200, chatCompletionBody(u"stolen"_s)));
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(withHeader(canned(302, QByteArray()), "Location",
                               elsewhere.url(u"/v1/chat/completions"_s).toEncoded()));

    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(u"/v1"_s), 30), u"sk-secret"_s);
    const auto finished = start(client.complete(simpleRequest()));
    // The call ends only after Qt has decided about the redirect: had it followed, elsewhere
    // would have its request by now.
    QTRY_COMPARE(finished->count, 1);
    QCOMPARE(fake.count(), 1);
    QCOMPARE(elsewhere.count(), 0);
    QVERIFY(!finished->result.ok);
    QCOMPARE(finished->result.error.httpStatus, 302);
    QCOMPARE(finished->result.error.kind, ChatError::Kind::BadResponse);
    QVERIFY2(finished->result.error.message.contains(QString::number(elsewhere.url().port())),
             qPrintable(finished->result.error.message));
}

void TestChatClient::unreachable()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QUrl base(u"http://127.0.0.1/v1"_s);
    base.setPort(port);

    NetworkPool network(1);
    ChatClient client(&network, settings(base, 30), u"sk-test"_s);
    const auto finished = start(client.complete(simpleRequest()));
    QTRY_COMPARE(finished->count, 1);
    QVERIFY(!finished->result.ok);
    QCOMPARE(finished->result.error.kind, ChatError::Kind::Unreachable);
    QCOMPARE(finished->result.error.httpStatus, 0);
    QVERIFY(!finished->result.error.message.isEmpty());
}

void TestChatClient::timeout()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, chatCompletionBody(u"too late"_s), 3000));

    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(u"/v1"_s), 1), u"sk-test"_s);
    const auto finished = start(client.complete(simpleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(finished->count, 1, 2800);
    QVERIFY(!finished->result.ok);
    QCOMPARE(finished->result.error.kind, ChatError::Kind::Timeout);
    QCOMPARE(finished->result.error.httpStatus, 0);
}

void TestChatClient::abortCancels_data()
{
    QTest::addColumn<bool>("waitForServer");
    QTest::newRow("before the request left") << false;
    QTest::newRow("while the server thinks") << true;
}

void TestChatClient::abortCancels()
{
    QFETCH(bool, waitForServer);
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, chatCompletionBody(u"too late"_s), 1500));

    NetworkPool network(1);
    ChatClient client(&network, settings(fake.url(u"/v1"_s), 30), u"sk-test"_s);
    ChatCall *call = client.complete(simpleRequest());
    QPointer<ChatCall> alive(call);
    QSignalSpy spy(call, &ChatCall::finished);
    QSignalSpy late(&fake, &FakeHttpServer::answered);
    const auto finished = start(call);
    if (waitForServer)
        QTRY_COMPARE(fake.count(), 1);

    call->abort();
    call->abort(); // a second abort (shutdown racing a timeout) must not finish twice
    QTRY_COMPARE(finished->count, 1);
    QVERIFY(!finished->result.ok);
    QCOMPARE(finished->result.error.kind, ChatError::Kind::Cancelled);

    // The call deletes itself, and the delayed answer does not bring a second signal.
    QTRY_VERIFY(alive.isNull());
    if (waitForServer)
        QTRY_COMPARE_WITH_TIMEOUT(late.count(), 1, 5000);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(finished->count, 1);
}

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"
