// ChatClient over real HTTP: streamed answers, timeouts, retries with their delays, API keys.
#include "FakeHttpServer.h"
#include "ManualScheduler.h"

#include "openai/ChatClient.h"
#include "openai/KeyRing.h"
#include "util/NetworkPool.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(DINGRELAY_FIXTURES_DIR) + u"/openai-sse/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray chunk(const QString &content, const QString &finish = {})
{
    QByteArray json =
        R"({"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":")" +
        content.toUtf8() + R"("},"finish_reason":)" +
        (finish.isEmpty() ? QByteArray("null") : '"' + finish.toUtf8() + '"') + "}]}";
    return "data: " + json + "\n\n";
}

struct Outcome
{
    int count = 0;
    ChatResult result;
    QStringList deltas;
};

std::shared_ptr<Outcome> watch(ChatCall *call)
{
    auto out = std::make_shared<Outcome>();
    QObject::connect(call, &ChatCall::finished, [out](const ChatResult &r) {
        ++out->count;
        out->result = r;
    });
    QObject::connect(call, &ChatCall::delta, [out](const QString &text) { out->deltas << text; });
    return out;
}

ChatRequest question()
{
    ChatRequest r;
    r.model = u"gpt-4o-mini"_s;
    r.messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"Hello?"_s}};
    return r;
}

} // namespace

class TestChatStream : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void streamsARecordedAnswer();
    void asksForAStream();
    void streamedPiecesArriveAsDeltas();
    void firstByteTimeout();
    void idleTimeoutKeepsPartialText();
    void truncatedStreamIsRetried();
    void partialAnswerShownIsNotRetried();
    void errorInsideTheStream();
    void retriesWithTheServersDelay();
    void givesUpAfterMaxRetries();
    void neverRetriesQuota();
    void abortWhileWaitingToRetry();
    void rotatesKeys();
    void setsAsideABadKey();
    void failsWhenEveryKeyIsBad();

private:
    std::unique_ptr<ChatClient> client(int maxRetries = 2, const QString &keys = u"sk-one"_s);

    std::unique_ptr<FakeHttpServer> m_fake;
    std::unique_ptr<NetworkPool> m_pool;
    ManualScheduler m_scheduler;
    ModelSettings m_model;
};

void TestChatStream::init()
{
    m_fake = std::make_unique<FakeHttpServer>();
    QVERIFY(m_fake->listen() != 0);
    m_pool = std::make_unique<NetworkPool>(6);
    m_scheduler.reset();
    m_model = ModelSettings();
    m_model.baseUrl = m_fake->url(u"/v1"_s);
    m_model.timeoutSeconds = 5;
    m_model.idleTimeoutSeconds = 5;
}

void TestChatStream::cleanup()
{
    m_pool.reset();
    m_fake.reset();
}

std::unique_ptr<ChatClient> TestChatStream::client(int maxRetries, const QString &keys)
{
    m_model.maxRetries = maxRetries;
    auto c = std::make_unique<ChatClient>(m_pool.get(), m_model, keys);
    c->setRetryScheduler(&m_scheduler);
    c->setRetryPolicy(RetryPolicy(maxRetries, [] { return 0.0; }));
    return c;
}

void TestChatStream::streamsARecordedAnswer()
{
    const QByteArray sse = fixture(u"plain-answer.sse"_s);
    QVERIFY(!sse.isEmpty());
    // Served in pieces that cut lines and characters anywhere.
    QList<CannedResponse::Piece> pieces;
    for (qsizetype at = 0; at < sse.size(); at += 7)
        pieces.append({1, sse.mid(at, 7)});
    m_fake->enqueue(streamed(pieces));
    auto c = client();
    auto out = watch(c->complete(question()));
    QTRY_COMPARE_WITH_TIMEOUT(out->count, 1, 10000);
    QVERIFY2(out->result.ok, qPrintable(out->result.error.message));
    QVERIFY(!out->result.answer.text.isEmpty());
    QCOMPARE(out->result.answer.finishReason, u"stop"_s);
    QVERIFY(out->result.answer.promptTokens > 0);
    QVERIFY(out->result.answer.completionTokens > 0);
    QVERIFY(out->deltas.size() > 1);
    QCOMPARE(out->deltas.last(), out->result.answer.text);
}

void TestChatStream::asksForAStream()
{
    m_fake->enqueue(streamed({{0, chunk(u"Hi"_s, u"stop"_s) + "data: [DONE]\n\n"}}));
    auto c = client();
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(out->count, 1);
    const QJsonObject body = m_fake->requests().first().json();
    QCOMPARE(body.value(u"stream"_s).toBool(), true);
    QCOMPARE(m_fake->requests().first().headers.value("accept"), QByteArray("text/event-stream"));
    QCOMPARE(out->result.answer.text, u"Hi"_s);
}

