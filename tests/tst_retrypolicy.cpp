// RetryPolicy and RetryScheduler: which failed chat calls are retried, after how long, and how.
#include "ManualScheduler.h"

#include "openai/RetryPolicy.h"
#include "util/RetryScheduler.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

using Headers = QList<QPair<QByteArray, QByteArray>>;
Q_DECLARE_METATYPE(RetryInput)

namespace {

// Wednesday; every HTTP date below is written relative to it.
const QDateTime fixedNow(QDate(2024, 5, 1), QTime(12, 0, 0), QTimeZone::utc());

RetryInput http(int status, const QByteArray &code = {}, Headers headers = {}, int attempt = 0)
{
    RetryInput in;
    in.attempt = attempt;
    const QByteArray body =
        code.isEmpty() ? QByteArray()
                       : QByteArray(R"({"error":{"message":"m","code":")" + code + R"("}})");
    in.error = ChatError::fromHttp(status, body, u"req_1"_s);
    in.headers = std::move(headers);
    in.headersReceived = true;
    return in;
}

RetryInput failure(ChatError::Kind kind, bool headersReceived = false, int status = 0)
{
    RetryInput in;
    in.error.kind = kind;
    in.error.httpStatus = status;
    in.headersReceived = headersReceived;
    return in;
}

RetryInput partial(RetryInput in)
{
    in.partialDelivered = true;
    return in;
}

RetryInput withHeaders(RetryInput in, Headers headers)
{
    in.headers = std::move(headers);
    return in;
}

Headers retryAfter(const QByteArray &value)
{
    return {{"Retry-After", value}};
}

Headers retryAfterMs(const QByteArray &value)
{
    return {{"retry-after-ms", value}};
}

Headers shouldRetry(const QByteArray &value)
{
    return {{"x-should-retry", value}};
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void twoDigitYears_data();
    void twoDigitYears();
    void backoff_data();
    void backoff();
    void reasonsReadForTheLog();
    void defaultsUseRealRandomAndClock();
    void drivesARetryLoopThroughTheSeam();
    void waitsOutAModelThatDoesNotAnswer();
    void retrySecondsKeepTheHardRules();
    void timerSchedulerRunsAfterTheDelay();
    void timerSchedulerDropsActionOfDeletedContext();
};

void TestRetryPolicy::decide_data()
{
    using K = ChatError::Kind;
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<RetryInput>("input");
    QTest::addColumn<bool>("retry");
    QTest::addColumn<int>("delayMs");       // with random() fixed at 0, backoff starts at 500
    QTest::addColumn<QString>("reasonHas"); // a piece of the log line that explains the decision

    // Retryable HTTP statuses, classified by the real ChatError::fromHttp.
    QTest::newRow("408") << 2 << http(408) << true << 500 << u"408 timeout: retrying"_s;
    QTest::newRow("409") << 2 << http(409) << true << 500 << u"409 bad request: retrying"_s;
    QTest::newRow("429") << 2 << http(429) << true << 500 << u"429 rate limited: retrying"_s;
    QTest::newRow("429 rate_limit_exceeded")
        << 2 << http(429, "rate_limit_exceeded") << true << 500 << u"rate limited"_s;
    QTest::newRow("500") << 2 << http(500) << true << 500 << u"500 server error: retrying"_s;
    QTest::newRow("502") << 2 << http(502) << true << 500 << u"502 server error"_s;
    QTest::newRow("503") << 2 << http(503) << true << 500 << u"503 server error"_s;
    QTest::newRow("504") << 2 << http(504) << true << 500 << u"504 server error"_s;
    QTest::newRow("599") << 2 << http(599) << true << 500 << u"599 server error"_s;
    QTest::newRow("error object in a 200")
        << 2 << failure(K::ServerError, true, 200) << true << 500 << u"200 server error"_s;

    // Connection failures: only before any response, when the request surely did not run.
    QTest::newRow("unreachable") << 2 << failure(K::Unreachable) << true << 500
                                 << u"unreachable: retrying"_s;
    QTest::newRow("timeout before headers")
        << 2 << failure(K::Timeout) << true << 500 << u"timeout: retrying"_s;
    QTest::newRow("timeout after headers")
        << 2 << failure(K::Timeout, true, 200) << false << 0 << u"already begun"_s;
    QTest::newRow("connection lost after headers")
        << 2 << failure(K::Unreachable, true, 200) << false << 0 << u"already begun"_s;
    QTest::newRow("truncated, nothing shown")
        << 2 << failure(K::Truncated, true, 200) << true << 500 << u"retrying"_s;
    QTest::newRow("truncated, partly shown")
        << 2 << partial(failure(K::Truncated, true, 200)) << false << 0 << u"already delivered"_s;

    // Errors that fail the same way every time.
    QTest::newRow("400") << 2 << http(400) << false << 0 << u"400 bad request: not a transient"_s;
    QTest::newRow("422") << 2 << http(422) << false << 0 << u"422 bad request"_s;
    QTest::newRow("401") << 2 << http(401) << false << 0 << u"401 bad key: the API key"_s;
    QTest::newRow("403") << 2 << http(403) << false << 0 << u"403 bad key"_s;
    QTest::newRow("invalid_api_key on 400")
        << 2 << http(400, "invalid_api_key") << false << 0 << u"bad key"_s;
    QTest::newRow("404") << 2 << http(404) << false << 0 << u"404 model not found"_s;
    QTest::newRow("model_not_found on 500")
        << 2 << http(500, "model_not_found") << false << 0 << u"model does not exist"_s;
    QTest::newRow("context_length_exceeded")
        << 2 << http(400, "context_length_exceeded") << false << 0 << u"too long"_s;
    QTest::newRow("bad response") << 2 << failure(K::BadResponse, true, 200) << false << 0
                                  << u"not retried"_s;
    QTest::newRow("cancelled") << 2 << failure(K::Cancelled) << false << 0 << u"stopped"_s;

    // Billing: a 429 that waiting will not cure.
    QTest::newRow("429 insufficient_quota")
        << 2 << http(429, "insufficient_quota") << false << 0
        << u"insufficient_quota: billing errors are not retried"_s;
    QTest::newRow("429 billing_hard_limit_reached")
        << 2 << http(429, "billing_hard_limit_reached") << false << 0
        << u"billing_hard_limit_reached: billing"_s;
    QTest::newRow("429 billing_not_active")
        << 2 << http(429, "billing_not_active") << false << 0 << u"billing_not_active: billing"_s;
    QTest::newRow("402") << 2 << http(402) << false << 0 << u"402 quota exhausted: billing"_s;
    RetryInput billingAsRateLimit = http(429);
    billingAsRateLimit.error.code = u"insufficient_quota"_s; // kind says throttling, code says not
    QTest::newRow("billing code on a RateLimited kind")
        << 2 << billingAsRateLimit << false << 0 << u"billing"_s;

    // x-should-retry overrides the status rule, not the hard rules.
    QTest::newRow("x-should-retry true on 400")
        << 2 << http(400, {}, shouldRetry("true")) << true << 500 << u"x-should-retry: true"_s;
    QTest::newRow("x-should-retry TRUE on 401")
        << 2 << http(401, {}, shouldRetry(" TRUE ")) << true << 500 << u"x-should-retry"_s;
    QTest::newRow("x-should-retry false on 500")
        << 2 << http(500, {}, shouldRetry("false")) << false << 0 << u"x-should-retry: false"_s;
    QTest::newRow("x-should-retry false on 429")
        << 2 << http(429, {}, shouldRetry("false")) << false << 0 << u"x-should-retry"_s;
    QTest::newRow("x-should-retry garbage is ignored")
        << 2 << http(500, {}, shouldRetry("maybe")) << true << 500 << u"retrying"_s;
    QTest::newRow("x-should-retry cannot force quota")
        << 2 << http(429, "insufficient_quota", shouldRetry("true")) << false << 0 << u"billing"_s;
    QTest::newRow("x-should-retry cannot force partial")
        << 2 << partial(http(500, {}, shouldRetry("true"))) << false << 0 << u"already delivered"_s;
    QTest::newRow("x-should-retry cannot force cancel")
        << 2 << withHeaders(failure(K::Cancelled, true, 499), shouldRetry("true")) << false << 0
        << u"stopped"_s;
    QTest::newRow("x-should-retry cannot force attempts")
        << 2 << http(500, {}, shouldRetry("true"), 2) << false << 0 << u"gave up"_s;

    // Attempts.
    QTest::newRow("max 0") << 0 << http(503) << false << 0 << u"retries are turned off"_s;
    QTest::newRow("max 2, attempt 1")
        << 2 << http(503, {}, {}, 1) << true << 1000 << u"retry 2 of 2"_s;
    QTest::newRow("max 2, attempt 2")
        << 2 << http(503, {}, {}, 2) << false << 0 << u"gave up after 2 retries"_s;
    QTest::newRow("max 5, attempt 4")
        << 5 << http(503, {}, {}, 4) << true << 8000 << u"retry 5 of 5"_s;
    QTest::newRow("max 5, attempt 5")
        << 5 << http(503, {}, {}, 5) << false << 0 << u"gave up after 5 retries"_s;
    QTest::newRow("negative max") << -1 << http(503) << false << 0 << u"turned off"_s;

    // Part of the answer already shown: re-running would show it twice.
    QTest::newRow("partial 503") << 2 << partial(http(503)) << false << 0 << u"already delivered"_s;
    QTest::newRow("partial unreachable")
        << 2 << partial(failure(K::Unreachable, true, 200)) << false << 0 << u"delivered"_s;

    // Server-given delays.
    QTest::newRow("retry-after-ms 250")
        << 2 << http(429, {}, retryAfterMs("250")) << true << 250 << u"(retry-after-ms"_s;
    QTest::newRow("retry-after-ms 1500.5 rounds up")
        << 2 << http(429, {}, retryAfterMs("1500.5")) << true << 1501 << u"in 1.5 s"_s;
    QTest::newRow("retry-after-ms 60000")
        << 2 << http(503, {}, retryAfterMs("60000")) << true << 60000 << u"retry-after-ms"_s;
    QTest::newRow("retry-after-ms 60001")
        << 2 << http(503, {}, retryAfterMs("60001")) << true << 500 << u"out of range"_s;
    QTest::newRow("retry-after-ms 0")
        << 2 << http(429, {}, retryAfterMs("0")) << true << 500 << u"backoff"_s;
    QTest::newRow("retry-after-ms wins over Retry-After")
        << 2 << http(429, {}, {{"retry-after-ms", "100"}, {"retry-after", "7"}}) << true << 100
        << u"retry-after-ms"_s;
    QTest::newRow("unreadable retry-after-ms falls to Retry-After")
        << 2 << http(429, {}, {{"retry-after-ms", "soon"}, {"retry-after", "2"}}) << true << 2000
        << u"Retry-After"_s;
    QTest::newRow("Retry-After 3")
        << 2 << http(429, {}, retryAfter("3")) << true << 3000 << u"in 3 s (Retry-After"_s;
    QTest::newRow("Retry-After 1.5")
        << 2 << http(503, {}, retryAfter("1.5")) << true << 1500 << u"Retry-After"_s;
    QTest::newRow("Retry-After 60")
        << 2 << http(429, {}, retryAfter("60")) << true << 60000 << u"Retry-After"_s;
    QTest::newRow("Retry-After 0")
        << 2 << http(429, {}, retryAfter("0")) << true << 500 << u"backoff"_s;
    QTest::newRow("Retry-After 120")
        << 2 << http(429, {}, retryAfter("120")) << true << 500 << u"out of range"_s;
    QTest::newRow("Retry-After -5")
        << 2 << http(429, {}, retryAfter("-5")) << true << 500 << u"backoff"_s;
    QTest::newRow("Retry-After garbage")
        << 2 << http(429, {}, retryAfter("soon")) << true << 500 << u"(backoff"_s;
    QTest::newRow("Retry-After empty")
        << 2 << http(429, {}, retryAfter("")) << true << 500 << u"(backoff"_s;
    QTest::newRow("Retry-After nan")
        << 2 << http(429, {}, retryAfter("nan")) << true << 500 << u"(backoff"_s;
    QTest::newRow("Retry-After IMF-fixdate +5 s")
        << 2 << http(429, {}, retryAfter("Wed, 01 May 2024 12:00:05 GMT")) << true << 5000
        << u"Retry-After date"_s;
    QTest::newRow("Retry-After RFC 850 +5 s")
        << 2 << http(429, {}, retryAfter("Wednesday, 01-May-24 12:00:05 GMT")) << true << 5000
        << u"Retry-After date"_s;
    QTest::newRow("Retry-After asctime +5 s")
        << 2 << http(429, {}, retryAfter("Wed May  1 12:00:05 2024")) << true << 5000
        << u"Retry-After date"_s;
    QTest::newRow("Retry-After past date")
        << 2 << http(429, {}, retryAfter("Wed, 01 May 2024 11:59:00 GMT")) << true << 500
        << u"out of range"_s;
    QTest::newRow("Retry-After date too far")
        << 2 << http(503, {}, retryAfter("Wed, 01 May 2024 12:02:00 GMT")) << true << 500
        << u"out of range"_s;
    QTest::newRow("Retry-After impossible date")
        << 2 << http(429, {}, retryAfter("Thu, 31 Feb 2024 12:00:05 GMT")) << true << 500
        << u"(backoff"_s;
    QTest::newRow("Retry-After on a 400 is not a reason to retry")
        << 2 << http(400, {}, retryAfter("1")) << false << 0 << u"not retried"_s;

    // Header names in any case.
    QTest::newRow("RETRY-AFTER") << 2 << http(429, {}, {{"RETRY-AFTER", "4"}}) << true << 4000
                                 << u"Retry-After"_s;
    QTest::newRow("Retry-After-Ms")
        << 2 << http(429, {}, {{"Retry-After-Ms", "300"}}) << true << 300 << u"retry-after-ms"_s;
    QTest::newRow("X-Should-Retry") << 2 << http(500, {}, {{"X-Should-Retry", "false"}}) << false
                                    << 0 << u"x-should-retry: false"_s;
    QTest::newRow("other headers ignored")
        << 2 << http(429, {}, {{"x-request-id", "9"}, {"retry-after-mss", "1"}}) << true << 500
        << u"(backoff"_s;
}

void TestRetryPolicy::decide()
{
    QFETCH(int, maxRetries);
    QFETCH(RetryInput, input);
    QFETCH(bool, retry);
    QFETCH(int, delayMs);
    QFETCH(QString, reasonHas);

    const RetryPolicy policy(
        maxRetries, [] { return 0.0; }, [] { return fixedNow; });
    const RetryDecision d = policy.decide(input);
    QVERIFY2(d.reason.contains(reasonHas), qPrintable(d.reason));
    QCOMPARE(d.retry, retry);
    QCOMPARE(d.delayMs, delayMs);
}

void TestRetryPolicy::twoDigitYears_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("delayMs");
    QTest::newRow("this century") << fixedNow << QByteArray("Wednesday, 01-May-24 12:00:05 GMT")
                                  << 5000;
    QTest::newRow("across the century")
        << QDateTime(QDate(2099, 12, 31), QTime(23, 59, 58), QTimeZone::utc())
        << QByteArray("Friday, 01-Jan-00 00:00:03 GMT") << 5000;
    QTest::newRow("last century") << QDateTime(QDate(2000, 1, 1), QTime(0, 0, 1), QTimeZone::utc())
                                  << QByteArray("Friday, 31-Dec-99 23:59:59 GMT") << 500;
}

