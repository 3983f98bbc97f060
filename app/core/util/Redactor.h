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

private:
    mutable QReadWriteLock m_lock;
    QStringList m_secrets;
};
