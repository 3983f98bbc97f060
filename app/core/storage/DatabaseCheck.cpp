#include "storage/DatabaseCheck.h"

#include "storage/ReadConnection.h"

#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

QStringList DatabaseCheck::run(QSqlDatabase db, Kind kind, QString *error)
{
    QSqlQuery q(db);
    const QString pragma = kind == Quick ? u"quick_check"_s : u"integrity_check"_s;
    if (!q.exec(u"PRAGMA %1(%2)"_s.arg(pragma).arg(MaxProblems))) {
        *error = q.lastError().text();
        return {};
    }
    QStringList found;
    while (q.next())
        found << q.value(0).toString();
    // A sound file answers one row, "ok".
    if (found == QStringList{u"ok"_s})
        found.clear();
    return found;
}

QString DatabaseCheck::describe(const QString &file, const QStringList &damage)
{
    if (damage.isEmpty())
        return u"database %1: SQLite's check found no damage"_s.arg(file);
    return u"database %1 is damaged: SQLite's check found %2%3: %4. DingRelay goes on using "
           "it; stop DingRelay and copy out what can be read (sqlite3 %1 .recover), or move "
           "the file away to start afresh"_s.arg(file)
               .arg(damage.size())
               .arg(damage.size() >= MaxProblems ? u" or more problems"_s : u" problem(s)"_s)
               .arg(damage.join(u"; "_s));
}

IntegrityCheck::IntegrityCheck(QString databaseFile, DatabaseCheck::Kind kind, QObject *parent)
    : QObject(parent)
    , m_file(std::move(databaseFile))
    , m_kind(kind)
{}

IntegrityCheck::~IntegrityCheck()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void IntegrityCheck::start()
{
    if (m_thread)
        return;
    QPointer<IntegrityCheck> self(this);
    m_thread = QThread::create([self, file = m_file, kind = m_kind] {
        QString error;
        QStringList damage;
        {
            ReadConnection connection(file);
            if (!connection.isOpen())
                error = connection.error();
            else
                damage = DatabaseCheck::run(connection.handle(), kind, &error);
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, damage, error] {
                if (self)
                    emit self->finished(damage, error);
            },
            Qt::QueuedConnection);
    });
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
    });
    m_thread->start();
}
