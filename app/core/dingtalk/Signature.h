// Signature: DingTalk's HMAC-SHA256 signs for robot callbacks and custom-robot webhooks.
#pragma once

#include <QByteArray>
#include <QString>

namespace Signature {

// Base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), as DingTalk sends
// in the `sign` header of a robot callback and (URL-encoded) on custom-robot webhooks.
QByteArray sign(qint64 timestampMs, const QByteArray &secret);
QByteArray webhookSign(qint64 timestampMs, const QByteArray &secret); // percent-encoded

enum class Verdict { Ok, Missing, Malformed, Stale, Mismatch };

// Checks a callback's `timestamp` and `sign` headers against the robot's secret: the
// timestamp within windowSeconds of nowMs either way, the sign compared in constant time.
Verdict verify(const QByteArray &timestampHeader, const QByteArray &signHeader,
               const QByteArray &secret, qint64 nowMs, int windowSeconds);
QString describe(Verdict verdict);

bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace Signature
