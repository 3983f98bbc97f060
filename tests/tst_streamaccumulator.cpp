// Tests StreamAccumulator behind SseDecoder on recorded and hand-written chat completion streams.
#include "conversation/Replies.h"
#include "openai/SseDecoder.h"
#include "openai/StreamAccumulator.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// What the accumulator concluded, in one comparable value.
struct Outcome
{
    bool ok = false;
    ChatError::Kind kind = ChatError::Kind::Unreachable;
    QString code;
    QStringList texts;
    QStringList finishReasons;
    QStringList reasonings;
    QString partialText;
    bool hasUsage = false;
    int promptTokens = 0;
    int completionTokens = 0;
    int totalTokens = 0;
    QString model;
    QString id;
    friend bool operator==(const Outcome &, const Outcome &) = default;
};

Outcome outcomeOf(const StreamAccumulator &acc)
{
    Outcome o;
    const ChatResult r = acc.result();
    o.ok = r.ok;
    if (!r.ok) {
        o.kind = r.error.kind;
        o.code = r.error.code;
        o.partialText = r.error.partialText;
    }
    for (int i = 0; i < acc.choiceCount(); ++i) {
        o.texts.append(acc.text(i));
        o.finishReasons.append(acc.finishReason(i));
        o.reasonings.append(acc.reasoning(i));
    }
    o.hasUsage = acc.hasUsage();
    o.promptTokens = acc.promptTokens();
    o.completionTokens = acc.completionTokens();
    o.totalTokens = acc.totalTokens();
    o.model = acc.model();
    o.id = acc.completionId();
    return o;
}

// Decodes the chunks as they would come off the network, then the end of the stream.
Outcome accumulate(const QList<QByteArrayView> &chunks, StreamAccumulator *into = nullptr)
{
    SseDecoder decoder;
    StreamAccumulator local(u"req-1"_s);
    StreamAccumulator &acc = into ? *into : local;
    for (const QByteArrayView chunk : chunks) {
        for (const SseEvent &e : decoder.feed(chunk))
            acc.add(e);
    }
    for (const SseEvent &e : decoder.finish())
        acc.add(e);
    acc.finish();
    return outcomeOf(acc);
}

Outcome accumulateBytewise(QByteArrayView bytes)
{
    QList<QByteArrayView> chunks;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        chunks.append(bytes.sliced(i, 1));
    return accumulate(chunks);
}

// Checks that splitting the stream at any byte, or into single bytes, changes nothing.
bool sameEverySplit(const QByteArray &stream, const Outcome &expected, QString *why)
{
    if (accumulateBytewise(stream) != expected) {
        *why = u"fed byte by byte"_s;
        return false;
    }
    const QByteArrayView all(stream);
    for (qsizetype i = 0; i <= all.size(); ++i) {
        if (accumulate({all.first(i), all.sliced(i)}) != expected) {
            *why = u"split at byte %1"_s.arg(i);
            return false;
        }
    }
    return true;
}

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(DINGRELAY_FIXTURES_DIR) + u"/openai-sse/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One chat.completion.chunk event of choice 0 carrying a delta object.
QByteArray delta(const QByteArray &deltaJson, const QByteArray &finish = "null")
{
    return R"(data: {"id":"c1","model":"m","choices":[{"index":0,"delta":)" + deltaJson +
           R"(,"finish_reason":)" + finish + "}]}\n\n";
}

QByteArray content(const QByteArray &text)
{
    return delta(R"({"content":")" + text + "\"}");
}

QByteArray cat(std::initializer_list<QByteArrayView> parts)
{
    QByteArray out;
    for (const QByteArrayView part : parts)
        out.append(part);
    return out;
}

const QByteArray stop = delta("{}", "\"stop\"");
const QByteArray done = "data: [DONE]\n\n";

} // namespace

class TestStreamAccumulator final : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void cases_data();
    void cases();
    void answerAndErrorFields();
    void isDoneAndLaterEvents();
    void truncatedIsReported();
};

