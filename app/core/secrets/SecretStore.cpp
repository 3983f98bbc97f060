#include "secrets/SecretStore.h"

#include "util/ChildEnvironment.h"

using namespace Qt::StringLiterals;

QString SecretStore::environmentName(const QString &key)
{
    QString name = QString::fromLatin1(ChildEnvironment::SecretPrefix);
    name.reserve(name.size() + key.size());
    for (const QChar c : key) {
        const bool ascii = c.unicode() < 128;
        name += (ascii && c.isLetterOrNumber()) ? c.toUpper() : u'_';
    }
    return name;
}
