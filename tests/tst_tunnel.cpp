// The supervised tunnel program: real processes (socat, sh) on loopback, restarts, stop, output.
#include "FakeHttpServer.h"
#include "ManualScheduler.h"
#include "TestCallbacks.h"
#include "TunnelTestKit.h"
#include "tunnel/TunnelManager.h"
#include "util/Redactor.h"

#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace TunnelTestKit;
using Tunnel::State;

namespace {
TunnelSettings shellTunnel(const QString &script)
{
    TunnelSettings t;
    t.mode = TunnelMode::Process;
    t.preset = u"custom"_s;
    t.command = u"sh -c '%1'"_s.arg(script);
    t.urlPattern = u"at (http://\\S+)"_s;
    return t;
}

RobotSettings robot(const QString &id)
{
    RobotSettings r;
    r.id = id;
    r.callbackPath = u"/dingtalk/"_s + id;
    return r;
}
} // namespace

class TestTunnel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void comesUpThroughSocat();
    void restartsAfterItDies();
    void reportsAMissingProgram_data();
    void reportsAMissingProgram();
    void givesUpWhenItKeepsExiting();
    void pacesRestarts_data();
    void pacesRestarts();
    void runsPresetsAsRecorded_data();
    void runsPresetsAsRecorded();
    void stopEndsTheWholeGroup();
    void stopKillsWhatIgnoresTerm();
    void keepsOutputMaskedAndBounded();
    void programGetsNoSecrets();
    void firstUrlOfARunStays();
    void fixedAndNoneNeedNoProgram();

private:
    std::unique_ptr<TunnelManager> manager(const TunnelSettings &settings,
                                           TunnelOptions options = {}, const QString &token = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_relay; // stands in for the relay the tunnel leads to
    ProbeIdentity m_identity = ProbeIdentity::generate();
};

void TestTunnel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_relay = std::make_unique<FakeHttpServer>();
    QVERIFY(m_relay->listen() != 0);
    answerProbes(*m_relay, m_identity);
}

void TestTunnel::cleanup()
{
    m_relay.reset();
    m_dir.reset();
}

std::unique_ptr<TunnelManager> TestTunnel::manager(const TunnelSettings &settings,
                                                   TunnelOptions options, const QString &token)
{
    if (!options.process.scheduler) // real pauses: kept short
        options.process.backoffInitialMs = std::min(options.process.backoffInitialMs, 200);
    options.firstCheckDelayMs = 0;
    return std::make_unique<TunnelManager>(settings, u"127.0.0.1"_s, m_relay->url().port(),
                                           m_identity, nullptr, token, options);
}

void TestTunnel::comesUpThroughSocat()
{
    const quint16 publicPort = unusedPort();
    auto tunnel = manager(socatTunnel(publicPort));
    QSignalSpy states(tunnel.get(), &TunnelManager::stateChanged);
    QSignalSpy urls(tunnel.get(), &TunnelManager::publicUrlChanged);
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);

    const QUrl expected(u"http://127.0.0.1:%1"_s.arg(publicPort));
    QCOMPARE(tunnel->publicUrl(), expected);
    QCOMPARE(urls.size(), 1);
    QCOMPARE(urls.first().first().toUrl(), expected);
    QCOMPARE(states.first().first().value<State>(), State::Starting);
    QCOMPARE(states.last().first().value<State>(), State::Up);
    QVERIFY(tunnel->message().contains(expected.toString()));
    QCOMPARE(tunnel->callbackUrl(robot(u"default"_s).callbackPath),
             QUrl(expected.toString() + u"/dingtalk/default"_s));
    QVERIFY(tunnel->output().first().contains(u"tunnel open at"_s));
    QVERIFY(tunnel->output().join(u'\n').contains(u"listening on"_s));

    // The tunnel really leads to the relay.
    const auto answer = TestCallbacks::send("GET", QUrl(expected.toString() + u"/hi"_s));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, "hello");
    // (The first reachability check may go through it at the same time.)
    QVERIFY(std::any_of(m_relay->requests().cbegin(), m_relay->requests().cend(),
                        [](const RecordedRequest &r) { return r.path == u"/hi"_s; }));
}

