// HttpGuard on its own: the requests it counts and the ones it refuses, fed whole and byte by byte.
#include "relay/HttpGuard.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Verdict = HttpGuard::Verdict;

Q_DECLARE_METATYPE(HttpGuard::Verdict)

class TestHttpGuard final : public QObject
{
    Q_OBJECT

private slots:
    void verdicts_data();
    void verdicts();
    void inRequestUntilTheBodyIsComplete();
    void countsBodies();
    void asksForTheBodyOnce();
    void namesTheRequestThatCloses();
    void statusAndWords();
};

void TestHttpGuard::verdicts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<int>("completed");

    const QByteArray post =
        "POST /dingtalk/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
    QTest::newRow("one POST") << post << Verdict::Ok << 1;
    QTest::newRow("three pipelined") << post + post + "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                                     << Verdict::Ok << 3;
    QTest::newRow("LF line ends, blank lines before")
        << QByteArray("\r\n\nGET / HTTP/1.1\nHost: a\n\n") << Verdict::Ok << 1;
    QTest::newRow("chunked with extensions")
        << QByteArray(
               "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3;a=b\r\nabc\r\n"
               "A\r\n0123456789\r\n0;end\r\n\r\n")
        << Verdict::Ok << 1;
    QByteArray fields = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 1; i < 100; ++i) // and Host
        fields += "a:" + QByteArray::number(i) + "\r\n";
    QTest::newRow("100 header fields") << fields + "\r\n" << Verdict::Ok << 1;
    QTest::newRow("obs-text in a value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n") << Verdict::Ok << 1;
    QTest::newRow("keep-alive HTTP/1.0")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n")
        << Verdict::Ok << 2;
    QTest::newRow("HTTP/1.0 without Host")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << Verdict::Ok << 1;
    QTest::newRow("100-continue") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nExpect: "
                                                "100-continue\r\nContent-Length: 2\r\n\r\nab")
                                  << Verdict::Ok << 1;
    QTest::newRow("line ends after close")
        << QByteArray("GET / HTTP/1.0\r\n\r\n\r\n") << Verdict::Ok << 1;

    QTest::newRow("HTTP/1.1 without Host")
        << QByteArray("GET / HTTP/1.1\r\nX: a\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                               << Verdict::Malformed << 0;
    QTest::newRow("WebSocket upgrade")
        << QByteArray(
               "GET /w HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
        << Verdict::Malformed << 0;
    QTest::newRow("h2c upgrade")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                      "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
        << Verdict::Malformed << 0;
    QTest::newRow("HTTP/1.0 with two Hosts")
        << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("unknown method")
        << QByteArray("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("absolute form")
        << QByteArray("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("space in target")
        << QByteArray("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("folded header")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n") << Verdict::Malformed << 0;
    QTest::newRow("negative length")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")
        << Verdict::Malformed << 0;
    QTest::newRow("gzip coding")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")
        << Verdict::NotImplemented << 0;
    QTest::newRow("chunk without CRLF after data")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n")
        << Verdict::Malformed << 0;
    // Qt's parser reads these otherwise than the guard once did (see HttpGuard.h).
    const QByteArray chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("blank before a chunk size") << chunked + " 5\r\nhello\r\n0\r\n\r\n"
                                               << Verdict::Malformed << 0;
    QTest::newRow("blank after a chunk size") << chunked + "5 \r\nhello\r\n0\r\n\r\n"
                                              << Verdict::Malformed << 0;
    QTest::newRow("blank before an extension") << chunked + "5 ;a\r\nhello\r\n0\r\n\r\n"
                                               << Verdict::Malformed << 0;
    QTest::newRow("0x chunk size") << chunked + "0x5\r\nhello\r\n0\r\n\r\n"
                                   << Verdict::Malformed << 0;
    QTest::newRow("16-digit chunk size") << chunked + "0000000000000005\r\nhello\r\n0\r\n\r\n"
                                         << Verdict::Malformed << 0;
    QTest::newRow("bare LF after a chunk size") << chunked + "5\nhello\r\n0\r\n\r\n"
                                                << Verdict::Malformed << 0;
    QTest::newRow("bare LF after a chunk") << chunked + "5\r\nhello\n0\r\n\r\n"
                                           << Verdict::Malformed << 0;
    QTest::newRow("bare LF after the last chunk size") << chunked + "5\r\nhello\r\n0\n\r\n"
                                                       << Verdict::Malformed << 0;
    QTest::newRow("bare LF ending the body")
        << chunked + "5\r\nhello\r\n0\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"
        << Verdict::Malformed << 0;
    QTest::newRow("no CRLF after the last chunk, yet")
        << chunked + "5\r\nhello\r\n0\r\nX" << Verdict::Malformed << 0;
    QTest::newRow("trailer") << chunked + "5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n"
                             << Verdict::Malformed << 0;
    QTest::newRow("101 header fields") << fields + "b:1\r\n\r\n" << Verdict::HeadTooLarge << 0;
    QTest::newRow("request after close")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\nGET / "
                      "HTTP/1.1\r\nHost: a\r\n\r\n")
        << Verdict::Malformed << 1;
    QTest::newRow("head over 1 KiB")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(1100, 'a') + "\r\n\r\n")
        << Verdict::HeadTooLarge << 0;
    QTest::newRow("long line never ended")
        << QByteArray("GET /" + QByteArray(2000, 'a')) << Verdict::HeadTooLarge << 0;
    QTest::newRow("declared body over 2 KiB")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2049\r\n\r\n")
        << Verdict::BodyTooLarge << 0;
    QTest::newRow("chunks adding up over 2 KiB")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" +
                      QByteArray(1024, 'a') + "\r\n401\r\n")
        << Verdict::BodyTooLarge << 0;
}

