// Notifier: turns the relay's problems and new messages into desktop notices, rate-limited.
#pragma once

#include "TrayController.h"
#include "relay/Problem.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>

struct Notice
{
    QString key; // what the rate limit counts: the problem's kind, or "new_message"
    QString title;
    QString message;
    TrayController::Severity severity = TrayController::Severity::Warning;
    QDateTime at;
};

class Notifier final : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // ms since the epoch

    explicit Notifier(QObject *parent = nullptr);

    // The same kind of notice is shown at most once per interval; those held back in between
    // are counted and mentioned in the next one. The clock is a seam for tests.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setInterval(int minutes) { m_intervalMs = qint64(minutes) * 60 * 1000; }
    void setNewMessageNotices(bool enabled) { m_newMessages = enabled; }
    bool newMessageNotices() const { return m_newMessages; }

    // True when a notice was emitted; problems that pass by themselves never notify.
    bool problem(const Problem &problem);
    bool newMessage(const QString &robotId, const QString &sender, const QString &text);

    // The notices shown, newest first (at most 20), for the status window.
    const QList<Notice> &recent() const { return m_recent; }

    static bool notifies(Problem::Kind kind);

signals:
    void notice(const Notice &notice);

private:
    bool post(Notice shown);
    qint64 now() const { return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch(); }

    struct Window
    {
        bool shown = false;
        qint64 lastShownMs = 0;
        int heldBack = 0;
    };
    Clock m_clock;
    qint64 m_intervalMs = 10 * 60 * 1000;
    bool m_newMessages = false;
    QHash<QString, Window> m_windows;
    QList<Notice> m_recent;
};
