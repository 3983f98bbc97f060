// Tests AccessTokenCache and OpenApiSender against FakeDingTalk: tokens, sends, DingTalk's errors.
#include "FakeDingTalk.h"
#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/OpenApiSender.h"
#include "dingtalk/WebhookSender.h"

#include "FakeHttpServer.h"
#include "util/NetworkPool.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString AppKey = u"ding-app-key"_s;
const QString AppSecret = u"app-secret-do-not-log"_s;
const QString RobotCode = u"ding-app-key"_s;
constexpr qint64 Minute = 60 * 1000;

struct Token
{
    int count = 0;
    QString token;
    QString error;
};

struct Delivered
{
    int count = 0;
    DeliveryResult result;
};

std::shared_ptr<Token> fetchToken(AccessTokenCache &cache, QObject *context)
{
    auto got = std::make_shared<Token>();
    cache.get(context, [got](const QString &token, const QString &error) {
        ++got->count;
        got->token = token;
        got->error = error;
    });
    return got;
}

// Waits for one get() to answer.
std::shared_ptr<Token> fetched(AccessTokenCache &cache, QObject *context)
{
    auto got = fetchToken(cache, context);
    [[maybe_unused]] const bool answered =
        QTest::qWaitFor([&got] { return got->count > 0; }, 5000); // the caller checks count
    return got;
}

WebhookSender::Callback into(const std::shared_ptr<Delivered> &delivered)
{
    return [delivered](const DeliveryResult &r) {
        ++delivered->count;
        delivered->result = r;
    };
}

// Every message Qt logs while a test runs, to prove secrets stay out of the log.
QStringList g_logged;
QtMessageHandler g_previousHandler = nullptr;
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logged << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// A fake DingTalk with one app, a token cache on a test clock and a sender.
struct Rig
{
    FakeDingTalk fake;
    NetworkPool network{6};
    qint64 now = 1'000'000;
    std::unique_ptr<AccessTokenCache> tokens;
    std::unique_ptr<OpenApiSender> sender;
    QObject context;

    explicit Rig(const QString &secret = AppSecret)
    {
        fake.setApp(AppKey, AppSecret, RobotCode);
        fake.listen();
        tokens = std::make_unique<AccessTokenCache>(&network, fake.baseUrl(), AppKey, secret);
        tokens->setClock([this] { return now; });
        sender = std::make_unique<OpenApiSender>(&network, fake.baseUrl(), tokens.get());
    }

    std::shared_ptr<Delivered> toUser(const QString &staffId, const QString &title,
                                      const QString &text)
    {
        auto delivered = std::make_shared<Delivered>();
        sender->sendToUser(RobotCode, staffId, title, text, &context, into(delivered));
        return delivered;
    }
    std::shared_ptr<Delivered> toGroup(const QString &cid, const QString &title,
                                       const QString &text)
    {
        auto delivered = std::make_shared<Delivered>();
        sender->sendToGroup(RobotCode, cid, title, text, &context, into(delivered));
        return delivered;
    }
    QList<RecordedRequest> requestsTo(FakeDingTalk::Route route) const
    {
        QList<RecordedRequest> list;
        for (const RecordedRequest &r : fake.server().requests()) {
            if (r.path == FakeDingTalk::path(route))
                list << r;
        }
        return list;
    }
};

QStringList keys(const QJsonObject &o)
{
    QStringList list = o.keys();
    list.sort();
    return list;
}

} // namespace

