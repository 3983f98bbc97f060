#include "secrets/Redactor.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
const QString Mask = QStringLiteral("***");

// Token shapes that must never reach a log even when DingRelay does not know the value:
// OpenAI-style keys, bearer headers and the query parameters that carry DingTalk credentials.
const QRegularExpression &tokenPattern()
{
    static const QRegularExpression re(
        uR"((sk-[A-Za-z0-9_\-]{8,})|((?:Bearer|bearer)\s+)[A-Za-z0-9._~+/=\-]{8,}|((?:access_token|sign|session|ticket|api-key)=)[^&\s"']+)"_s);
    return re;
}
} // namespace

Redactor &Redactor::instance()
{
    static Redactor redactor;
    return redactor;
}

void Redactor::addSecret(const QString &value)
{
    // Very short values would mask ordinary words; they are not credentials worth the noise.
    if (value.size() < 4)
        return;
    QWriteLocker locker(&m_lock);
    if (m_secrets.contains(value))
        return;
    m_secrets.append(value);
    // Longest first: a secret that begins another must not leave the longer one's tail.
    std::stable_sort(m_secrets.begin(), m_secrets.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void Redactor::clearSecrets()
{
    QWriteLocker locker(&m_lock);
    m_secrets.clear();
}

QString Redactor::redact(QString text) const
{
    {
        QReadLocker locker(&m_lock);
        for (const QString &secret : m_secrets)
            text.replace(secret, Mask);
    }
    QString out;
    qsizetype last = 0;
    auto it = tokenPattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        if (m.hasCaptured(1))
            out += u"sk-"_s + Mask;
        else
            out += (m.hasCaptured(2) ? m.captured(2) : m.captured(3)) + Mask;
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}
