// The database file itself: deleted or replaced under the running relay, a -shm that cannot
// be written, a data folder the relay cannot write at its start, a damaged file. Nothing
// acknowledged is lost, the process never dies, and the log, /healthz and the tray say why.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "SkipOrFail.h"
#include "TestCallbacks.h"
#include "TestDatabase.h"
#include "TestLog.h"

#include "config/Config.h"
#include "relay/Relay.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

#include <pwd.h>
#include <sys/fsuid.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QByteArray AppSecret = "app-secret-dbfile-0123";

// File access as another user, on this thread only (setfsuid): root ignores file modes, the
// user nobody does not. Back to root when it goes.
class AsNobody final
{
public:
    AsNobody()
    {
        const passwd *nobody = getpwnam("nobody");
        m_uid = nobody ? nobody->pw_uid : 65534;
        m_gid = nobody ? nobody->pw_gid : 65534;
        setfsgid(m_gid);
        setfsuid(m_uid);
    }
    ~AsNobody()
    {
        setfsuid(0);
        setfsgid(0);
    }
    AsNobody(const AsNobody &) = delete;
    AsNobody &operator=(const AsNobody &) = delete;
    // setfsuid() answers the previous id whatever it did: asking again tells.
    bool active() const { return uint(setfsuid(uid_t(-1))) == m_uid; }
    uid_t uid() const { return m_uid; }
    gid_t gid() const { return m_gid; }

private:
    uid_t m_uid;
    gid_t m_gid;
};

QString logText()
{
    return TestLog::lines().join(u'\n');
}

bool chattr(const QString &flag, const QString &path)
{
    return QProcess::execute(u"chattr"_s, {flag, path}) == 0;
}
} // namespace

class TestDbFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void deletedFileIsCarriedIntoANewOne();
    void replacedFileIsKeptAsideAndNothingIsLost();
    void unwritableShmAtStartIsRefusedThenRecovers();
    void shmMadeImmutableWhileRunningIsRefusedNotACrash();
    void readOnlyDataFolderAtStartRecovers();
    void damagedFileIsReportedAtStart();

private:
    void startRelay();
    QUrl callbackUrl() const { return m_f->callbackUrl(u"app"_s); }
    QJsonObject message(const QString &text) const;
    QString file(const QString &suffix = {}) const { return m_f->databasePath() + suffix; }
    QJsonObject health() const { return send("GET", m_f->url(u"/healthz"_s)).json(); }

    std::unique_ptr<RelayFixture> m_f;
};

void TestDbFile::initTestCase()
{
    TestLog::install();
}

void TestDbFile::init()
{
    TestLog::clear();
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_f->model().setHandler(
        [](const RecordedRequest &) { return canned(200, chatCompletionBody(u"An answer."_s)); });
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);
    m_f->config.relay.drainSeconds = 1;
    RobotSettings app;
    app.id = u"app"_s;
    app.callbackPath = u"/dingtalk/app"_s;
    app.language = u"en"_s;
    app.clientId = u"dingapp"_s;
    m_f->config.robots = {app};
    m_f->secrets = {{u"model/api_key"_s, u"sk-dbfile-0123456789abcdef"_s},
                    {u"robot/app/app_secret"_s, QString::fromUtf8(AppSecret)}};
}

void TestDbFile::cleanup()
{
    if (m_f) {
        for (const QString &suffix : {QString(), u"-shm"_s, u"-wal"_s})
            chattr(u"-i"_s, file(suffix));
    }
    m_f.reset();
}

void TestDbFile::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

QJsonObject TestDbFile::message(const QString &text) const
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return textMessage(text, id, m_f->dingtalk().sessionWebhook(id));
}