class TestDingTalkOpenApi final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // AccessTokenCache
    void tokenFetched();
    void cachedTokenReused();
    void cachedTokenAnsweredFromEventLoop();
    void refreshMargin_data();
    void refreshMargin();
    void earlyRefresh();
    void failedEarlyRefreshKeepsLiveToken();
    void expiredTokenFailsWhenRefreshFails();
    void singleFlight();
    void invalidSecretIsClearError();
    void unreachableIsClearError();
    void invalidateOnlyStaleToken();
    void contextDeletedSkipsTokenCallback();

    // OpenApiSender
    void sendToUserBody();
    void sendToGroupBody();
    void tokenRejectedRefetchesAndRetries();
    void tokenRejectedTwiceGivesUp();
    void concurrentRejectionsFetchOnce();
    void flowControlledIsNotOk();
    void invalidStaffIdIsNotOk();
    void msgParamLimit_data();
    void msgParamLimit();
    void noTokenNoSend();
    void serverErrorReported();
    void sendUnreachable();
    void interpret_data();
    void interpret();
    void isTokenRejection_data();
    void isTokenRejection();

    // FakeDingTalk's sessionWebhook route
    void fakeSessionWebhook();
};

void TestDingTalkOpenApi::init()
{
    g_logged.clear();
    g_previousHandler = qInstallMessageHandler(capture);
}

void TestDingTalkOpenApi::cleanup()
{
    qInstallMessageHandler(g_previousHandler);
    for (const QString &line : std::as_const(g_logged)) {
        QVERIFY2(!line.contains(AppSecret), qPrintable(line));
        QVERIFY2(!line.contains(u"fake-token-"_s), qPrintable(line));
    }
}

void TestDingTalkOpenApi::tokenFetched()
{
    Rig rig;
    const auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-1"_s);
    QCOMPARE(got->error, QString());
    QVERIFY(rig.tokens->hasToken());

    QCOMPARE(rig.fake.tokenRequests(), 1);
    const RecordedRequest r = rig.requestsTo(FakeDingTalk::Route::AccessToken).first();
    QCOMPARE(r.method, QByteArray("POST"));
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    QCOMPARE(keys(r.json()), (QStringList{u"appKey"_s, u"appSecret"_s}));
    QCOMPARE(r.json().value(u"appKey"_s).toString(), AppKey);
    QCOMPARE(r.json().value(u"appSecret"_s).toString(), AppSecret);
}

void TestDingTalkOpenApi::cachedTokenReused()
{
    Rig rig;
    const auto first = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(first->count, 1);
    rig.now += 60 * Minute;
    const auto second = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(second->count, 1);
    QCOMPARE(second->token, first->token);
    QCOMPARE(rig.fake.tokenRequests(), 1);
}

void TestDingTalkOpenApi::cachedTokenAnsweredFromEventLoop()
{
    Rig rig;
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);
    const auto got = fetchToken(*rig.tokens, &rig.context);
    QCOMPARE(got->count, 0); // not from inside get()
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-1"_s);
}

void TestDingTalkOpenApi::refreshMargin_data()
{
    QTest::addColumn<qint64>("lifetimeS");
    QTest::addColumn<qint64>("marginS");
    QTest::newRow("DingTalk's 7200 s: 10 %") << qint64(7200) << qint64(720);
    QTest::newRow("1800 s: the 5 minutes") << qint64(1800) << qint64(300);
    QTest::newRow("60 s: half the life at most") << qint64(60) << qint64(30);
    QTest::newRow("20000 s: 10 %") << qint64(20000) << qint64(2000);
}

void TestDingTalkOpenApi::refreshMargin()
{
    QFETCH(qint64, lifetimeS);
    QFETCH(qint64, marginS);
    QCOMPARE(AccessTokenCache::refreshMarginMs(lifetimeS * 1000), marginS * 1000);
}

void TestDingTalkOpenApi::earlyRefresh()
{
    Rig rig;
    rig.fake.setTokenLifetime(7200);
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);

    // 12 minutes (10 % of 7200 s) before expiry the cache fetches anew; not a moment sooner.
    rig.now += 108 * Minute - 1;
    auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-1"_s);
    QCOMPARE(rig.fake.tokenRequests(), 1);

    rig.now += 1;
    got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-2"_s);
    QCOMPARE(rig.fake.tokenRequests(), 2);

    // The new token's life counts from its own fetch.
    rig.now += 107 * Minute;
    got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-2"_s);
    QCOMPARE(rig.fake.tokenRequests(), 2);
}