void TestRetryPolicy::twoDigitYears()
{
    QFETCH(QDateTime, now);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, delayMs);
    const RetryPolicy policy(
        2, [] { return 0.0; }, [=] { return now; });
    const RetryDecision d = policy.decide(http(429, {}, {{"Retry-After", retryAfter}}));
    QVERIFY(d.retry);
    QCOMPARE(d.delayMs, delayMs);
}

void TestRetryPolicy::backoff_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("baseSeconds");
    const double bases[] = {0.5, 1, 2, 4, 8, 8};
    for (double random : {0.0, 0.999}) {
        for (int attempt = 0; attempt < 6; ++attempt) {
            QTest::addRow("random %.3f attempt %d", random, attempt)
                << random << attempt << bases[attempt];
        }
    }
}

void TestRetryPolicy::backoff()
{
    QFETCH(double, random);
    QFETCH(int, attempt);
    QFETCH(double, baseSeconds);

    const RetryPolicy policy(
        10, [=] { return random; }, [] { return fixedNow; });
    RetryInput in = http(503);
    in.attempt = attempt;
    const RetryDecision d = policy.decide(in);
    QVERIFY(d.retry);
    const double expected = baseSeconds * 1000 * (1 - 0.25 * random);
    QVERIFY2(std::abs(d.delayMs - expected) <= 0.5, qPrintable(QString::number(d.delayMs)));
    // The jitter only ever shortens the wait, by at most a quarter.
    QVERIFY(d.delayMs >= baseSeconds * 750);
    QVERIFY(d.delayMs <= baseSeconds * 1000);
}

