// dingrelay_startupbench: how long the desktop app takes to a ready tray, and its idle memory.
//
// Starts the real `dingrelay` binary --runs times with a temporary config, measures from the
// start of the process to the line "desktop app ready" on its stderr (the tray, or the status
// window, shows the relay's settled state), waits --idle-seconds, reads VmRSS and VmHWM from
// /proc, then kills it. Under Xvfb with a tray host (stalonetray) pass --platform xcb.
#include "BenchClock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Sample
{
    double readyMs = -1;
    double cpuMs = 0; // user + system time of the app when it was ready
    qint64 rssKb = 0;
    qint64 hwmKb = 0;
    QString mode; // "(tray)" or "(status window)"
};

qint64 statusKb(qint64 pid, const QByteArray &field)
{
    QFile file(u"/proc/%1/status"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// utime + stime of a process in ms (the clock ticks of /proc/<pid>/stat).
double cpuMs(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    // The fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const double ticks = double(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks * 1000.0 / double(::sysconf(_SC_CLK_TCK));
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QString writeConfig(const QString &dir)
{
    // Every remote URL is a loopback port nothing listens on: an idle app calls nothing.
    const QString nowhere = u"http://127.0.0.1:%1"_s.arg(freePort());
    const QString path = QDir(dir).filePath(u"startup.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(uR"([relay]
address=127.0.0.1
port=0

[storage]
data_dir=data

[model]
preset=custom
base_url=%1/v1
api_key_required=true

[dingtalk]
session_webhook_prefix=%1/
openapi_base_url=%1
stream_gateway_url=%1
custom_webhook_url=%1/robot/send

[robot.default]
mode=http
)"_s.arg(nowhere)
                   .toUtf8());
    return path;
}

Sample runOnce(const QString &binary, const QString &config, const QString &platform,
               const QString &runtimeDir, int idleSeconds)
{
    Sample sample;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, platform);
    env.insert(u"QT_LOGGING_RULES"_s, u"*.debug=false"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, runtimeDir);
    // From the environment, as on a server: no keychain round trip in the figure.
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-startup-bench-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, u"startup-bench-secret"_s);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setReadChannel(QProcess::StandardError); // the log

    const qint64 start = BenchClock::nowNs();
    process.start(binary, {u"--config"_s, config});
    QByteArray log;
    const qint64 deadline = start + qint64(30) * 1000 * 1000 * 1000;
    while (BenchClock::nowNs() < deadline) {
        if (!process.waitForReadyRead(50) && process.state() == QProcess::NotRunning)
            break;
        log += process.readAllStandardError();
        const qsizetype at = log.indexOf("desktop app ready:");
        if (at >= 0) {
            sample.readyMs = double(BenchClock::nowNs() - start) / 1e6;
            sample.cpuMs = cpuMs(process.processId());
            const qsizetype end = log.indexOf('\n', at);
            sample.mode = QString::fromUtf8(log.mid(at, end - at)).section(u' ', -2);
            break;
        }
    }
    if (sample.readyMs >= 0) {
        // Idle: let the event loop settle (lazy loads, first paint), then read the memory.
        QThread::sleep(idleSeconds);
        sample.rssKb = statusKb(process.processId(), "VmRSS");
        sample.hwmKb = statusKb(process.processId(), "VmHWM");
    } else {
        log += process.readAllStandardError();
        std::fprintf(stderr, "no ready line; the app said:\n%s\n", log.constData());
    }
    process.kill();
    process.waitForFinished(10000);
    return sample;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Time to a ready tray and idle memory of dingrelay."_s);
    parser.addHelpOption();
    const QCommandLineOption runs(u"runs"_s, u"Starts to measure (default 10)."_s, u"n"_s, u"10"_s);
    const QCommandLineOption idle(
        u"idle-seconds"_s, u"Seconds idle before memory is read (default 5)."_s, u"s"_s, u"5"_s);
    const QCommandLineOption platform(u"platform"_s,
                                      u"QT_QPA_PLATFORM of the app (default offscreen)."_s,
                                      u"name"_s, u"offscreen"_s);
    const QCommandLineOption binary(u"binary"_s, u"The dingrelay to start."_s, u"path"_s,
                                    QStringLiteral(DINGRELAY_BINARY));
    parser.addOptions({runs, idle, platform, binary});
    parser.process(app);

    QTemporaryDir dir;
    QTemporaryDir runtime;
    const QString config = writeConfig(dir.path());
    if (config.isEmpty() || !runtime.isValid())
        return 2;
    QTextStream out(stdout);
    out << "dingrelay startup: " << parser.value(binary) << ", platform " << parser.value(platform)
        << ", idle " << parser.value(idle) << " s\n";
    out << "run  ready_ms  cpu_ms  rss_MB  hwm_MB  shown in\n";
    QList<double> ready;
    QList<double> cpu;
    QList<double> rss;
    QList<double> hwm;
    const int n = parser.value(runs).toInt();
    for (int i = 0; i < n; ++i) {
        const Sample s = runOnce(parser.value(binary), config, parser.value(platform),
                                 runtime.path(), parser.value(idle).toInt());
        if (s.readyMs < 0)
            return 1;
        // The first run creates the database; the others open it, as every later launch does.
        out << QString::asprintf("%3d  %8.1f  %6.0f  %6.1f  %6.1f  ", i + 1, s.readyMs, s.cpuMs,
                                 double(s.rssKb) / 1024, double(s.hwmKb) / 1024)
            << s.mode << (i == 0 ? " (new database)" : "") << '\n';
        out.flush();
        if (i > 0 || n == 1) {
            ready << s.readyMs;
            cpu << s.cpuMs;
            rss << double(s.rssKb) / 1024;
            hwm << double(s.hwmKb) / 1024;
        }
    }
    out << QString::asprintf("median of runs 2..%d: ready %.1f ms (max %.1f), CPU %.0f ms, idle "
                             "RSS %.1f MB (max %.1f), peak RSS %.1f MB\n",
                             n, median(ready), *std::max_element(ready.begin(), ready.end()),
                             median(cpu), median(rss), *std::max_element(rss.begin(), rss.end()),
                             median(hwm));
    return 0;
}