void TestDingTalkOpenApi::failedEarlyRefreshKeepsLiveToken()
{
    Rig rig;
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);
    rig.now += 115 * Minute; // inside the margin, 5 minutes of life left
    rig.fake.failNextOpenApi(FakeDingTalk::Route::AccessToken, 503, u"ServiceUnavailable"_s,
                             u"try later"_s);
    auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-1"_s);
    QCOMPARE(got->error, QString());
    QCOMPARE(rig.fake.tokenRequests(), 2);

    // The next get() tries again and gets the new token.
    got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-2"_s);
    QCOMPARE(rig.fake.tokenRequests(), 3);
}

void TestDingTalkOpenApi::expiredTokenFailsWhenRefreshFails()
{
    Rig rig;
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);
    rig.now += 120 * Minute; // expired
    rig.fake.failNextOpenApi(FakeDingTalk::Route::AccessToken, 503, u"ServiceUnavailable"_s,
                             u"try later"_s);
    const auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, QString());
    QVERIFY2(got->error.contains(u"HTTP 503 ServiceUnavailable: try later"_s),
             qPrintable(got->error));
}

void TestDingTalkOpenApi::singleFlight()
{
    Rig rig;
    rig.fake.answerNext(FakeDingTalk::Route::AccessToken,
                        canned(200, R"({"accessToken":"slow-token","expireIn":7200})", 200));
    const auto a = fetchToken(*rig.tokens, &rig.context);
    const auto b = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(rig.fake.tokenRequests(), 1);
    QVERIFY(rig.tokens->fetching());
    const auto c = fetchToken(*rig.tokens, &rig.context); // while the answer is on its way
    QTRY_COMPARE(a->count + b->count + c->count, 3);
    for (const auto &got : {a, b, c}) {
        QCOMPARE(got->token, u"slow-token"_s);
        QCOMPARE(got->error, QString());
    }
    // No event says "no second fetch": a short wait gives a stray one time to show.
    QTest::qWait(50);
    QCOMPARE(rig.fake.tokenRequests(), 1);
    QCOMPARE(a->count + b->count + c->count, 3);
}

void TestDingTalkOpenApi::invalidSecretIsClearError()
{
    Rig rig(u"wrong-secret-do-not-log"_s);
    const auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, QString());
    QVERIFY2(got->error.contains(u"HTTP 400 invalidClientIdOrSecret"_s), qPrintable(got->error));
    QVERIFY2(got->error.contains(u"AppSecret"_s), qPrintable(got->error)); // what to check
    QVERIFY(!got->error.contains(u"wrong-secret-do-not-log"_s));
    QVERIFY(!rig.tokens->hasToken());
    QVERIFY(!g_logged.isEmpty()); // the failure is logged...
    for (const QString &line : std::as_const(g_logged))
        QVERIFY2(!line.contains(u"wrong-secret-do-not-log"_s),
                 qPrintable(line)); // ...not the secret

    // A failure is not cached: the next get() asks again.
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);
    QCOMPARE(rig.fake.tokenRequests(), 2);
}

void TestDingTalkOpenApi::unreachableIsClearError()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QUrl base(u"http://127.0.0.1"_s);
    base.setPort(port);
    NetworkPool network(1);
    AccessTokenCache cache(&network, base, AppKey, AppSecret);
    QObject context;
    const auto got = fetchToken(cache, &context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, QString());
    QVERIFY2(got->error.startsWith(u"could not reach DingTalk for an access token"_s),
             qPrintable(got->error));
}

void TestDingTalkOpenApi::invalidateOnlyStaleToken()
{
    Rig rig;
    QCOMPARE(fetched(*rig.tokens, &rig.context)->count, 1);
    rig.tokens->invalidate(u"some-older-token"_s); // already replaced: nothing to do
    QVERIFY(rig.tokens->hasToken());
    rig.tokens->invalidate(u"fake-token-1"_s);
    QVERIFY(!rig.tokens->hasToken());
    const auto got = fetchToken(*rig.tokens, &rig.context);
    QTRY_COMPARE(got->count, 1);
    QCOMPARE(got->token, u"fake-token-2"_s);

    rig.tokens->invalidate(); // unconditionally
    QVERIFY(!rig.tokens->hasToken());
}

