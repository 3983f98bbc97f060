#include "dingtalk/Signature.h"

#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

QByteArray Signature::sign(qint64 timestampMs, const QByteArray &secret)
{
    const QByteArray message = QByteArray::number(timestampMs) + '\n' + secret;
    return QMessageAuthenticationCode::hash(message, secret, QCryptographicHash::Sha256).toBase64();
}

QByteArray Signature::webhookSign(qint64 timestampMs, const QByteArray &secret)
{
    return sign(timestampMs, secret).toPercentEncoding();
}

bool Signature::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Touch every byte of the longer input whatever the contents, so the time taken says
    // nothing about how much of a forged sign was right.
    const qsizetype n = std::max(a.size(), b.size());
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        diff |= x ^ y;
    }
    return diff == 0;
}

Signature::Verdict Signature::verify(const QByteArray &timestampHeader,
                                     const QByteArray &signHeader, const QByteArray &secret,
                                     qint64 nowMs, int windowSeconds)
{
    if (timestampHeader.isEmpty() || signHeader.isEmpty())
        return Verdict::Missing;
    bool ok = false;
    const qint64 timestamp = timestampHeader.trimmed().toLongLong(&ok);
    if (!ok || timestamp <= 0)
        return Verdict::Malformed;
    const qint64 skew = nowMs > timestamp ? nowMs - timestamp : timestamp - nowMs;
    if (skew > qint64(windowSeconds) * 1000)
        return Verdict::Stale;
    return constantTimeEquals(sign(timestamp, secret), signHeader.trimmed()) ? Verdict::Ok
                                                                             : Verdict::Mismatch;
}

QString Signature::describe(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return u"signature valid"_s;
    case Verdict::Missing:
        return u"the timestamp or sign header is missing"_s;
    case Verdict::Malformed:
        return u"the timestamp header is not a number of milliseconds"_s;
    case Verdict::Stale:
        return u"the timestamp is outside the allowed window (check the clock)"_s;
    case Verdict::Mismatch:
        return u"the sign does not match this robot's AppSecret"_s;
    }
    return {};
}
