#include "secrets/SecretStore.h"

using namespace Qt::StringLiterals;

QString SecretStore::environmentName(const QString &key)
{
    QString name = u"DINGRELAY_SECRET_"_s;
    name.reserve(name.size() + key.size());
    for (const QChar c : key) {
        const bool ascii = c.unicode() < 128;
        name += (ascii && c.isLetterOrNumber()) ? c.toUpper() : u'_';
    }
    return name;
}