void TestDingTalkOpenApi::contextDeletedSkipsTokenCallback()
{
    Rig rig;
    auto context = std::make_unique<QObject>();
    const auto got = fetchToken(*rig.tokens, context.get());
    context.reset();
    QTRY_COMPARE(rig.fake.tokenRequests(), 1);
    // The answer has arrived once the token is kept; the callback would have run with it.
    QTRY_VERIFY(rig.tokens->hasToken());
    QCOMPARE(got->count, 0);
    QVERIFY(rig.tokens->hasToken()); // the token is kept for the next caller
}

void TestDingTalkOpenApi::sendToUserBody()
{
    Rig rig;
    const QString text = u"**你好** Alice\n\n- one\n- two \"quoted\""_s;
    const auto delivered = rig.toUser(u"staff-alice"_s, u"你好 Alice"_s, text);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));
    QCOMPARE(delivered->result.httpStatus, 200);
    QCOMPARE(delivered->result.errcode, 0);

    const QList<RecordedRequest> sends = rig.requestsTo(FakeDingTalk::Route::UserSend);
    QCOMPARE(sends.size(), 1);
    const RecordedRequest &r = sends.first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.headers.value("x-acs-dingtalk-access-token"), QByteArray("fake-token-1"));
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    const QJsonObject body = r.json();
    QCOMPARE(keys(body), (QStringList{u"msgKey"_s, u"msgParam"_s, u"robotCode"_s, u"userIds"_s}));
    QCOMPARE(body.value(u"robotCode"_s).toString(), RobotCode);
    QCOMPARE(body.value(u"userIds"_s).toArray(), QJsonArray{u"staff-alice"_s});
    QCOMPARE(body.value(u"msgKey"_s).toString(), u"sampleMarkdown"_s);
    QVERIFY(body.value(u"msgParam"_s).isString()); // a JSON string, not an object
    const QJsonObject param =
        QJsonDocument::fromJson(body.value(u"msgParam"_s).toString().toUtf8()).object();
    QCOMPARE(keys(param), (QStringList{u"text"_s, u"title"_s}));
    QCOMPARE(param.value(u"title"_s).toString(), u"你好 Alice"_s);
    QCOMPARE(param.value(u"text"_s).toString(), text);

    QCOMPARE(rig.fake.messages().size(), 1);
    const FakeDingTalk::Message &m = rig.fake.messages().first();
    QCOMPARE(m.route, FakeDingTalk::Route::UserSend);
    QCOMPARE(m.user, u"staff-alice"_s);
    QCOMPARE(m.robotCode, RobotCode);
    QCOMPARE(m.title, u"你好 Alice"_s);
    QCOMPARE(m.text, text);
}

void TestDingTalkOpenApi::sendToGroupBody()
{
    Rig rig;
    const auto delivered = rig.toGroup(u"cidGroup123=="_s, u"Answer"_s, u"The answer is 42"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));

    const QList<RecordedRequest> sends = rig.requestsTo(FakeDingTalk::Route::GroupSend);
    QCOMPARE(sends.size(), 1);
    const QJsonObject body = sends.first().json();
    QCOMPARE(keys(body),
             (QStringList{u"msgKey"_s, u"msgParam"_s, u"openConversationId"_s, u"robotCode"_s}));
    QCOMPARE(body.value(u"openConversationId"_s).toString(), u"cidGroup123=="_s);
    QCOMPARE(body.value(u"robotCode"_s).toString(), RobotCode);
    QCOMPARE(body.value(u"msgKey"_s).toString(), u"sampleMarkdown"_s);
    QCOMPARE(body.value(u"msgParam"_s).toString(),
             uR"({"text":"The answer is 42","title":"Answer"})"_s);
    QCOMPARE(sends.first().headers.value("x-acs-dingtalk-access-token"),
             QByteArray("fake-token-1"));

    QCOMPARE(rig.fake.messages().size(), 1);
    QCOMPARE(rig.fake.messages().first().route, FakeDingTalk::Route::GroupSend);
    QCOMPARE(rig.fake.messages().first().conversation, u"cidGroup123=="_s);
}

