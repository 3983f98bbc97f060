#include "relay/HealthToken.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

using namespace Qt::StringLiterals;

QByteArray HealthToken::ensure(const QString &dataDir, QString *error)
{
    const QString path = QDir(dataDir).filePath(QString::fromLatin1(FileName));
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QByteArray token = existing.readAll().trimmed();
        if (token.size() >= 32)
            return token;
    }
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const QByteArray token = random.toHex();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(token + '\n') != token.size() + 1 || !file.commit()) {
        if (error)
            *error = u"%1 cannot be written: %2"_s.arg(path, file.errorString());
        return {};
    }
    return token;
}
