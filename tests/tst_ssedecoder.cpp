// Tests SseDecoder on hand-written streams and on recorded OpenAI streams, split every way.
#include "openai/SseDecoder.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// "event|data|id": readable in a failed QCOMPARE, unlike a list of structs.
QByteArrayList show(const QList<SseEvent> &events)
{
    QByteArrayList out;
    for (const SseEvent &e : events)
        out.append(QByteArray(e.event + '|' + e.data + '|' + e.id));
    return out;
}

QList<SseEvent> decode(const QList<QByteArrayView> &chunks)
{
    SseDecoder decoder;
    QList<SseEvent> out;
    for (const QByteArrayView chunk : chunks)
        out += decoder.feed(chunk);
    out += decoder.finish();
    return out;
}

QList<SseEvent> decodeBytewise(QByteArrayView bytes)
{
    QList<QByteArrayView> chunks;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        chunks.append(bytes.sliced(i, 1));
    return decode(chunks);
}

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(DINGRELAY_FIXTURES_DIR) + u"/openai-sse/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSseDecoder final : public QObject
{
    Q_OBJECT

private slots:
    void events_data();
    void events();
    void eventsAreReturnedOnceComplete();
    void finishResetsTheDecoder();
    void fixtures_data();
    void fixtures();
};

void TestSseDecoder::events_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("LF") << "data: a\n\ndata: b\n\n"_ba << QByteArrayList{"|a|", "|b|"};
    QTest::newRow("CR") << "data: a\r\rdata: b\r\r"_ba << QByteArrayList{"|a|", "|b|"};
    QTest::newRow("CRLF") << "data: a\r\n\r\ndata: b\r\n\r\n"_ba << QByteArrayList{"|a|", "|b|"};
    QTest::newRow("mixed line ends")
        << "data: a\r\n\ndata: b\r\r\ndata: c\n\r"_ba << QByteArrayList{"|a|", "|b|", "|c|"};
    // Were CR LF two line ends, the blank line between them would split this into two events.
    QTest::newRow("CRLF is one line end")
        << "data: a\r\ndata: b\r\n\r\n"_ba << QByteArrayList{"|a\nb|"};
    QTest::newRow("comments and keep-alives")
        << ": keep-alive\n\ndata: a\n: inside an event\ndata: b\n\n:\n\n: OPENROUTER PROCESSING\n\n"_ba
        << QByteArrayList{"|a\nb|"};
    QTest::newRow("several data lines")
        << "data: {\ndata: \"x\": 1\ndata: }\n\n"_ba << QByteArrayList{"|{\n\"x\": 1\n}|"};
    QTest::newRow("empty data skipped")
        << "data:\n\ndata\n\ndata: \n\nevent: ping\n\nid: 3\n\ndata: x\n\n"_ba
        << QByteArrayList{"|x|3"};
    QTest::newRow("two empty data lines are one newline")
        << "data:\ndata:\n\n"_ba << QByteArrayList{"|\n|"};
    QTest::newRow("one leading space stripped")
        << "data:x\n\ndata:  y\n\ndata: z \n\n"_ba << QByteArrayList{"|x|", "| y|", "|z |"};
    QTest::newRow("colon inside the value") << "data: a: b\n\n"_ba << QByteArrayList{"|a: b|"};
    QTest::newRow("event type and last id")
        << "event: error\nid: 7\ndata: d\n\ndata: e\n\nid\ndata: f\n\n"_ba
        << QByteArrayList{"error|d|7", "|e|7", "|f|"};
    QTest::newRow("id with NUL ignored")
        << QByteArray("id: 1\n\nid: a\0b\ndata: x\n\n", 24) << QByteArrayList{"|x|1"};
    QTest::newRow("unknown fields ignored")
        << "retry: 1000\nfoo: bar\nDATA: no\ndata: x\n\n"_ba << QByteArrayList{"|x|"};
    // U+2028, U+2029 and U+0085 are line breaks to some decoders, but not to SSE.
    QTest::newRow("U+2028 U+2029 U+0085 are not line ends")
        << "data: {\"c\":\"a\xE2\x80\xA8"
           "b\xE2\x80\xA9"
           "c\xC2\x85"
           "d\"}\n\n"_ba
        << QByteArrayList{"|{\"c\":\"a\xE2\x80\xA8"
                          "b\xE2\x80\xA9"
                          "c\xC2\x85"
                          "d\"}|"};
    QTest::newRow("multibyte UTF-8")
        << "data: \xE4\xBD\xA0\xE5\xA5\xBD\xF0\x9F\x98\x80\n\n"_ba
        << QByteArrayList{"|\xE4\xBD\xA0\xE5\xA5\xBD\xF0\x9F\x98\x80|"};
    QTest::newRow("leading blank lines") << "\n\n\r\n\rdata: x\n\n"_ba << QByteArrayList{"|x|"};
    QTest::newRow("BOM stripped") << "\xEF\xBB\xBF"
                                     "data: x\n\n"_ba
                                  << QByteArrayList{"|x|"};
    QTest::newRow("only one BOM stripped") << "\xEF\xBB\xBF\xEF\xBB\xBF"
                                              "data: x\n\ndata: y\n\n"_ba
                                           << QByteArrayList{"|y|"};
    QTest::newRow("BOM start that is no BOM") << "\xEF\xBB"
                                                 "data: x\n\ndata: y\n\n"_ba
                                              << QByteArrayList{"|y|"};
    QTest::newRow("finish: event without blank line") << "data: x\n"_ba << QByteArrayList{"|x|"};
    QTest::newRow("finish: last line without line end")
        << "data: a\n\ndata: [DONE]"_ba << QByteArrayList{"|a|", "|[DONE]|"};
    QTest::newRow("finish: after CR") << "data: x\r"_ba << QByteArrayList{"|x|"};
    QTest::newRow("finish: nothing pending")
        << "data: x\n\nevent: e\n: comment"_ba << QByteArrayList{"|x|"};
    QTest::newRow("empty stream") << QByteArray() << QByteArrayList{};
}