void TestDbFile::deletedFileIsCarriedIntoANewOne()
{
    startRelay();
    QSignalSpy problem(m_f->relay(), &Relay::storageProblem);
    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    // Jobs in hand: acknowledged, the model not answering yet.
    m_f->model().hold();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"before %1"_s.arg(i))).status,
                 200);
    QTRY_VERIFY(m_f->model().count() >= 1);

    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(file(suffix));
    // The next message finds the file gone: what the old one held is carried over first.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"after %1"_s.arg(i))).status, 200);
    QVERIFY2(TestLog::contains(u"was deleted while DingRelay was running"_s),
             qPrintable(logText()));
    QCOMPARE(problem.size(), 1);
    QVERIFY(problem.first().at(0).toString().contains(u"was deleted"_s));
    QCOMPARE(recovered.size(), 1);
    QVERIFY(m_f->relay()->storageOk());

    m_f->model().release();
    QTRY_COMPARE_WITH_TIMEOUT(m_f->dingtalk().messages().size(), 8, 20000);
    // Every one is in the file at the path now, answered; a restart repeats nothing.
    QTRY_COMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 8);
    QCOMPARE(m_f->scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
    m_f->stop();
    startRelay();
    QCOMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs"_s).toInt(), 8);
    QCOMPARE(m_f->unfinishedJobs().size(), 0);
    QCOMPARE(m_f->dingtalk().messages().size(), 8);
}

void TestDbFile::replacedFileIsKeptAsideAndNothingIsLost()
{
    startRelay();
    m_f->model().hold();
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"in hand"_s)).status, 200);
    QTRY_VERIFY(m_f->model().count() >= 1);

    // Another database moved into its place, as a restore of a backup while running would.
    const QString other = m_f->filePath(u"other.sqlite3"_s);
    QCOMPARE(TestDatabase::exec(other, u"CREATE TABLE unrelated (x)"_s), 0);
    QVERIFY(QFile::remove(file()));
    QVERIFY(QFile::rename(other, file()));
    // The periodic check notices without a message coming in.
    QTRY_VERIFY_WITH_TIMEOUT(TestLog::contains(u"was replaced by another file"_s), 10000);
    QTRY_VERIFY(TestLog::contains(u"is kept, unread, as"_s));
    const QStringList aside =
        QDir(m_f->config.dataDir).entryList({u"dingrelay.sqlite3.found-*"_s}, QDir::Files);
    // The old file's -wal and -shm went with it: nothing came along with the one kept aside.
    QCOMPARE(aside.size(), 1);
    QCOMPARE(TestDatabase::value(QDir(m_f->config.dataDir).filePath(aside.first()),
                                 u"SELECT COUNT(*) FROM sqlite_schema WHERE name = 'unrelated'"_s)
                 .toInt(),
             1);

    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"after"_s)).status, 200);
    m_f->model().release();
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 2);
    QTRY_COMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 2);
    QCOMPARE(m_f->scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
}

