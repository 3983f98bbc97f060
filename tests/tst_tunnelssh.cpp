// The ssh preset for real: OpenSSH's `ssh -R` against an sshd the test starts on loopback.
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "SkipOrFail.h"
#include "TestCallbacks.h"
#include "config/Config.h"
#include "relay/Relay.h"
#include "tunnel/TunnelManager.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Tunnel::State;

class TestTunnelSsh : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void forwardsThroughSshd();
    void comesBackAfterSshDies();
    void saysWhyTheServerRefuses();

private:
    QString makeKey(const QString &name);
    TunnelSettings sshTunnel(quint16 remotePort, const QString &key) const;
    // The fixture's relay with tunnel; null if it did not start.
    Relay *startRelay(const TunnelSettings &tunnel);

    QTemporaryDir m_keys;
    QProcess m_sshd;
    QByteArray m_sshdLog;
    quint16 m_sshdPort = 0;
    QString m_user;
    QString m_userKey;
    std::unique_ptr<RelayFixture> m_f;
};

QString TestTunnelSsh::makeKey(const QString &name)
{
    const QString path = m_keys.filePath(name);
    QProcess keygen;
    keygen.start(u"ssh-keygen"_s, {u"-q"_s, u"-t"_s, u"ed25519"_s, u"-N"_s, QString(), u"-C"_s,
                                   u"dingrelay-test"_s, u"-f"_s, path});
    if (!keygen.waitForFinished(20000) || keygen.exitCode() != 0)
        return {};
    return path;
}

void TestTunnelSsh::initTestCase()
{
    for (const char *tool : {"ssh", "ssh-keygen", "/usr/sbin/sshd"}) {
        const QString name = QString::fromLatin1(tool);
        if ((name.startsWith(u'/') && !QFileInfo(name).isExecutable()) ||
            (!name.startsWith(u'/') && QStandardPaths::findExecutable(name).isEmpty()))
            SKIP_OR_FAIL(
                qPrintable(u"%1 is not installed (openssh-client, openssh-server)"_s.arg(name)));
    }
    QVERIFY(m_keys.isValid());
    const QString hostKey = makeKey(u"host_key"_s);
    m_userKey = makeKey(u"user_key"_s);
    QVERIFY(!hostKey.isEmpty() && !m_userKey.isEmpty());
    QVERIFY(QFile::copy(m_userKey + u".pub"_s, m_keys.filePath(u"authorized_keys"_s)));
    m_user = QString::fromLocal8Bit(getpwuid(getuid())->pw_name);

    m_sshdPort = unusedPort();
    QFile config(m_keys.filePath(u"sshd_config"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    // An sshd of the test's own: its user, its keys, loopback, public keys only, and remote
    // forwards (the server side of ssh -R) allowed.
    config.write(u"Port %1\nListenAddress 127.0.0.1\nHostKey %2\nAuthorizedKeysFile %3\n"
                 "PidFile none\nUsePAM no\nStrictModes no\nPasswordAuthentication no\n"
                 "KbdInteractiveAuthentication no\nAllowTcpForwarding remote\n"
                 "PermitRootLogin prohibit-password\nLogLevel VERBOSE\n"_s.arg(m_sshdPort)
                     .arg(hostKey, m_keys.filePath(u"authorized_keys"_s))
                     .toUtf8());
    config.close();
    QFile knownHosts(m_keys.filePath(u"known_hosts"_s));
    QFile hostPub(hostKey + u".pub"_s);
    QVERIFY(knownHosts.open(QIODevice::WriteOnly) && hostPub.open(QIODevice::ReadOnly));
    knownHosts.write("[127.0.0.1]:" + QByteArray::number(m_sshdPort) + ' ' + hostPub.readAll());
    knownHosts.close();

    const QStringList sshd = {u"/usr/sbin/sshd"_s, u"-D"_s, u"-e"_s, u"-f"_s, config.fileName()};
    m_sshd.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_sshd, &QProcess::readyRead, this, [this] { m_sshdLog += m_sshd.readAll(); });
    if (getuid() == 0 && !QFileInfo::exists(u"/run/sshd"_s)) {
        // sshd running as root insists on its privilege separation directory, /run/sshd,
        // which only the ssh service creates. A private mount namespace gives it one without
        // touching the machine's /run.
        const QStringList unshare =
            QStringList{u"--mount"_s, u"sh"_s, u"-c"_s,
                        u"mount -t tmpfs tmpfs /run && mkdir /run/sshd && exec \"$0\" \"$@\""_s} +
            sshd;
        m_sshd.start(u"unshare"_s, unshare);
    } else {
        m_sshd.start(sshd.first(), sshd.mid(1));
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        m_sshdLog.contains("Server listening on") || m_sshd.state() == QProcess::NotRunning, 10000);
    if (!m_sshdLog.contains("Server listening on"))
        SKIP_OR_FAIL(
            qPrintable(u"sshd could not run here: it runs as root and needs /run/sshd, which "
                       "does not exist; a private mount namespace (unshare --mount) to provide "
                       "one was refused too. Its output: "_s +
                       QString::fromLocal8Bit(m_sshdLog).trimmed()));
}

void TestTunnelSsh::cleanupTestCase()
{
    if (m_sshd.state() != QProcess::NotRunning) {
        m_sshd.terminate();
        m_sshd.waitForFinished(5000);
    }
}

void TestTunnelSsh::init()
{
    m_f = std::make_unique<RelayFixture>();
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
}

void TestTunnelSsh::cleanup()
{
    m_f.reset();
}

TunnelSettings TestTunnelSsh::sshTunnel(quint16 remotePort, const QString &key) const
{
    TunnelSettings t;
    t.mode = TunnelMode::Process;
    t.preset = u"ssh"_s;
    t.sshTarget = m_user + u"@127.0.0.1"_s;
    t.sshRemotePort = remotePort;
    t.publicUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(remotePort));
    // -F /dev/null: the user's ~/.ssh/config must not change what the test runs.
    t.extraArgs = u"-F /dev/null -p %1 -i '%2' -o IdentitiesOnly=yes "
                  "-o 'UserKnownHostsFile=%3' -o StrictHostKeyChecking=yes"_s.arg(m_sshdPort)
                      .arg(key, m_keys.filePath(u"known_hosts"_s));
    return t;
}

