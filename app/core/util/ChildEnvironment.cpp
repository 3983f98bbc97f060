#include "util/ChildEnvironment.h"

QProcessEnvironment ChildEnvironment::withoutSecrets(const QProcessEnvironment &from)
{
    QProcessEnvironment environment = from;
    const QString prefix = QString::fromLatin1(SecretPrefix);
    for (const QString &name : from.keys()) {
        if (name.startsWith(prefix, Qt::CaseInsensitive))
            environment.remove(name);
    }
    return environment;
}