void TestRetryPolicy::reasonsReadForTheLog()
{
    const RetryPolicy policy(
        2, [] { return 0.0; }, [] { return fixedNow; });
    QCOMPARE(policy.decide(http(429)).reason,
             u"429 rate limited: retrying in 0.5 s (backoff, retry 1 of 2)"_s);
    QCOMPARE(policy.decide(http(429, "insufficient_quota")).reason,
             u"insufficient_quota: billing errors are not retried"_s);
    QCOMPARE(policy.decide(http(503, {}, retryAfter("1.2"))).reason,
             u"503 server error: retrying in 1.2 s (Retry-After, retry 1 of 2)"_s);
}

void TestRetryPolicy::defaultsUseRealRandomAndClock()
{
    const RetryPolicy policy;
    bool varied = false;
    int first = -1;
    for (int i = 0; i < 200; ++i) {
        const RetryDecision d = policy.decide(http(503));
        QVERIFY(d.retry);
        QVERIFY2(d.delayMs >= 375 && d.delayMs <= 500, qPrintable(QString::number(d.delayMs)));
        if (first < 0)
            first = d.delayMs;
        varied = varied || d.delayMs != first;
    }
    QVERIFY(varied);
    QVERIFY(!policy.decide(http(503, {}, {}, 2)).retry); // default maxRetries is 2

    const QByteArray date =
        QLocale::c()
            .toString(QDateTime::currentDateTimeUtc().addSecs(10), u"ddd, dd MMM yyyy HH:mm:ss"_s)
            .toLatin1() +
        " GMT";
    const RetryDecision d = policy.decide(http(429, {}, retryAfter(date)));
    QVERIFY2(d.delayMs > 8000 && d.delayMs <= 10000, qPrintable(d.reason));
}

