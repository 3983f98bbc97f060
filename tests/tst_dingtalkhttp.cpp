// Tests DingTalkHttp: OpenAPI calls take a token, and a rejected one is replaced once only.
#include "FakeHttpServer.h"
#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/DingTalkHttp.h"
#include "util/NetworkPool.h"

#include <QSet>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString TokenPath = u"/v1.0/oauth2/accessToken"_s;
const QString CallPath = u"/v1.0/card/streaming"_s;
const QByteArray Body = R"({"outTrackId":"card-1","content":"Hello"})";
const QByteArray Accepted = R"({"success":true})";

struct Answered
{
    int count = 0;
    DingTalkHttp::Answer answer;
};

DingTalkHttp::Callback into(const std::shared_ptr<Answered> &answered)
{
    return [answered](const DingTalkHttp::Answer &a) {
        ++answered->count;
        answered->answer = a;
    };
}

// DingTalk's token endpoint and one OpenAPI call on a FakeHttpServer. Tokens are issued as
// token-1, token-2, ...; a call with a token in dead (or any, with allDead) gets refusal.
struct Rig
{
    FakeHttpServer server;
    NetworkPool network{2};
    std::unique_ptr<AccessTokenCache> tokens;
    std::unique_ptr<DingTalkHttp> http;
    QSet<QByteArray> dead;
    bool allDead = false;
    CannedResponse refusal =
        canned(401, R"({"code":"InvalidAuthentication","message":"invalid access_token"})");
    int issued = 0;
    int observed = 0; // requests the call observer was told of
    QObject context;

    Rig()
    {
        server.setHandler([this](const RecordedRequest &r) {
            if (r.path == TokenPath) {
                const QByteArray token = "token-" + QByteArray::number(++issued);
                const QByteArray body = R"({"accessToken":")" + token + R"(","expireIn":7200})";
                return canned(200, body);
            }
            const QByteArray token = r.headers.value("x-acs-dingtalk-access-token");
            if (allDead || dead.contains(token))
                return refusal;
            return canned(200, Accepted);
        });
        server.listen();
        tokens = std::make_unique<AccessTokenCache>(&network, server.url(), u"app-key"_s,
                                                    u"app-secret"_s);
        http = std::make_unique<DingTalkHttp>(&network, tokens.get());
        http->setCallObserver([this] { ++observed; });
    }

    std::shared_ptr<Answered> call(const QByteArray &verb)
    {
        auto answered = std::make_shared<Answered>();
        http->callOpenApi(verb, server.url(CallPath), Body, &context, into(answered));
        return answered;
    }
    QList<RecordedRequest> requestsTo(const QString &path) const
    {
        QList<RecordedRequest> list;
        for (const RecordedRequest &r : server.requests()) {
            if (r.path == path)
                list << r;
        }
        return list;
    }
};

} // namespace

class TestDingTalkHttp final : public QObject
{
    Q_OBJECT

private slots:
    void rejectedTokenIsReplacedOnce();
    void secondRejectionIsTheAnswer();
    void otherRefusalIsNotRetried();
    void postCarriesNoToken();
};

void TestDingTalkHttp::rejectedTokenIsReplacedOnce()
{
    Rig rig;
    rig.dead.insert("token-1"); // revoked before its time: the app secret was reset, say
    const auto answered = rig.call("PUT");
    QTRY_COMPARE(answered->count, 1);
    QCOMPARE(answered->answer.status, 200);
    QCOMPARE(answered->answer.body, Accepted);

    QCOMPARE(rig.requestsTo(TokenPath).size(), 2);
    const QList<RecordedRequest> calls = rig.requestsTo(CallPath);
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0).headers.value("x-acs-dingtalk-access-token"), QByteArray("token-1"));
    QCOMPARE(calls.at(1).headers.value("x-acs-dingtalk-access-token"), QByteArray("token-2"));
    for (const RecordedRequest &r : calls) {
        QCOMPARE(r.method, QByteArray("PUT"));
        QCOMPARE(r.body, Body);
    }
    QCOMPARE(rig.observed, 2); // both reached DingTalk, so both count as calls
    // No event says "no second answer": a short wait gives a stray one time to show.
    QTest::qWait(100);
    QCOMPARE(answered->count, 1);
}

void TestDingTalkHttp::secondRejectionIsTheAnswer()
{
    Rig rig;
    rig.allDead = true;
    const auto answered = rig.call("POST");
    QTRY_COMPARE(answered->count, 1);
    // No event says "no third try": a short wait gives a stray one time to show.
    QTest::qWait(200);
    QCOMPARE(answered->count, 1);
    QCOMPARE(answered->answer.status, 401);
    QVERIFY2(answered->answer.body.contains("InvalidAuthentication"),
             answered->answer.body.constData());
    QVERIFY(!answered->answer.noToken);

    QCOMPARE(rig.requestsTo(CallPath).size(), 2);
    QCOMPARE(rig.requestsTo(TokenPath).size(), 2);
    QCOMPARE(rig.observed, 2);
    QVERIFY(!rig.tokens->hasToken()); // the second rejected token is not kept either
}

void TestDingTalkHttp::otherRefusalIsNotRetried()
{
    Rig rig;
    rig.allDead = true;
    // A token that lacks a permission is not a dead token: a new one would be refused alike.
    rig.refusal = canned(
        403,
        R"({"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied","message":"no permission"})");
    const auto answered = rig.call("POST");
    QTRY_COMPARE(answered->count, 1);
    QCOMPARE(answered->answer.status, 403);
    // No event says "no retry": a short wait gives a stray one time to show.
    QTest::qWait(100);
    QCOMPARE(rig.requestsTo(CallPath).size(), 1);
    QCOMPARE(rig.requestsTo(TokenPath).size(), 1);
    QVERIFY(rig.tokens->hasToken());
}

void TestDingTalkHttp::postCarriesNoToken()
{
    Rig rig;
    auto answered = std::make_shared<Answered>();
    rig.http->post(rig.server.url(u"/robot/send"_s), Body, &rig.context, into(answered));
    QTRY_COMPARE(answered->count, 1);
    QCOMPARE(answered->answer.status, 200);
    QCOMPARE(answered->answer.body, Accepted);

    QCOMPARE(rig.server.count(), 1); // no token was fetched for it
    const RecordedRequest &r = rig.server.requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.body, Body);
    QVERIFY(!r.headers.contains("x-acs-dingtalk-access-token"));
    QVERIFY2(r.headers.value("content-type").startsWith("application/json"),
             r.headers.value("content-type").constData());
}

QTEST_GUILESS_MAIN(TestDingTalkHttp)
#include "tst_dingtalkhttp.moc"
