// SignalWatcher: turns SIGTERM and SIGINT into a Qt signal, safely, via a self-pipe.
#pragma once

#include <QObject>

class QSocketNotifier;

class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    // One instance per process: it owns the handlers for SIGTERM and SIGINT.
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
