// Tests CustomWebhookSender against FakeDingTalk's custom robot: 加签, keywords, @, errcodes, size.
#include "FakeDingTalk.h"
#include "dingtalk/CustomWebhookSender.h"

#include "FakeHttpServer.h"
#include "util/NetworkPool.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// PROTOCOLS.md's vector for custom-robot webhooks.
constexpr qint64 VectorTimestamp = 1577262236757;
const QString VectorSecret = u"this is secret"_s;
const QString VectorSign = u"hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D"_s;
const QString RobotToken = u"robot-token-do-not-log"_s;

struct Delivered
{
    int count = 0;
    DeliveryResult result;
};

QStringList g_logged;
QtMessageHandler g_previousHandler = nullptr;
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logged << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// A fake custom robot and a sender for it, both on a clock the test sets.
struct Rig
{
    FakeDingTalk fake;
    NetworkPool network{2};
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    QObject context;

    Rig() { fake.listen(); }

    std::unique_ptr<CustomWebhookSender> sender(const QString &token, const QString &secret,
                                                const QStringList &keywords = {})
    {
        fake.setClock([this] { return now; });
        return std::make_unique<CustomWebhookSender>(
            &network, fake.url(FakeDingTalk::Route::CustomRobot), token, secret, keywords,
            [this] { return now; });
    }

    std::shared_ptr<Delivered> send(CustomWebhookSender &s, const QString &text,
                                    const QStringList &atUserIds = {},
                                    const QString &title = u"Title"_s)
    {
        auto delivered = std::make_shared<Delivered>();
        s.send(title, text, atUserIds, &context, [delivered](const DeliveryResult &r) {
            ++delivered->count;
            delivered->result = r;
        });
        return delivered;
    }
};

} // namespace

class TestCustomWebhook final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void signVectorInUrl();
    void signVectorSent();
    void noSignWithoutSecret();
    void baseQueryKept();
    void keyword_data();
    void keyword();
    void keywordAcceptedByFake();
    void fakeRejectsMissingKeyword();
    void atUserIdsInBody();
    void errcodes_data();
    void errcodes();
    void fakeRejectsWrongSign();
    void fakeRejectsStaleTimestamp();
    void fakeRejectsRawPlusInSign();
    void fakeRejectsWrongToken();
    void dingTalkSize();
    void bodyLimit_data();
    void bodyLimit();
    void unreachableKeepsTokenOutOfErrmsg();
};

void TestCustomWebhook::init()
{
    g_logged.clear();
    g_previousHandler = qInstallMessageHandler(capture);
}

void TestCustomWebhook::cleanup()
{
    qInstallMessageHandler(g_previousHandler);
    for (const QString &line : std::as_const(g_logged)) {
        QVERIFY2(!line.contains(RobotToken), qPrintable(line));
        QVERIFY2(!line.contains(u"sign="_s), qPrintable(line));
    }
}

void TestCustomWebhook::signVectorInUrl()
{
    const QUrl url = CustomWebhookSender::signedUrl(QUrl(u"https://oapi.dingtalk.com/robot/send"_s),
                                                    u"abc"_s, VectorSecret, VectorTimestamp);
    QCOMPARE(
        QString::fromLatin1(url.toEncoded()),
        u"https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577262236757&sign="_s +
            VectorSign);
}

void TestCustomWebhook::signVectorSent()
{
    Rig rig;
    rig.now = VectorTimestamp;
    rig.fake.setCustomRobot(RobotToken, VectorSecret);
    const auto sender = rig.sender(RobotToken, VectorSecret);
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));

    QCOMPARE(rig.fake.server().count(), 1);
    const RecordedRequest &r = rig.fake.server().requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, u"/robot/send"_s);
    QCOMPARE(r.query.queryItemValue(u"access_token"_s), RobotToken);
    QCOMPARE(r.query.queryItemValue(u"timestamp"_s), u"1577262236757"_s);
    QCOMPARE(r.query.queryItemValue(u"sign"_s, QUrl::FullyEncoded), VectorSign);
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    QCOMPARE(rig.fake.texts(), QStringList{u"hello"_s});
}

void TestCustomWebhook::noSignWithoutSecret()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken);
    const auto sender = rig.sender(RobotToken, QString());
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));
    const RecordedRequest &r = rig.fake.server().requests().first();
    QCOMPARE(r.query.queryItems().size(), 1);
    QCOMPARE(r.query.queryItemValue(u"access_token"_s), RobotToken);
    QVERIFY(!r.query.hasQueryItem(u"timestamp"_s));
    QVERIFY(!r.query.hasQueryItem(u"sign"_s));
}