void TestStreamAccumulator::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QStringList>("finishReasons");
    QTest::addColumn<int>("promptTokens");
    QTest::addColumn<int>("completionTokens");
    QTest::addColumn<QString>("id");

    // Read off the recordings by hand (and with a separate Python script).
    QTest::newRow("plain-answer")
        << u"plain-answer.sse"_s
        << QStringList{u"I'm unable to provide real-time weather updates. To get the current "
                       u"weather in San Francisco, I recommend checking a reliable weather "
                       u"website or a weather app."_s}
        << QStringList{u"stop"_s} << 14 << 30 << u"chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL"_s;
    QTest::newRow("finish-length")
        << u"finish-length.sse"_s << QStringList{u"{\""_s} << QStringList{u"length"_s} << 79 << 1
        << u"chatcmpl-ABfw3Oqj8RD0z6aJiiX37oTjV2HFh"_s;
    QTest::newRow("refusal") << u"refusal.sse"_s
                             << QStringList{u"I'm sorry, I can't assist with that request."_s}
                             << QStringList{u"stop"_s} << 79 << 11
                             << u"chatcmpl-ABfw4IfQfCCrcuybFm41wJyxjbkz7"_s;
    QTest::newRow("three-choices-interleaved")
        << u"three-choices-interleaved.sse"_s
        << QStringList{u"{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}"_s,
                       u"{\"city\":\"San Francisco\",\"temperature\":61,\"units\":\"f\"}"_s,
                       u"{\"city\":\"San Francisco\",\"temperature\":59,\"units\":\"f\"}"_s}
        << QStringList{u"stop"_s, u"stop"_s, u"stop"_s} << 79 << 42
        << u"chatcmpl-ABfw2KKFuVXmEJgVwYfBvejMAdWtq"_s;
}

void TestStreamAccumulator::fixtures()
{
    QFETCH(QString, file);
    QFETCH(QStringList, texts);
    QFETCH(QStringList, finishReasons);
    QFETCH(int, promptTokens);
    QFETCH(int, completionTokens);
    QFETCH(QString, id);
    const QByteArray stream = readFixture(file);
    QVERIFY2(!stream.isEmpty(), qPrintable(file));

    StreamAccumulator acc(u"req-1"_s);
    const Outcome oneShot = accumulate({stream}, &acc);
    QVERIFY(oneShot.ok);
    QCOMPARE(oneShot.texts, texts);
    QCOMPARE(oneShot.finishReasons, finishReasons);
    QCOMPARE(oneShot.reasonings, QStringList(texts.size(), QString()));
    QVERIFY(oneShot.hasUsage);
    QCOMPARE(oneShot.promptTokens, promptTokens);
    QCOMPARE(oneShot.completionTokens, completionTokens);
    QCOMPARE(oneShot.totalTokens, promptTokens + completionTokens);
    QCOMPARE(oneShot.model, u"gpt-4o-2024-08-06"_s);
    QCOMPARE(oneShot.id, id);

    const ChatResult r = acc.result();
    QCOMPARE(r.answer.text, texts.first());
    QCOMPARE(r.answer.finishReason, finishReasons.first());
    QCOMPARE(r.answer.promptTokens, promptTokens);
    QCOMPARE(r.answer.completionTokens, completionTokens);
    QCOMPARE(r.answer.model, u"gpt-4o-2024-08-06"_s);
    QCOMPARE(r.answer.requestId, u"req-1"_s);

    QString why;
    QVERIFY2(sameEverySplit(stream, oneShot, &why), qPrintable(why));
}