void TestTunnel::restartsAfterItDies()
{
    const quint16 publicPort = unusedPort();
    auto tunnel = manager(socatTunnel(publicPort));
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);
    const qint64 first = tunnel->process()->processId();
    QVERIFY(first > 0);

    QSignalSpy states(tunnel.get(), &TunnelManager::stateChanged);
    QSignalSpy urls(tunnel.get(), &TunnelManager::publicUrlChanged);
    ::kill(pid_t(first), SIGKILL);
    QTRY_COMPARE(tunnel->process()->starts(), 2);
    QTRY_COMPARE(tunnel->state(), State::Up);
    QCOMPARE(states.first().first().value<State>(), State::Retrying);
    QVERIFY2(states.first().at(1).toString().contains(u"was killed"_s),
             qPrintable(states.first().at(1).toString()));
    QVERIFY(states.first().at(1).toString().contains(u"starting it again in"_s));
    QCOMPARE(tunnel->process()->starts(), 2);
    QVERIFY(tunnel->process()->processId() != first);
    QVERIFY(isGone(first));
    // A printed URL dies with its program and comes back with the new one.
    QCOMPARE(urls.size(), 2);
    QVERIFY(urls.first().first().toUrl().isEmpty());
    QCOMPARE(tunnel->publicUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(publicPort)));
    QCOMPARE(TestCallbacks::send("GET", tunnel->publicUrl()).status, 200);
}

void TestTunnel::reportsAMissingProgram_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("binary");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("cloudflared path")
        << u"cloudflared"_s << u"/nonexistent/bin/cloudflared"_s << QString()
        << QStringList{u"/nonexistent/bin/cloudflared does not exist or cannot be run"_s,
                       u"developers.cloudflare.com"_s, u"choose another tunnel"_s};
    QTest::newRow("ngrok not on PATH")
        << u"ngrok"_s << QString() << QString()
        << QStringList{u"ngrok is not installed"_s, u"https://ngrok.com/download"_s};
    QTest::newRow("frpc not on PATH")
        << u"frpc"_s << QString() << QString()
        << QStringList{u"frpc is not installed"_s, u"github.com/fatedier/frp"_s};
    QTest::newRow("custom program")
        << u"custom"_s << QString() << u"dingrelay-no-such-tunnel --to {port}"_s
        << QStringList{u"dingrelay-no-such-tunnel is not installed"_s, u"tunnel/command"_s};
    QTest::newRow("not executable")
        << u"custom"_s << QString() << u"<data file>"_s << QStringList{u"cannot be run"_s};
}

