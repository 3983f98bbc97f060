// Tests WebhookSender: reading DingTalk's verdicts and POSTing replies to a sessionWebhook.
#include "FakeHttpServer.h"
#include "dingtalk/WebhookSender.h"

#include "util/NetworkPool.h"
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Delivered
{
    int count = 0;
    DeliveryResult result;
};

// Sends body and records every callback.
std::shared_ptr<Delivered> post(WebhookSender &sender, const QUrl &webhook, const QByteArray &body,
                                QObject *context)
{
    auto delivered = std::make_shared<Delivered>();
    sender.send(webhook, body, context, [delivered](const DeliveryResult &r) {
        ++delivered->count;
        delivered->result = r;
    });
    return delivered;
}

const QByteArray MarkdownReply = R"({"msgtype":"markdown","markdown":{"title":"Hello",)"
                                 R"("text":"Hello \u4f60\u597d @staff-alice"},)"
                                 R"("at":{"atUserIds":["staff-alice"]}})";

} // namespace

class TestWebhookSender final : public QObject
{
    Q_OBJECT

private slots:
    void interpret_data();
    void interpret();

    void sendDelivers();
    void sendReportsRefusal();
    void sendUnreachable();
    void sendTimesOut();
    void redirectIsNotFollowed();
    void contextDeletedSkipsCallback_data();
    void contextDeletedSkipsCallback();
};

void TestWebhookSender::interpret_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("errcode");
    QTest::addColumn<bool>("expired");
    QTest::addColumn<QString>("errmsg");
    QTest::addColumn<QString>("describeMentions");

    QTest::newRow("ok") << 200 << QByteArray(R"({"errcode":0,"errmsg":"ok"})") << true << 0 << false
                        << u"ok"_s << u"delivered"_s;
    QTest::newRow("300001 session gone")
        << 200 << QByteArray(R"({"errcode":300001,"errmsg":"session does not exist"})") << false
        << 300001 << true << u"session does not exist"_s << u"300001"_s;
    QTest::newRow("300005 token gone")
        << 200 << QByteArray(R"({"errcode":300005,"errmsg":"token is not exist"})") << false
        << 300005 << true << u"token is not exist"_s << u"300005"_s;
    QTest::newRow("310000 keywords")
        << 200 << QByteArray(R"({"errcode":310000,"errmsg":"keywords not in content"})") << false
        << 310000 << false << u"keywords not in content"_s << u"310000"_s;
    QTest::newRow("130101 too fast")
        << 200 << QByteArray(R"({"errcode":130101,"errmsg":"send too fast"})") << false << 130101
        << false << u"send too fast"_s << u"130101"_s;
    QTest::newRow("500 empty") << 500 << QByteArray() << false << 0 << false << QString()
                               << u"500"_s;
    QTest::newRow("200 not DingTalk")
        << 200 << QByteArray("<html>proxy login</html>") << false << 0 << false
        << u"the answer is not DingTalk's: <html>proxy login</html>"_s << u"proxy login"_s;
    QTest::newRow("200 JSON without errcode")
        << 200 << QByteArray(R"({"status":"ok"})") << false << 0 << false
        << u"the answer is not DingTalk's: {\"status\":\"ok\"}"_s << u"200"_s;
    QTest::newRow("502 html") << 502 << QByteArray("<html>Bad Gateway</html>") << false << 0
                              << false << u"<html>Bad Gateway</html>"_s << u"502"_s;
}

void TestWebhookSender::interpret()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(int, errcode);
    QFETCH(bool, expired);
    QFETCH(QString, errmsg);
    QFETCH(QString, describeMentions);

    const DeliveryResult r = WebhookSender::interpret(status, body);
    QCOMPARE(r.ok, ok);
    QCOMPARE(r.httpStatus, status);
    QCOMPARE(r.errcode, errcode);
    QCOMPARE(r.expired, expired);
    QCOMPARE(r.errmsg, errmsg);
    QVERIFY2(r.describe().contains(describeMentions), qPrintable(r.describe()));
    if (errcode != 0)
        QVERIFY2(r.describe().contains(errmsg), qPrintable(r.describe()));
}

