// Tunnel settings, command lines and presets, and URL detection in recorded tunnel output.
#include "config/Config.h"
#include "tunnel/CommandLine.h"
#include "tunnel/TunnelPresets.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTunnelPresets : public QObject
{
    Q_OBJECT

private slots:
    void splitsCommandLines_data();
    void splitsCommandLines();
    void refusesBrokenCommandLines_data();
    void refusesBrokenCommandLines();
    void substitutesWithinWords();
    void buildsPresetCommands_data();
    void buildsPresetCommands();
    void handsTheTokenOver();
    void refusesCommandsThatCannotWork_data();
    void refusesCommandsThatCannotWork();
    void detectsFromRecordedOutput_data();
    void detectsFromRecordedOutput();
    void readsTunnelSettings();
    void reportsTunnelConfigErrors_data();
    void reportsTunnelConfigErrors();

private:
    ConfigResult load(const QString &tunnelSection);
    QTemporaryDir m_dir;
};

void TestTunnelPresets::splitsCommandLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << u"socat  TCP-LISTEN:1\tTCP:2"_s
                           << QStringList{u"socat"_s, u"TCP-LISTEN:1"_s, u"TCP:2"_s};
    QTest::newRow("single quotes keep everything")
        << uR"(sh -c 'echo "a b"; exec x \n $HOME')"_s
        << QStringList{u"sh"_s, u"-c"_s, uR"(echo "a b"; exec x \n $HOME)"_s};
    QTest::newRow("double quotes and their escapes")
        << uR"(run "a b" "say \"hi\" \\ \$x \n")"_s
        << QStringList{u"run"_s, u"a b"_s, uR"(say "hi" \ $x \n)"_s};
    QTest::newRow("backslash outside quotes")
        << uR"(a\ b c\'d)"_s << QStringList{u"a b"_s, u"c'd"_s};
    QTest::newRow("empty quoted word")
        << u"prog '' \"\" x"_s << QStringList{u"prog"_s, QString(), QString(), u"x"_s};
    QTest::newRow("quotes join a word")
        << u"--url=\"http://a b\"/x"_s << QStringList{u"--url=http://a b/x"_s};
    QTest::newRow("non-ASCII") << u"隧道 --名字 '你好 世界'"_s
                               << QStringList{u"隧道"_s, u"--名字"_s, u"你好 世界"_s};
}

void TestTunnelPresets::splitsCommandLines()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    QString error = u"unchanged"_s;
    QCOMPARE(CommandLine::split(text, &error), words);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTunnelPresets::refusesBrokenCommandLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("unclosed single") << u"sh -c 'echo"_s << u"unclosed ' quote"_s;
    QTest::newRow("unclosed double") << u"run \"a b"_s << u"unclosed \" quote"_s;
    QTest::newRow("lone backslash") << u"run a\\"_s << u"lone backslash"_s;
    QTest::newRow("empty") << u""_s << u"empty"_s;
    QTest::newRow("blanks") << u" \t "_s << u"empty"_s;
}

void TestTunnelPresets::refusesBrokenCommandLines()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QString got;
    QVERIFY(CommandLine::split(text, &got).isEmpty());
    QVERIFY2(got.contains(error), qPrintable(got));
}

void TestTunnelPresets::substitutesWithinWords()
{
    QString error;
    const QStringList words = CommandLine::split(
        u"sh -c 'exec socat TCP-LISTEN:9000 TCP:{host}:{port}' --to=http://{host}:{port}/ {other}"_s,
        &error);
    QCOMPARE(CommandLine::substitute(words, {{u"port"_s, u"8089"_s}, {u"host"_s, u"127.0.0.1"_s}}),
             (QStringList{u"sh"_s, u"-c"_s, u"exec socat TCP-LISTEN:9000 TCP:127.0.0.1:8089"_s,
                          u"--to=http://127.0.0.1:8089/"_s, u"{other}"_s}));
}