void TestTunnel::reportsAMissingProgram()
{
    QFETCH(QString, preset);
    QFETCH(QString, binary);
    QFETCH(QString, command);
    QFETCH(QStringList, expected);
    if (command == u"<data file>"_s) {
        QFile file(m_dir->filePath(u"tunnel.txt"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        command = file.fileName();
    }
    // Only this test's empty folder is on PATH, so nothing installed here can interfere.
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", m_dir->path().toUtf8());
    auto restore = qScopeGuard([path] { qputenv("PATH", path); });
    TunnelSettings settings;
    settings.mode = TunnelMode::Process;
    settings.preset = preset;
    settings.binary = binary;
    settings.command = command;
    settings.urlPattern = u"(http://\\S+)"_s;
    settings.publicUrl = preset == u"frpc"_s ? QUrl(u"https://a.example"_s) : QUrl();
    settings.frpcConfig = u"/etc/frp/frpc.toml"_s;
    auto tunnel = manager(settings);
    QSignalSpy states(tunnel.get(), &TunnelManager::stateChanged);
    tunnel->start();
    QCOMPARE(tunnel->state(), State::Failed);
    for (const QString &part : expected)
        QVERIFY2(tunnel->message().contains(part), qPrintable(tunnel->message()));
    // Nothing was started, and nothing is scheduled: retrying cannot install a program.
    QCOMPARE(tunnel->process()->starts(), 0);
    QCOMPARE(states.size(), 1);
}

void TestTunnel::givesUpWhenItKeepsExiting()
{
    auto scheduler = ManualScheduler::runningAtOnce();
    TunnelOptions options;
    options.process.scheduler = &scheduler;
    options.process.random = [] { return 0.5; }; // no jitter
    options.process.backoffInitialMs = 1000;
    auto tunnel = manager(
        shellTunnel(u"echo \"fatal: the tunnel server refused the login\" >&2; exit 3"_s), options);
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Failed);
    QCOMPARE(scheduler.delays, (QList<int>{1000, 2000, 4000, 8000, 16000}));
    QCOMPARE(tunnel->process()->starts(), 6);
    const QString message = tunnel->message();
    QVERIFY2(message.contains(u"exited 6 times in a row"_s), qPrintable(message));
    QVERIFY(message.contains(u"exited with code 3"_s));
    QVERIFY(message.contains(u"refused the login"_s));

    // Restarting by hand begins afresh.
    tunnel->restart();
    QTRY_COMPARE(tunnel->state(), State::Failed);
    QCOMPARE(tunnel->process()->starts(), 12);
    QCOMPARE(scheduler.delays.size(), 10);
    QCOMPARE(scheduler.delays.at(5), 1000);
}

void TestTunnel::pacesRestarts_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("stableMs");
    QTest::addColumn<QList<int>>("delays");
    // Doubling up to the cap, never giving up while each run counted as stable.
    QTest::newRow("capped") << 0.5 << 60000 << QList<int>{1000, 2000, 4000, 4000, 4000};
    QTest::newRow("jitter low") << 0.0 << 60000 << QList<int>{800, 1600, 3200, 3200, 3200};
    QTest::newRow("jitter high") << 0.99 << 60000 << QList<int>{1196, 2392, 4000, 4000, 4000};
    QTest::newRow("stable runs start over") << 0.5 << 0 << QList<int>{1000, 1000, 1000, 1000, 1000};
}

void TestTunnel::pacesRestarts()
{
    QFETCH(double, random);
    QFETCH(int, stableMs);
    QFETCH(QList<int>, delays);
    auto scheduler = ManualScheduler::runningAtOnce(4); // the fifth exit is recorded, not restarted
    TunnelOptions options;
    options.process.scheduler = &scheduler;
    options.process.random = [random] { return random; };
    options.process.backoffInitialMs = 1000;
    options.process.backoffMaxMs = 4000;
    options.process.stableMs = stableMs;
    options.process.maxQuickFailures = stableMs > 0 ? 100 : 2;
    auto tunnel = manager(shellTunnel(u"exit 1"_s), options);
    tunnel->start();
    QTRY_COMPARE(scheduler.delays.size(), 5);
    QCOMPARE(scheduler.delays, delays);
    QCOMPARE(tunnel->state(), State::Retrying);
}

void TestTunnel::runsPresetsAsRecorded_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("recording");
    QTest::addColumn<bool>("exits");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("arguments");
    QTest::newRow("cloudflared") << u"cloudflared"_s << u"cloudflared.txt"_s << false
                                 << u"https://seasonal-deck-organisms-sf.trycloudflare.com"_s
                                 << u"tunnel --no-autoupdate --url http://127.0.0.1:{port}"_s;
    QTest::newRow("ngrok") << u"ngrok"_s << u"ngrok.txt"_s << false
                           << u"https://7f3a-203-0-113-45.ngrok-free.app"_s
                           << u"http http://127.0.0.1:{port} --log stdout --log-format logfmt"_s;
    QTest::newRow("frpc") << u"frpc"_s << u"frpc.txt"_s << false << u"https://relay.example.com"_s
                          << u"-c {dir}/frpc.toml"_s;
    QTest::newRow("cloudflared failing")
        << u"cloudflared"_s << u"cloudflared-failed.txt"_s << true << QString() << QString();
    QTest::newRow("ngrok without authtoken")
        << u"ngrok"_s << u"ngrok-failed.txt"_s << true << QString() << QString();
}

