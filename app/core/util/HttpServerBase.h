// HttpServerBase: QAbstractHttpServer with one request hook that is the same on Qt 6.4 and 6.5+.
#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QtGlobal>

#include <utility>

class QHttpServerRequest;
class QHttpServerResponder;
class QSslCertificate;
class QSslKey;
class QTcpServer;
class QTcpSocket;

// Qt 6.5 changed QAbstractHttpServer: handleRequest() gets a responder instead of the socket,
// listen() is gone (bind() takes a QTcpServer), and headers are QHttpHeaders. Every server in
// DingRelay, its tests and its benchmarks derives from this class, so those differences live
// here and nowhere else.
class HttpServerBase : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    explicit HttpServerBase(QObject *parent = nullptr);

    // Listens on address and port (0: one the system picks); returns the port, or 0 when it
    // cannot listen. After useTls(), it speaks HTTPS with that certificate.
    quint16 listenOn(const QHostAddress &address, quint16 port = 0);
    void useTls(const QSslCertificate &certificate, const QSslKey &key);
    // Serves the connections a listening server accepts (the relay's ConnectionGuard).
    void serveFrom(QTcpServer *server);

    // The request's headers, as sent.
    static Headers headersOf(const QHttpServerRequest &request);
    // One whole response with a Content-Length.
    static void respond(QHttpServerResponder &responder, int status, const QByteArray &contentType,
                        const QByteArray &body, const Headers &extra = {});

protected:
    // One complete request. To answer later, move the responder away (into a shared_ptr, say);
    // socket is the connection it came on, for a test fake that writes raw bytes.
    virtual void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                       QTcpSocket *socket) = 0;

private:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) final;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) final;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) final;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) final;
    QTcpSocket *socketOf(const QHttpServerRequest &request) const;
#endif
    QSslConfiguration m_tls; // null: plain HTTP
};
