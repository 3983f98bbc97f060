// One desktop app per user and config: a second launch wakes the first, in-process and as
// real processes; a crashed instance's socket is replaced; headless runs are not affected.
#include "FakeHttpServer.h"
#include "TestConfigFile.h"

#include "SingleInstance.h"

#include <QFileInfo>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// An instance living in a thread of its own, as another process would: the second one's
// claim() blocks this thread while it waits for the answer.
class ThreadedInstance
{
public:
    explicit ThreadedInstance(const QString &configPath)
    {
        m_thread.start();
        m_instance = new SingleInstance(configPath);
        m_instance->moveToThread(&m_thread);
        QObject::connect(
            m_instance, &SingleInstance::activationRequested, m_instance, [this] { ++activations; },
            Qt::DirectConnection);
    }
    ~ThreadedInstance()
    {
        QMetaObject::invokeMethod(
            m_instance, [i = m_instance] { delete i; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    SingleInstance::Outcome claim()
    {
        SingleInstance::Outcome outcome{};
        QMetaObject::invokeMethod(
            m_instance, [&] { outcome = m_instance->claim(); }, Qt::BlockingQueuedConnection);
        return outcome;
    }
    std::atomic<int> activations = 0;

private:
    QThread m_thread;
    SingleInstance *m_instance = nullptr;
};

// A socket file nothing listens on, as a killed instance leaves behind.
bool makeStaleSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(path);
    if (native.size() >= qsizetype(sizeof address.sun_path)) {
        ::close(fd);
        return false;
    }
    std::copy(native.begin(), native.end(), address.sun_path);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd); // closed without unlink: the file stays, connecting to it is refused
    return bound && QFileInfo::exists(path);
}

} // namespace

class TestGuiSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void namesArePerConfigFile();
    void socketIsInAPrivateFolderWithoutRuntimeDir();
    void secondLaunchWakesTheFirst();
    void differentConfigsRunSideBySide();
    void replacesAStaleSocket();
    void ignoresWhatIsNotAnActivation();
    void realProcessesShareOneWindow();

private:
    QString config(const QString &name);
    std::unique_ptr<QProcess> launch(const QStringList &arguments);
    static bool waitForOutput(QProcess &process, const QString &text, int timeoutMs = 20000);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QTemporaryDir> m_runtime;
    std::unique_ptr<FakeHttpServer> m_fake;
    QByteArray m_oldRuntime;
};

void TestGuiSingleInstance::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_runtime = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeHttpServer>();
    QVERIFY(m_fake->listen());
    // Sockets go to a runtime folder of this test's own.
    m_oldRuntime = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime->path()));
}

void TestGuiSingleInstance::cleanupTestCase()
{
    if (m_oldRuntime.isEmpty())
        qunsetenv("XDG_RUNTIME_DIR");
    else
        qputenv("XDG_RUNTIME_DIR", m_oldRuntime);
}

QString TestGuiSingleInstance::config(const QString &name)
{
    return TestConfigFile::write(m_dir->path(), name,
                                 TestConfigFile::loopback(m_fake->url(u"/v1"_s), m_fake->url()) +
                                     u"[robot.default]\nmode=http\n"_s);
}

void TestGuiSingleInstance::namesArePerConfigFile()
{
    const QString a = config(u"a.ini"_s);
    const QString b = config(u"b.ini"_s);
    QVERIFY(SingleInstance::serverName(a) != SingleInstance::serverName(b));
    QCOMPARE(SingleInstance::serverName(a),
             SingleInstance::serverName(m_dir->path() + u"/./a.ini"_s));
    QVERIFY(SingleInstance::serverName(a).startsWith(m_runtime->path() + u"/dingrelay-"_s));
    QVERIFY(!SingleInstance::serverName(a).contains(u"a.ini"_s)); // no path in the name
    QVERIFY(!SingleInstance::serverName({}).isEmpty());           // the default config
}

void TestGuiSingleInstance::socketIsInAPrivateFolderWithoutRuntimeDir()
{
    // Without XDG_RUNTIME_DIR the socket must not sit in /tmp itself, where another user
    // could create it first and answer for this app.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::WriteOther |
                                                  QFileDevice::ExeOther)); // as /tmp is
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qunsetenv("XDG_RUNTIME_DIR");
    qputenv("TMPDIR", QFile::encodeName(tmp.path()));
    const QString name = SingleInstance::serverName(m_dir->filePath(u"a.ini"_s));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime->path()));
    if (oldTmp.isEmpty())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", oldTmp);

    const QFileInfo folder(QFileInfo(name).absolutePath());
    QVERIFY2(folder.absoluteFilePath() != QFileInfo(tmp.path()).absoluteFilePath(),
             qPrintable(name));
    QVERIFY2(folder.absoluteFilePath().startsWith(QFileInfo(tmp.path()).absoluteFilePath()),
             qPrintable(name));
    QCOMPARE(folder.ownerId(), uint(::getuid()));
    QCOMPARE(folder.permissions() &
                 (QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther |
                  QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup),
             QFileDevice::Permissions());
}