void TestChatStream::streamedPiecesArriveAsDeltas()
{
    m_fake->enqueue(streamed({{0, chunk(u"Hel"_s)},
                              {100, chunk(u"lo"_s)},
                              {100, chunk(u" there"_s, u"stop"_s)},
                              {10, "data: [DONE]\n\n"}}));
    auto c = client();
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->deltas, (QStringList{u"Hel"_s, u"Hello"_s, u"Hello there"_s}));
    QCOMPARE(out->result.answer.text, u"Hello there"_s);
}

void TestChatStream::firstByteTimeout()
{
    m_model.timeoutSeconds = 1;
    m_fake->enqueue(canned(200, chatCompletionBody(u"late"_s), 2500));
    auto c = client(0);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE_WITH_TIMEOUT(out->count, 1, 5000);
    QCOMPARE(out->result.error.kind, ChatError::Kind::Timeout);
    QVERIFY2(out->result.error.message.contains(u"no answer within 1 s"_s),
             qPrintable(out->result.error.message));
}

void TestChatStream::idleTimeoutKeepsPartialText()
{
    // A long answer is fine as long as it keeps coming; silence is what times out.
    m_model.timeoutSeconds = 1;
    m_model.idleTimeoutSeconds = 1;
    m_fake->enqueue(streamed({{0, chunk(u"one"_s)},
                              {700, chunk(u" two"_s)},
                              {700, chunk(u" three"_s)},
                              {2500, chunk(u" never"_s, u"stop"_s)}}));
    auto c = client(0);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE_WITH_TIMEOUT(out->count, 1, 8000);
    QCOMPARE(out->result.error.kind, ChatError::Kind::Timeout);
    QVERIFY(out->result.error.message.contains(u"went silent"_s));
    QCOMPARE(out->result.error.partialText, u"one two three"_s);
}

void TestChatStream::truncatedStreamIsRetried()
{
    m_fake->enqueue(streamed({{0, chunk(u"cut "_s)}, {10, chunk(u"off"_s)}}));
    m_fake->enqueue(streamed({{0, chunk(u"whole"_s, u"stop"_s) + "data: [DONE]\n\n"}}));
    auto c = client(2);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(m_scheduler.delays.size(), 1);
    QCOMPARE(out->count, 0);
    QCOMPARE(m_scheduler.delays.first(), 500); // min(0.5 * 2^0, 8) s, no jitter
    QVERIFY(m_scheduler.runNext());
    QTRY_COMPARE(out->count, 1);
    QVERIFY(out->result.ok);
    QCOMPARE(out->result.answer.text, u"whole"_s);
    QCOMPARE(m_fake->count(), 2);
}

void TestChatStream::partialAnswerShownIsNotRetried()
{
    m_fake->enqueue(streamed({{0, chunk(u"shown to the user"_s)}}));
    auto c = client(2);
    ChatCall *call = c->complete(question());
    connect(call, &ChatCall::delta, call, &ChatCall::markPartialDelivered);
    auto out = watch(call);
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::Truncated);
    QCOMPARE(out->result.error.partialText, u"shown to the user"_s);
    QCOMPARE(m_scheduler.delays.size(), 0);
    QCOMPARE(m_fake->count(), 1);
}

void TestChatStream::errorInsideTheStream()
{
    m_fake->enqueue(streamed(
        {{0, chunk(u"par"_s)},
         {5,
          R"(data: {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})"
          "\n\n"}}));
    auto c = client(2);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::QuotaExhausted);
    QCOMPARE(m_scheduler.delays.size(), 0); // billing errors are never retried
}

void TestChatStream::retriesWithTheServersDelay()
{
    CannedResponse busy =
        canned(429, openAiErrorBody(u"slow down"_s, u"requests"_s, u"rate_limit_exceeded"_s));
    busy.headers = {{"retry-after-ms", "1234"}, {"x-request-id", "req-429"}};
    m_fake->enqueue(busy);
    m_fake->enqueue(canned(200, chatCompletionBody(u"finally"_s)));
    auto c = client(2);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(m_scheduler.delays, QList<int>{1234});
    m_scheduler.runNext();
    QTRY_COMPARE(out->count, 1);
    QVERIFY(out->result.ok);
    QCOMPARE(out->result.answer.text, u"finally"_s);
}

