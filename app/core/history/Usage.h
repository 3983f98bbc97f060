// Usage: questions, answers and tokens per day, per robot or per user, from the messages.
#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>

struct UsageRequest
{
    enum class By { Total, Robot, User };
    By by = By::Robot;
    qint64 fromMs = 0;        // inclusive
    qint64 toMs = 0;          // exclusive; 0: now
    int utcOffsetSeconds = 0; // where a day begins: the local time zone's offset
};

// One day of one robot or user (key empty for Total).
struct UsagePoint
{
    qint64 day = 0; // days since 1970-01-01 in the request's time zone
    QString key;
    QString label;
    int questions = 0;
    int answers = 0;
    int errors = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;

    qint64 tokens() const { return promptTokens + completionTokens; }
};
Q_DECLARE_METATYPE(QList<UsagePoint>)

namespace Usage {
// Days in order; within a day, keys in no particular order. Empty with *error on failure.
QList<UsagePoint> query(QSqlDatabase db, const UsageRequest &request, QString *error);
// The local time zone's offset now, for UsageRequest::utcOffsetSeconds.
int localUtcOffsetSeconds();
} // namespace Usage

// Runs Usage::query on a thread of its own, so a year of a busy relay never freezes a window.
class UsageLoader final : public QObject
{
    Q_OBJECT
public:
    explicit UsageLoader(QString databaseFile, QObject *parent = nullptr);
    ~UsageLoader() override;

    // A newer load makes the result of an older one be dropped.
    void load(const UsageRequest &request);
    bool isLoading() const { return m_running > 0; }

signals:
    void loaded(const QList<UsagePoint> &points);
    void failed(const QString &error);

private:
    QString m_file;
    std::atomic<int> m_generation = 0;
    int m_running = 0;
    QList<class QThread *> m_threads;
};