void TestStreamAccumulator::cases_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<ChatError::Kind>("kind"); // when not ok
    QTest::addColumn<QString>("code");         // when not ok
    QTest::addColumn<QString>("text");         // the answer, or the partial text of the error
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<int>("promptTokens");
    QTest::addColumn<int>("completionTokens");

    using K = ChatError::Kind;
    const QString none;
    const QByteArray hello = cat({content("Hel"), content("lo"), stop, done});
    QTest::newRow("LF line ends") << hello << true << K{} << none << u"Hello"_s << u"stop"_s << none
                                  << 0 << 0;
    QTest::newRow("CRLF line ends") << QByteArray(hello).replace("\n", "\r\n") << true << K{}
                                    << none << u"Hello"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("CR line ends") << QByteArray(hello).replace('\n', '\r') << true << K{} << none
                                  << u"Hello"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("keep-alive comments")
        << cat({": keep-alive\n\n", content("Hel"), ": keep-alive\n\n: ping\n", content("lo"), stop,
                ": bye\n\n", done})
        << true << K{} << none << u"Hello"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("several data lines")
        << cat({"data: {\"choices\":[{\"index\":0,\ndata: \"delta\":{\"content\":\"Hi\"},\r\n"
                "data: \"finish_reason\":\"stop\"}]}\n\n",
                done})
        << true << K{} << none << u"Hi"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("empty data skipped")
        << cat({"data:\n\ndata: \n\nevent: message\n\n", content("Hi"), "data:\n\n", stop, done})
        << true << K{} << none << u"Hi"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("U+2028 in JSON content")
        << cat({content("a\xE2\x80\xA8"
                        "b\\u2029c\xE4\xBD\xA0"),
                stop, done})
        << true << K{} << none << u"a\u2028b\u2029c\u4f60"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("error payload in a 200 stream")
        << cat({content("Hel"),
                R"(data: {"error":{"message":"Rate limit reached","type":"requests",)"
                R"("code":"rate_limit_exceeded"}})"
                "\n\n",
                done})
        << false << K::RateLimited << u"rate_limit_exceeded"_s << u"Hel"_s << none << none << 0
        << 0;
    QTest::newRow("event: error")
        << cat({content("Hel"), "event: error\ndata: {\"error\":{\"message\":\"Overloaded\","
                                "\"type\":\"server_error\"}}\n\n"})
        << false << K::ServerError << none << u"Hel"_s << none << none << 0 << 0;
    QTest::newRow("event: error with a bare error object")
        << cat({"event: error\ndata: {\"message\":\"too long\","
                "\"code\":\"context_length_exceeded\"}\n\n"})
        << false << K::ContextTooLong << u"context_length_exceeded"_s << none << none << none << 0
        << 0;
    QTest::newRow("event: error with plain text")
        << cat({content("Hel"), "event: error\ndata: upstream timed out\n\n", done}) << false
        << K::ServerError << none << u"Hel"_s << none << none << 0 << 0;
    QTest::newRow("finish_reason without [DONE]")
        << cat({content("Hel"), content("lo"), stop}) << true << K{} << none << u"Hello"_s
        << u"stop"_s << none << 0 << 0;
    QTest::newRow("finish_reason, last line without line end")
        << cat({content("Hello"), stop, "data: [DONE]"}) << true << K{} << none << u"Hello"_s
        << u"stop"_s << none << 0 << 0;
    QTest::newRow("[DONE] without finish_reason") << cat({content("Hello"), done}) << true << K{}
                                                  << none << u"Hello"_s << none << none << 0 << 0;
    QTest::newRow("neither [DONE] nor finish_reason: truncated")
        << cat({content("Hel"), content("lo")}) << false << K::Truncated << none << u"Hello"_s
        << none << none << 0 << 0;
    QTest::newRow("cut inside a line: truncated")
        << cat({content("Hel"), R"(data: {"id":"c1","choices":[{"index":0,"delta":{"content":"lo)"})
        << false << K::Truncated << none << u"Hel"_s << none << none << 0 << 0;
    QTest::newRow("cut inside the usage line after finish_reason")
        << cat({content("Hello"), stop, R"(data: {"id":"c1","choices":[],"usage":{"prompt_tok)"})
        << true << K{} << none << u"Hello"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("OpenAI usage in a last chunk without choices")
        << cat({content("Hello"), stop,
                R"(data: {"id":"c1","choices":[],"usage":{"prompt_tokens":9,)"
                R"("completion_tokens":2,"total_tokens":11}})"
                "\n\n",
                done})
        << true << K{} << none << u"Hello"_s << u"stop"_s << none << 9 << 2;
    QTest::newRow("usage null in every chunk")
        << cat({R"(data: {"choices":[{"index":0,"delta":{"content":"Hi"},)"
                R"("finish_reason":"stop"}],"usage":null})"
                "\n\n",
                done})
        << true << K{} << none << u"Hi"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("Moonshot usage in choices[0].usage")
        << cat({content("Hello"),
                R"(data: {"id":"c1","model":"moonshot-v1-8k","choices":[{"index":0,"delta":{},)"
                R"("finish_reason":"stop","usage":{"prompt_tokens":19,"completion_tokens":13,)"
                R"("total_tokens":32}}]})"
                "\n\n",
                done})
        << true << K{} << none << u"Hello"_s << u"stop"_s << none << 19 << 13;
    QTest::newRow("DeepSeek reasoning_content and leading blank lines")
        << cat({"\n\n: keep-alive\n\n",
                delta(R"({"role":"assistant","content":null,"reasoning_content":"Think"})"),
                delta(R"({"content":null,"reasoning_content":"ing."})"),
                delta(R"({"content":"Hi","reasoning_content":null})"), stop, done})
        << true << K{} << none << u"Hi"_s << u"stop"_s << u"Thinking."_s << 0 << 0;
    QTest::newRow("malformed JSON chunk")
        << cat({content("Hel"), "data: {\"choices\":[{\"index\":0,\n\n", content("lo"), stop, done})
        << false << K::BadResponse << none << u"Hel"_s << none << none << 0 << 0;
    QTest::newRow("chunk that is no object")
        << cat({content("Hel"), "data: [1,2]\n\n", stop, done}) << false << K::BadResponse << none
        << u"Hel"_s << none << none << 0 << 0;
    QTest::newRow("choice index out of range")
        << cat({"data: {\"choices\":[{\"index\":100000,\"delta\":{\"content\":\"x\"}}]}\n\n", done})
        << false << K::BadResponse << none << none << none << none << 0 << 0;
    QTest::newRow("empty answer") << cat({delta(R"({"content":""})"), stop, done}) << false
                                  << K::BadResponse << none << none << u"stop"_s << none << 0 << 0;
    QTest::newRow("other event types ignored")
        << cat({"event: ping\ndata: "
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n",
                content("Hi"), stop, done})
        << true << K{} << none << u"Hi"_s << u"stop"_s << none << 0 << 0;
    QTest::newRow("events after [DONE] ignored")
        << cat({content("Hi"), stop, done, content("more"), "data: {\"error\":{}}\n\n"}) << true
        << K{} << none << u"Hi"_s << u"stop"_s << none << 0 << 0;
}

void TestStreamAccumulator::cases()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, ok);
    QFETCH(ChatError::Kind, kind);
    QFETCH(QString, code);
    QFETCH(QString, text);
    QFETCH(QString, finishReason);
    QFETCH(QString, reasoning);
    QFETCH(int, promptTokens);
    QFETCH(int, completionTokens);

    StreamAccumulator acc(u"req-1"_s);
    const Outcome oneShot = accumulate({stream}, &acc);
    const ChatResult r = acc.result();
    QCOMPARE(r.ok, ok);
    QVERIFY(acc.isDone());
    if (ok) {
        QCOMPARE(r.answer.text, text);
        QCOMPARE(r.answer.finishReason, finishReason);
        QCOMPARE(r.answer.promptTokens, promptTokens);
        QCOMPARE(r.answer.completionTokens, completionTokens);
    } else {
        QCOMPARE(r.error.kind, kind);
        QCOMPARE(r.error.code, code);
        QCOMPARE(r.error.partialText, text);
        QCOMPARE(r.error.httpStatus, 200);
        QCOMPARE(r.error.requestId, u"req-1"_s);
        QVERIFY(!r.error.message.isEmpty());
    }
    QCOMPARE(acc.finishReason(), finishReason);
    QCOMPARE(acc.reasoning(), reasoning);
    QVERIFY(!acc.text().contains(u"Think"_s));
    QCOMPARE(oneShot.hasUsage, promptTokens > 0);

    QString why;
    QVERIFY2(sameEverySplit(stream, oneShot, &why), qPrintable(why));
}

