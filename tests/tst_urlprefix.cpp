// UrlPrefix: which sessionWebhooks count as under dingtalk/session_webhook_prefix.
#include "util/UrlPrefix.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestUrlPrefix final : public QObject
{
    Q_OBJECT

private slots:
    void contains_data();
    void contains();
};

void TestUrlPrefix::contains_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("under");
    const QString dingtalk = u"https://oapi.dingtalk.com/"_s;
    const QString session = u"https://oapi.dingtalk.com/robot/sendBySession?session=abc"_s;
    QTest::newRow("a session webhook") << dingtalk << session << true;
    QTest::newRow("prefix without slash") << u"https://oapi.dingtalk.com"_s << session << true;
    QTest::newRow("default port spelled out")
        << dingtalk << u"https://oapi.dingtalk.com:443/robot/sendBySession"_s << true;
    QTest::newRow("host in capitals") << dingtalk << u"https://OAPI.DingTalk.com/robot"_s << true;
    QTest::newRow("lookalike host") << u"https://oapi.dingtalk.com"_s
                                    << u"https://oapi.dingtalk.com.evil.example/robot"_s << false;
    QTest::newRow("user info") << dingtalk << u"https://oapi.dingtalk.com@evil.example/robot"_s
                               << false;
    QTest::newRow("user info on the right host")
        << dingtalk << u"https://user@oapi.dingtalk.com/robot"_s << false;
    QTest::newRow("plain http") << dingtalk << u"http://oapi.dingtalk.com/robot"_s << false;
    QTest::newRow("another port") << dingtalk << u"https://oapi.dingtalk.com:8443/robot"_s << false;
    QTest::newRow("subdomain") << dingtalk << u"https://x.oapi.dingtalk.com/robot"_s << false;
    const QString robots = u"https://oapi.dingtalk.com/robot"_s;
    QTest::newRow("below a path prefix")
        << robots << u"https://oapi.dingtalk.com/robot/send"_s << true;
    QTest::newRow("the path itself") << robots << u"https://oapi.dingtalk.com/robot"_s << true;
    QTest::newRow("a longer name") << robots << u"https://oapi.dingtalk.com/robots/send"_s << false;
    QTest::newRow("climbing out") << robots << u"https://oapi.dingtalk.com/robot/../admin"_s
                                  << false;
    QTest::newRow("climbing out, encoded")
        << robots << u"https://oapi.dingtalk.com/robot/%2E%2E/admin"_s << false;
    // A prefix ending in "/" and paths that some server reads as another path: refused
    // outright, never normalised, since the URL goes out as it came.
    const QString slashed = u"https://oapi.dingtalk.com/robot/"_s;
    const QString host = u"https://oapi.dingtalk.com"_s;
    QTest::newRow("slashed: below") << slashed << host + u"/robot/send?session=a"_s << true;
    QTest::newRow("slashed: climbing out") << slashed << host + u"/robot/../admin"_s << false;
    QTest::newRow("slashed: climbing out, %2e")
        << slashed << host + u"/robot/%2e%2e/admin2"_s << false;
    QTest::newRow("slashed: mixed case and half encoded")
        << slashed << host + u"/robot/.%2E/admin"_s << false;
    QTest::newRow("slashed: climbing out and back in")
        << slashed << host + u"/robot/x/../send"_s << false;
    QTest::newRow("slashed: a single dot") << slashed << host + u"/robot/./send"_s << false;
    QTest::newRow("slashed: a single encoded dot")
        << slashed << host + u"/robot/%2e/send"_s << false;
    QTest::newRow("slashed: dots before a semicolon")
        << slashed << host + u"/robot/..;x/admin"_s << false;
    QTest::newRow("slashed: encoded slash") << slashed << host + u"/robot%2fadmin"_s << false;
    QTest::newRow("slashed: encoded slash, capitals")
        << slashed << host + u"/robot%2F..%2Fadmin"_s << false;
    QTest::newRow("slashed: backslashes")
        << slashed << host + u"/robot/a\\..\\..\\admin"_s << false;
    QTest::newRow("slashed: encoded backslash")
        << slashed << host + u"/robot/%5c../admin"_s << false;
    QTest::newRow("slashed: dots inside a name") << slashed << host + u"/robot/a..b/send"_s << true;
    QTest::newRow("root prefix: dot segments")
        << dingtalk << host + u"/robot/%2e%2e/%2e%2e/admin"_s << false;
    QTest::newRow("loopback test sink")
        << u"http://127.0.0.1:4567/token/"_s << u"http://127.0.0.1:4567/token/s1"_s << true;
    QTest::newRow("loopback, port that starts the same")
        << u"http://127.0.0.1:4567"_s << u"http://127.0.0.1:45678/token/s1"_s << false;
    QTest::newRow("not a URL") << dingtalk << u"::not a url"_s << false;
    QTest::newRow("no host") << dingtalk << u"https:///robot"_s << false;
}

void TestUrlPrefix::contains()
{
    QFETCH(QString, prefix);
    QFETCH(QString, url);
    QFETCH(bool, under);
    QCOMPARE(UrlPrefix::contains(QUrl(prefix), QUrl(url)), under);
}

QTEST_GUILESS_MAIN(TestUrlPrefix)
#include "tst_urlprefix.moc"