void TestChatStream::givesUpAfterMaxRetries()
{
    m_fake->setDefault(canned(503, "{}"));
    auto c = client(2);
    auto out = watch(c->complete(question()));
    for (int i = 0; i < 2; ++i) {
        QTRY_COMPARE(m_scheduler.delays.size(), i + 1);
        m_scheduler.runNext();
    }
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::ServerError);
    QCOMPARE(m_fake->count(), 3);
    QCOMPARE(m_scheduler.delays, (QList<int>{500, 1000}));
}

void TestChatStream::neverRetriesQuota()
{
    m_fake->setDefault(
        canned(429, openAiErrorBody(u"quota"_s, u"insufficient_quota"_s, u"insufficient_quota"_s)));
    auto c = client(2, QString()); // no key to set aside: the error stands
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::QuotaExhausted);
    QCOMPARE(m_fake->count(), 1);
    QVERIFY(m_scheduler.delays.isEmpty());
}

void TestChatStream::abortWhileWaitingToRetry()
{
    m_fake->setDefault(canned(500, "{}"));
    auto c = client(2);
    ChatCall *call = c->complete(question());
    const QPointer<ChatCall> alive(call);
    auto out = watch(call);
    QTRY_COMPARE(m_scheduler.delays.size(), 1);
    call->abort();
    QCOMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::Cancelled);
    // The call deletes itself; the pending retry must not run.
    QTRY_VERIFY(alive.isNull());
    QVERIFY(m_scheduler.runNext());
    QCOMPARE(m_fake->count(), 1);
}

void TestChatStream::rotatesKeys()
{
    m_fake->setDefault(canned(200, chatCompletionBody(u"ok"_s)));
    auto c = client(0, u"sk-first-1111, sk-second-2222"_s);
    for (int i = 0; i < 3; ++i) {
        auto out = watch(c->complete(question()));
        QTRY_COMPARE(out->count, 1);
    }
    QCOMPARE(m_fake->requests().at(0).headers.value("authorization"),
             QByteArray("Bearer sk-first-1111"));
    QCOMPARE(m_fake->requests().at(1).headers.value("authorization"),
             QByteArray("Bearer sk-second-2222"));
    QCOMPARE(m_fake->requests().at(2).headers.value("authorization"),
             QByteArray("Bearer sk-first-1111"));
}

void TestChatStream::setsAsideABadKey()
{
    m_fake->setHandler([](const RecordedRequest &r) {
        if (r.headers.value("authorization").endsWith("bad-1111"))
            return canned(401, openAiErrorBody(u"Incorrect API key"_s, u"invalid_request_error"_s,
                                               u"invalid_api_key"_s));
        return canned(200, chatCompletionBody(u"good key"_s));
    });
    auto c = client(0, u"sk-bad-1111,sk-good-2222"_s);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(m_scheduler.delays, QList<int>{0}); // the next key at once, no backoff
    QVERIFY(m_scheduler.runNext());
    QTRY_COMPARE(out->count, 1);
    QVERIFY(out->result.ok);
    QCOMPARE(c->keys()->usableCount(), 1);
    // From now on the bad key is skipped.
    auto again = watch(c->complete(question()));
    QTRY_COMPARE(again->count, 1);
    QCOMPARE(m_fake->requests().last().headers.value("authorization"),
             QByteArray("Bearer sk-good-2222"));
    QCOMPARE(m_fake->count(), 3);
}

void TestChatStream::failsWhenEveryKeyIsBad()
{
    m_fake->setDefault(
        canned(401, openAiErrorBody(u"Incorrect API key"_s, u"invalid_request_error"_s,
                                    u"invalid_api_key"_s)));
    auto c = client(2, u"sk-a-1111,sk-b-2222"_s);
    auto out = watch(c->complete(question()));
    QTRY_COMPARE(m_scheduler.delays, QList<int>{0});
    QVERIFY(m_scheduler.runNext());
    QTRY_COMPARE(out->count, 1);
    QCOMPARE(out->result.error.kind, ChatError::Kind::BadKey);
    QCOMPARE(m_fake->count(), 2);
    // The last usable key stays in use, so fixing the account needs no restart.
    QCOMPARE(c->keys()->usableCount(), 1);
    m_fake->setDefault(canned(200, chatCompletionBody(u"fixed"_s)));
    auto later = watch(c->complete(question()));
    QTRY_COMPARE(later->count, 1);
    QVERIFY(later->result.ok);
    QCOMPARE(m_fake->requests().last().headers.value("authorization"),
             QByteArray("Bearer sk-b-2222"));
}

QTEST_GUILESS_MAIN(TestChatStream)
#include "tst_chatstream.moc"