void TestWebhookSender::sendDelivers()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    NetworkPool network(1);
    WebhookSender sender(&network, 10);
    QObject context;

    QUrl webhook = fake.url(u"/robot/sendBySession"_s);
    webhook.setQuery(u"session=abc123"_s);
    const auto delivered = post(sender, webhook, MarkdownReply, &context);
    QTRY_COMPARE(delivered->count, 1);

    QCOMPARE(fake.count(), 1);
    const RecordedRequest &r = fake.requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, u"/robot/sendBySession"_s);
    QCOMPARE(r.query.queryItemValue(u"session"_s), u"abc123"_s);
    QCOMPARE(r.body, MarkdownReply);
    QVERIFY2(r.headers.value("content-type").startsWith("application/json"),
             r.headers.value("content-type").constData());

    QVERIFY(delivered->result.ok);
    QCOMPARE(delivered->result.httpStatus, 200);
    QCOMPARE(delivered->result.errcode, 0);
    // No event says "no second answer": a short wait gives a stray one time to show.
    QTest::qWait(100);
    QCOMPARE(delivered->count, 1);
}

void TestWebhookSender::sendReportsRefusal()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, R"({"errcode":300001,"errmsg":"session does not exist"})"));
    NetworkPool network(1);
    WebhookSender sender(&network, 10);
    QObject context;

    const auto delivered =
        post(sender, fake.url(u"/robot/sendBySession"_s), MarkdownReply, &context);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.errcode, 300001);
    QVERIFY(r.expired);
    QCOMPARE(r.errmsg, u"session does not exist"_s);
}

void TestWebhookSender::sendUnreachable()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QUrl webhook(u"http://127.0.0.1/robot/sendBySession"_s);
    webhook.setPort(port);

    NetworkPool network(1);
    WebhookSender sender(&network, 10);
    QObject context;
    const auto delivered = post(sender, webhook, MarkdownReply, &context);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 0);
    QVERIFY(!r.errmsg.isEmpty());
    QVERIFY(!r.expired);
    QVERIFY2(r.describe().contains(r.errmsg), qPrintable(r.describe()));
}

void TestWebhookSender::sendTimesOut()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})", 3000));
    NetworkPool network(1);
    WebhookSender sender(&network, 1);
    QObject context;

    const auto delivered =
        post(sender, fake.url(u"/robot/sendBySession"_s), MarkdownReply, &context);
    QTRY_COMPARE_WITH_TIMEOUT(delivered->count, 1, 2800);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.httpStatus, 0);
    QVERIFY(!delivered->result.errmsg.isEmpty());
}

void TestWebhookSender::redirectIsNotFollowed()
{
    FakeHttpServer elsewhere;
    QVERIFY(elsewhere.listen() != 0);
    elsewhere.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    CannedResponse redirect = canned(302, QByteArray());
    redirect.headers.append({"Location", elsewhere.url(u"/robot/send"_s).toEncoded()});
    fake.setDefault(redirect);

    NetworkPool network(1);
    WebhookSender sender(&network, 10);
    QObject context;
    const auto delivered =
        post(sender, fake.url(u"/robot/sendBySession"_s), MarkdownReply, &context);
    // Delivered means the reply finished, with the redirect itself: none was followed.
    QTRY_COMPARE(delivered->count, 1);
    QCOMPARE(fake.count(), 1);
    QCOMPARE(elsewhere.count(), 0);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.httpStatus, 302);
}

void TestWebhookSender::contextDeletedSkipsCallback_data()
{
    QTest::addColumn<bool>("deleteContext");
    QTest::newRow("context alive: called") << false;
    QTest::newRow("context deleted: not called") << true;
}

void TestWebhookSender::contextDeletedSkipsCallback()
{
    QFETCH(bool, deleteContext);
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})", 500));
    NetworkPool network(1);
    QSignalSpy replies(network.pick(), &QNetworkAccessManager::finished);
    WebhookSender sender(&network, 10);
    auto context = std::make_unique<QObject>();

    const auto delivered =
        post(sender, fake.url(u"/robot/sendBySession"_s), MarkdownReply, context.get());
    QTRY_COMPARE(fake.count(), 1);
    if (deleteContext)
        context.reset();
    QTRY_COMPARE(replies.count(), 1);
    QTest::qWait(0); // the callback, if any, is called from the reply's finished()
    QCOMPARE(delivered->count, deleteContext ? 0 : 1);
    if (!deleteContext)
        QVERIFY(delivered->result.ok);
}

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"
