#include "relay/Problem.h"

#include "openai/ChatTypes.h"

using namespace Qt::StringLiterals;

bool Problem::fromModel(const ChatError &error, Kind *kind)
{
    using K = ChatError::Kind;
    switch (error.kind) {
    case K::BadKey:
        *kind = Kind::BadKey;
        return true;
    case K::QuotaExhausted:
        *kind = Kind::Quota;
        return true;
    case K::ModelNotFound:
    case K::BadRequest:
    case K::ProxyAuth:
    case K::TlsFailed:
        *kind = Kind::ModelSetup;
        return true;
    default:
        // Outages, timeouts and throttling pass by themselves; the DingTalk user is told.
        return false;
    }
}

QString Problem::kindName() const
{
    switch (kind) {
    case Kind::BadKey:
        return u"bad_key"_s;
    case Kind::Quota:
        return u"quota"_s;
    case Kind::ModelSetup:
        return u"model_setup"_s;
    case Kind::KeychainLocked:
        return u"keychain_locked"_s;
    case Kind::TunnelDown:
        return u"tunnel_down"_s;
    case Kind::DingTalkRejected:
        return u"dingtalk_rejected"_s;
    case Kind::StreamDown:
        return u"stream_down"_s;
    case Kind::StreamRetrying:
        return u"stream_retrying"_s;
    case Kind::NoRobots:
        return u"no_robots"_s;
    case Kind::Storage:
        return u"storage"_s;
    case Kind::DatabaseDamaged:
        return u"database_damaged"_s;
    }
    return {};
}

bool ProblemList::raise(const Problem &problem)
{
    for (Problem &item : m_items) {
        if (item.kind == problem.kind && item.robotId == problem.robotId) {
            if (item.message == problem.message)
                return false;
            item.message = problem.message;
            return true;
        }
    }
    m_items << problem;
    return true;
}

bool ProblemList::clear(const QList<Problem::Kind> &kinds, const QString &robotId)
{
    return m_items.removeIf([&](const Problem &p) {
        return kinds.contains(p.kind) && (robotId.isEmpty() || p.robotId == robotId);
    }) > 0;
}