void TestCustomWebhook::baseQueryKept()
{
    // A webhook pasted whole: its own access_token gives way, other items stay.
    const QUrl url = CustomWebhookSender::signedUrl(
        QUrl(u"https://oapi.dingtalk.com/robot/send?access_token=old&x=1"_s), u"new"_s, QString(),
        VectorTimestamp);
    QCOMPARE(QString::fromLatin1(url.toEncoded()),
             u"https://oapi.dingtalk.com/robot/send?x=1&access_token=new"_s);
}

void TestCustomWebhook::keyword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("keywords");
    QTest::addColumn<QString>("shown");
    QTest::newRow("no keywords: unchanged") << u"answer"_s << QStringList() << u"answer"_s;
    QTest::newRow("keyword present: unchanged")
        << u"the AI says"_s << QStringList{u"DingRelay"_s, u"AI"_s} << u"the AI says"_s;
    QTest::newRow("keyword missing: first one added")
        << u"answer"_s << QStringList{u"DingRelay"_s, u"AI"_s} << u"answer\n\n— DingRelay"_s;
    QTest::newRow("blank keywords ignored")
        << u"answer"_s << QStringList{u" "_s, u"机器人"_s} << u"answer\n\n— 机器人"_s;
    QTest::newRow("case matters: added")
        << u"dingrelay says"_s << QStringList{u"DingRelay"_s} << u"dingrelay says\n\n— DingRelay"_s;
}

void TestCustomWebhook::keyword()
{
    QFETCH(QString, text);
    QFETCH(QStringList, keywords);
    QFETCH(QString, shown);
    QCOMPARE(CustomWebhookSender::shownText(text, {}, keywords), shown);
}

void TestCustomWebhook::keywordAcceptedByFake()
{
    Rig rig;
    const QStringList keywords{u"DingRelay"_s, u"AI"_s};
    rig.fake.setCustomRobot(RobotToken, QString(), keywords);
    const auto sender = rig.sender(RobotToken, QString(), keywords);
    const auto missing = rig.send(*sender, u"plain answer"_s);
    QTRY_COMPARE(missing->count, 1);
    QVERIFY2(missing->result.ok, qPrintable(missing->result.describe()));
    const auto present = rig.send(*sender, u"an AI answer"_s);
    QTRY_COMPARE(present->count, 1);
    QVERIFY(present->result.ok);
    QCOMPARE(rig.fake.texts(), (QStringList{u"plain answer\n\n— DingRelay"_s, u"an AI answer"_s}));
}

void TestCustomWebhook::fakeRejectsMissingKeyword()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken, QString(), {u"DingRelay"_s});
    const auto sender = rig.sender(RobotToken, QString()); // keywords not configured here
    const auto delivered = rig.send(*sender, u"plain answer"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.errcode, 310000);
    QCOMPARE(delivered->result.errmsg, u"keywords not in content"_s);
    QVERIFY(rig.fake.messages().isEmpty());
}

void TestCustomWebhook::atUserIdsInBody()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken);
    const auto sender = rig.sender(RobotToken, QString());
    const auto delivered =
        rig.send(*sender, u"answer for @staff-bob"_s, {u"staff-alice"_s, u"staff-bob"_s});
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok, qPrintable(delivered->result.describe()));

    const QJsonObject body = rig.fake.server().requests().first().json();
    QCOMPARE(body.value(u"msgtype"_s).toString(), u"markdown"_s);
    QCOMPARE(body.value(u"markdown"_s).toObject().value(u"title"_s).toString(), u"Title"_s);
    const QJsonObject at = body.value(u"at"_s).toObject();
    QCOMPARE(at.value(u"atUserIds"_s).toArray(), (QJsonArray{u"staff-alice"_s, u"staff-bob"_s}));
    QCOMPARE(at.value(u"isAtAll"_s).toBool(true), false);

    const FakeDingTalk::Message &m = rig.fake.messages().first();
    QCOMPARE(m.route, FakeDingTalk::Route::CustomRobot);
    QCOMPARE(m.atUserIds, (QStringList{u"staff-alice"_s, u"staff-bob"_s}));
    // The mention DingTalk would not render is added; the one in the text is not doubled.
    QCOMPARE(m.text, u"@staff-alice\n\nanswer for @staff-bob"_s);

    // Without ids, no "at" at all.
    QVERIFY(!QJsonDocument::fromJson(CustomWebhookSender::body(u"T"_s, u"x"_s, {}, {}))
                 .object()
                 .contains(u"at"_s));
}

