// Tests InboundParser::parse and InboundMessage's JSON round trip on DingTalk robot callbacks.
#include "dingtalk/InboundMessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(InboundMessage::Kind)

namespace {

// A group text message as DingTalk's HTTP callback delivers it.
QJsonObject baseMessage()
{
    return QJsonObject{
        {u"msgtype"_s, u"text"_s},
        {u"text"_s, QJsonObject{{u"content"_s, u" hello robot"_s}}},
        {u"msgId"_s, u"msgABC123=="_s},
        {u"createAt"_s, 1690000000000.0},
        {u"conversationType"_s, u"2"_s},
        {u"conversationId"_s, u"cidXYZ=="_s},
        {u"conversationTitle"_s, u"研发群"_s},
        {u"senderId"_s, u"$:LWCP_v1:$abc"_s},
        {u"senderNick"_s, u"张三"_s},
        {u"senderStaffId"_s, u"manager123"_s},
        {u"senderCorpId"_s, u"ding123corp"_s},
        {u"sessionWebhook"_s, u"https://oapi.dingtalk.com/robot/sendBySession?session=xyz"_s},
        {u"sessionWebhookExpiredTime"_s, 1690005400000.0},
        {u"isAdmin"_s, true},
        {u"chatbotUserId"_s, u"$:LWCP_v1:$bot"_s},
        {u"isInAtList"_s, true},
        {u"atUsers"_s, QJsonArray{QJsonObject{{u"dingtalkId"_s, u"$:LWCP_v1:$bot"_s}}}},
        {u"robotCode"_s, u"dingrobotcode"_s},
    };
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

ParseResult parseObject(const QJsonObject &o)
{
    return InboundParser::parse(bytes(o));
}

} // namespace

class TestInboundMessage final : public QObject
{
    Q_OBJECT

private slots:
    void groupTextIsTrimmedAndFieldsRead();
    void kinds_data();
    void kinds();
    void richTextSkipsPictures();
    void conversationType_data();
    void conversationType();
    void numbersAsStringsAndStringsAsNumbers();
    void numbersBeyondInt64();
    void unknownFieldsIgnored();
    void missingField_data();
    void missingField();
    void notAMessage_data();
    void notAMessage();
    void roundTrip_data();
    void roundTrip();
    void fromJsonNeedsIds();
};

void TestInboundMessage::groupTextIsTrimmedAndFieldsRead()
{
    const ParseResult r = parseObject(baseMessage());
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    const InboundMessage &m = *r.message;
    QCOMPARE(m.kind, InboundMessage::Kind::Text);
    QCOMPARE(m.msgType, u"text"_s);
    QCOMPARE(m.text, u"hello robot"_s);
    QVERIFY(m.isSupportedKind());
    QCOMPARE(m.msgId, u"msgABC123=="_s);
    QCOMPARE(m.conversationId, u"cidXYZ=="_s);
    QCOMPARE(m.conversationTitle, u"研发群"_s);
    QVERIFY(m.isGroup);
    QCOMPARE(m.senderId, u"$:LWCP_v1:$abc"_s);
    QCOMPARE(m.senderNick, u"张三"_s);
    QCOMPARE(m.senderStaffId, u"manager123"_s);
    QCOMPARE(m.senderCorpId, u"ding123corp"_s);
    QCOMPARE(m.robotCode, u"dingrobotcode"_s);
    QCOMPARE(m.sessionWebhook,
             QUrl(u"https://oapi.dingtalk.com/robot/sendBySession?session=xyz"_s));
    QCOMPARE(m.sessionWebhookExpiresAt, Q_INT64_C(1690005400000));
    QCOMPARE(m.createdAt, Q_INT64_C(1690000000000));
}

void TestInboundMessage::kinds_data()
{
    QTest::addColumn<QString>("msgtype");
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<InboundMessage::Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("supported");

    using K = InboundMessage::Kind;
    QTest::newRow("text") << u"text"_s
                          << QJsonObject{{u"text"_s, QJsonObject{{u"content"_s, u"  问一下 \n"_s}}}}
                          << K::Text << u"问一下"_s << true;
    QTest::newRow("richText")
        << u"richText"_s
        << QJsonObject{{u"content"_s,
                        QJsonObject{
                            {u"richText"_s, QJsonArray{QJsonObject{{u"text"_s, u"one"_s}},
                                                       QJsonObject{{u"text"_s, u"two"_s}}}}}}}
        << K::RichText << u"one\ntwo"_s << true;
    QTest::newRow("audio") << u"audio"_s
                           << QJsonObject{{u"content"_s,
                                           QJsonObject{{u"duration"_s, 4000},
                                                       {u"downloadCode"_s, u"dl"_s},
                                                       {u"recognition"_s, u"今天天气怎么样"_s}}}}
                           << K::Audio << u"今天天气怎么样"_s << true;
    QTest::newRow("picture") << u"picture"_s
                             << QJsonObject{{u"content"_s,
                                             QJsonObject{{u"downloadCode"_s, u"dl"_s},
                                                         {u"pictureDownloadCode"_s, u"pdl"_s}}}}
                             << K::Picture << QString() << false;
    QTest::newRow("video") << u"video"_s
                           << QJsonObject{{u"content"_s, QJsonObject{{u"duration"_s, u"12"_s},
                                                                     {u"downloadCode"_s, u"dl"_s},
                                                                     {u"videoType"_s, u"mp4"_s}}}}
                           << K::Video << QString() << false;
    QTest::newRow("file") << u"file"_s
                          << QJsonObject{{u"content"_s,
                                          QJsonObject{{u"downloadCode"_s, u"dl"_s},
                                                      {u"fileName"_s, u"report.pdf"_s}}}}
                          << K::File << QString() << false;
    QTest::newRow("unknownMsgType")
        << u"unknownMsgType"_s
        << QJsonObject{{u"content"_s, QJsonObject{{u"unknownMsgType"_s, u"暂不支持"_s}}}}
        << K::Unknown << QString() << false;
    QTest::newRow("a type DingTalk may add later")
        << u"interactiveCard"_s << QJsonObject{{u"content"_s, QJsonObject{{u"text"_s, u"x"_s}}}}
        << K::Unknown << QString() << false;
}

void TestInboundMessage::kinds()
{
    QFETCH(QString, msgtype);
    QFETCH(QJsonObject, extra);
    QFETCH(InboundMessage::Kind, kind);
    QFETCH(QString, text);
    QFETCH(bool, supported);

    QJsonObject o = baseMessage();
    o.remove(u"text"_s);
    o.insert(u"msgtype"_s, msgtype);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());

    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->kind, kind);
    QCOMPARE(r.message->msgType, msgtype);
    QCOMPARE(r.message->text, text);
    QCOMPARE(r.message->isSupportedKind(), supported);
}