void TestTunnel::runsPresetsAsRecorded()
{
    QFETCH(QString, preset);
    QFETCH(QString, recording);
    QFETCH(bool, exits);
    QFETCH(QString, url);
    QFETCH(QString, arguments);
    // The preset's program is a script that plays back what the real one printed.
    const QString sample = QStringLiteral(DINGRELAY_SOURCE_DIR "/tests/data/tunnel/") + recording;
    const QString script = m_dir->filePath(preset);
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(u"#!/bin/sh\necho \"$*\" > '%1/arguments'\ncat '%2'\n%3\n"_s
                   .arg(m_dir->path(), sample, exits ? u"exit 1"_s : u"exec sleep 600"_s)
                   .toUtf8());
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    file.close();

    TunnelSettings settings;
    settings.mode = TunnelMode::Process;
    settings.preset = preset;
    settings.binary = script;
    settings.frpcConfig = m_dir->filePath(u"frpc.toml"_s);
    if (preset == u"frpc"_s)
        settings.publicUrl = QUrl(u"https://relay.example.com"_s);
    auto tunnel = manager(settings);
    QSignalSpy states(tunnel.get(), &TunnelManager::stateChanged);
    tunnel->start();
    if (exits) {
        const auto retrying = [&states] {
            for (const auto &change : std::as_const(states)) {
                if (change.first().value<State>() == State::Retrying)
                    return change.at(1).toString();
            }
            return QString();
        };
        QTRY_VERIFY(!retrying().isEmpty());
        // The message quotes the program's last words, which say what is wrong.
        QVERIFY2(retrying().contains(u"last output:"_s), qPrintable(retrying()));
        QVERIFY(retrying().contains(preset == u"ngrok"_s ? u"err_ngrok_4018"_s
                                                         : u"failed to request"_s));
        QVERIFY(tunnel->publicUrl().isEmpty());
        return;
    }
    QTRY_COMPARE(tunnel->state(), State::Up);
    QCOMPARE(tunnel->publicUrl(), QUrl(url));
    QFile args(m_dir->filePath(u"arguments"_s));
    QVERIFY(args.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(args.readAll()).trimmed(),
             QString(arguments)
                 .replace(u"{port}"_s, QString::number(m_relay->url().port()))
                 .replace(u"{dir}"_s, m_dir->path()));
}

void TestTunnel::stopEndsTheWholeGroup()
{
    auto tunnel = manager(
        shellTunnel(u"sleep 600 & echo \"child $!\"; echo \"up at http://127.0.0.1:1\"; wait"_s));
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);
    const qint64 shell = tunnel->process()->processId();
    const auto match = QRegularExpression(u"^child (\\d+)$"_s).match(tunnel->output().first());
    QVERIFY(match.hasMatch());
    const qint64 child = match.captured(1).toLongLong();
    QVERIFY(!isGone(child));

    QSignalSpy stopped(tunnel.get(), &TunnelManager::stopped);
    tunnel->stop();
    QTRY_COMPARE(stopped.size(), 1);
    QCOMPARE(tunnel->state(), State::Stopped);
    QVERIFY(isGone(shell));
    QTRY_VERIFY(isGone(child)); // the shell's child too, not left to run for ten minutes
    QVERIFY(tunnel->publicUrl().isEmpty());
}

void TestTunnel::stopKillsWhatIgnoresTerm()
{
    TunnelOptions options;
    options.process.stopGraceMs = 200;
    auto tunnel = manager(shellTunnel(u"trap \"\" TERM; echo \"up at http://127.0.0.1:1\"; "
                                      "while :; do sleep 1; done"_s),
                          options);
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);
    const qint64 shell = tunnel->process()->processId();
    QSignalSpy stopped(tunnel.get(), &TunnelManager::stopped);
    tunnel->stop();
    QTRY_COMPARE(stopped.size(), 1);
    QVERIFY(isGone(shell));
    QCOMPARE(tunnel->state(), State::Stopped);
}

void TestTunnel::keepsOutputMaskedAndBounded()
{
    Redactor::instance().addSecret(u"hunter2-secret-value"_s);
    TunnelOptions options;
    options.process.outputLines = 3;
    auto tunnel =
        manager(shellTunnel(u"echo one; echo two; echo \"password hunter2-secret-value\"; "
                            "echo \"token=$DINGRELAY_TUNNEL_TOKEN\"; "
                            "printf \"\\033[32mup\\033[0m at http://127.0.0.1:1\\r\\n\"; "
                            "exec sleep 600"_s),
                options, u"tok-abcdef-123456"_s);
    QSignalSpy lines(tunnel.get(), &TunnelManager::outputLine);
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);
    QCOMPARE(lines.size(), 5);
    // The token reached the program (it printed something) and was masked on the way back.
    QCOMPARE(tunnel->output(),
             (QStringList{u"password ***"_s, u"token=***"_s, u"up at http://127.0.0.1:1"_s}));
    for (const auto &line : std::as_const(lines)) {
        QVERIFY(!line.first().toString().contains(u"hunter2"_s));
        QVERIFY(!line.first().toString().contains(u"tok-abcdef"_s));
    }
}

