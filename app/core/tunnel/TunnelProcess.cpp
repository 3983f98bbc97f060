#include "tunnel/TunnelProcess.h"

#include "util/ChildEnvironment.h"
#include "util/Log.h"
#include "util/Redactor.h"
#include "util/RetryScheduler.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <utility>

#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;
using Tunnel::State;

namespace {
constexpr qsizetype MaxLine = 4096; // a longer run of output without a newline counts as a line

// The program as it will be run: a path, or the name found on PATH; empty when missing.
QString resolveProgram(const QString &program)
{
    if (program.contains(u'/')) {
        const QFileInfo info(program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

QString withoutEscapes(QString line)
{
    // Colours and cursor moves of programs that think they talk to a terminal.
    static const QRegularExpression escapes(u"\x1B\\[[0-9;?]*[ -/]*[@-~]"_s);
    line.remove(escapes);
    while (line.endsWith(u'\r') || line.endsWith(u'\n'))
        line.chop(1);
    return line;
}
} // namespace

TunnelProcess::TunnelProcess(TunnelCommand command, Options options, QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
    , m_options(std::move(options))
    , m_url(m_command.configuredUrl)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcTunnel).noquote()
            << m_command.name << "did not stop within" << m_options.stopGraceMs << "ms: killing it";
        signalGroup(SIGKILL);
    });
}

TunnelProcess::~TunnelProcess()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        // Quitting does not wait for the event loop: the stop is finished here, blocking.
        signalGroup(SIGTERM);
        if (!m_process->waitForFinished(m_options.stopGraceMs)) {
            signalGroup(SIGKILL);
            m_process->waitForFinished(1000);
        }
        qCInfo(lcTunnel).noquote() << u"tunnel stopped: %1 stopped"_s.arg(m_command.name);
    }
    signalGroup(SIGKILL); // whatever the program left running in its group
    m_pid = 0;
}

void TunnelProcess::start()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        return; // running or about to: restart() replaces a running program
    ++m_generation;
    m_attempt = 0;
    m_quickFailures = 0;
    launch();
}

void TunnelProcess::restart()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_restartAfterStop = true;
        stop();
        return;
    }
    start();
}

void TunnelProcess::stop()
{
    ++m_generation; // drops a scheduled restart
    if (m_process && m_process->state() != QProcess::NotRunning) {
        if (m_stopping)
            return;
        m_stopping = true;
        setState(State::Stopped, u"stopping %1"_s.arg(m_command.name));
        signalGroup(SIGTERM);
        m_killTimer.start(m_options.stopGraceMs);
        return;
    }
    setState(State::Stopped, u"%1 stopped"_s.arg(m_command.name));
    emit stopped();
}

void TunnelProcess::launch()
{
    if (!m_command.error.isEmpty()) {
        setState(State::Failed, m_command.error);
        return;
    }
    const QString program = resolveProgram(m_command.program);
    if (program.isEmpty()) {
        // Retrying cannot install a program: this waits for the user.
        const QString what =
            m_command.program.contains(u'/')
                ? u"%1 does not exist or cannot be run"_s.arg(m_command.program)
                : u"%1 is not installed (not found on PATH)"_s.arg(m_command.program);
        setState(State::Failed, what + u": "_s + m_command.installHint);
        return;
    }
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
    }
    m_process = new QProcess(this);
    m_process->setProgram(program);
    m_process->setArguments(m_command.arguments);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment environment = ChildEnvironment::withoutSecrets();
    for (const auto &[name, value] : m_command.environment)
        environment.insert(name, value);
    m_process->setProcessEnvironment(environment);
    m_process->setChildProcessModifier([] {
        // A group of its own, so stopping reaches what a shell command starts; and on Linux
        // the tunnel goes down with DingRelay even when DingRelay is killed.
        ::setpgid(0, 0);
#ifdef Q_OS_LINUX
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &TunnelProcess::readOutput);
    connect(m_process, &QProcess::finished, this, &TunnelProcess::finished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            failedToStart();
    });
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        // Without a URL to find or a line to wait for, running is all there is to see.
        if (m_command.readyPattern.pattern().isEmpty() && !m_url.isEmpty())
            setState(State::Up, u"%1 is up: %2"_s.arg(m_command.name, m_url.toString()));
    });

    m_ready = false;
    m_partial.clear();
    if (m_command.configuredUrl.isEmpty())
        setUrl({});
    ++m_starts;
    m_runTime.start();
    qCInfo(lcTunnel).noquote() << "starting" << program + u' ' + m_command.arguments.join(u' ');
    setState(State::Starting, u"starting %1"_s.arg(m_command.name));
    m_process->start();
}

void TunnelProcess::failedToStart()
{
    const QString why = m_process->errorString();
    m_pid = 0;
    setState(State::Failed, u"%1 could not be started: %2"_s.arg(m_command.name, why));
}

