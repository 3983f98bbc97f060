// QtParserProbe: runs bytes through Qt's own HTTP server on loopback and tells what it made of
// them.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

struct ParsedRequest
{
    QByteArray method; // "Unknown" for one Qt does not know
    QString path;
    qint64 bodySize = 0;
    bool chunked = false;
    // Asked for a WebSocket (Connection: upgrade, Upgrade: websocket): Qt answers such a
    // request, then closes the connection, as no WebSocket server takes it.
    bool upgrade = false;
};

struct ParsedConnection
{
    QList<ParsedRequest> requests; // each complete request Qt's server handed on, in order
    bool closed = false;           // Qt's server closed the connection
};

// The differential check of HttpGuard: what the guard passes, Qt's parser must frame the same
// way. Qt's server is bound to a plain QTcpServer here, with no guard in front. Needs a
// QCoreApplication; runs the event loop of the calling thread until Qt has read everything.
class QtParserProbe
{
public:
    QtParserProbe();
    ~QtParserProbe();
    QtParserProbe(const QtParserProbe &) = delete;
    QtParserProbe &operator=(const QtParserProbe &) = delete;

    bool isValid() const;

    // Opens a connection and writes the pieces one at a time, each once Qt's server has taken
    // all before it; closes the connection again before returning.
    ParsedConnection run(const QList<QByteArray> &pieces);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
