// ProbeIdentity: who this relay is, so the reachability check can tell its own answer apart.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// A random instance id and a key, both new at every start. The relay answers a probe nonce
// with its id and an HMAC of the nonce under the key; only this process knows the key, so
// another DingRelay (or anything else) behind the public URL cannot pass for this one.
class ProbeIdentity final
{
public:
    static ProbeIdentity generate();

    const QString &instanceId() const { return m_instanceId; }
    // Hex HMAC-SHA256 of the nonce under this instance's key.
    QString proof(const QString &nonce) const;
    // The body of GET /dingrelay/probe?nonce=…
    QJsonObject answer(const QString &nonce) const;
    // True when body is this instance's answer to nonce.
    bool isOwnAnswer(const QJsonObject &body, const QString &nonce) const;

    static QString newNonce();
    // 16 to 128 letters, digits, '-' or '_': what the probe route accepts.
    static bool isValidNonce(const QString &nonce);

private:
    QString m_instanceId;
    QByteArray m_key;
};