void TestCustomWebhook::errcodes_data()
{
    QTest::addColumn<int>("errcode");
    QTest::addColumn<QString>("errmsg");
    QTest::addColumn<bool>("expired");
    QTest::newRow("310000 security") << 310000 << u"sign not match"_s << false;
    QTest::newRow("130101 too fast") << 130101 << u"send too fast"_s << false;
    QTest::newRow("300001 no such token") << 300001 << u"token is not exist"_s << true;
    QTest::newRow("300005 no such token") << 300005 << u"token is not exist"_s << true;
    QTest::newRow("40035 missing access_token") << 40035 << u"缺少参数 access_token"_s << false;
    QTest::newRow("460101 too long") << 460101 << u"message too long"_s << false;
}

void TestCustomWebhook::errcodes()
{
    QFETCH(int, errcode);
    QFETCH(QString, errmsg);
    QFETCH(bool, expired);
    Rig rig;
    rig.fake.setCustomRobot(RobotToken);
    rig.fake.failNext(FakeDingTalk::Route::CustomRobot, errcode, errmsg);
    const auto sender = rig.sender(RobotToken, QString());
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    const DeliveryResult &r = delivered->result;
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.errcode, errcode);
    QCOMPARE(r.errmsg, errmsg);
    QCOMPARE(r.expired, expired);
    QVERIFY2(r.describe().contains(QString::number(errcode)), qPrintable(r.describe()));
    QVERIFY(rig.fake.messages().isEmpty());

    // The failure was one answer: the next message goes through.
    const auto next = rig.send(*sender, u"again"_s);
    QTRY_COMPARE(next->count, 1);
    QVERIFY(next->result.ok);
}

void TestCustomWebhook::fakeRejectsWrongSign()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken, u"the real secret"_s);
    const auto sender = rig.sender(RobotToken, u"another secret"_s);
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.errcode, 310000);
    QCOMPARE(delivered->result.errmsg, u"sign not match"_s);

    // No sign at all is refused the same way.
    const auto unsigned_ = rig.sender(RobotToken, QString());
    const auto second = rig.send(*unsigned_, u"hello"_s);
    QTRY_COMPARE(second->count, 1);
    QCOMPARE(second->result.errcode, 310000);
    QVERIFY(rig.fake.messages().isEmpty());
}

void TestCustomWebhook::fakeRejectsStaleTimestamp()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken, VectorSecret);
    const auto sender = rig.sender(RobotToken, VectorSecret);
    const qint64 real = rig.now;
    auto fakeClock = [&rig, real] { return real; };
    rig.fake.setClock(fakeClock);
    rig.now = real - 3601 * 1000; // the sender's clock is an hour behind
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    QCOMPARE(delivered->result.errcode, 310000);
    QCOMPARE(delivered->result.errmsg, u"invalid timestamp"_s);

    rig.now = real - 3599 * 1000; // inside the hour
    const auto second = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(second->count, 1);
    QVERIFY2(second->result.ok, qPrintable(second->result.describe()));
}

void TestCustomWebhook::fakeRejectsRawPlusInSign()
{
    // The vector's sign holds '+': sent unencoded, DingTalk reads a space. The fake agrees.
    Rig rig;
    rig.now = VectorTimestamp;
    rig.fake.setClock([] { return VectorTimestamp; });
    rig.fake.setCustomRobot(RobotToken, VectorSecret);
    QUrl url = rig.fake.url(FakeDingTalk::Route::CustomRobot);
    url.setQuery(u"access_token="_s + RobotToken + u"&timestamp=1577262236757&sign="_s +
                     QString::fromLatin1(QByteArray::fromPercentEncoding(VectorSign.toLatin1())),
                 QUrl::StrictMode);
    QVERIFY(url.toEncoded().contains("sign=hmPWwU+7"));
    WebhookSender sender(&rig.network, 10);
    auto delivered = std::make_shared<Delivered>();
    sender.send(url, CustomWebhookSender::body(u"T"_s, u"x"_s, {}, {}), &rig.context,
                [delivered](const DeliveryResult &r) {
                    ++delivered->count;
                    delivered->result = r;
                });
    QTRY_COMPARE(delivered->count, 1);
    QCOMPARE(delivered->result.errcode, 310000);
}

