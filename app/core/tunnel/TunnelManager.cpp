#include "tunnel/TunnelManager.h"

#include "util/NetworkPool.h"
#include "util/Redactor.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;
using Tunnel::State;

TunnelManager::TunnelManager(TunnelSettings settings, QString localHost, quint16 localPort,
                             ProbeIdentity identity, NetworkPool *network, QString token,
                             Options options, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_localHost(std::move(localHost))
    , m_localPort(localPort)
    , m_identity(std::move(identity))
    , m_network(network)
    , m_token(std::move(token))
    , m_options(std::move(options))
{
    // The program may print its token back (an error quoting its arguments, say).
    Redactor::instance().addSecret(m_token);
    if (!m_network)
        m_network = new NetworkPool(1, this);
    m_checkTimer.setSingleShot(true);
    connect(&m_checkTimer, &QTimer::timeout, this, &TunnelManager::checkNow);
}

TunnelManager::~TunnelManager()
{
    abortCheck(); // its answer would come to an object already half gone
}

void TunnelManager::abortCheck()
{
    ++m_checkGeneration; // what the aborted check reports is dropped
    m_checking = false;
    if (m_checkReply)
        m_checkReply->abort();
}

void TunnelManager::start()
{
    if (m_settings.mode == TunnelMode::Fixed) {
        setUrl(m_settings.publicUrl);
        setState(State::Up, u"fixed public URL %1"_s.arg(m_url.toString()));
        scheduleCheck(0);
        return;
    }
    if (m_settings.mode != TunnelMode::Process) {
        setState(State::Off, u"no public URL (tunnel/mode=none): HTTP robots are reached only "
                             u"if the relay is exposed some other way"_s);
        return;
    }
    if (!m_process) {
        const TunnelCommand command =
            TunnelPresets::build(m_settings, m_localHost, m_localPort, m_token);
        m_process = new TunnelProcess(command, m_options.process, this);
        connect(m_process, &TunnelProcess::stateChanged, this, &TunnelManager::setState);
        connect(m_process, &TunnelProcess::urlChanged, this, &TunnelManager::setUrl);
        connect(m_process, &TunnelProcess::outputLine, this, &TunnelManager::outputLine);
        connect(m_process, &TunnelProcess::stopped, this, &TunnelManager::stopped);
        setUrl(m_process->url());
    }
    m_process->start();
}

void TunnelManager::stop()
{
    m_checkTimer.stop();
    abortCheck(); // a check under way reports nothing after the stop
    if (m_process) {
        m_process->stop();
        return;
    }
    if (m_state != State::Off)
        setState(State::Stopped, u"stopped"_s);
    emit stopped();
}

void TunnelManager::restart()
{
    if (m_process)
        m_process->restart();
    else
        checkNow();
}

QStringList TunnelManager::output() const
{
    return m_process ? m_process->output() : QStringList();
}

QUrl TunnelManager::joinUrl(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString basePath = base.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + (path.startsWith(u'/') ? path : u'/' + path));
    return url;
}

QUrl TunnelManager::callbackUrl(const QString &callbackPath) const
{
    if (m_url.isEmpty())
        return {};
    return joinUrl(m_url, callbackPath);
}

QJsonObject TunnelManager::health() const
{
    QJsonObject o{{u"mode"_s, nameOf(m_settings.mode)},
                  {u"state"_s, Tunnel::stateName(m_state)},
                  {u"message"_s, m_message},
                  {u"public_url"_s, m_url.isEmpty() ? QJsonValue() : m_url.toString()}};
    if (m_settings.mode == TunnelMode::Process)
        o.insert(u"preset"_s, m_settings.preset);
    if (m_lastCheck) {
        o.insert(u"reachable"_s, m_lastCheck->ok);
        o.insert(u"check"_s, QJsonObject{{u"hop"_s, ReachabilityResult::hopName(m_lastCheck->hop)},
                                         {u"message"_s, m_lastCheck->message},
                                         {u"at"_s, m_lastCheck->at.toString(Qt::ISODate)}});
    }
    return o;
}

void TunnelManager::checkNow()
{
    m_checkTimer.stop();
    if (m_checking)
        return;
    if (m_url.isEmpty()) {
        ReachabilityResult r;
        r.hop = ReachabilityResult::Hop::NoUrl;
        r.at = QDateTime::currentDateTimeUtc();
        r.message = m_settings.mode == TunnelMode::None
                        ? u"no public URL to check: tunnel/mode is none"_s
                        : u"no public URL to check yet: %1"_s.arg(m_message);
        checked(r);
        return;
    }
    m_checking = true;
    emit checkStarted();
    const int generation = m_checkGeneration;
    m_checkReply =
        ReachabilityCheck::run(m_network, m_url, m_identity, m_options.checkTimeoutMs, this,
                               [this, generation](const ReachabilityResult &result) {
                                   if (generation != m_checkGeneration)
                                       return;
                                   m_checking = false;
                                   checked(result);
                               });
}

void TunnelManager::checked(const ReachabilityResult &result)
{
    m_lastCheck = result;
    emit reachabilityChecked(result);
    const int intervalMs = m_settings.checkIntervalSeconds * 1000;
    if (m_state != State::Up || intervalMs <= 0)
        return;
    scheduleCheck(result.ok ? intervalMs : std::min(intervalMs, m_options.failedCheckRetryMs));
}

void TunnelManager::scheduleCheck(int delayMs)
{
    m_checkTimer.start(std::max(0, delayMs));
}

void TunnelManager::setState(State state, const QString &message)
{
    if (state == m_state && message == m_message)
        return;
    const bool cameUp = state == State::Up && m_state != State::Up;
    m_state = state;
    m_message = message;
    emit stateChanged(state, message);
    if (cameUp && m_process)
        scheduleCheck(m_options.firstCheckDelayMs);
    else if (state != State::Up)
        m_checkTimer.stop(); // a tunnel that is down is not checked until it is up again
}

void TunnelManager::setUrl(const QUrl &url)
{
    if (url == m_url)
        return;
    m_url = url;
    if (m_checking)
        abortCheck(); // the check under way was for the old URL
    emit publicUrlChanged(url);
}
