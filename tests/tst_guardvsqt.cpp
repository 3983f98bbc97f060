// HttpGuard against Qt's own HTTP parser: whatever the guard passes, Qt frames the same way.
#include "GuardVsQt.h"
#include "QtParserProbe.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

class TestGuardVsQt final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void framesAsTheGuard_data();
    void framesAsTheGuard();
    void replaysTheFuzzCorpus();

private:
    std::unique_ptr<QtParserProbe> m_probe;
};

void TestGuardVsQt::initTestCase()
{
    m_probe = std::make_unique<QtParserProbe>();
    QVERIFY(m_probe->isValid());
}

void TestGuardVsQt::framesAsTheGuard_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray chunked = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("length") << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    QTest::newRow("pipelined") << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\n"
                                             "Content-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\n\r\n");
    QTest::newRow("LF line ends") << QByteArray("\r\n\nPOST /a HTTP/1.1\nContent-Length: 1\n\nx");
    QTest::newRow("chunked") << chunked + "3;a=b\r\nabc\r\nA\r\n0123456789\r\n0;x\r\n\r\n"
                                          "GET /next HTTP/1.1\r\n\r\n";
    QByteArray fields = "POST /f HTTP/1.1\r\nContent-Length: 2\r\n";
    for (int i = 0; i < 99; ++i)
        fields += "x-" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("100 header fields") << fields + "\r\nhi";
    QTest::newRow("WebSocket upgrade")
        << QByteArray("GET /w HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                      "GET /after HTTP/1.1\r\n\r\n");
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
    QTest::newRow("unfinished body")
        << chunked + "5\r\nhello\r\n" + QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\n");
    // Passed by the guard once; Qt reads each otherwise (HttpGuard.h).
    QTest::newRow("bare LF after a chunk size") << chunked + "5\nhello\r\n0\r\n\r\n";
    QTest::newRow("bare LF after a chunk") << chunked + "5\r\nhello\n3\r\nabc\r\n0\r\n\r\n";
    QTest::newRow("bare LF after the last chunk size") << chunked + "5\r\nhello\r\n0\n\r\n";
    QTest::newRow("bare LF ending the body")
        << chunked + "5\r\nhello\r\n0\r\n\nGET /next HTTP/1.1\r\n\r\n";
    QTest::newRow("trailer") << chunked + "5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n";
    QTest::newRow("101 header fields") << fields + "x-last: v\r\n\r\nhi";
}

void TestGuardVsQt::framesAsTheGuard()
{
    QFETCH(QByteArray, bytes);
    // Whole, and cut where Qt's chunked reader keeps state between reads.
    for (qsizetype piece : {0, 1, 2, 3, 7}) {
        const QString difference = guardVsQt(*m_probe, bytes, piece);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(u"in pieces of %1: %2"_s.arg(piece).arg(difference)));
    }
}

void TestGuardVsQt::replaysTheFuzzCorpus()
{
    // Each input that fuzz_guardvsqt found something with: a piece size byte, then the bytes.
    const QDir corpus(QStringLiteral(DINGRELAY_FIXTURES_DIR "/fuzz/guardvsqt"));
    const QStringList names = corpus.entryList(QDir::Files);
    QVERIFY(!names.isEmpty());
    for (const QString &name : names) {
        QFile file(corpus.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        if (input.isEmpty())
            continue;
        const QString difference =
            guardVsQt(*m_probe, QByteArrayView(input).sliced(1), qsizetype(quint8(input[0])));
        QVERIFY2(difference.isEmpty(), qPrintable(name + u": "_s + difference));
    }
}

QTEST_GUILESS_MAIN(TestGuardVsQt)
#include "tst_guardvsqt.moc"