void TestDbFile::unwritableShmAtStartIsRefusedThenRecovers()
{
    startRelay();
    m_f->stop(); // closed: SQLite removes the -wal and the -shm
    // A -shm that cannot be written, even by root: a directory in its place.
    QVERIFY(QDir().mkdir(file(u"-shm"_s)));
    startRelay();
    QCOMPARE(health().value(u"status"_s).toString(), u"storage unwritable"_s);
    QVERIFY(!m_f->relay()->storageOk());
    QVERIFY2(TestLog::contains(u"cannot write %1-shm"_s.arg(file())), qPrintable(logText()));
    const HttpResult refused = postCallback(callbackUrl(), AppSecret, message(u"hello"_s));
    QCOMPARE(refused.status, 503);
    QVERIFY(refused.json().value(u"error"_s).toString().contains(u"cannot store"_s));

    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    QVERIFY(QDir().rmdir(file(u"-shm"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
    QCOMPARE(health().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello again"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
}

void TestDbFile::shmMadeImmutableWhileRunningIsRefusedNotACrash()
{
    // Writing through the mapping of an immutable -shm is SIGBUS: the relay must see it
    // first and refuse, not write.
    startRelay();
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"first"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
    QTRY_COMPARE(m_f->scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    // One question in hand when the -shm goes: its answer's records wait in memory.
    m_f->model().hold();
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"in hand"_s)).status, 200);
    QTRY_VERIFY(m_f->model().count() >= 2);
    if (!chattr(u"+i"_s, file(u"-shm"_s)))
        SKIP_OR_FAIL("chattr +i failed on the test's directory: it needs root, on ext4 or tmpfs");
    m_f->model().release();
    QTRY_VERIFY(TestLog::contains(u"kept in memory until storage takes writes again"_s));
    QCOMPARE(m_f->dingtalk().messages().size(), 1); // not sent before its mark is committed
    const HttpResult refused = postCallback(callbackUrl(), AppSecret, message(u"second"_s));
    QCOMPARE(refused.status, 503);
    QVERIFY2(TestLog::contains(u"-shm can no longer be written"_s), qPrintable(logText()));
    QCOMPARE(health().value(u"status"_s).toString(), u"storage unwritable"_s);

    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    QVERIFY(chattr(u"-i"_s, file(u"-shm"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"second"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 3);
    QTRY_COMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 3);
}

void TestDbFile::readOnlyDataFolderAtStartRecovers()
{
    startRelay();
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"earlier"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
    m_f->stop();
    // The folder and the file readable by all, writable by none. Root writes them anyway, so
    // as root the relay's file access is nobody's.
    const QString dataDir = m_f->config.dataDir;
    QVERIFY(QFile::setPermissions(m_f->path(), QFile::Permissions(0x7755)));
    QVERIFY(QFile::setPermissions(dataDir, QFile::Permissions(0x5555)));
    QVERIFY(QFile::setPermissions(file(), QFile::Permissions(0x4444)));
    const bool root = getuid() == 0;
    {
        std::optional<AsNobody> nobody;
        if (root) {
            nobody.emplace();
            if (!nobody->active())
                SKIP_OR_FAIL("setfsuid(nobody) was refused: root cannot be denied a write");
        }
        startRelay();
        QCOMPARE(health().value(u"status"_s).toString(), u"storage unwritable"_s);
        QVERIFY(!m_f->relay()->storageOk());
        QVERIFY2(TestLog::contains(u"storage unwritable"_s), qPrintable(logText()));
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"refused"_s)).status, 503);

        // Permissions fixed: the relay opens the file again by itself and takes messages.
        QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
        if (root) {
            // Given to the user the relay's files are accessed as.
            setfsuid(0);
            const QByteArray dir = QFile::encodeName(dataDir);
            QCOMPARE(::chown(dir.constData(), nobody->uid(), nobody->gid()), 0);
            QCOMPARE(::chown(QFile::encodeName(file()).constData(), nobody->uid(), nobody->gid()),
                     0);
            setfsuid(nobody->uid());
        }
        QVERIFY(QFile::setPermissions(dataDir, QFile::Permissions(0x7700)));
        QVERIFY(QFile::setPermissions(file(), QFile::Permissions(0x6600)));
        QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
        QCOMPARE(health().value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"accepted"_s)).status, 200);
        QTRY_COMPARE(m_f->dingtalk().messages().size(), 2);
        QTRY_COMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 2);
        m_f->stop();
    }
}

void TestDbFile::damagedFileIsReportedAtStart()
{
    startRelay();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello %1"_s.arg(i))).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 3);
    QTRY_VERIFY2(TestLog::contains(u"quick_check): no damage found"_s), qPrintable(logText()));
    m_f->stop();

    QVERIFY(TestDatabase::damageIndex(file(), u"messages_by_time"_s));

    TestLog::clear();
    startRelay();
    QSignalSpy damaged(m_f->relay(), &Relay::databaseDamaged);
    QTRY_VERIFY2(TestLog::contains(u"is damaged: SQLite's check found"_s), qPrintable(logText()));
    QCOMPARE(damaged.size(), 1);
    const QJsonObject details = healthDetails(m_f->url(u"/"_s), m_f->config.dataDir).json();
    QVERIFY2(details.value(u"database_check"_s).isArray(),
             QJsonDocument(details).toJson().constData());
}

QTEST_GUILESS_MAIN(TestDbFile)
#include "tst_fault_dbfile.moc"
