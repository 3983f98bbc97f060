// SecretMigration: moves secrets found in the INI file into the SecretStore and out of the file.
#pragma once

#include <QString>
#include <QStringList>

#include <functional>

class QObject;
class SecretStore;

// Old and hand-edited files may hold an api_key= or app_secret= line, which Config refuses to
// start with. At startup each such value is saved to the store under its secret key
// (robot.x/app_secret -> robot/x/app_secret; a proxy URL's password -> network/<which>_proxy_
// password) and, once saved, removed from the file, with a log line naming the key but never
// the value. A value the store refuses stays in the file: nothing is ever lost.
namespace SecretMigration {
struct Result
{
    QStringList moved;  // INI keys now in the store and no longer in the file
    QStringList failed; // "key: why" for values left in the file
};

// Calls done once, later from the event loop, also when the file holds no secret or does not
// exist (then the store is not touched at all).
void run(const QString &path, SecretStore &store, QObject *context,
         std::function<void(const Result &)> done);
} // namespace SecretMigration