void TestRetryPolicy::drivesARetryLoopThroughTheSeam()
{
    // How the chat client is meant to use the two: decide, then schedule the next attempt.
    const RetryPolicy policy(
        2, [] { return 0.0; }, [] { return fixedNow; });
    ManualScheduler scheduler;
    QObject call;
    int attempts = 0;
    std::function<void()> attempt = [&] {
        RetryInput in = http(503);
        in.attempt = attempts++;
        const RetryDecision d = policy.decide(in);
        if (d.retry)
            scheduler.schedule(d.delayMs, &call, attempt);
    };
    attempt();
    while (scheduler.runNext()) {
    }
    QCOMPARE(attempts, 3);
    QCOMPARE(scheduler.delays, (QList<int>{500, 1000}));
}

void TestRetryPolicy::waitsOutAModelThatDoesNotAnswer()
{
    // Two quick retries, then backoff until 10 s after the first failure: the last wait is cut
    // to what is left, and only the waits past the quick ones say the answer is delayed.
    RetryPolicy policy(
        2, [] { return 0.0; }, [] { return fixedNow; });
    policy.setRetrySeconds(10);
    QList<int> delays;
    QList<bool> delayed;
    qint64 since = 0;
    RetryDecision d;
    for (int attempt = 0; attempt < 20; ++attempt) {
        RetryInput in = failure(ChatError::Kind::Unreachable);
        in.attempt = attempt;
        in.sinceFirstFailureMs = since;
        d = policy.decide(in);
        if (!d.retry)
            break;
        delays << d.delayMs;
        delayed << d.delayed;
        since += d.delayMs;
    }
    QCOMPARE(delays, (QList<int>{500, 1000, 2000, 4000, 2500}));
    QCOMPARE(delayed, (QList<bool>{false, false, true, true, true}));
    QCOMPARE(d.reason, u"unreachable: gave up after 5 retries in 10 s (model/retry_seconds)"_s);
}

