// LoadSender: posts prepared requests over keep-alive connections and times each answer.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

#include <vector>

class QTcpSocket;

class LoadSender final : public QObject
{
    Q_OBJECT
public:
    // requests[i] is a complete HTTP/1.1 request (head and body). Each connection has one
    // request in flight at a time and takes the next unsent one when its answer is complete.
    // ratePerSecond > 0 paces the sends: request i is not sent before start + i / rate.
    LoadSender(quint16 port, QList<QByteArray> requests, int connections, double ratePerSecond,
               qint64 deadlineNs, QObject *parent = nullptr);

    void start();
    bool isFinished() const { return m_finished; }

    // Per request: send time, time the answer was complete (0: none), HTTP status (0: none).
    const std::vector<qint64> &sentNs() const { return m_sentNs; }
    const std::vector<qint64> &answeredNs() const { return m_answeredNs; }
    const std::vector<int> &status() const { return m_status; }
    int sent() const { return m_next; }
    int transportErrors() const { return m_transportErrors; } // in flight when a connection broke
    int reconnects() const { return m_reconnects; }
    bool hitDeadline() const { return m_hitDeadline; }
    QString firstError() const { return m_firstError; }

signals:
    void finished();

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        int inFlight = -1;
        bool open = false;
        bool waiting = false; // a pacing timer will call sendNext
    };

    void connectSocket(int c);
    void sendNext(int c);
    void onReadyRead(int c);
    void onBroken(int c, const QString &why);
    void checkFinished();
    void finish();

    quint16 m_port;
    QList<QByteArray> m_requests;
    int m_connectionCount;
    double m_rate;
    qint64 m_startNs = 0;
    qint64 m_deadlineNs;
    std::vector<Connection> m_connections;
    std::vector<qint64> m_sentNs;
    std::vector<qint64> m_answeredNs;
    std::vector<int> m_status;
    int m_next = 0;
    int m_transportErrors = 0;
    int m_reconnects = 0;
    int m_maxReconnects;
    bool m_finished = false;
    bool m_hitDeadline = false;
    QString m_firstError;
    QTimer m_deadline;
};
