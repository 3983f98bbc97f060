// FakeHttpServer: a real HTTP server on 127.0.0.1 that records requests and answers as told.
#pragma once

#include "util/HttpServerBase.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

struct RecordedRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QJsonObject json() const;
};

struct CannedResponse
{
    int status = 200;
    QByteArray body = "{}";
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    int delayMs = 0; // answer this much later, from the event loop
    // A streamed answer: after the headers, each piece is written delayMs after the one
    // before, then the connection is closed (the body ends with the connection).
    struct Piece
    {
        int delayMs;
        QByteArray bytes;
    };
    QList<Piece> pieces;
};

class FakeHttpServer final : public HttpServerBase
{
    Q_OBJECT
public:
    using Handler = std::function<CannedResponse(const RecordedRequest &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);

    // Listens on 127.0.0.1 with a port the system picks, or the one given (a server that comes
    // back where it was); returns it (0 on failure).
    quint16 listen(quint16 port = 0);
    QUrl url(const QString &path = QString()) const;

    // Answers are taken from the queue first, then from the handler, then the default.
    void enqueue(const CannedResponse &response) { m_queue.append(response); }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setDefault(const CannedResponse &response) { m_default = response; }

    // While held, requests are recorded but their answers wait, in order, until release():
    // a server that is slow for exactly as long as a test needs.
    void hold() { m_holding = true; }
    void release();
    // Answers the oldest held request and goes on holding the others (false: none held).
    bool releaseOne();

    const QList<RecordedRequest> &requests() const { return m_requests; }
    qsizetype count() const { return m_requests.size(); }
    void clear() { m_requests.clear(); }

    // Answers whose time came: written, or dropped because the client had gone.
    int answeredCount() const { return m_answered; }

signals:
    void received();
    void answered(); // see answeredCount()

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    void streamTo(QPointer<QTcpSocket> socket, const CannedResponse &response);

    quint16 m_port = 0;
    QList<RecordedRequest> m_requests;
    QList<CannedResponse> m_queue;
    Handler m_handler;
    CannedResponse m_default;
    bool m_holding = false;
    int m_answered = 0;
    QList<std::function<void()>> m_held;
};

// A loopback port nothing listens on (it was free a moment ago): for "unreachable" tests and
// for a server a test starts on a port of its choosing.
quint16 unusedPort();

// A JSON answer with the given status, sent delayMs later.
CannedResponse canned(int status, const QByteArray &body, int delayMs = 0);

// A text/event-stream answer sent in pieces (see CannedResponse::pieces).
CannedResponse streamed(const QList<CannedResponse::Piece> &pieces, int status = 200);

// A chat completion body as an OpenAI-compatible server sends it.
QByteArray chatCompletionBody(const QString &answer, int promptTokens = 11,
                              int completionTokens = 7,
                              const QString &model = QStringLiteral("gpt-4o-mini"));
// An OpenAI error body {"error": {...}}.
QByteArray openAiErrorBody(const QString &message, const QString &type, const QString &code);
