// StoreEvents: tells readers in this process (the history window) that messages were written.
#pragma once

#include <QObject>
#include <QString>

class StoreEvents final : public QObject
{
    Q_OBJECT
public:
    // One per process: the relay and the history window share it without knowing each other.
    static StoreEvents &instance();

    void announceMessages(const QString &databaseFile) { emit messagesRecorded(databaseFile); }

signals:
    // databaseFile is Database::filePath() of the file written; emitted after the commit.
    void messagesRecorded(const QString &databaseFile);

private:
    StoreEvents() = default;
};
