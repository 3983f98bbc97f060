// SecretLoader: reads a set of secrets from a SecretStore and reports which are missing.
#pragma once

#include "secrets/SecretStore.h"

#include <QHash>
#include <QStringList>

using SecretBundle = QHash<QString, QString>; // key ("model/api_key") -> value

struct SecretLoadResult
{
    SecretBundle values;
    QStringList missing;    // keys with no value
    QStringList errors;     // the store failed for these keys
    QStringList unreadable; // the keys behind errors, in the same order
    bool ok() const { return missing.isEmpty() && errors.isEmpty(); }
    // A startup message naming each missing secret and the variable that supplies it.
    QString describe() const;
};

namespace SecretLoader {
void load(SecretStore &store, const QStringList &keys, QObject *context,
          std::function<void(const SecretLoadResult &)> done);
// The same, plus keys read when present: their absence is not reported as missing, and a
// store failure for one is only logged (a server without a keychain may not need them).
void load(SecretStore &store, const QStringList &required, const QStringList &optional,
          QObject *context, std::function<void(const SecretLoadResult &)> done);
} // namespace SecretLoader