void TestTunnelPresets::buildsPresetCommands_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("cloudflared") << u"cloudflared"_s << u"127.0.0.1"_s << u"cloudflared"_s
                                 << QStringList{u"tunnel"_s,     u"--no-autoupdate"_s,
                                                u"--url"_s,      u"http://127.0.0.1:8089"_s,
                                                u"--protocol"_s, u"http2"_s};
    QTest::newRow("ngrok") << u"ngrok"_s << u"127.0.0.1"_s << u"ngrok"_s
                           << QStringList{u"http"_s,         u"http://127.0.0.1:8089"_s,
                                          u"--log"_s,        u"stdout"_s,
                                          u"--log-format"_s, u"logfmt"_s,
                                          u"--protocol"_s,   u"http2"_s};
    QTest::newRow("frpc") << u"frpc"_s << u"127.0.0.1"_s << u"/opt/frp/frpc"_s
                          << QStringList{u"-c"_s, u"/etc/frp/frpc.toml"_s, u"--protocol"_s,
                                         u"http2"_s};
    // Options before the destination: after it ssh would run them as a remote command.
    QTest::newRow("ssh over IPv6") << u"ssh"_s << u"::1"_s << u"ssh"_s
                                   << QStringList{u"-v"_s,
                                                  u"-N"_s,
                                                  u"-T"_s,
                                                  u"-o"_s,
                                                  u"BatchMode=yes"_s,
                                                  u"-o"_s,
                                                  u"ExitOnForwardFailure=yes"_s,
                                                  u"-o"_s,
                                                  u"ServerAliveInterval=30"_s,
                                                  u"-o"_s,
                                                  u"ServerAliveCountMax=3"_s,
                                                  u"-R"_s,
                                                  u"9000:[::1]:8089"_s,
                                                  u"--protocol"_s,
                                                  u"http2"_s,
                                                  u"relay@relay.example.com"_s};
    QTest::newRow("custom") << u"custom"_s << u"127.0.0.1"_s << u"/usr/bin/my tunnel"_s
                            << QStringList{u"--to"_s, u"127.0.0.1:8089"_s, u"--protocol"_s,
                                           u"http2"_s};
}

void TestTunnelPresets::buildsPresetCommands()
{
    QFETCH(QString, preset);
    QFETCH(QString, host);
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    TunnelSettings settings;
    settings.mode = TunnelMode::Process;
    settings.preset = preset;
    settings.extraArgs = u"--protocol http2"_s;
    settings.frpcConfig = u"/etc/frp/frpc.toml"_s;
    settings.sshTarget = u"relay@relay.example.com"_s;
    settings.sshRemotePort = 9000;
    settings.command = u"'/usr/bin/my tunnel' --to {host}:{port}"_s;
    settings.urlPattern = u"(https://\\S+)"_s;
    if (preset == u"frpc"_s)
        settings.binary = u"/opt/frp/frpc"_s;
    if (preset == u"frpc"_s || preset == u"ssh"_s)
        settings.publicUrl = QUrl(u"https://relay.example.com"_s);
    const TunnelCommand command = TunnelPresets::build(settings, host, 8089, {});
    QVERIFY2(command.error.isEmpty(), qPrintable(command.error));
    QCOMPARE(command.program, program);
    QCOMPARE(command.arguments, arguments);
    QVERIFY(command.environment.isEmpty());
    QVERIFY(!command.installHint.isEmpty());
}

void TestTunnelPresets::handsTheTokenOver()
{
    TunnelSettings settings;
    settings.mode = TunnelMode::Process;
    settings.preset = u"ngrok"_s;
    TunnelCommand ngrok = TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, u"tok-123456"_s);
    QVERIFY(ngrok.environment.contains(std::pair{u"NGROK_AUTHTOKEN"_s, u"tok-123456"_s}));
    QVERIFY(ngrok.environment.contains(std::pair{u"DINGRELAY_TUNNEL_TOKEN"_s, u"tok-123456"_s}));
    QVERIFY(!ngrok.arguments.join(u' ').contains(u"tok-123456"_s)); // never on the command line

    // With a token cloudflared runs the named tunnel, whose hostname must be given.
    settings.preset = u"cloudflared"_s;
    QVERIFY(TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, u"tok-123456"_s)
                .error.contains(u"tunnel/public_url"_s));
    settings.publicUrl = QUrl(u"https://relay.example.com"_s);
    const TunnelCommand named =
        TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, u"tok-123456"_s);
    QVERIFY2(named.error.isEmpty(), qPrintable(named.error));
    QCOMPARE(named.arguments, (QStringList{u"tunnel"_s, u"--no-autoupdate"_s, u"run"_s}));
    QVERIFY(named.environment.contains(std::pair{u"TUNNEL_TOKEN"_s, u"tok-123456"_s}));
    QCOMPARE(named.configuredUrl, QUrl(u"https://relay.example.com"_s));

    // Without the token it is a quick tunnel again, whose URL only its output tells.
    const TunnelCommand quick = TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, {});
    QVERIFY(quick.configuredUrl.isEmpty());
    QCOMPARE(quick.findUrl(u"INF |  https://a-b-c.trycloudflare.com  |"_s),
             QUrl(u"https://a-b-c.trycloudflare.com"_s));
}