void TestTunnel::programGetsNoSecrets()
{
    // A systemd unit hands DingRelay every secret in its environment; the tunnel program gets
    // none of them, only its own token.
    qputenv("DINGRELAY_SECRET_MODEL_API_KEY", "sk-never-for-the-tunnel");
    qputenv("dingrelay_secret_robot_a_app_secret", "lower-case-too");
    auto tunnel = manager(shellTunnel(u"env | cut -d= -f1 | paste -sd \" \" -; "
                                      "echo up at http://127.0.0.1:1; exec sleep 600"_s),
                          {}, u"tok-abcdef-123456"_s);
    tunnel->start();
    QTRY_COMPARE(tunnel->state(), State::Up);
    qunsetenv("DINGRELAY_SECRET_MODEL_API_KEY");
    qunsetenv("dingrelay_secret_robot_a_app_secret");
    const QString names = tunnel->output().first();
    QVERIFY2(names.contains(u"DINGRELAY_TUNNEL_TOKEN"_s), qPrintable(names));
    QVERIFY2(names.contains(u"PATH"_s), qPrintable(names)); // the rest of the environment stays
    QVERIFY2(!names.contains(u"SECRET"_s, Qt::CaseInsensitive), qPrintable(names));
}

void TestTunnel::firstUrlOfARunStays()
{
    auto tunnel = manager(shellTunnel(u"echo up at http://127.0.0.1:1; "
                                      "echo also at http://127.0.0.1:2; "
                                      "echo done; exec sleep 600"_s));
    QSignalSpy urls(tunnel.get(), &TunnelManager::publicUrlChanged);
    QSignalSpy lines(tunnel.get(), &TunnelManager::outputLine);
    tunnel->start();
    QTRY_COMPARE(lines.size(), 3);
    QCOMPARE(tunnel->publicUrl(), QUrl(u"http://127.0.0.1:1"_s));
    QCOMPARE(urls.size(), 1);
}

void TestTunnel::fixedAndNoneNeedNoProgram()
{
    TunnelSettings fixed;
    fixed.mode = TunnelMode::Fixed;
    fixed.publicUrl = QUrl(u"https://relay.example.com/base/"_s);
    auto tunnel = manager(fixed);
    tunnel->start();
    QCOMPARE(tunnel->state(), State::Up);
    QCOMPARE(tunnel->publicUrl(), fixed.publicUrl);
    QCOMPARE(tunnel->callbackUrl(robot(u"sales"_s).callbackPath),
             QUrl(u"https://relay.example.com/base/dingtalk/sales"_s));
    QVERIFY(tunnel->output().isEmpty());
    QVERIFY(tunnel->process() == nullptr);
    QSignalSpy stopped(tunnel.get(), &TunnelManager::stopped);
    tunnel->stop(); // before its first check went out: nothing is sent
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(tunnel->state(), State::Stopped);

    auto none = manager(TunnelSettings());
    QSignalSpy checks(none.get(), &TunnelManager::reachabilityChecked);
    none->start();
    QCOMPARE(none->state(), State::Off);
    QVERIFY(none->publicUrl().isEmpty());
    QVERIFY(none->callbackUrl(robot(u"sales"_s).callbackPath).isEmpty());
    none->checkNow();
    QCOMPARE(checks.size(), 1);
    const auto result = checks.first().first().value<ReachabilityResult>();
    QCOMPARE(result.hop, ReachabilityResult::Hop::NoUrl);
    QVERIFY(!result.ok);
    QVERIFY(result.message.contains(u"tunnel/mode is none"_s));
}

QTEST_GUILESS_MAIN(TestTunnel)
#include "tst_tunnel.moc"
