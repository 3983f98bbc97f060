#include "openai/RetryPolicy.h"

#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Kind = ChatError::Kind;
using Headers = QList<QPair<QByteArray, QByteArray>>;

// Servers may send the delay hints with any capitalisation (HTTP/2 lowercases everything).
std::optional<QByteArray> header(const Headers &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return std::nullopt;
}

bool isBillingCode(const QString &code)
{
    return code == "insufficient_quota"_L1 || code == "billing_hard_limit_reached"_L1 ||
           code == "billing_not_active"_L1;
}

// The one place an error is named for the log, so every reason reads "429 rate limited: …".
QString describe(const ChatError &e)
{
    QString kind = e.kindName().replace(u'_', u' ');
    if (kind.isEmpty())
        kind = u"error"_s;
    if (e.httpStatus > 0)
        return QString::number(e.httpStatus) + u' ' + kind;
    return kind;
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'g', 3) + u" s"_s;
}

std::optional<int> digits(QByteArrayView text, qsizetype minLength, qsizetype maxLength)
{
    if (text.size() < minLength || text.size() > maxLength)
        return std::nullopt;
    int n = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

int month(QByteArrayView name)
{
    static constexpr const char *names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QByteArrayView(names[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

QTime timeOfDay(QByteArrayView text)
{
    const QList<QByteArray> parts = text.toByteArray().split(':');
    if (parts.size() != 3)
        return {};
    const auto h = digits(parts[0], 2, 2), m = digits(parts[1], 2, 2), s = digits(parts[2], 2, 2);
    if (!h || !m || !s)
        return {};
    return QTime(*h, *m, *s);
}

bool isGmt(QByteArrayView zone)
{
    return zone.compare("GMT"_ba, Qt::CaseInsensitive) == 0 ||
           zone.compare("UTC"_ba, Qt::CaseInsensitive) == 0;
}

// RFC 7231 section 7.1.1.1: senders use IMF-fixdate, recipients also accept RFC 850 and asctime.
// Parsed by hand because QDateTime's formats read local time and know only RFC 2822.
QDateTime parseHttpDate(const QByteArray &value, const QDateTime &now)
{
    const QList<QByteArray> t = value.simplified().split(' ');
    std::optional<int> day, year;
    int mon = 0;
    QTime time;
    if (t.size() == 6 && t[0].endsWith(',') && isGmt(t[5])) {
        // Sun, 06 Nov 1994 08:49:37 GMT
        day = digits(t[1], 1, 2);
        mon = month(t[2]);
        year = digits(t[3], 4, 4);
        time = timeOfDay(t[4]);
    } else if (t.size() == 4 && t[0].endsWith(',') && isGmt(t[3])) {
        // Sunday, 06-Nov-94 08:49:37 GMT
        const QList<QByteArray> d = t[1].split('-');
        if (d.size() != 3)
            return {};
        day = digits(d[0], 1, 2);
        mon = month(d[1]);
        year = digits(d[2], 2, 2);
        // RFC 7231: a two-digit year more than 50 years ahead is the last such year in the past;
        // the mirror rule keeps "00" read on 31 Dec 2099 in the next century.
        if (year) {
            const int thisYear = now.date().year();
            *year += thisYear - thisYear % 100;
            if (*year > thisYear + 50)
                *year -= 100;
            else if (*year < thisYear - 50)
                *year += 100;
        }
        time = timeOfDay(t[2]);
    } else if (t.size() == 5) {
        // Sun Nov  6 08:49:37 1994
        mon = month(t[1]);
        day = digits(t[2], 1, 2);
        time = timeOfDay(t[3]);
        year = digits(t[4], 4, 4);
    } else {
        return {};
    }
    if (!day || !year || mon == 0 || !time.isValid())
        return {};
    const QDate date(*year, mon, *day);
    if (!date.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

struct ServerDelay
{
    double ms = 0;
    QString source;
};

// Like the official SDKs, the first header that can be read wins, even if its value is then
// out of range: a server that sent retry-after-ms meant it over the coarser Retry-After.
std::optional<ServerDelay> serverDelay(const Headers &headers, const QDateTime &now)
{
    if (const auto v = header(headers, "retry-after-ms")) {
        bool ok = false;
        const double ms = v->toDouble(&ok);
        if (ok && std::isfinite(ms))
            return ServerDelay{ms, u"retry-after-ms"_s};
    }
    if (const auto v = header(headers, "retry-after")) {
        bool ok = false;
        const double s = v->toDouble(&ok);
        if (ok && std::isfinite(s))
            return ServerDelay{s * 1000.0, u"Retry-After"_s};
        const QDateTime when = parseHttpDate(*v, now);
        if (when.isValid())
            return ServerDelay{double(now.msecsTo(when)), u"Retry-After date"_s};
    }
    return std::nullopt;
}

struct Verdict
{
    bool retry = false;
    QString why; // only for refusals
};

// The SDKs' status rule, which an x-should-retry header may override.
Verdict statusRule(const RetryInput &in)
{
    const ChatError &e = in.error;
    // These kinds describe the request or the account, so the same request fails the same way
    // whatever status carried them.
    switch (e.kind) {
    case Kind::BadKey:
        return {false, u"the API key was refused"_s};
    case Kind::ModelNotFound:
        return {false, u"the model does not exist"_s};
    case Kind::ContextTooLong:
        return {false, u"the conversation is too long for the model"_s};
    case Kind::Truncated:
        // A cut stream that showed nothing yet is as safe to re-run as a dropped connection.
        return {true, {}};
    case Kind::RateLimited:
    case Kind::ServerError:
        return {true, {}};
    case Kind::Unreachable:
    case Kind::Timeout:
        if (!in.headersReceived)
            return {true, {}};
        break;
    default:
        break;
    }
    const int s = e.httpStatus;
    if (s == 408 || s == 409 || s == 429 || s >= 500)
        return {true, {}};
    if (e.kind == Kind::Unreachable || e.kind == Kind::Timeout)
        return {false, u"the response had already begun, so the request may have run"_s};
    return {false, u"not a transient error"_s};
}

} // namespace

RetryPolicy::RetryPolicy(int maxRetries, std::function<double()> random,
                         std::function<QDateTime()> now)
    : m_maxRetries(std::max(0, maxRetries))
    , m_random(random ? std::move(random) : std::function<double()>([] {
        return QRandomGenerator::global()->generateDouble();
    }))
    , m_now(now ? std::move(now)
                : std::function<QDateTime()>([] { return QDateTime::currentDateTimeUtc(); }))
{}

RetryDecision RetryPolicy::decide(const RetryInput &in) const
{
    const ChatError &e = in.error;
    const QString what = describe(e);
    const auto refuse = [&](const QString &why) {
        return RetryDecision{false, 0, what + u": "_s + why};
    };

    // The hard rules come first: no header may override them.
    if (e.kind == Kind::Cancelled)
        return refuse(u"DingRelay stopped the call, not retried"_s);
    if (in.partialDelivered)
        return refuse(u"part of the answer was already delivered, so it is not run again"_s);
    if (e.kind == Kind::QuotaExhausted || isBillingCode(e.code)) {
        const QString name = e.code.isEmpty() ? what : e.code;
        return RetryDecision{false, 0, name + u": billing errors are not retried"_s};
    }
    // The quick retries spent, a model that does not answer is tried for model/retry_seconds.
    const bool patient = in.attempt >= m_maxRetries;
    const qint64 remaining = m_retryMs - in.sinceFirstFailureMs;
    if (patient && m_retryMs == 0) {
        return refuse(m_maxRetries == 0 ? u"retries are turned off"_s
                                        : u"gave up after %1 retries"_s.arg(m_maxRetries));
    }
    if (patient && remaining <= 0) {
        return refuse(u"gave up after %1 retries in %2 s (model/retry_seconds)"_s.arg(in.attempt)
                          .arg(in.sinceFirstFailureMs / 1000));
    }

    QString overridden;
    if (const auto should = header(in.headers, "x-should-retry")) {
        const QByteArray v = should->toLower();
        if (v == "false")
            return refuse(u"the server said x-should-retry: false"_s);
        if (v == "true")
            overridden = u", x-should-retry: true"_s;
    }
    if (overridden.isEmpty()) {
        const Verdict verdict = statusRule(in);
        if (!verdict.retry)
            return refuse(verdict.why + u", not retried"_s);
    }

    const QDateTime now = m_now();
    const auto hint = serverDelay(in.headers, now);
    qint64 ms = 0;
    QString source;
    bool fromServer = false;
    if (hint && hint->ms > 0 && hint->ms <= 60'000) {
        // Round up so a retry never arrives before the moment the server named.
        ms = qint64(std::ceil(hint->ms));
        source = hint->source;
        fromServer = true;
    } else {
        const int exponent = std::clamp(in.attempt, 0, 10);
        const double base = std::min(0.5 * std::ldexp(1.0, exponent), 8.0);
        const double r = std::clamp(m_random(), 0.0, 1.0);
        ms = std::llround(base * 1000.0 * (1.0 - 0.25 * r));
        source = hint ? QString(hint->source + u" out of range, backoff"_s) : u"backoff"_s;
    }
    if (!patient) {
        return RetryDecision{true, int(ms),
                             what + u": retrying in "_s + seconds(ms) + u" ("_s + source +
                                 overridden +
                                 u", retry %1 of %2)"_s.arg(in.attempt + 1).arg(m_maxRetries)};
    }
    if (ms > remaining) {
        // The server named its moment: asking before it is pointless. A backoff is cut short
        // instead, for one last try at the end of the time allowed.
        if (fromServer)
            return refuse(
                u"the server asks to wait %1, longer than model/retry_seconds leaves"_s.arg(
                    seconds(ms)));
        ms = remaining;
    }
    return RetryDecision{true, int(ms),
                         what + u": retrying in "_s + seconds(ms) + u" ("_s + source + overridden +
                             u", retry %1, for up to %2 s after the first failure: "
                             u"model/retry_seconds)"_s.arg(in.attempt + 1)
                                 .arg(m_retryMs / 1000),
                         true};
}