void TestDingTalkOpenApi::tokenRejectedRefetchesAndRetries()
{
    Rig rig;
    const auto first = rig.toUser(u"staff-alice"_s, u"One"_s, u"one"_s);
    QTRY_COMPARE(first->count, 1);
    QVERIFY(first->result.ok);
    rig.fake.revokeTokens(); // the app secret was reset, say: fake-token-1 is dead
    const auto delivered = rig.toUser(u"staff-alice"_s, u"Two"_s, u"two"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));

    QCOMPARE(rig.fake.tokenRequests(), 2);
    const QList<RecordedRequest> sends = rig.requestsTo(FakeDingTalk::Route::UserSend);
    QCOMPARE(sends.size(), 3);
    QCOMPARE(sends.at(1).headers.value("x-acs-dingtalk-access-token"), QByteArray("fake-token-1"));
    QCOMPARE(sends.at(2).headers.value("x-acs-dingtalk-access-token"), QByteArray("fake-token-2"));
    QCOMPARE(sends.at(1).body, sends.at(2).body);
    QCOMPARE(rig.fake.texts(), (QStringList{u"one"_s, u"two"_s}));
}

void TestDingTalkOpenApi::tokenRejectedTwiceGivesUp()
{
    Rig rig;
    rig.fake.failNextOpenApi(FakeDingTalk::Route::GroupSend, 401, u"InvalidAuthentication"_s,
                             u"不合法的access_token"_s);
    rig.fake.failNextOpenApi(FakeDingTalk::Route::GroupSend, 400, u"InvalidAuthentication"_s,
                             u"不合法的access_token"_s);
    const auto delivered = rig.toGroup(u"cid-1"_s, u"T"_s, u"text"_s);
    QTRY_COMPARE(delivered->count, 1);
    // No event says "no second answer": a short wait gives a stray one time to show.
    QTest::qWait(100);
    QCOMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.errcode, OpenApiSender::TokenRejected);
    QVERIFY2(r.errmsg.contains(u"InvalidAuthentication: 不合法的access_token"_s),
             qPrintable(r.errmsg));
    QVERIFY2(r.errmsg.contains(u"requestid fake-request-"_s), qPrintable(r.errmsg));
    QVERIFY2(r.describe().contains(u"InvalidAuthentication"_s), qPrintable(r.describe()));
    QCOMPARE(rig.fake.tokenRequests(), 2);
    QCOMPARE(rig.fake.requestCount(FakeDingTalk::Route::GroupSend), 2);
    QVERIFY(rig.fake.messages().isEmpty());

    // The rejected token is not kept: the next send starts with a new one and works.
    const auto next = rig.toGroup(u"cid-1"_s, u"T"_s, u"again"_s);
    QTRY_COMPARE(next->count, 1);
    QVERIFY(next->result.ok);
    QCOMPARE(rig.fake.tokenRequests(), 3);
}

void TestDingTalkOpenApi::concurrentRejectionsFetchOnce()
{
    Rig rig;
    const auto first = rig.toUser(u"staff-alice"_s, u"One"_s, u"one"_s);
    QTRY_COMPARE(first->count, 1);
    QVERIFY(first->result.ok);
    rig.fake.revokeTokens();
    const auto a = rig.toUser(u"staff-alice"_s, u"A"_s, u"a"_s);
    const auto b = rig.toGroup(u"cid-1"_s, u"B"_s, u"b"_s);
    QTRY_COMPARE(a->count + b->count, 2);
    QVERIFY(a->result.ok);
    QVERIFY(b->result.ok);
    QCOMPARE(rig.fake.tokenRequests(), 2); // both rejected with fake-token-1, one new token
}

