// NetworkPool: several QNetworkAccessManagers, so more than six requests reach one host at once.
#pragma once

#include <QList>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

// Qt 6.4 opens at most six HTTP/1.1 connections per host and queues the rest inside the
// manager, where their transfer timeout already runs. The pool holds enough managers for the
// wanted concurrency and hands out the least busy one, so no request waits inside Qt.
class NetworkPool final : public QObject
{
    Q_OBJECT
public:
    static constexpr int ConnectionsPerManager = 6;

    NetworkPool(int concurrency, QObject *parent = nullptr);

    // The manager with the fewest requests in flight; track() the reply it makes.
    QNetworkAccessManager *pick();
    void track(QNetworkAccessManager *manager, QNetworkReply *reply);
    int size() const { return int(m_managers.size()); }

private:
    struct Slot
    {
        QNetworkAccessManager *manager;
        int inFlight = 0;
    };
    QList<Slot> m_managers;
};