void TestSseDecoder::events()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, expected);

    QCOMPARE(show(decode({stream})), expected);
    QCOMPARE(show(decodeBytewise(stream)), expected);
    for (qsizetype i = 0; i <= stream.size(); ++i) {
        const QByteArrayView all(stream);
        const auto got = show(decode({all.first(i), all.sliced(i)}));
        if (got != expected)
            QFAIL(
                qPrintable(u"split at %1 gives %2"_s.arg(i).arg(QString::fromUtf8(got.join('/')))));
        // Three chunks, some of them empty, also split CR LF with an empty read between.
        for (qsizetype j = i; j <= stream.size(); ++j) {
            const auto three = show(decode({all.first(i), all.sliced(i, j - i), all.sliced(j)}));
            if (three != expected)
                QFAIL(qPrintable(u"split at %1 and %2"_s.arg(i).arg(j)));
        }
    }
}

void TestSseDecoder::eventsAreReturnedOnceComplete()
{
    SseDecoder decoder;
    QVERIFY(decoder.feed("data: a\n").isEmpty());
    QCOMPARE(show(decoder.feed("\n")), QByteArrayList{"|a|"});
    // A CR ends its line at once: the event does not wait to see whether LF follows.
    QVERIFY(decoder.feed("data: b\r").isEmpty());
    QCOMPARE(show(decoder.feed("\r")), QByteArrayList{"|b|"});
    QVERIFY(decoder.feed("\n").isEmpty()); // the LF of that CR LF, not another blank line
    QVERIFY(decoder.feed("data: c\r\n\r").size() == 1);
    QVERIFY(decoder.finish().isEmpty());
}

void TestSseDecoder::finishResetsTheDecoder()
{
    SseDecoder decoder;
    QVERIFY(decoder.feed("id: 5\nevent: x\ndata: par").isEmpty());
    QCOMPARE(show(decoder.finish()), QByteArrayList{"x|par|5"});
    QCOMPARE(show(decoder.feed("\xEF\xBB\xBF"
                               "data: next\n\n")),
             QByteArrayList{"|next|"});
    QVERIFY(decoder.finish().isEmpty());
}

void TestSseDecoder::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("events");
    // Counted with grep -c '^data: ' on the recorded files.
    QTest::newRow("plain-answer") << u"plain-answer.sse"_s << 34;
    QTest::newRow("finish-length") << u"finish-length.sse"_s << 5;
    QTest::newRow("refusal") << u"refusal.sse"_s << 14;
    QTest::newRow("three-choices-interleaved") << u"three-choices-interleaved.sse"_s << 50;
}

void TestSseDecoder::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, events);
    const QByteArray stream = readFixture(file);
    QVERIFY2(!stream.isEmpty(), qPrintable(file));

    const QList<SseEvent> oneShot = decode({stream});
    QCOMPARE(oneShot.size(), events);
    // The recordings are exactly "data: <payload>\n\n" per event, so they can be rebuilt.
    QByteArray rebuilt;
    for (const SseEvent &e : oneShot) {
        QVERIFY(e.event.isEmpty());
        QVERIFY(e.id.isEmpty());
        rebuilt += "data: " + e.data + "\n\n";
    }
    QCOMPARE(rebuilt, stream);
    QCOMPARE(oneShot.last().data, "[DONE]"_ba);

    const QByteArrayList expected = show(oneShot);
    QCOMPARE(show(decodeBytewise(stream)), expected);
    for (qsizetype i = 0; i <= stream.size(); ++i) {
        const QByteArrayView all(stream);
        if (show(decode({all.first(i), all.sliced(i)})) != expected)
            QFAIL(qPrintable(u"split at %1"_s.arg(i)));
    }
    QByteArray crlf = stream;
    crlf.replace("\n", "\r\n");
    QCOMPARE(show(decode({crlf})), expected);
    QCOMPARE(show(decodeBytewise(crlf)), expected);
    QByteArray cr = stream;
    cr.replace('\n', '\r');
    QCOMPARE(show(decode({cr})), expected);
}

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "tst_ssedecoder.moc"