void TestStreamAccumulator::answerAndErrorFields()
{
    ChatError truncated;
    truncated.kind = ChatError::Kind::Truncated;
    QCOMPARE(truncated.kindName(), u"truncated"_s);
    QVERIFY(Replies::modelFailed(u"en"_s, truncated).contains(u"cut off"_s));
    QVERIFY(!Replies::modelFailed(u"zh"_s, truncated).isEmpty());

    StreamAccumulator acc;
    QCOMPARE(acc.choiceCount(), 0);
    QCOMPARE(acc.text(), QString());
    QCOMPARE(acc.text(-1), QString());
    QCOMPARE(acc.finishReason(7), QString());
    QVERIFY(!acc.hasUsage());
    QVERIFY(!acc.isDone());
}

void TestStreamAccumulator::isDoneAndLaterEvents()
{
    StreamAccumulator acc;
    SseDecoder decoder;
    for (const SseEvent &e : decoder.feed(cat({content("Hi"), stop})))
        acc.add(e);
    QVERIFY(!acc.isDone()); // usage may still follow a finish_reason
    QVERIFY(acc.result().ok);
    for (const SseEvent &e : decoder.feed(done))
        acc.add(e);
    QVERIFY(acc.isDone());
    QVERIFY(!acc.hasError());

    StreamAccumulator failed;
    for (const SseEvent &e : decoder.feed("data: {\"error\":{\"message\":\"boom\"}}\n\n"))
        failed.add(e);
    QVERIFY(failed.isDone());
    QVERIFY(failed.hasError());
    QCOMPARE(failed.error().message, u"boom"_s);
    QCOMPARE(failed.error().kind, ChatError::Kind::ServerError);
}

void TestStreamAccumulator::truncatedIsReported()
{
    StreamAccumulator acc(u"req-9"_s);
    SseDecoder decoder;
    for (const SseEvent &e : decoder.feed(cat({content("Hel"), content("lo")})))
        acc.add(e);
    // Before the stream ends the answer is not whole yet, and not an error either.
    QVERIFY(!acc.hasError());
    QVERIFY(!acc.isDone());
    QCOMPARE(acc.result().error.kind, ChatError::Kind::Truncated);
    acc.finish();
    QVERIFY(acc.isDone());
    QVERIFY(acc.hasError());
    const ChatError e = acc.error();
    QCOMPARE(e.kind, ChatError::Kind::Truncated);
    QCOMPARE(e.partialText, u"Hello"_s);
    QCOMPARE(e.requestId, u"req-9"_s);
    QCOMPARE(acc.result().error.partialText, u"Hello"_s);
}

QTEST_GUILESS_MAIN(TestStreamAccumulator)
#include "tst_streamaccumulator.moc"