void TestInboundMessage::richTextSkipsPictures()
{
    QJsonObject o = baseMessage();
    o.remove(u"text"_s);
    o.insert(u"msgtype"_s, u"richText"_s);
    const QJsonArray parts{
        QJsonObject{{u"text"_s, u" first line "_s}},
        QJsonObject{{u"type"_s, u"picture"_s},
                    {u"downloadCode"_s, u"dl"_s},
                    {u"pictureDownloadCode"_s, u"pdl"_s}},
        QJsonObject{{u"text"_s, u"第二行"_s}},
        QJsonObject{{u"type"_s, u"picture"_s}, {u"downloadCode"_s, u"dl2"_s}},
    };
    o.insert(u"content"_s, QJsonObject{{u"richText"_s, parts}});
    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->text, u"first line\n第二行"_s);
    QVERIFY(r.message->isSupportedKind());
}

void TestInboundMessage::conversationType_data()
{
    QTest::addColumn<QJsonValue>("type");
    QTest::addColumn<bool>("group");
    QTest::newRow("string 1") << QJsonValue(u"1"_s) << false;
    QTest::newRow("string 2") << QJsonValue(u"2"_s) << true;
    QTest::newRow("number 1") << QJsonValue(1) << false;
    QTest::newRow("number 2") << QJsonValue(2) << true;
}

void TestInboundMessage::conversationType()
{
    QFETCH(QJsonValue, type);
    QFETCH(bool, group);
    QJsonObject o = baseMessage();
    o.insert(u"conversationType"_s, type);
    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->isGroup, group);
}

void TestInboundMessage::numbersAsStringsAndStringsAsNumbers()
{
    QJsonObject o = baseMessage();
    o.insert(u"createAt"_s, u"1690000000123"_s);
    o.insert(u"sessionWebhookExpiredTime"_s, u"1690005400456"_s);
    o.insert(u"msgId"_s, 987654321);
    o.insert(u"conversationId"_s, 42);
    o.insert(u"senderStaffId"_s, 1234567);
    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->createdAt, Q_INT64_C(1690000000123));
    QCOMPARE(r.message->sessionWebhookExpiresAt, Q_INT64_C(1690005400456));
    QCOMPARE(r.message->msgId, u"987654321"_s);
    QCOMPARE(r.message->conversationId, u"42"_s);
    QCOMPARE(r.message->senderStaffId, u"1234567"_s);
}

void TestInboundMessage::numbersBeyondInt64()
{
    // Found by tests/fuzz/fuzz_callback: converting these to qint64 was undefined behaviour.
    QJsonObject o = baseMessage();
    o.insert(u"createAt"_s, 1.7e64);
    o.insert(u"sessionWebhookExpiredTime"_s, -1e300);
    o.insert(u"msgId"_s, 1e30);
    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->createdAt, 0);
    QCOMPARE(r.message->sessionWebhookExpiresAt, 0);
    QCOMPARE(r.message->msgId, u"1e+30"_s);
}