void TestDingTalkOpenApi::flowControlledIsNotOk()
{
    Rig rig;
    rig.fake.setFlowControlled({u"staff-bob"_s});
    const auto delivered = rig.toUser(u"staff-bob"_s, u"T"_s, u"text"_s);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.errcode, OpenApiSender::Throttled);
    QVERIFY2(r.errmsg.contains(u"staff-bob"_s), qPrintable(r.errmsg));
    QVERIFY2(r.errmsg.contains(u"flowControlledStaffIdList"_s), qPrintable(r.errmsg));
    QVERIFY(rig.fake.messages().isEmpty());
}

void TestDingTalkOpenApi::invalidStaffIdIsNotOk()
{
    Rig rig;
    rig.fake.setInvalidStaffIds({u"staff-nobody"_s});
    const auto delivered = rig.toUser(u"staff-nobody"_s, u"T"_s, u"text"_s);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.errcode, OpenApiSender::RecipientInvalid);
    QVERIFY2(r.errmsg.contains(u"staff-nobody"_s), qPrintable(r.errmsg));
    QVERIFY2(r.errmsg.contains(u"invalidStaffIdList"_s), qPrintable(r.errmsg));
    QVERIFY(rig.fake.messages().isEmpty());
}

void TestDingTalkOpenApi::msgParamLimit_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("extraBytes");
    QTest::addColumn<bool>("sent");
    QTest::newRow("ASCII, exactly 15000 bytes") << u"a"_s << 0 << true;
    QTest::newRow("ASCII, 15001 bytes") << u"a"_s << 1 << false;
    QTest::newRow("CJK, exactly 15000 bytes") << u"你"_s << 0 << true;
    QTest::newRow("CJK, 15003 bytes (5001 characters)") << u"你"_s << 3 << false;
}

void TestDingTalkOpenApi::msgParamLimit()
{
    QFETCH(QString, unit);
    QFETCH(int, extraBytes);
    QFETCH(bool, sent);
    const QString title = u"Long"_s;
    const qsizetype overhead = OpenApiSender::msgParam(title, QString()).size();
    const qsizetype unitBytes = unit.toUtf8().size();
    qsizetype room = OpenApiSender::MaxMsgParamBytes - overhead;
    const QString pad(room % unitBytes, u'.'); // so the units fill the rest exactly
    room -= pad.size();
    const QString text = pad + unit.repeated((room + extraBytes) / unitBytes);
    QCOMPARE(OpenApiSender::msgParam(title, text).size(),
             OpenApiSender::MaxMsgParamBytes + extraBytes);

    Rig rig;
    const auto delivered = rig.toUser(u"staff-alice"_s, title, text);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok == sent, qPrintable(delivered->result.describe()));
    if (sent) {
        QCOMPARE(rig.fake.texts(), QStringList{text});
        return;
    }
    QCOMPARE(delivered->result.errcode, OpenApiSender::MessageTooLarge);
    QCOMPARE(delivered->result.httpStatus, 0);
    QVERIFY2(delivered->result.errmsg.contains(u"15000"_s), qPrintable(delivered->result.errmsg));
    QVERIFY2(delivered->result.errmsg.contains(u"split"_s), qPrintable(delivered->result.errmsg));
    QCOMPARE(rig.fake.server().count(), 0); // neither a token nor a send
}

void TestDingTalkOpenApi::noTokenNoSend()
{
    Rig rig(u"wrong-secret"_s);
    const auto delivered = rig.toGroup(u"cid-1"_s, u"T"_s, u"text"_s);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.errcode, OpenApiSender::NoAccessToken);
    QVERIFY2(r.errmsg.contains(u"invalidClientIdOrSecret"_s), qPrintable(r.errmsg));
    QVERIFY2(r.describe().contains(u"invalidClientIdOrSecret"_s), qPrintable(r.describe()));
    QCOMPARE(rig.fake.requestCount(FakeDingTalk::Route::GroupSend), 0);
}

