#include "GuardVsQt.h"

#include "QtParserProbe.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace {
const QByteArray ProbeRequest = "GET /guard-vs-qt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
} // namespace

QString guardVsQt(QtParserProbe &probe, QByteArrayView bytes, qsizetype piece, HttpLimits limits)
{
    // Byte by byte, to note each request's body as the guard completes it. A missing Host
    // is no matter of framing: refused, it would end the comparison before the bytes it is
    // about (most inputs here have requests without one).
    limits.requireHost = false;
    HttpGuard guard(limits);
    QList<qint64> bodies;
    for (const char &byte : bytes) {
        const int before = guard.completed();
        if (guard.feed(QByteArrayView(&byte, 1)) != HttpGuard::Verdict::Ok)
            return {};
        if (guard.completed() != before)
            bodies.append(guard.lastBodySize());
    }
    QList<QByteArray> pieces;
    const qsizetype step = piece > 0 ? piece : std::max<qsizetype>(1, bytes.size());
    for (qsizetype at = 0; at < bytes.size(); at += step)
        pieces.append(bytes.sliced(at, std::min(step, bytes.size() - at)).toByteArray());
    HttpGuard next = guard;
    const bool probed = !guard.inRequest() && next.feed(ProbeRequest) == HttpGuard::Verdict::Ok &&
                        next.completed() == guard.completed() + 1;
    if (probed) {
        pieces.append(ProbeRequest);
        bodies.append(0);
    }

    const ParsedConnection parsed = probe.run(pieces);
    const QList<ParsedRequest> &got = parsed.requests;
    for (qsizetype i = 0; i < std::min(got.size(), bodies.size()); ++i) {
        if (got[i].bodySize != bodies[i])
            return u"request %1: Qt read a body of %2 bytes, the guard %3"_s.arg(i + 1)
                .arg(got[i].bodySize)
                .arg(bodies[i]);
        // The guard passes only methods Qt knows. But when the CR ending a chunked body comes
        // alone, Qt 6.4 reads two bytes for the LF: the next request's first one with it.
        const bool afterLoneCr = piece > 0 && i > 0 && got[i - 1].chunked;
        if (got[i].method == "Unknown" && !afterLoneCr)
            return u"request %1: Qt did not read its method"_s.arg(i + 1);
    }
    if (got.size() > bodies.size() || (got.size() < bodies.size() && !parsed.closed))
        return u"Qt read %1 requests, the guard %2"_s.arg(got.size()).arg(bodies.size());
    if (parsed.closed && (got.isEmpty() || !got.last().upgrade))
        return u"Qt closed the connection after %1 of the guard's %2 requests"_s.arg(got.size())
            .arg(bodies.size());
    if (probed && !parsed.closed && got.last().path != u"/guard-vs-qt"_s)
        return u"the request after them came out as %1"_s.arg(got.last().path);
    return {};
}