void TunnelProcess::readOutput()
{
    m_partial += m_process->readAllStandardOutput();
    qsizetype newline;
    while ((newline = m_partial.indexOf('\n')) >= 0) {
        handleLine(QString::fromUtf8(m_partial.left(newline)));
        m_partial.remove(0, newline + 1);
    }
    if (m_partial.size() > MaxLine) {
        handleLine(QString::fromUtf8(m_partial));
        m_partial.clear();
    }
}

void TunnelProcess::handleLine(QString line)
{
    line = withoutEscapes(std::move(line));
    if (line.trimmed().isEmpty())
        return;
    const QString shown = Redactor::instance().redact(line);
    m_output << shown;
    if (m_output.size() > m_options.outputLines)
        m_output.removeFirst();
    qCDebug(lcTunnel).noquote() << m_command.name + u':' << shown;
    emit outputLine(shown);

    // The first URL of a run is the tunnel's: a later line (a banner, a message relayed from
    // the far side) cannot move DingTalk's callbacks somewhere else.
    if (const auto url = m_command.findUrl(line)) {
        if (m_url.isEmpty())
            setUrl(*url);
        else if (*url != m_url)
            qCInfo(lcTunnel).noquote()
                << m_command.name << "printed another URL; the public URL stays"
                << m_url.toString();
    }
    if (m_command.isReady(line))
        m_ready = true;
    const bool waitsForLine = !m_command.readyPattern.pattern().isEmpty();
    if (m_state == State::Starting && !m_url.isEmpty() && (m_ready || !waitsForLine))
        setState(State::Up, u"%1 is up: %2"_s.arg(m_command.name, m_url.toString()));
}

QString TunnelProcess::exitSummary(int exitCode, QProcess::ExitStatus status) const
{
    QString summary =
        status == QProcess::CrashExit
            ? u"%1 was killed"_s.arg(m_command.name)
            : u"%1 exited with code %2"_s.arg(m_command.name, QString::number(exitCode));
    if (!m_output.isEmpty())
        summary += u" (last output: %1)"_s.arg(m_output.last().left(300));
    return summary;
}

void TunnelProcess::finished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    signalGroup(SIGTERM); // what it started goes with it: a leftover could hold the port
    m_pid = 0;
    if (!m_partial.isEmpty()) {
        handleLine(QString::fromUtf8(m_partial));
        m_partial.clear();
    }
    if (m_command.configuredUrl.isEmpty())
        setUrl({}); // a printed URL (a quick tunnel's) dies with its program

    if (m_stopping) {
        m_stopping = false;
        setState(State::Stopped, u"%1 stopped"_s.arg(m_command.name));
        emit stopped();
        if (std::exchange(m_restartAfterStop, false))
            start();
        return;
    }

    const QString summary = exitSummary(exitCode, status);
    if (m_runTime.elapsed() >= m_options.stableMs) {
        m_attempt = 0;
        m_quickFailures = 0;
    } else {
        ++m_quickFailures;
    }
    if (m_quickFailures >= m_options.maxQuickFailures) {
        setState(State::Failed,
                 u"%1 exited %2 times in a row soon after starting; fix what it says, then "
                 u"restart the tunnel. %3"_s.arg(m_command.name)
                     .arg(m_quickFailures)
                     .arg(summary));
        return;
    }
    const int delayMs = nextDelayMs();
    setState(State::Retrying,
             u"%1; starting it again in %2 s"_s.arg(summary).arg(delayMs / 1000.0, 0, 'f', 1));
    const int generation = m_generation;
    const auto again = [this, generation] {
        if (generation == m_generation && m_state == State::Retrying)
            launch();
    };
    if (m_options.scheduler)
        m_options.scheduler->schedule(delayMs, this, again);
    else
        QTimer::singleShot(delayMs, this, again);
}

int TunnelProcess::nextDelayMs()
{
    const double base = std::min<double>(m_options.backoffMaxMs,
                                         m_options.backoffInitialMs * std::pow(2.0, m_attempt));
    ++m_attempt;
    const double random =
        m_options.random ? m_options.random() : QRandomGenerator::global()->generateDouble();
    // ±20 %: several DingRelays on one server do not knock on the tunnel service together.
    return int(std::lround(std::min<double>(m_options.backoffMaxMs, base * (0.8 + 0.4 * random))));
}

void TunnelProcess::setState(State state, const QString &message)
{
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    emit stateChanged(state, message);
}

void TunnelProcess::setUrl(const QUrl &url)
{
    if (url == m_url)
        return;
    m_url = url;
    emit urlChanged(url);
}

void TunnelProcess::signalGroup(int signal) const
{
    // The program leads its own group (see launch()), so -pid reaches it and its children.
    // The pid is kept until the exit is handled: Linux does not hand out the number of a
    // group that still has members, so the last sweep cannot hit a stranger.
    const qint64 pid = m_pid > 0 ? m_pid : (m_process ? m_process->processId() : 0);
    if (pid > 0)
        ::kill(-pid_t(pid), signal);
}
