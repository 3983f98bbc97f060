#include "util/Redactor.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {
const QString Mask = QStringLiteral("***");

// Token shapes that must never reach a log even when DingRelay does not know the value:
// OpenAI-style keys, Bearer and Basic credentials and the query parameters that carry DingTalk
// credentials.
const QRegularExpression &tokenPattern()
{
    static const QRegularExpression re(
        uR"((sk-[A-Za-z0-9_\-]{8,})|((?:Bearer|bearer|Basic|basic)\s+)[A-Za-z0-9._~+/=\-]{8,}|((?:access_token|sign|session|ticket|api-key)=)[^&\s"']+)"_s);
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
    // Servers and programs that echo a request echo it as it was sent: a token in a URL is
    // percent-encoded, credentials in a header or a tunnel's config may be base64.
    const QByteArray utf8 = value.toUtf8();
    const QStringList forms{value, QString::fromLatin1(QUrl::toPercentEncoding(value)),
                            QString::fromLatin1(utf8.toBase64(QByteArray::OmitTrailingEquals)),
                            QString::fromLatin1(utf8.toBase64(QByteArray::Base64UrlEncoding |
                                                              QByteArray::OmitTrailingEquals))};
    QWriteLocker locker(&m_lock);
    for (const QString &form : forms) {
        if (!m_secrets.contains(form))
            m_secrets.append(form);
    }
    // Longest first: a secret that begins another must not leave the longer one's tail.
    std::stable_sort(m_secrets.begin(), m_secrets.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void Redactor::clearSecrets()
{
    QWriteLocker locker(&m_lock);
    m_secrets.clear();
}

QString Redactor::maskSecrets(QString text) const
{
    QReadLocker locker(&m_lock);
    for (const QString &secret : m_secrets)
        text.replace(secret, Mask);
    return text;
}

QString Redactor::maskSecretsSoFar(const QString &textSoFar) const
{
    QString text = maskSecrets(textSoFar);
    qsizetype keep = text.size();
    QReadLocker locker(&m_lock);
    for (const QString &secret : m_secrets) {
        // The earliest start, within a secret's length of the end, of a tail that the secret
        // begins with.
        for (qsizetype at = std::max<qsizetype>(0, text.size() - secret.size() + 1); at < keep;
             ++at) {
            if (QStringView(text).mid(at) == QStringView(secret).left(text.size() - at)) {
                keep = at;
                break;
            }
        }
    }
    text.truncate(keep);
    return text;
}

QString Redactor::redact(QString text) const
{
    text = maskSecrets(std::move(text));
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