void TestRetryPolicy::retrySecondsKeepTheHardRules()
{
    RetryPolicy policy(
        0, [] { return 0.0; }, [] { return fixedNow; });
    policy.setRetrySeconds(120);
    const RetryDecision down = policy.decide(http(503));
    QVERIFY(down.retry && down.delayed);
    QCOMPARE(down.reason, u"503 server error: retrying in 0.5 s (backoff, retry 1, for up to 120 s "
                          u"after the first failure: model/retry_seconds)"_s);
    // A 429 waits as long as the server says, while that is within the time left.
    RetryInput limited = http(429, {}, retryAfter("30"));
    limited.sinceFirstFailureMs = 60'000;
    QCOMPARE(policy.decide(limited).delayMs, 30'000);
    limited.sinceFirstFailureMs = 100'000;
    QVERIFY(!policy.decide(limited).retry);
    // Never for what waiting does not mend, nor after part of the answer was shown.
    QVERIFY(!policy.decide(http(429, "insufficient_quota")).retry);
    QVERIFY(!policy.decide(http(400)).retry);
    QVERIFY(!policy.decide(http(401)).retry);
    QVERIFY(!policy.decide(partial(http(503))).retry);
    QVERIFY(!policy.decide(failure(ChatError::Kind::Timeout, true)).retry);
    // 0: as without it, max_retries alone.
    policy.setRetrySeconds(0);
    QVERIFY(!policy.decide(http(503)).retry);
}

void TestRetryPolicy::timerSchedulerRunsAfterTheDelay()
{
    TimerRetryScheduler scheduler;
    QObject context;
    bool ran = false;
    QElapsedTimer timer;
    timer.start();
    qint64 elapsed = -1;
    scheduler.schedule(100, &context, [&] {
        ran = true;
        elapsed = timer.elapsed();
    });
    QVERIFY(!ran); // never synchronously
    QTRY_VERIFY(ran);
    QVERIFY2(elapsed >= 90, qPrintable(QString::number(elapsed)));
}

void TestRetryPolicy::timerSchedulerDropsActionOfDeletedContext()
{
    TimerRetryScheduler scheduler;
    auto context = std::make_unique<QObject>();
    bool ran = false;
    scheduler.schedule(20, context.get(), [&] { ran = true; });
    context.reset();
    // A later timer on a live context proves the event loop ran past the dropped one.
    QObject witness;
    bool later = false;
    scheduler.schedule(80, &witness, [&] { later = true; });
    QTRY_VERIFY(later);
    QVERIFY(!ran);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
