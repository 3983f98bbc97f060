// RawClient: a plain TCP client for tests that write HTTP bytes themselves and read what comes.
#pragma once

#include <QHostAddress>
#include <QTcpSocket>

#include <memory>

// Writes what it is given and keeps every byte that comes back, so a test can send pipelined,
// cut or malformed requests and see the answers and the close as the relay sends them.
struct RawClient
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;

    explicit RawClient(quint16 port)
    {
        QObject::connect(socket.get(), &QTcpSocket::readyRead, socket.get(),
                         [this] { received += socket->readAll(); });
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }
    bool connected() const { return socket->state() == QAbstractSocket::ConnectedState; }
    bool closed() const { return socket->state() == QAbstractSocket::UnconnectedState; }
    int status() const { return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0; }
    // How many answers with this status line start came, e.g. "HTTP/1.1 200 ".
    qsizetype count(const QByteArray &statusLine) const { return received.count(statusLine); }
};