void TestCustomWebhook::fakeRejectsWrongToken()
{
    Rig rig;
    rig.fake.setCustomRobot(RobotToken);
    const auto sender = rig.sender(u"someone-else"_s, QString());
    const auto delivered = rig.send(*sender, u"hello"_s);
    QTRY_COMPARE(delivered->count, 1);
    QCOMPARE(delivered->result.errcode, 300005);
    QVERIFY(delivered->result.expired);

    const auto empty = rig.sender(QString(), QString());
    const auto second = rig.send(*empty, u"hello"_s);
    QTRY_COMPARE(second->count, 1);
    QCOMPARE(second->result.errcode, 40035);
}

void TestCustomWebhook::dingTalkSize()
{
    QCOMPARE(CustomWebhookSender::dingTalkSize("{}"), 2);
    QCOMPARE(CustomWebhookSender::dingTalkSize(u"你好"_s.toUtf8()), 12);
    QCOMPARE(CustomWebhookSender::dingTalkSize(u"😀"_s.toUtf8()), 12); // two \u escapes
}

void TestCustomWebhook::bodyLimit_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("extra");
    QTest::addColumn<bool>("sent");
    QTest::newRow("ASCII, exactly 20000") << u"a"_s << 0 << true;
    QTest::newRow("ASCII, 20001") << u"a"_s << 1 << false;
    QTest::newRow("CJK, exactly 20000 as escaped") << u"你"_s << 0 << true;
    QTest::newRow("CJK, 20006 as escaped, 10003 in UTF-8") << u"你"_s << 6 << false;
}

void TestCustomWebhook::bodyLimit()
{
    QFETCH(QString, unit);
    QFETCH(int, extra);
    QFETCH(bool, sent);
    const auto size = [](const QString &text) {
        return CustomWebhookSender::dingTalkSize(CustomWebhookSender::body(u"T"_s, text, {}, {}));
    };
    const qsizetype unitSize = size(unit) - size(QString());
    qsizetype room = CustomWebhookSender::MaxBodyBytes - size(QString());
    // Pad with ASCII so the units fill the rest exactly.
    const QString pad(room % unitSize, u'.');
    room -= pad.size();
    const QString text = pad + unit.repeated((room + extra) / unitSize);
    QCOMPARE(size(text), CustomWebhookSender::MaxBodyBytes + extra);

    Rig rig;
    rig.fake.setCustomRobot(RobotToken);
    const auto sender = rig.sender(RobotToken, QString());
    const auto delivered = rig.send(*sender, text, {}, u"T"_s);
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY2(delivered->result.ok == sent, qPrintable(delivered->result.describe()));
    if (sent) {
        QCOMPARE(rig.fake.texts(), QStringList{text});
        return;
    }
    QCOMPARE(delivered->result.errcode, CustomWebhookSender::BodyTooLarge);
    QVERIFY2(delivered->result.errmsg.contains(u"20000"_s), qPrintable(delivered->result.errmsg));
    QCOMPARE(rig.fake.server().count(), 0);
}

void TestCustomWebhook::unreachableKeepsTokenOutOfErrmsg()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QUrl base(u"http://127.0.0.1/robot/send"_s);
    base.setPort(port);
    NetworkPool network(1);
    CustomWebhookSender sender(&network, base, RobotToken, VectorSecret, {}, {});
    QObject context;
    auto delivered = std::make_shared<Delivered>();
    sender.send(u"T"_s, u"x"_s, {}, &context, [delivered](const DeliveryResult &r) {
        ++delivered->count;
        delivered->result = r;
    });
    QTRY_COMPARE(delivered->count, 1);
    QVERIFY(!delivered->result.ok);
    QCOMPARE(delivered->result.httpStatus, 0);
    QVERIFY(!delivered->result.errmsg.isEmpty());
    QVERIFY2(!delivered->result.errmsg.contains(RobotToken), qPrintable(delivered->result.errmsg));
    QVERIFY2(!delivered->result.errmsg.contains(u"sign"_s), qPrintable(delivered->result.errmsg));
}

QTEST_GUILESS_MAIN(TestCustomWebhook)
#include "tst_customwebhook.moc"