void TestTunnelPresets::refusesCommandsThatCannotWork_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("urlPattern");
    QTest::addColumn<QString>("error");
    QTest::newRow("ssh without URL") << u"ssh"_s << QString() << QString() << u"public_url"_s;
    QTest::newRow("custom without URL")
        << u"custom"_s << u"my-tunnel"_s << QString() << u"public_url"_s;
    QTest::newRow("custom unclosed quote")
        << u"custom"_s << u"sh -c 'x"_s << u"(http://\\S+)"_s << u"tunnel/command"_s;
    QTest::newRow("bad pattern") << u"custom"_s << u"x"_s << u"(http"_s << u"url_pattern"_s;
}

void TestTunnelPresets::refusesCommandsThatCannotWork()
{
    QFETCH(QString, preset);
    QFETCH(QString, command);
    QFETCH(QString, urlPattern);
    QFETCH(QString, error);
    TunnelSettings settings;
    settings.preset = preset;
    settings.command = command;
    settings.urlPattern = urlPattern;
    settings.sshTarget = u"a@b"_s;
    const TunnelCommand built = TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, {});
    QVERIFY2(built.error.contains(error), qPrintable(built.error));
}

void TestTunnelPresets::detectsFromRecordedOutput_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("configured");
    QTest::addColumn<QString>("url"); // what the relay takes as its public URL
    QTest::addColumn<bool>("ready");
    const QString none;
    const QString configured = u"https://relay.example.com"_s;
    QTest::newRow("cloudflared quick tunnel")
        << u"cloudflared.txt"_s << u"cloudflared"_s << none
        << u"https://seasonal-deck-organisms-sf.trycloudflare.com"_s << true;
    // Its error names api.trycloudflare.com, which is no tunnel URL.
    QTest::newRow("cloudflared failed")
        << u"cloudflared-failed.txt"_s << u"cloudflared"_s << none << none << false;
    QTest::newRow("ngrok") << u"ngrok.txt"_s << u"ngrok"_s << none
                           << u"https://7f3a-203-0-113-45.ngrok-free.app"_s << true;
    QTest::newRow("ngrok without authtoken")
        << u"ngrok-failed.txt"_s << u"ngrok"_s << none << none << false;
    QTest::newRow("frpc") << u"frpc.txt"_s << u"frpc"_s << configured << configured << true;
    QTest::newRow("frpc refused") << u"frpc-failed.txt"_s << u"frpc"_s << configured << configured
                                  << false;
    QTest::newRow("ssh -R") << u"ssh.txt"_s << u"ssh"_s << configured << configured << true;
    QTest::newRow("ssh key refused")
        << u"ssh-denied.txt"_s << u"ssh"_s << configured << configured << false;
    QTest::newRow("ssh port taken on the server")
        << u"ssh-forward-failed.txt"_s << u"ssh"_s << configured << configured << false;
}

void TestTunnelPresets::detectsFromRecordedOutput()
{
    QFETCH(QString, file);
    QFETCH(QString, preset);
    QFETCH(QString, configured);
    QFETCH(QString, url);
    QFETCH(bool, ready);
    QFile recording(QStringLiteral(DINGRELAY_SOURCE_DIR "/tests/data/tunnel/") + file);
    QVERIFY(recording.open(QIODevice::ReadOnly));
    TunnelSettings settings;
    settings.preset = preset;
    settings.frpcConfig = u"/etc/frp/frpc.toml"_s;
    settings.sshTarget = u"relay@relay.example.com"_s;
    settings.publicUrl = QUrl(configured);
    const TunnelCommand command = TunnelPresets::build(settings, u"127.0.0.1"_s, 8089, {});
    QVERIFY2(command.error.isEmpty(), qPrintable(command.error));

    QUrl found = command.configuredUrl;
    bool sawReady = false;
    const QStringList lines = QString::fromUtf8(recording.readAll()).split(u'\n');
    for (const QString &line : lines) {
        if (const auto detected = command.findUrl(line); detected && found.isEmpty())
            found = *detected;
        sawReady = sawReady || command.isReady(line);
    }
    QCOMPARE(found, QUrl(url));
    QCOMPARE(sawReady, ready);
}