void TestDingTalkOpenApi::serverErrorReported()
{
    Rig rig;
    rig.fake.failNextOpenApi(FakeDingTalk::Route::UserSend, 403,
                             u"Forbidden.AccessDenied.AccessTokenPermissionDenied"_s,
                             u"没有调用该接口的权限"_s);
    const auto delivered = rig.toUser(u"staff-alice"_s, u"T"_s, u"text"_s);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 403);
    QCOMPARE(r.errcode, OpenApiSender::Refused);
    QVERIFY2(r.errmsg.contains(u"Forbidden.AccessDenied.AccessTokenPermissionDenied: "
                               u"没有调用该接口的权限"_s),
             qPrintable(r.errmsg));
    // A missing permission is not a dead token: no new token, no second try.
    QCOMPARE(rig.fake.tokenRequests(), 1);
    QCOMPARE(rig.fake.requestCount(FakeDingTalk::Route::UserSend), 1);
}

void TestDingTalkOpenApi::sendUnreachable()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QUrl nowhere(u"http://127.0.0.1"_s);
    nowhere.setPort(port);
    Rig rig;
    OpenApiSender sender(&rig.network, nowhere, rig.tokens.get());
    auto delivered = std::make_shared<Delivered>();
    sender.sendToUser(RobotCode, u"staff-alice"_s, u"T"_s, u"text"_s, &rig.context,
                      into(delivered));
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.httpStatus, 0);
    QCOMPARE(delivered->result.errcode, 0);
    QVERIFY(!delivered->result.errmsg.isEmpty());
    QVERIFY(delivered->result.describe().startsWith(u"could not reach DingTalk"_s));
}

void TestDingTalkOpenApi::interpret_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("errcode");
    QTest::addColumn<QString>("errmsgMentions");

    QTest::newRow("group ok") << 200 << QByteArray(R"({"processQueryKey":"pqk"})") << true << 0
                              << QString();
    QTest::newRow("batch ok, empty lists")
        << 200
        << QByteArray(
               R"({"processQueryKey":"pqk","invalidStaffIdList":[],"flowControlledStaffIdList":[]})")
        << true << 0 << QString();
    QTest::newRow("200 not DingTalk")
        << 200 << QByteArray("<html>login</html>") << false << 0 << u"not DingTalk's"_s;
    QTest::newRow("flow controlled")
        << 200 << QByteArray(R"({"processQueryKey":"pqk","flowControlledStaffIdList":["u1"]})")
        << false << OpenApiSender::Throttled << u"u1"_s;
    QTest::newRow("invalid staff")
        << 200 << QByteArray(R"({"processQueryKey":"pqk","invalidStaffIdList":["u2"]})") << false
        << OpenApiSender::RecipientInvalid << u"u2"_s;
    QTest::newRow("400 InvalidAuthentication")
        << 400
        << QByteArray(R"({"code":"InvalidAuthentication","message":"bad token","requestid":"R1"})")
        << false << OpenApiSender::TokenRejected
        << u"HTTP 400 InvalidAuthentication: bad token (requestid R1)"_s;
    QTest::newRow("403 QPS limit")
        << 403 << QByteArray(R"({"code":"Forbidden.AccessDenied.QpsLimitForApi","message":"qps"})")
        << false << OpenApiSender::Throttled << u"QpsLimitForApi"_s;
    QTest::newRow("403 QPM limit") // per-minute limits read like the per-second ones
        << 403 << QByteArray(R"({"code":"Forbidden.AccessDenied.QpmLimitForAppInApi"})") << false
        << OpenApiSender::Throttled << u"QpmLimitForAppInApi"_s;
    QTest::newRow("429") << 429 << QByteArray(R"({"code":"Throttling","message":"slow down"})")
                         << false << OpenApiSender::Throttled << u"slow down"_s;
    QTest::newRow("400 parameter")
        << 400 << QByteArray(R"({"code":"InvalidParameter.MsgParam","message":"too long"})")
        << false << OpenApiSender::Refused << u"InvalidParameter.MsgParam: too long"_s;
    QTest::newRow("502 html") << 502 << QByteArray("<html>Bad Gateway</html>") << false
                              << OpenApiSender::Refused << u"HTTP 502: <html>Bad Gateway"_s;
}