void TestHttpGuard::verdicts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Verdict, verdict);
    QFETCH(int, completed);
    const HttpLimits limits{1024, 2048};
    HttpGuard whole(limits);
    QCOMPARE(whole.feed(bytes), verdict);
    QCOMPARE(whole.completed(), completed);
    HttpGuard trickled(limits);
    Verdict last = Verdict::Ok;
    for (qsizetype i = 0; i < bytes.size() && last == Verdict::Ok; ++i)
        last = trickled.feed(QByteArrayView(bytes).sliced(i, 1));
    QCOMPARE(last, verdict);
    QCOMPARE(trickled.completed(), completed);
    if (verdict != Verdict::Ok)
        QCOMPARE(whole.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), verdict); // refused for good
}

void TestHttpGuard::inRequestUntilTheBodyIsComplete()
{
    HttpGuard guard;
    QVERIFY(!guard.inRequest());
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"), Verdict::Ok);
    QVERIFY(guard.inRequest());
    QCOMPARE(guard.feed("cd"), Verdict::Ok);
    QVERIFY(!guard.inRequest());
    QCOMPARE(guard.completed(), 1);
    QCOMPARE(guard.feed("G"), Verdict::Ok);
    QVERIFY(guard.inRequest());
}

void TestHttpGuard::countsBodies()
{
    HttpGuard guard;
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd"),
             Verdict::Ok);
    QCOMPARE(guard.lastBodySize(), 4);
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"),
             Verdict::Ok);
    QCOMPARE(guard.lastBodySize(), 19);
    QCOMPARE(guard.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), Verdict::Ok);
    QCOMPARE(guard.lastBodySize(), 0);
}

void TestHttpGuard::asksForTheBodyOnce()
{
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n"
                            "Content-Length: 4\r\n\r\n";
    HttpGuard guard;
    QCOMPARE(guard.feed(head.first(20)), Verdict::Ok);
    QVERIFY(!guard.takeContinue()); // the head is not complete
    QCOMPARE(guard.feed(head.sliced(20)), Verdict::Ok);
    QVERIFY(guard.takeContinue());
    QVERIFY(!guard.takeContinue()); // once
    QCOMPARE(guard.feed("abcd"), Verdict::Ok);
    QVERIFY(!guard.takeContinue());

    // Head and body at once: the client did not wait, nothing to send.
    HttpGuard eager;
    QCOMPARE(eager.feed(QByteArray(head + "ab")), Verdict::Ok);
    QVERIFY(!eager.takeContinue());
    // Chunked, and a body over the limit (413 instead), and HTTP/1.0 (ignored).
    HttpGuard chunked;
    QCOMPARE(chunked.feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n"),
             Verdict::Ok);
    QVERIFY(chunked.takeContinue());
    HttpGuard large(HttpLimits{1024, 2});
    QCOMPARE(large.feed(head), Verdict::BodyTooLarge);
    QVERIFY(!large.takeContinue());
    HttpGuard old;
    QCOMPARE(old.feed("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"),
             Verdict::Ok);
    QVERIFY(!old.takeContinue());
    // Without the header, no 100.
    HttpGuard plain;
    QCOMPARE(plain.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n"), Verdict::Ok);
    QVERIFY(!plain.takeContinue());
}

void TestHttpGuard::namesTheRequestThatCloses()
{
    HttpGuard guard;
    QCOMPARE(guard.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), Verdict::Ok);
    QCOMPARE(guard.closingRequest(), 0);
    QCOMPARE(guard.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), Verdict::Ok);
    QCOMPARE(guard.closingRequest(), 2);
    HttpGuard old;
    QCOMPARE(old.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), Verdict::Ok);
    QCOMPARE(old.closingRequest(), 0);
    QCOMPARE(old.feed("GET / HTTP/1.0\r\n\r\n"), Verdict::Ok);
    QCOMPARE(old.closingRequest(), 2);
}

void TestHttpGuard::statusAndWords()
{
    QCOMPARE(HttpGuard::status(Verdict::Malformed), 400);
    QCOMPARE(HttpGuard::status(Verdict::HeadTooLarge), 431);
    QCOMPARE(HttpGuard::status(Verdict::BodyTooLarge), 413);
    QCOMPARE(HttpGuard::status(Verdict::NotImplemented), 501);
    QVERIFY(HttpGuard::describe(Verdict::BodyTooLarge).contains(u"max_body_bytes"_s));
    QVERIFY(HttpGuard::describe(Verdict::Ok).isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpGuard)
#include "tst_httpguard.moc"