void TestGuiSingleInstance::secondLaunchWakesTheFirst()
{
    const QString path = config(u"wake.ini"_s);
    ThreadedInstance first(path);
    QCOMPARE(first.claim(), SingleInstance::Outcome::Primary);
    SingleInstance second(path);
    QCOMPARE(second.claim(), SingleInstance::Outcome::Activated);
    QTRY_COMPARE(first.activations.load(), 1);
    SingleInstance third(path);
    QCOMPARE(third.claim(), SingleInstance::Outcome::Activated);
    QTRY_COMPARE(first.activations.load(), 2);
}

void TestGuiSingleInstance::differentConfigsRunSideBySide()
{
    SingleInstance one(config(u"one.ini"_s));
    SingleInstance two(config(u"two.ini"_s));
    QCOMPARE(one.claim(), SingleInstance::Outcome::Primary);
    QCOMPARE(two.claim(), SingleInstance::Outcome::Primary);
}

void TestGuiSingleInstance::replacesAStaleSocket()
{
    const QString path = config(u"stale.ini"_s);
    const QString name = SingleInstance::serverName(path);
    QVERIFY(makeStaleSocket(name));
    ThreadedInstance first(path);
    QCOMPARE(first.claim(), SingleInstance::Outcome::Primary);
    SingleInstance second(path);
    QCOMPARE(second.claim(), SingleInstance::Outcome::Activated); // the new socket works
    QTRY_COMPARE(first.activations.load(), 1);
}

void TestGuiSingleInstance::ignoresWhatIsNotAnActivation()
{
    const QString path = config(u"noise.ini"_s);
    SingleInstance first(path);
    int activations = 0;
    connect(&first, &SingleInstance::activationRequested, this, [&] { ++activations; });
    QCOMPARE(first.claim(), SingleInstance::Outcome::Primary);
    QLocalSocket socket;
    socket.connectToServer(first.name());
    QVERIFY(socket.waitForConnected(2000));
    socket.write("GET / HTTP/1.0\n");
    socket.flush();
    QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState); // hung up on
    QCOMPARE(activations, 0);
}

std::unique_ptr<QProcess> TestGuiSingleInstance::launch(const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QT_LOGGING_RULES"_s, u"*.debug=false"_s); // the lines waited for are info
    env.insert(u"XDG_RUNTIME_DIR"_s, m_runtime->path());
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-single-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, u"single-secret"_s);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(DINGRELAY_BINARY), arguments);
    return process;
}

bool TestGuiSingleInstance::waitForOutput(QProcess &process, const QString &text, int timeoutMs)
{
    QByteArray seen;
    return QTest::qWaitFor(
        [&] {
            seen += process.readAll();
            return QString::fromUtf8(seen).contains(text);
        },
        timeoutMs);
}

void TestGuiSingleInstance::realProcessesShareOneWindow()
{
    const QString path = config(u"process.ini"_s);
    const QStringList args{u"--config"_s, path};

    auto first = launch(args);
    QVERIFY(waitForOutput(*first, u"desktop app ready"_s));
    auto second = launch(args);
    QVERIFY(second->waitForFinished(20000));
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QVERIFY(QString::fromUtf8(second->readAll()).contains(u"already running"_s));
    QVERIFY(waitForOutput(*first, u"bringing the window forward"_s));

    // A headless relay with the same config is not turned away (it has no window to show).
    auto headless = launch({u"--headless"_s, u"--config"_s, path});
    QVERIFY(waitForOutput(*headless, u"listening on"_s));
    headless->terminate(); // SIGTERM: drains and exits 0
    QVERIFY(headless->waitForFinished(20000));
    QCOMPARE(headless->exitCode(), 0);

    // Killed, the first leaves its socket behind; the next launch takes over all the same.
    first->kill();
    QVERIFY(first->waitForFinished(20000));
    QVERIFY(QFileInfo::exists(SingleInstance::serverName(path)));
    auto third = launch(args);
    QVERIFY(waitForOutput(*third, u"desktop app ready"_s));
    auto fourth = launch(args);
    QVERIFY(fourth->waitForFinished(20000));
    QCOMPARE(fourth->exitCode(), 0);
    QVERIFY(waitForOutput(*third, u"bringing the window forward"_s));
    third->kill();
    third->waitForFinished(20000);
}

QTEST_MAIN(TestGuiSingleInstance)
#include "tst_gui_singleinstance.moc"