void TestDingTalkOpenApi::interpret()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(int, errcode);
    QFETCH(QString, errmsgMentions);
    const DeliveryResult r = OpenApiSender::interpret(status, body);
    QCOMPARE(r.ok, ok);
    QCOMPARE(r.httpStatus, status);
    QCOMPARE(r.errcode, errcode);
    QVERIFY(!r.expired);
    QVERIFY2(r.errmsg.contains(errmsgMentions), qPrintable(r.errmsg));
    if (!ok)
        QVERIFY2(r.describe().contains(r.errmsg), qPrintable(r.describe()));
}

void TestDingTalkOpenApi::isTokenRejection_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("rejection");
    QTest::newRow("401") << 401 << QByteArray() << true;
    QTest::newRow("InvalidAuthentication")
        << 400 << QByteArray(R"({"code":"InvalidAuthentication"})") << true;
    QTest::newRow("invalidAuthentication")
        << 400 << QByteArray(R"({"code":"invalidAuthentication"})") << true;
    QTest::newRow("token expired") << 400 << QByteArray(R"({"code":"AccessTokenExpired"})") << true;
    QTest::newRow("permission")
        << 403 << QByteArray(R"({"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied"})")
        << false;
    QTest::newRow("parameter") << 400 << QByteArray(R"({"code":"InvalidParameter"})") << false;
    QTest::newRow("200") << 200 << QByteArray(R"({"code":"InvalidAuthentication"})") << false;
}

void TestDingTalkOpenApi::isTokenRejection()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, rejection);
    QCOMPARE(OpenApiSender::isTokenRejection(status, body), rejection);
}

void TestDingTalkOpenApi::fakeSessionWebhook()
{
    FakeDingTalk fake;
    QVERIFY(fake.listen() != 0);
    NetworkPool network(1);
    WebhookSender sender(&network, 10);
    QObject context;
    const QByteArray body =
        R"({"msgtype":"markdown","markdown":{"title":"Hi","text":"@staff-alice\n\nHi"},)"
        R"("at":{"atUserIds":["staff-alice"]}})";
    auto first = std::make_shared<Delivered>();
    sender.send(fake.sessionWebhook(u"s1"_s), body, &context, into(first));
    QTRY_COMPARE(first->count, 1);
    QVERIFY(first->result.ok);

    fake.expireSession(u"s1"_s);
    auto second = std::make_shared<Delivered>();
    sender.send(fake.sessionWebhook(u"s1"_s), body, &context, into(second));
    QTRY_COMPARE(second->count, 1);
    QCOMPARE(second->result.errcode, 300001);
    QVERIFY(second->result.expired);

    fake.failNext(FakeDingTalk::Route::Session, 130101, u"send too fast"_s);
    auto third = std::make_shared<Delivered>();
    sender.send(fake.sessionWebhook(u"s2"_s), body, &context, into(third));
    QTRY_COMPARE(third->count, 1);
    QCOMPARE(third->result.errcode, 130101);

    QCOMPARE(fake.messages().size(), 1);
    const FakeDingTalk::Message &m = fake.messages().first();
    QCOMPARE(m.route, FakeDingTalk::Route::Session);
    QCOMPARE(m.conversation, u"s1"_s);
    QCOMPARE(m.title, u"Hi"_s);
    QCOMPARE(m.text, u"@staff-alice\n\nHi"_s);
    QCOMPARE(m.atUserIds, QStringList{u"staff-alice"_s});
}

QTEST_GUILESS_MAIN(TestDingTalkOpenApi)
#include "tst_dingtalkopenapi.moc"