Relay *TestTunnelSsh::startRelay(const TunnelSettings &tunnel)
{
    // The fixture's one robot, "default" at /dingtalk/default, is what the tunnel forwards to.
    m_f->config.relay.drainSeconds = 1;
    m_f->config.tunnel = tunnel;
    m_f->secrets = {{u"model/api_key"_s, u"sk-ssh-test-0123456789"_s},
                    {u"robot/default/app_secret"_s, u"ssh-robot-secret-0123"_s}};
    QString error;
    if (!m_f->start(&error)) {
        qWarning() << error;
        return nullptr;
    }
    return m_f->relay();
}

void TestTunnelSsh::forwardsThroughSshd()
{
    const quint16 remotePort = unusedPort();
    const auto relay = startRelay(sshTunnel(remotePort, m_userKey));
    QVERIFY(relay);
    TunnelManager *tunnel = relay->tunnel();
    QTRY_COMPARE_WITH_TIMEOUT(tunnel->state(), State::Up, 20000);
    QVERIFY(tunnel->output().join(u'\n').contains(u"remote forward success"_s));
    QCOMPARE(tunnel->publicUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(remotePort)));

    QSignalSpy checks(tunnel, &TunnelManager::reachabilityChecked);
    tunnel->checkNow();
    QTRY_COMPARE_WITH_TIMEOUT(checks.size(), 1, 20000);
    const auto result = checks.first().first().value<ReachabilityResult>();
    QVERIFY2(result.ok, qPrintable(result.message));

    // A DingTalk callback through the forwarded port reaches the relay's own checks.
    const QUrl callback =
        tunnel->callbackUrl(relay->config().robotById(u"default"_s)->callbackPath);
    QCOMPARE(callback.toString(), u"http://127.0.0.1:%1/dingtalk/default"_s.arg(remotePort));
    QCOMPARE(TestCallbacks::send("POST", callback, "{}").status, 401);
}

void TestTunnelSsh::comesBackAfterSshDies()
{
    const quint16 remotePort = unusedPort();
    const auto relay = startRelay(sshTunnel(remotePort, m_userKey));
    QVERIFY(relay);
    TunnelManager *tunnel = relay->tunnel();
    QTRY_COMPARE_WITH_TIMEOUT(tunnel->state(), State::Up, 20000);
    const qint64 ssh = tunnel->process()->processId();
    ::kill(pid_t(ssh), SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(tunnel->process()->starts(), 2, 10000);
    // sshd frees the port when it notices the old session is gone; until then the new ssh's
    // forward fails and it is restarted again.
    QTRY_COMPARE_WITH_TIMEOUT(tunnel->state(), State::Up, 60000);
    QCOMPARE(TestCallbacks::send("GET", TunnelManager::joinUrl(tunnel->publicUrl(), u"/healthz"_s))
                 .status,
             200);
}

void TestTunnelSsh::saysWhyTheServerRefuses()
{
    const QString stranger = makeKey(u"stranger_key"_s); // not in authorized_keys
    QVERIFY(!stranger.isEmpty());
    const auto relay = startRelay(sshTunnel(unusedPort(), stranger));
    QVERIFY(relay);
    TunnelManager *tunnel = relay->tunnel();
    QSignalSpy states(tunnel, &TunnelManager::stateChanged);
    const auto retrying = [&states] {
        for (const auto &change : std::as_const(states)) {
            if (change.first().value<State>() == State::Retrying)
                return change.at(1).toString();
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!retrying().isEmpty(), 20000);
    QVERIFY2(retrying().contains(u"ssh exited with code 255"_s), qPrintable(retrying()));
    QVERIFY(retrying().contains(u"Permission denied (publickey)"_s));
    QVERIFY(tunnel->publicUrl().isValid()); // configured, so still known: DingTalk keeps it
}

QTEST_GUILESS_MAIN(TestTunnelSsh)
#include "tst_tunnelssh.moc"
