// Tests ReplyBuilder's sessionWebhook markdown bodies and titles, and the robot's own Replies.
#include "conversation/Replies.h"
#include "dingtalk/ReplyBuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return doc.object();
}

bool hasCjk(const QString &text)
{
    for (const QChar c : text) {
        if ((c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) ||
            (c.unicode() >= 0x3000 && c.unicode() <= 0x303F) ||
            (c.unicode() >= 0xFF00 && c.unicode() <= 0xFFEF))
            return true;
    }
    return false;
}

bool validUtf16(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate())
                return false;
            ++i;
        } else if (c.isLowSurrogate()) {
            return false;
        }
    }
    return true;
}

QList<ChatError::Kind> allKinds()
{
    QList<ChatError::Kind> kinds;
    for (int k = 0; k <= int(ChatError::Kind::Cancelled); ++k)
        kinds << ChatError::Kind(k);
    return kinds;
}

} // namespace

class TestReplyBuilder final : public QObject
{
    Q_OBJECT

private slots:
    void markdownShape();
    void markdownKeepsChineseText();
    void mention();
    void emptyMentionIsNoMention();
    void title_data();
    void title();
    void titleNeverSplitsASurrogatePair();
    void modelFailedReplies_data();
    void modelFailedReplies();
    void modelFailedRepliesDistinct_data();
    void modelFailedRepliesDistinct();
    void unknownLanguageFallsBackToChinese_data();
    void unknownLanguageFallsBackToChinese();
    void otherReplies_data();
    void otherReplies();
    void unsupportedKindNamesTheKind();
};

void TestReplyBuilder::markdownShape()
{
    const QString text = u"## Answer\n\nThe capital of France is **Paris**."_s;
    const QJsonObject body = parse(ReplyBuilder::markdown(text));
    QCOMPARE(body.value(u"msgtype"_s).toString(), u"markdown"_s);
    QVERIFY(body.value(u"markdown"_s).isObject());
    const QJsonObject md = body.value(u"markdown"_s).toObject();
    QCOMPARE(md.keys(), (QStringList{u"text"_s, u"title"_s}));
    QCOMPARE(md.value(u"text"_s).toString(), text);
    QCOMPARE(md.value(u"title"_s).toString(), u"Answer"_s);
    QVERIFY(!body.contains(u"at"_s));
    QCOMPARE(body.keys(), (QStringList{u"markdown"_s, u"msgtype"_s}));
}

void TestReplyBuilder::markdownKeepsChineseText()
{
    const QString text = u"北京是中国的首都。\n\n它有三千多年的历史。"_s;
    const QJsonObject md = parse(ReplyBuilder::markdown(text)).value(u"markdown"_s).toObject();
    QCOMPARE(md.value(u"text"_s).toString(), text);
    QCOMPARE(md.value(u"title"_s).toString(), u"北京是中国的首都。"_s);
}

void TestReplyBuilder::mention()
{
    const QString text = u"Sure, here is the plan."_s;
    const QJsonObject body = parse(ReplyBuilder::markdown(text, u"manager123"_s));
    const QJsonObject md = body.value(u"markdown"_s).toObject();
    const QString shown = md.value(u"text"_s).toString();
    QVERIFY2(shown.contains(u"@manager123"_s), qPrintable(shown));
    QVERIFY(shown.contains(text));
    // The title is the answer's, not the mention's.
    QCOMPARE(md.value(u"title"_s).toString(), text);
    QCOMPARE(body.value(u"at"_s).toObject().value(u"atUserIds"_s).toArray(),
             QJsonArray{u"manager123"_s});
}

void TestReplyBuilder::emptyMentionIsNoMention()
{
    const QJsonObject body = parse(ReplyBuilder::markdown(u"hi there"_s, QString()));
    QVERIFY(!body.contains(u"at"_s));
    QCOMPARE(body.value(u"markdown"_s).toObject().value(u"text"_s).toString(), u"hi there"_s);
}

void TestReplyBuilder::title_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const QString forty = QString(40, u'a');
    QTest::newRow("plain line") << u"Hello world"_s << u"Hello world"_s;
    QTest::newRow("first non-empty line") << u"\n  \n\nSecond thing\nthird"_s << u"Second thing"_s;
    QTest::newRow("heading") << u"### Summary\nbody"_s << u"Summary"_s;
    QTest::newRow("quote") << u"> quoted words\n"_s << u"quoted words"_s;
    QTest::newRow("bullet") << u"- first item\n- second"_s << u"first item"_s;
    QTest::newRow("star bullet") << u"* first item"_s << u"first item"_s;
    QTest::newRow("bold") << u"**Important**: read this"_s << u"Important: read this"_s;
    QTest::newRow("italic and code") << u"Use *only* `grep`"_s << u"Use only grep"_s;
    QTest::newRow("marks-only line skipped") << u"---\nReal title"_s << u"Real title"_s;
    QTest::newRow("exactly 40") << forty << forty;
    QTest::newRow("41 is cut") << QString(41, u'b') << QString(39, u'b') + u'…';
    QTest::newRow("long line cut")
        << u"The quick brown fox jumps over the lazy dog and keeps on running"_s
        << u"The quick brown fox jumps over the lazy…"_s;
    QTest::newRow("underscore inside a word kept")
        << u"Set `max_turns` to 5"_s << u"Set max_turns to 5"_s;
    QTest::newRow("negative number kept") << u"-5 °C outside"_s << u"-5 °C outside"_s;
    QTest::newRow("Chinese") << u"# 你好\n正文"_s << u"你好"_s;
    QTest::newRow("long Chinese cut")
        << QString(45, QChar(0x4E2D)) << QString(39, QChar(0x4E2D)) + u'…';
}

