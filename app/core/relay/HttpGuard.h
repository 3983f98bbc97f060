// HttpGuard: follows the requests on one HTTP/1.1 connection and spots those the relay refuses.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Fed every byte a connection receives, before Qt's parser sees it. Qt 6.4's server closes a
// connection without an answer when it cannot read a request line, and it reads some
// malformed requests otherwise than their sender meant: a chunk size it cannot read ends the
// body, a trailer or a bare LF after a chunk becomes the start of the next request, a head
// of more than 100 fields loses all its headers (Content-Length too). The guard passes only
// what that parser frames as the guard does (tests/fuzz/fuzz_guardvsqt checks it), so the
// relay can answer 400 and close first; and it bounds the bytes one request may take (the
// head before Qt buffers it, the body as soon as its length is known). It also checks what
// RFC 9112 asks of a server and Qt 6.4 does not: an HTTP/1.1 request has one Host header, and
// a client that sends "Expect: 100-continue" waits for a 100 before its body.
struct HttpLimits
{
    int maxHeadBytes = 16 * 1024; // the request line and the headers, line ends included
    qint64 maxBodyBytes = 64 * 1024;
    bool requireHost = true; // an HTTP/1.1 request without Host is refused
};

class HttpGuard
{
public:
    using Limits = HttpLimits;
    enum class Verdict {
        Ok,
        Malformed,      // 400
        HeadTooLarge,   // 431: over maxHeadBytes, or over 100 header fields
        BodyTooLarge,   // 413
        NotImplemented, // 501: a transfer coding other than chunked
    };

    explicit HttpGuard(Limits limits = {});

    // Takes the next bytes of the connection. After a verdict other than Ok, the connection
    // is to be closed: later calls return the same verdict.
    Verdict feed(QByteArrayView bytes);

    // Part of a request has arrived and it is not complete.
    bool inRequest() const
    {
        return (m_state != State::RequestLine && m_state != State::Closed) || m_headBytes > 0;
    }
    int completed() const { return m_completed; }
    // The client of the request in progress waits for "100 Continue" before it sends the
    // body: true once, after the head that asked for it, while none of the body has come.
    bool takeContinue();
    // The request (counted as completed() counts them, from 1) after whose answer the
    // connection is to close: it said "Connection: close", or it is HTTP/1.0 without
    // keep-alive. 0: none so far.
    int closingRequest() const { return m_state == State::Closed ? m_completed : 0; }
    // The body size of the last request completed.
    qint64 lastBodySize() const { return m_lastBodySize; }

    static int status(Verdict verdict);
    static QString describe(Verdict verdict);

private:
    enum class State {
        RequestLine,
        Header,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd, // the CRLF after a chunk's data
        LastCrlf, // the CRLF after the last chunk: Qt 6.4 takes no trailers
        Closed,
    };

    Verdict takeLine(QByteArrayView line);
    Verdict requestLine(QByteArrayView line);
    Verdict header(QByteArrayView line);
    Verdict headEnd();
    Verdict chunkSize(QByteArrayView line);
    void requestDone();
    Verdict fail(Verdict verdict);

    Limits m_limits;
    State m_state = State::RequestLine;
    Verdict m_verdict = Verdict::Ok;
    QByteArray m_line;      // the start of a line whose end has not arrived
    qint64 m_headBytes = 0; // of this request's head (or chunk line), so far
    int m_headerFields = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_http10 = false;
    bool m_close = false;     // Connection: close
    bool m_keepAlive = false; // Connection: keep-alive
    int m_hostFields = 0;
    bool m_expectContinue = false; // this request's head asked for a 100
    bool m_continuePending = false;
    qint64 m_remaining = 0; // body or chunk bytes still to come
    qint64 m_bodyBytes = 0; // chunked: the body so far
    int m_completed = 0;
    qint64 m_lastBodySize = 0;
};
