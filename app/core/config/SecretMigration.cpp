#include "config/SecretMigration.h"

#include "config/Config.h"
#include "config/IniDocument.h"
#include "config/IniFile.h"
#include "secrets/SecretStore.h"
#include "util/Log.h"
#include "util/Redactor.h"

#include <QFile>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Found
{
    QString iniKey;    // "robot.x/app_secret"
    QString secretKey; // "robot/x/app_secret"
    QString value;
    QString keepValue; // a proxy URL without its password; empty: the line goes
};

// The same keys Config refuses as secrets, except app_key: an AppKey is the robot's public
// client id, and nothing reads it as a secret.
bool secretShaped(const QString &key)
{
    static const QRegularExpression re(u"(secret|password|api_key|access_token|webhook_token)$"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

QList<Found> findSecrets(const IniFile &ini)
{
    QList<Found> found;
    for (auto it = ini.values.cbegin(); it != ini.values.cend(); ++it) {
        const QString &key = it.key();
        if (it.value().isEmpty())
            continue;
        if (key == u"network/model_proxy"_s || key == u"network/dingtalk_proxy"_s) {
            QUrl url(it.value(), QUrl::StrictMode);
            const QString password = url.password(QUrl::FullyDecoded);
            if (password.isEmpty())
                continue;
            url.setPassword(QString());
            found << Found{key, key + u"_password"_s, password, url.toString(QUrl::FullyEncoded)};
        } else if (key == u"tunnel/token"_s || key == u"tunnel/authtoken"_s) {
            found << Found{key, TunnelSettings::tokenKey(), it.value(), QString()};
        } else if (secretShaped(key)) {
            QString secretKey = key;
            if (secretKey.startsWith(u"robot."_s))
                secretKey.replace(5, 1, u'/'); // robot.x/app_secret -> robot/x/app_secret
            found << Found{key, secretKey, it.value(), QString()};
        }
    }
    return found;
}

// Takes the moved values out of the file as it is now; false with *error when it cannot.
bool removeFromFile(const QString &path, const QList<Found> &moved, QString *error)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    IniDocument doc(in.readAll());
    in.close();
    for (const Found &f : moved) {
        if (f.keepValue.isEmpty())
            doc.remove(f.iniKey);
        else
            doc.set(f.iniKey, f.keepValue);
    }
    QSaveFile out(path);
    const QByteArray text = doc.toUtf8();
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit()) {
        *error = out.errorString();
        return false;
    }
    return true;
}

} // namespace

void SecretMigration::run(const QString &path, SecretStore &store, QObject *context,
                          std::function<void(const Result &)> done)
{
    QList<Found> found;
    if (QFile file(path); !path.isEmpty() && file.open(QIODevice::ReadOnly))
        found = findSecrets(IniFile::parse(file.readAll()));
    if (found.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done({}); }, Qt::QueuedConnection);
        return;
    }

    struct State
    {
        Result result;
        QList<Found> moved;
        qsizetype pending = 0;
        std::function<void(const Result &)> done;
    };
    auto state = std::make_shared<State>();
    state->pending = found.size();
    state->done = std::move(done);
    const QString where = store.describe();
    for (const Found &f : std::as_const(found)) {
        Redactor::instance().addSecret(f.value); // before anything can log it
        store.write(f.secretKey, f.value, context, [state, f, path, where](const QString &error) {
            if (error.isEmpty()) {
                state->moved << f;
            } else {
                state->result.failed << f.iniKey + u": "_s + error;
                qCWarning(lcConfig).noquote()
                    << u"%1 in %2 is a secret but could not be moved to %3, so it stays in the "
                       u"file: %4"_s.arg(f.iniKey, path, where, error);
            }
            if (--state->pending > 0)
                return;
            if (!state->moved.isEmpty()) {
                QString why;
                if (removeFromFile(path, state->moved, &why)) {
                    for (const Found &m : std::as_const(state->moved)) {
                        state->result.moved << m.iniKey;
                        qCInfo(lcConfig).noquote()
                            << u"moved the secret %1 from %2 to %3 (as %4)"_s.arg(
                                   m.iniKey, path, where, m.secretKey);
                    }
                } else {
                    for (const Found &m : std::as_const(state->moved)) {
                        state->result.failed << m.iniKey + u": "_s + why;
                        qCWarning(lcConfig).noquote()
                            << u"the secret %1 was saved to %2, but %3 could not be rewritten "
                               u"(%4): remove the line by hand"_s.arg(m.iniKey, where, path, why);
                    }
                }
            }
            state->done(state->result);
        });
    }
}
