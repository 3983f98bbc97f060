#include "tunnel/ProbeIdentity.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}
} // namespace

ProbeIdentity ProbeIdentity::generate()
{
    ProbeIdentity identity;
    identity.m_instanceId = QString::fromLatin1(randomBytes(8).toHex());
    identity.m_key = randomBytes(32);
    return identity;
}

QString ProbeIdentity::proof(const QString &nonce) const
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(nonce.toUtf8(), m_key, QCryptographicHash::Sha256)
            .toHex());
}

QJsonObject ProbeIdentity::answer(const QString &nonce) const
{
    return {{u"service"_s, u"dingrelay"_s},
            {u"instance"_s, m_instanceId},
            {u"nonce"_s, nonce},
            {u"proof"_s, proof(nonce)}};
}

bool ProbeIdentity::isOwnAnswer(const QJsonObject &body, const QString &nonce) const
{
    return body.value(u"instance"_s).toString() == m_instanceId &&
           body.value(u"nonce"_s).toString() == nonce &&
           body.value(u"proof"_s).toString() == proof(nonce);
}

QString ProbeIdentity::newNonce()
{
    return QString::fromLatin1(randomBytes(16).toHex());
}

bool ProbeIdentity::isValidNonce(const QString &nonce)
{
    static const QRegularExpression valid(u"^[A-Za-z0-9_-]{16,128}$"_s);
    return valid.match(nonce).hasMatch();
}
