// Usage: loads the usage figures (storage/UsageReader) for the history window's usage page.
#pragma once

#include "storage/UsageReader.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>

namespace Usage {
// The local time zone's offset now, for UsageRequest::utcOffsetSeconds.
int localUtcOffsetSeconds();
} // namespace Usage

// Reads usage (UsageReader) on a thread of its own, so a year of a busy relay never freezes a
// window.
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
