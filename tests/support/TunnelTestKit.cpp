#include "TunnelTestKit.h"

#include <QFile>
#include <QJsonDocument>

#include <csignal>

using namespace Qt::StringLiterals;

TunnelSettings TunnelTestKit::socatTunnel(quint16 listenPort, const QString &target)
{
    TunnelSettings t;
    t.mode = TunnelMode::Process;
    t.preset = u"custom"_s;
    t.command = u"sh -c 'echo \"tunnel open at http://127.0.0.1:%1\"; exec socat -d -d "
                "TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork TCP:%2'"_s.arg(listenPort)
                    .arg(target);
    t.urlPattern = u"tunnel open at (http://\\S+)"_s;
    t.readyPattern = u"listening on"_s;
    return t;
}

void TunnelTestKit::answerProbes(FakeHttpServer &server, const ProbeIdentity &identity)
{
    server.setHandler([identity](const RecordedRequest &r) {
        if (r.path != u"/dingrelay/probe"_s)
            return canned(200, "hello");
        const QJsonObject answer = identity.answer(r.query.queryItemValue(u"nonce"_s));
        return canned(200, QJsonDocument(answer).toJson(QJsonDocument::Compact));
    });
}

bool TunnelTestKit::isGone(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return true;
    // A zombie still answers kill(); its state in /proc says it is dead.
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) == "Z";
}
