// Redactor: masks known secret values and token-shaped strings in text bound for logs.
#pragma once

#include <QReadWriteLock>
#include <QString>
#include <QStringList>

class Redactor final
{
public:
    // The process-wide instance the log handler uses; secrets are added as they are loaded.
    static Redactor &instance();

    void addSecret(const QString &value);
    void clearSecrets();
    QString redact(QString text) const;
    // Only the known secrets, in every form addSecret() keeps: for text people read, such as a
    // model's answer, where the token shapes redact() also masks may be meant (an example key).
    QString maskSecrets(QString text) const;
    // The same for a text that is still growing (a streamed answer): a tail that could be the
    // beginning of a secret is left out until the rest of it shows what it is.
    QString maskSecretsSoFar(const QString &textSoFar) const;

private:
    mutable QReadWriteLock m_lock;
    QStringList m_secrets;
};
