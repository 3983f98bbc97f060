#include "relay/TunnelLog.h"

#include "tunnel/TunnelManager.h"
#include "util/Log.h"

#include <memory>

using namespace Qt::StringLiterals;

void TunnelLog::attach(TunnelManager *tunnel, const AppConfig &config)
{
    QObject::connect(tunnel, &TunnelManager::stateChanged, tunnel,
                     [](Tunnel::State state, const QString &message) {
                         const QString line =
                             u"tunnel %1: %2"_s.arg(Tunnel::stateName(state), message);
                         if (state == Tunnel::State::Retrying || state == Tunnel::State::Failed)
                             qCWarning(lcTunnel).noquote() << line;
                         else
                             qCInfo(lcTunnel).noquote() << line;
                     });
    QObject::connect(tunnel, &TunnelManager::publicUrlChanged, tunnel,
                     [tunnel, robots = config.robots](const QUrl &url) {
                         if (url.isEmpty()) {
                             qCInfo(lcTunnel) << "no public URL for now";
                             return;
                         }
                         qCInfo(lcTunnel).noquote() << "public URL" << url.toString();
                         for (const RobotSettings &robot : robots) {
                             if (robot.mode == RobotMode::Stream)
                                 continue; // DingTalk pushes its messages over the socket
                             const QUrl callback = tunnel->callbackUrl(robot.callbackPath);
                             if (!callback.isEmpty())
                                 qCInfo(lcTunnel).noquote()
                                     << "robot" << robot.id
                                     << "callback URL (message receiving address):"
                                     << callback.toString();
                         }
                     });
    auto last = std::make_shared<QString>();
    QObject::connect(tunnel, &TunnelManager::reachabilityChecked, tunnel,
                     [last](const ReachabilityResult &result) {
                         const QString outcome = ReachabilityResult::hopName(result.hop);
                         if (outcome == *last)
                             return;
                         *last = outcome;
                         if (result.ok)
                             qCInfo(lcTunnel).noquote()
                                 << "reachability check passed:" << result.message;
                         else
                             qCWarning(lcTunnel).noquote()
                                 << "reachability check failed:" << result.message;
                     });
}
