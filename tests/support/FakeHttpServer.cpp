#include "FakeHttpServer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeHttpServer::FakeHttpServer(QObject *parent)
    : HttpServerBase(parent)
{}

quint16 FakeHttpServer::listen(quint16 port)
{
    m_port = listenOn(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl FakeHttpServer::url(const QString &path) const
{
    QUrl u;
    u.setScheme(u"http"_s);
    u.setHost(u"127.0.0.1"_s);
    u.setPort(m_port);
    u.setPath(path);
    return u;
}

void FakeHttpServer::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                           QTcpSocket *socket)
{
    RecordedRequest r;
    r.method = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()));
    r.method = r.method.toUpper();
    r.path = request.url().path();
    r.query = request.query();
    for (const auto &[name, value] : headersOf(request))
        r.headers.insert(name.toLower(), value);
    r.body = request.body();
    m_requests.append(r);

    CannedResponse response = m_default;
    if (!m_queue.isEmpty())
        response = m_queue.takeFirst();
    else if (m_handler)
        response = m_handler(r);

    QPointer<QTcpSocket> alive(socket);
    if (!response.pieces.isEmpty()) {
        if (m_holding)
            m_held.append([this, alive, response] { streamTo(alive, response); });
        else
            streamTo(alive, response);
        emit received();
        return;
    }
    auto later = std::make_shared<QHttpServerResponder>(std::move(responder));
    auto send = [this, later, alive, response] {
        // The client gave up (a timeout test): nothing to answer.
        if (alive && alive->state() == QAbstractSocket::ConnectedState)
            respond(*later, response.status, response.contentType, response.body, response.headers);
        ++m_answered;
        emit answered();
    };
    const auto answer = [this, send, delayMs = response.delayMs] {
        if (delayMs > 0)
            QTimer::singleShot(delayMs, this, send);
        else
            send();
    };
    if (m_holding)
        m_held.append(answer);
    else
        answer();
    emit received();
}

bool FakeHttpServer::releaseOne()
{
    if (m_held.isEmpty())
        return false;
    m_held.takeFirst()();
    return true;
}

void FakeHttpServer::release()
{
    m_holding = false;
    const auto held = std::exchange(m_held, {});
    for (const auto &answer : held)
        answer();
}

void FakeHttpServer::streamTo(QPointer<QTcpSocket> socket, const CannedResponse &response)
{
    if (!socket) {
        qWarning("FakeHttpServer: the connection of a streamed answer is gone");
        return;
    }
    // Written by hand: Qt's responder knows no body that ends with the connection, and a test
    // of a stream cut short needs the connection itself.
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " OK\r\n";
    head += "Content-Type: " + response.contentType + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    socket->write(head + "\r\n");
    int at = 0;
    for (const auto &piece : response.pieces) {
        at += piece.delayMs;
        QTimer::singleShot(at, this, [socket, bytes = piece.bytes] {
            if (socket)
                socket->write(bytes);
        });
    }
    QTimer::singleShot(at + 1, this, [socket] {
        if (socket)
            socket->disconnectFromHost();
    });
}

quint16 unusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort(); // closed when probe goes
}

CannedResponse canned(int status, const QByteArray &body, int delayMs)
{
    CannedResponse response;
    response.status = status;
    response.body = body;
    response.delayMs = delayMs;
    return response;
}

CannedResponse streamed(const QList<CannedResponse::Piece> &pieces, int status)
{
    CannedResponse response;
    response.status = status;
    response.contentType = "text/event-stream";
    response.body.clear();
    response.pieces = pieces;
    return response;
}

QByteArray chatCompletionBody(const QString &answer, int promptTokens, int completionTokens,
                              const QString &model)
{
    const QJsonObject o{
        {u"id"_s, u"chatcmpl-test"_s},
        {u"object"_s, u"chat.completion"_s},
        {u"model"_s, model},
        {u"choices"_s,
         QJsonArray{QJsonObject{
             {u"index"_s, 0},
             {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, answer}}},
             {u"finish_reason"_s, u"stop"_s}}}},
        {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, promptTokens},
                                 {u"completion_tokens"_s, completionTokens},
                                 {u"total_tokens"_s, promptTokens + completionTokens}}},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray openAiErrorBody(const QString &message, const QString &type, const QString &code)
{
    const QJsonObject o{
        {u"error"_s, QJsonObject{{u"message"_s, message},
                                 {u"type"_s, type},
                                 {u"param"_s, QJsonValue::Null},
                                 {u"code"_s, code.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(code)}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
