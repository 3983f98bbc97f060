#include "Notifier.h"

using namespace Qt::StringLiterals;

namespace {
constexpr int RecentNotices = 20;
constexpr int ExcerptChars = 120;
} // namespace

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{}

bool Notifier::notifies(Problem::Kind kind)
{
    switch (kind) {
    case Problem::Kind::StreamRetrying: // reconnects by itself
    case Problem::Kind::NoRobots:       // the status shows it; not news
        return false;
    default:
        return true;
    }
}

bool Notifier::problem(const Problem &problem)
{
    if (!notifies(problem.kind))
        return false;
    using K = Problem::Kind;
    Notice n;
    n.key = problem.kindName();
    const QString robot = problem.robotId;
    switch (problem.kind) {
    case K::BadKey:
        n.title = tr("The model refuses the API key");
        n.message = tr("Enter a valid key under Settings › Model. (%1)").arg(problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::Quota:
        n.title = tr("The model's quota is used up");
        n.message = tr("Add credit at your provider or use another key. (%1)").arg(problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::ModelSetup:
        n.title = tr("The model call is set up wrongly");
        n.message =
            tr("Check the model, proxy and certificates under Settings. (%1)").arg(problem.message);
        break;
    case K::KeychainLocked:
        n.title = tr("The keychain is locked");
        n.message =
            tr("Unlock your login keychain, then start the relay again. (%1)").arg(problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::TunnelDown:
        n.title = tr("DingTalk cannot reach the relay");
        n.message = tr("The tunnel is down: %1").arg(problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::DingTalkRejected:
        n.title = tr("DingTalk refused an answer");
        n.message = tr("Robot %1: %2").arg(robot, problem.message);
        break;
    case K::StreamDown:
        n.title = tr("A Stream connection failed");
        n.message = tr("Robot %1: %2. Check its client id and secret.").arg(robot, problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::Storage:
        n.title = tr("DingRelay cannot store messages");
        n.message = tr("DingTalk keeps them until it can: %1").arg(problem.message);
        n.severity = TrayController::Severity::Critical;
        break;
    case K::DatabaseDamaged:
        n.title = tr("The database is damaged");
        n.message = problem.message;
        n.severity = TrayController::Severity::Critical;
        break;
    case K::StreamRetrying:
    case K::NoRobots:
        return false;
    }
    return post(n);
}

bool Notifier::newMessage(const QString &robotId, const QString &sender, const QString &text)
{
    if (!m_newMessages)
        return false;
    Notice n;
    n.key = u"new_message"_s;
    n.title = tr("New message for %1").arg(robotId);
    QString excerpt = text.simplified();
    if (excerpt.size() > ExcerptChars)
        excerpt = excerpt.left(ExcerptChars - 1) + u'…';
    n.message = sender.isEmpty() ? excerpt : tr("%1: %2").arg(sender, excerpt);
    n.severity = TrayController::Severity::Information;
    return post(n);
}

bool Notifier::post(Notice shown)
{
    const qint64 t = now();
    Window &window = m_windows[shown.key];
    if (window.shown && t - window.lastShownMs < m_intervalMs) {
        ++window.heldBack;
        return false;
    }
    if (window.heldBack > 0)
        shown.message +=
            u' ' + (window.heldBack == 1
                        ? tr("(1 more like this since the last notice)")
                        : tr("(%1 more like this since the last notice)").arg(window.heldBack));
    window.shown = true;
    window.lastShownMs = t;
    window.heldBack = 0;
    shown.at = QDateTime::fromMSecsSinceEpoch(t);
    m_recent.prepend(shown);
    if (m_recent.size() > RecentNotices)
        m_recent.removeLast();
    emit notice(shown);
    return true;
}
