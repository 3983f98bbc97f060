// DatabaseCheck: SQLite's own check of the database file, and what it found, in words.
#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace DatabaseCheck {
// Quick: PRAGMA quick_check, at every start (no index against its table). Full: PRAGMA
// integrity_check, on demand (indexes too, a few times slower).
enum Kind { Quick, Full };
// At most this many problems are listed: a badly damaged file has thousands.
constexpr int MaxProblems = 20;

// The problems found; empty when there are none. *error: the check could not run.
QStringList run(QSqlDatabase db, Kind kind, QString *error);
// One log line or notice: where, what was found, and what to do.
QString describe(const QString &file, const QStringList &damage);
} // namespace DatabaseCheck

// Runs a check on a connection and a thread of its own: a large file takes seconds (100,000
// messages, 150 MB: about 2 s quick, 7 s full), which must not hold up the relay or a window.
class IntegrityCheck final : public QObject
{
    Q_OBJECT
public:
    IntegrityCheck(QString databaseFile, DatabaseCheck::Kind kind, QObject *parent = nullptr);
    ~IntegrityCheck() override;

    void start();
    bool isRunning() const { return m_thread != nullptr; }

signals:
    // damage: what DatabaseCheck::run found (empty: none); error: the check could not run.
    void finished(const QStringList &damage, const QString &error);

private:
    QString m_file;
    DatabaseCheck::Kind m_kind;
    class QThread *m_thread = nullptr;
};