void TestReplyBuilder::title()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString title = ReplyBuilder::titleFor(text);
    QCOMPARE(title, expected);
    QVERIFY(title.size() <= 40);
    QCOMPARE(parse(ReplyBuilder::markdown(text))
                 .value(u"markdown"_s)
                 .toObject()
                 .value(u"title"_s)
                 .toString(),
             expected);
}

void TestReplyBuilder::titleNeverSplitsASurrogatePair()
{
    // 38 letters, then an emoji (two UTF-16 units) that straddles the cut.
    const QString text = QString(38, u'a') + u"😀😀😀 and more"_s;
    const QString title = ReplyBuilder::titleFor(text);
    QVERIFY(title.endsWith(u'…'));
    QVERIFY2(validUtf16(title), "the cut left half a surrogate pair in the title");
}

void TestReplyBuilder::modelFailedReplies_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("kind");
    for (const QString &language : {u"zh"_s, u"en"_s}) {
        for (const ChatError::Kind kind : allKinds()) {
            ChatError e;
            e.kind = kind;
            QTest::addRow("%s %s", qPrintable(language), qPrintable(e.kindName()))
                << language << int(kind);
        }
    }
}

void TestReplyBuilder::modelFailedReplies()
{
    QFETCH(QString, language);
    QFETCH(int, kind);
    ChatError error;
    error.kind = ChatError::Kind(kind);
    const QString reply = Replies::modelFailed(language, error);
    QVERIFY(!reply.trimmed().isEmpty());
    QVERIFY2(!reply.contains(u'\n'), qPrintable(reply));
    if (language == u"zh"_s)
        QVERIFY2(hasCjk(reply), qPrintable(reply));
    else
        QVERIFY2(!hasCjk(reply), qPrintable(reply));
}

void TestReplyBuilder::modelFailedRepliesDistinct_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh") << u"zh"_s;
    QTest::newRow("en") << u"en"_s;
}

void TestReplyBuilder::modelFailedRepliesDistinct()
{
    QFETCH(QString, language);
    QSet<QString> seen;
    for (const ChatError::Kind kind : allKinds()) {
        ChatError error;
        error.kind = kind;
        seen.insert(Replies::modelFailed(language, error));
    }
    QCOMPARE(seen.size(), allKinds().size());
}

void TestReplyBuilder::unknownLanguageFallsBackToChinese_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("empty") << QString();
    QTest::newRow("fr") << u"fr"_s;
    QTest::newRow("zh_CN") << u"zh_CN"_s;
}

void TestReplyBuilder::unknownLanguageFallsBackToChinese()
{
    QFETCH(QString, language);
    for (const ChatError::Kind kind : allKinds()) {
        ChatError error;
        error.kind = kind;
        QCOMPARE(Replies::modelFailed(language, error), Replies::modelFailed(u"zh"_s, error));
    }
    QCOMPARE(Replies::contextCleared(language), Replies::contextCleared(u"zh"_s));
    QCOMPARE(Replies::emptyMessage(language), Replies::emptyMessage(u"zh"_s));
    QCOMPARE(Replies::unsupportedKind(language, u"picture"_s),
             Replies::unsupportedKind(u"zh"_s, u"picture"_s));
}

void TestReplyBuilder::otherReplies_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("cjk");
    QTest::newRow("zh") << u"zh"_s << true;
    QTest::newRow("en") << u"en"_s << false;
}

void TestReplyBuilder::otherReplies()
{
    QFETCH(QString, language);
    QFETCH(bool, cjk);
    const QStringList replies{
        Replies::contextCleared(language),
        Replies::emptyMessage(language),
        Replies::unsupportedKind(language, u"picture"_s),
        Replies::unsupportedKind(language, u"video"_s),
        Replies::unsupportedKind(language, u"file"_s),
        Replies::unsupportedKind(language, u"unknownMsgType"_s),
    };
    for (const QString &reply : replies) {
        QVERIFY(!reply.trimmed().isEmpty());
        QVERIFY2(hasCjk(reply) == cjk, qPrintable(reply));
    }
    QCOMPARE(QSet<QString>(replies.begin(), replies.end()).size(), replies.size());
}

void TestReplyBuilder::unsupportedKindNamesTheKind()
{
    QVERIFY(Replies::unsupportedKind(u"en"_s, u"picture"_s).contains(u"picture"_s));
    QVERIFY(Replies::unsupportedKind(u"en"_s, u"video"_s).contains(u"video"_s));
    QVERIFY(Replies::unsupportedKind(u"en"_s, u"file"_s).contains(u"file"_s));
    QVERIFY(Replies::unsupportedKind(u"zh"_s, u"picture"_s).contains(u"图片"_s));
}

QTEST_GUILESS_MAIN(TestReplyBuilder)
#include "tst_replybuilder.moc"