void TestInboundMessage::unknownFieldsIgnored()
{
    QJsonObject o = baseMessage();
    o.insert(u"someFutureField"_s, QJsonObject{{u"nested"_s, QJsonArray{1, 2, 3}}});
    o.insert(u"isInAtList"_s, u"not a bool"_s);
    o.insert(u"atUsers"_s, u"not an array"_s);
    const ParseResult r = parseObject(o);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    QCOMPARE(r.message->text, u"hello robot"_s);
    QCOMPARE(r.message->msgId, u"msgABC123=="_s);
}

void TestInboundMessage::missingField_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("msgId") << u"msgId"_s;
    QTest::newRow("conversationId") << u"conversationId"_s;
    QTest::newRow("msgtype") << u"msgtype"_s;
}

void TestInboundMessage::missingField()
{
    QFETCH(QString, field);
    QJsonObject o = baseMessage();
    o.remove(field);
    ParseResult r = parseObject(o);
    QVERIFY(!r.message.has_value());
    QVERIFY2(r.error.contains(field), qPrintable(r.error));

    // An empty string is as good as missing.
    o.insert(field, QString());
    r = parseObject(o);
    QVERIFY(!r.message.has_value());
    QVERIFY2(r.error.contains(field), qPrintable(r.error));
}

void TestInboundMessage::notAMessage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty body") << QByteArray();
    QTest::newRow("invalid JSON") << QByteArray(R"({"msgtype":"text",)");
    QTest::newRow("plain text") << QByteArray("hello");
    QTest::newRow("JSON array") << QByteArray(R"([{"msgtype":"text","msgId":"a"}])");
    QTest::newRow("JSON string") << QByteArray(R"("text")");
    QTest::newRow("empty object") << QByteArray("{}");
}

void TestInboundMessage::notAMessage()
{
    QFETCH(QByteArray, body);
    const ParseResult r = InboundParser::parse(body);
    QVERIFY(!r.message.has_value());
    QVERIFY(!r.error.isEmpty());
}

void TestInboundMessage::roundTrip_data()
{
    QTest::addColumn<QJsonObject>("source");
    QTest::newRow("group text") << baseMessage();

    QJsonObject single = baseMessage();
    single.insert(u"conversationType"_s, u"1"_s);
    single.remove(u"conversationTitle"_s);
    single.remove(u"senderStaffId"_s);
    QTest::newRow("single chat, no staff id") << single;

    QJsonObject audio = baseMessage();
    audio.remove(u"text"_s);
    audio.insert(u"msgtype"_s, u"audio"_s);
    audio.insert(u"content"_s, QJsonObject{{u"recognition"_s, u"语音内容"_s}});
    QTest::newRow("audio") << audio;

    QJsonObject picture = baseMessage();
    picture.remove(u"text"_s);
    picture.insert(u"msgtype"_s, u"picture"_s);
    QTest::newRow("picture") << picture;
}

void TestInboundMessage::roundTrip()
{
    QFETCH(QJsonObject, source);
    const ParseResult r = parseObject(source);
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    const InboundMessage &a = *r.message;

    // Through bytes too, as the job queue stores it.
    const QJsonObject stored =
        QJsonDocument::fromJson(QJsonDocument(a.toJson()).toJson(QJsonDocument::Compact)).object();
    const std::optional<InboundMessage> back = InboundMessage::fromJson(stored);
    QVERIFY(back.has_value());
    const InboundMessage &b = *back;
    QCOMPARE(b.kind, a.kind);
    QCOMPARE(b.msgType, a.msgType);
    QCOMPARE(b.text, a.text);
    QCOMPARE(b.msgId, a.msgId);
    QCOMPARE(b.conversationId, a.conversationId);
    QCOMPARE(b.conversationTitle, a.conversationTitle);
    QCOMPARE(b.isGroup, a.isGroup);
    QCOMPARE(b.senderId, a.senderId);
    QCOMPARE(b.senderNick, a.senderNick);
    QCOMPARE(b.senderStaffId, a.senderStaffId);
    QCOMPARE(b.senderCorpId, a.senderCorpId);
    QCOMPARE(b.robotCode, a.robotCode);
    QCOMPARE(b.sessionWebhook, a.sessionWebhook);
    QCOMPARE(b.sessionWebhookExpiresAt, a.sessionWebhookExpiresAt);
    QCOMPARE(b.createdAt, a.createdAt);
    QCOMPARE(b.isSupportedKind(), a.isSupportedKind());
}

void TestInboundMessage::fromJsonNeedsIds()
{
    const ParseResult r = parseObject(baseMessage());
    QVERIFY2(r.message.has_value(), qPrintable(r.error));
    const QJsonObject stored = r.message->toJson();
    QVERIFY(InboundMessage::fromJson(stored).has_value());
    QJsonObject noId = stored;
    noId.remove(u"msgId"_s);
    QVERIFY(!InboundMessage::fromJson(noId).has_value());
    QJsonObject noConversation = stored;
    noConversation.remove(u"conversationId"_s);
    QVERIFY(!InboundMessage::fromJson(noConversation).has_value());
    QVERIFY(!InboundMessage::fromJson(QJsonObject()).has_value());
}

QTEST_GUILESS_MAIN(TestInboundMessage)
#include "tst_inboundmessage.moc"
