#include "SingleInstance.h"

#include "config/Config.h"
#include "util/Log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr char Activate[] = "activate\n";
constexpr char Acknowledge[] = "ok\n";

QString userId()
{
#ifdef Q_OS_UNIX
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME");
#endif
}
} // namespace

SingleInstance::SingleInstance(const QString &configPath, QObject *parent)
    : QObject(parent)
    , m_name(serverName(configPath))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName(const QString &configPath)
{
    const QFileInfo file(configPath.isEmpty() ? Config::defaultConfigFile() : configPath);
    const QString path = file.exists() ? file.canonicalFilePath() : file.absoluteFilePath();
    const QByteArray hash =
        QCryptographicHash::hash((userId() + u'\n' + path).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    const QString base = u"dingrelay-"_s + QString::fromLatin1(hash);
#ifdef Q_OS_UNIX
    // A name in /tmp itself could be taken first by another local user, who would then answer
    // for this app. So the socket lives in a folder only this user can enter: XDG_RUNTIME_DIR,
    // else Qt's /tmp/runtime-<user>, which Qt makes 0700 and refuses when someone else owns
    // it; failing both, the config folder, which is the user's own.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (folder.isEmpty() || folder.size() > 70) {
        folder = QFileInfo(Config::defaultConfigFile()).absolutePath();
        QDir().mkpath(folder);
    }
    return QDir(folder).filePath(base);
#else
    return base;
#endif
}

SingleInstance::Outcome SingleInstance::claim(int timeoutMs)
{
    const Outcome first = wake(timeoutMs);
    if (first != Outcome::Primary)
        return first;
    if (listen())
        return Outcome::Primary;
    // The name is taken, yet nothing answered a moment ago: either another instance has just
    // started (ask it), or one crashed and left its socket behind (replace it).
    const Outcome again = wake(timeoutMs);
    if (again != Outcome::Primary)
        return again;
    qCInfo(lcConfig).noquote() << "replacing the stale instance socket" << m_name;
    QLocalServer::removeServer(m_name);
    if (!listen())
        qCWarning(lcConfig).noquote()
            << "cannot listen on" << m_name << "- a second launch will start a second app";
    return Outcome::Primary;
}

SingleInstance::Outcome SingleInstance::wake(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return Outcome::Primary; // nobody there (or a stale socket: connection refused)
    socket.write(Activate);
    if (!socket.waitForBytesWritten(timeoutMs))
        return Outcome::Unresponsive;
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return Outcome::Unresponsive;
    }
    return socket.readLine() == Acknowledge ? Outcome::Activated : Outcome::Unresponsive;
}

bool SingleInstance::listen()
{
    if (!m_server) {
        m_server = new QLocalServer(this);
        m_server->setSocketOptions(QLocalServer::UserAccessOption);
        connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    }
    return m_server->listen(m_name);
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine())
                return;
            if (socket->readLine() == Activate) {
                socket->write(Acknowledge);
                socket->flush();
                emit activationRequested();
            }
            socket->disconnectFromServer();
        });
    }
}