ConfigResult TestTunnelPresets::load(const QString &tunnelSection)
{
    const QString path = m_dir.filePath(u"relay.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write((u"[tunnel]\n"_s + tunnelSection).toUtf8());
    file.close();
    return Config::load(path);
}

void TestTunnelPresets::readsTunnelSettings()
{
    QFile frpc(m_dir.filePath(u"frpc.toml"_s));
    QVERIFY(frpc.open(QIODevice::WriteOnly));
    frpc.write("serverAddr = \"203.0.113.10\"\n");
    frpc.close();
    const ConfigResult result = load(u"mode=process\npreset=frpc\nfrpc_config=frpc.toml\n"
                                     "public_url=https://relay.example.com/ding\n"
                                     "binary=/opt/frp/frpc\nextra_args=--log-level debug\n"
                                     "check_interval_seconds=60\n"_s);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(u'\n')));
    const TunnelSettings &t = result.config.tunnel;
    QCOMPARE(t.mode, TunnelMode::Process);
    QCOMPARE(t.preset, u"frpc"_s);
    QCOMPARE(t.frpcConfig, m_dir.filePath(u"frpc.toml"_s)); // relative to the INI file
    QCOMPARE(t.publicUrl, QUrl(u"https://relay.example.com/ding"_s));
    QCOMPARE(t.binary, u"/opt/frp/frpc"_s);
    QCOMPARE(t.extraArgs, u"--log-level debug"_s);
    QCOMPARE(t.checkIntervalSeconds, 60);
    QVERIFY(result.config.optionalSecrets().contains(u"tunnel/token"_s));

    const ConfigResult defaults = load(QString());
    QVERIFY(defaults.ok());
    QCOMPARE(defaults.config.tunnel.mode, TunnelMode::None);
    QCOMPARE(defaults.config.tunnel.checkIntervalSeconds, 300);
    QVERIFY(!defaults.config.optionalSecrets().contains(u"tunnel/token"_s));
}

void TestTunnelPresets::reportsTunnelConfigErrors_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("error");
    QTest::newRow("bad mode") << u"mode=auto\n"_s << u"tunnel/mode must be one of"_s;
    QTest::newRow("fixed without URL") << u"mode=fixed\n"_s << u"mode=fixed needs public_url"_s;
    QTest::newRow("URL not http") << u"mode=fixed\npublic_url=ftp://relay.example.com\n"_s
                                  << u"tunnel/public_url"_s;
    QTest::newRow("bad preset") << u"mode=process\npreset=localtunnel\n"_s
                                << u"tunnel/preset must be one of"_s;
    QTest::newRow("custom without command")
        << u"mode=process\npreset=custom\nurl_pattern=x\n"_s << u"needs command"_s;
    QTest::newRow("custom without URL")
        << u"mode=process\npreset=custom\ncommand=my-tunnel {port}\n"_s << u"url_pattern"_s;
    QTest::newRow("custom bad quoting")
        << u"mode=process\npreset=custom\ncommand=sh -c 'x\npublic_url=http://a.example\n"_s
        << u"tunnel/command: the command has an unclosed ' quote"_s;
    QTest::newRow("bad url_pattern")
        << u"mode=process\npreset=custom\ncommand=x\nurl_pattern=(http\n"_s
        << u"tunnel/url_pattern is not a valid regular expression"_s;
    QTest::newRow("bad ready_pattern")
        << u"mode=process\npreset=custom\ncommand=x\nurl_pattern=x\nready_pattern=[\n"_s
        << u"tunnel/ready_pattern is not a valid regular expression"_s;
    QTest::newRow("frpc without config")
        << u"mode=process\npreset=frpc\npublic_url=https://a.example\n"_s << u"frpc_config"_s;
    QTest::newRow("frpc config missing")
        << u"mode=process\npreset=frpc\nfrpc_config=/nonexistent/frpc.toml\n"
           "public_url=https://a.example\n"_s
        << u"/nonexistent/frpc.toml cannot be read"_s;
    QTest::newRow("ssh without target")
        << u"mode=process\npreset=ssh\npublic_url=https://a.example\n"_s << u"ssh_target"_s;
    QTest::newRow("ssh without URL")
        << u"mode=process\npreset=ssh\nssh_target=a@b\n"_s << u"preset=ssh needs public_url"_s;
    QTest::newRow("ssh port") << u"mode=process\npreset=ssh\nssh_target=a@b\n"
                                 "public_url=https://a.example\nssh_remote_port=70000\n"_s
                              << u"tunnel/ssh_remote_port must be a whole number"_s;
    QTest::newRow("command for a preset") << u"mode=process\npreset=ngrok\ncommand=ngrok http 1\n"_s
                                          << u"tunnel/command is used with preset=custom only"_s;
    QTest::newRow("token in the file")
        << u"mode=process\npreset=ngrok\ntoken=2abcDEF\n"_s << u"DINGRELAY_SECRET_TUNNEL_TOKEN"_s;
}

void TestTunnelPresets::reportsTunnelConfigErrors()
{
    QFETCH(QString, section);
    QFETCH(QString, error);
    const ConfigResult result = load(section);
    QVERIFY(!result.ok());
    const QString all = result.errors.join(u'\n');
    QVERIFY2(all.contains(error), qPrintable(all));
    QVERIFY(!all.contains(u"2abcDEF"_s)); // a misplaced token is not repeated
}

QTEST_GUILESS_MAIN(TestTunnelPresets)
#include "tst_tunnelpresets.moc"
