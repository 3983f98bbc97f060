// SignalWatcher: turns SIGTERM, SIGINT and SIGHUP into a Qt signal, safely, via a self-pipe.
#pragma once

#include <QObject>

class QSocketNotifier;

class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    // One instance per process: it owns the handlers for SIGTERM, SIGINT and SIGHUP. SIGHUP
    // (a closed terminal, or a "reload") stops the relay as SIGTERM does, draining first:
    // its default action would end it on the spot, answers in hand and all. The settings
    // are read again at the next start.
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
