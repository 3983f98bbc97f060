#include "RelayProcess.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <csignal>

using namespace Qt::StringLiterals;

RelayProcess::RelayProcess(Setup setup)
    : m_setup(std::move(setup))
{}

RelayProcess::~RelayProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString RelayProcess::dataDir() const
{
    return QDir(m_setup.dir).filePath(u"data"_s);
}

QString RelayProcess::logFile(int run) const
{
    return QDir(m_setup.dir).filePath(u"relay-%1.log"_s.arg(run));
}

bool RelayProcess::start(QString *error)
{
    const QString config = QDir(m_setup.dir).filePath(u"dingrelay.ini"_s);
    QFile ini(config);
    if (!ini.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = u"cannot write "_s + config;
        return false;
    }
    ini.write(u"[relay]\naddress=127.0.0.1\nport=%1\ndrain_seconds=10\n"
              "[storage]\ndata_dir=%2\n"
              "[model]\npreset=custom\nbase_url=http://127.0.0.1:%3/v1\nmodel=gpt-4o-mini\n"
              "max_parallel=%4\napi_key_required=true\ntimeout_seconds=120\n"
              "[dingtalk]\nsession_webhook_prefix=http://127.0.0.1:%5/\nsign_window_seconds=3600\n"
              "[robot.bench]\nmode=http\n"_s.arg(m_setup.port)
                  .arg(dataDir())
                  .arg(m_setup.modelPort)
                  .arg(m_setup.maxParallel)
                  .arg(m_setup.sinkPort)
                  .toUtf8());
    ini.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"http_proxy"_s, u"https_proxy"_s, u"all_proxy"_s, u"HTTP_PROXY"_s,
                                u"HTTPS_PROXY"_s, u"ALL_PROXY"_s})
        env.remove(name);
    env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, QString::fromLatin1(m_setup.apiKey));
    env.insert(u"DINGRELAY_SECRET_ROBOT_BENCH_APP_SECRET"_s,
               QString::fromLatin1(m_setup.appSecret));
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(logFile(++m_runs), QIODevice::Truncate);
    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.start(m_setup.binary, {u"--headless"_s, u"--config"_s, config});
    if (!m_process.waitForStarted(10000)) {
        *error = u"cannot start %1: %2"_s.arg(m_setup.binary, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
    for (int attempt = 0; attempt < 600; ++attempt) { // 30 s
        if (m_process.state() == QProcess::NotRunning)
            break;
        if (healthStatus(m_setup.port) == 200)
            return true;
        sleepWithEvents(50);
    }
    *error = u"the relay did not answer GET /healthz (log: %1)"_s.arg(logFile(m_runs));
    return false;
}

void RelayProcess::kill9()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_pid), SIGKILL);
    m_process.waitForFinished(10000);
}

bool RelayProcess::terminate(int drainWaitMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return false;
    m_process.terminate();
    if (!m_process.waitForFinished(drainWaitMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

qint64 RelayProcess::peakRssKb() const
{
    QFile status(u"/proc/%1/status"_s.arg(m_pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

int healthStatus(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(500))
        return 0;
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    for (int i = 0; i < 20 && !answer.contains("\r\n"); ++i) {
        if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
            break;
        answer += socket.readAll();
    }
    return answer.startsWith("HTTP/1.") ? answer.split(' ').value(1).toInt() : 0;
}

void sleepWithEvents(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}
