// Exports as Markdown and JSON: what they hold, secrets redacted, a selection, cancelling
// (no file left, an older file kept), and a bad destination.
#include "HistoryFixture.h"

#include "history/ConversationModel.h"
#include "history/Exporter.h"
#include "storage/Database.h"
#include "storage/ExportReader.h"
#include "util/Redactor.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const qint64 Start = 1'700'000'000'000;
const QString RobotSecret = u"robot-app-secret-9f8e7d6c"_s;
const QString TokenShaped = u"sk-proj-AbCdEfGh1234567890"_s;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestHistoryExport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void markdownHoldsConversationsRedacted();
    void jsonParsesAndIsRedacted();
    void selectionHoldsOnlyThose();
    void writerStopsWhenCancelled();
    void cancelLeavesNoFileAndKeepsOldOne();
    void unwritableDestinationFails();
    void secondExportWaits();

private:
    Exporter::Outcome run(Exporter &exporter, const ExportRequest &request, QString *error);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    Redactor m_redactor;
    qint64 m_alice = 0;
};

void TestHistoryExport::initTestCase()
{
    m_redactor.addSecret(RobotSecret);
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir.filePath(u"data"_s)), qPrintable(m_db->error()));
    HistoryFixture fixture(*m_db);
    HistoryFixture::Chat alice;
    alice.conversationId = u"c-alice"_s;
    HistoryFixture::Chat group;
    group.conversationId = u"g-1"_s;
    group.group = true;
    group.title = u"研发群"_s;
    group.sender = u"王伟"_s;
    QVERIFY(fixture.exchange(
        alice, u"My key is "_s + TokenShaped + u", is that safe?"_s,
        u"Never paste keys. Here is a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |"_s, Start));
    QVERIFY(fixture.failure(alice, u"and now?"_s, u"auth"_s,
                            u"401 from provider: key "_s + RobotSecret + u" rejected"_s,
                            Start + 60'000));
    QVERIFY(fixture.exchange(group, u"部署失败怎么办"_s, u"```bash\nkubectl logs app\n```"_s,
                             Start + 120'000));
    ConversationModel model(HistoryReader{*m_db});
    model.reload();
    QCOMPARE(model.rowCount(), 2);
    m_alice = model.at(1).id;
}

void TestHistoryExport::cleanupTestCase()
{
    m_db.reset();
}

Exporter::Outcome TestHistoryExport::run(Exporter &exporter, const ExportRequest &request,
                                         QString *error)
{
    QSignalSpy finished(&exporter, &Exporter::finished);
    if (!exporter.start(request))
        return Exporter::Outcome::Failed;
    if (!finished.wait(20000))
        return Exporter::Outcome::Failed;
    if (error)
        *error = finished.at(0).at(1).toString();
    return finished.at(0).at(0).value<Exporter::Outcome>();
}

void TestHistoryExport::markdownHoldsConversationsRedacted()
{
    Exporter exporter(m_db->filePath(), m_redactor);
    ExportRequest request;
    request.outputFile = m_dir.filePath(u"all.md"_s);
    QSignalSpy progress(&exporter, &Exporter::progress);
    QString error;
    QCOMPARE(run(exporter, request, &error), Exporter::Outcome::Done);
    QVERIFY(error.isEmpty());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), 6);
    QCOMPARE(progress.last().at(1).toLongLong(), 6);
    // Readable by its owner alone, whatever the umask.
    QCOMPARE(QFileInfo(request.outputFile).permissions(),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                 QFileDevice::WriteUser);
    const QString md = QString::fromUtf8(readAll(request.outputFile));
    QVERIFY(md.startsWith(u"# DingRelay history"_s));
    QVERIFY(md.contains(u"## 研发群 · 王伟"_s));
    QVERIFY(md.contains(u"## alice"_s));
    QVERIFY(md.contains(u"部署失败怎么办"_s));
    QVERIFY(md.contains(u"```bash\nkubectl logs app\n```"_s));
    QVERIFY(md.contains(u"| 1 | 2 |"_s));
    QVERIFY(md.contains(u"gpt-4o-mini · 10 + 20 tokens"_s));
    QVERIFY(md.contains(u"### Error (auth)"_s));
    // The group (newest) comes before alice.
    QVERIFY(md.indexOf(u"研发群"_s) < md.indexOf(u"## alice"_s));
    QVERIFY(!md.contains(TokenShaped));
    QVERIFY(!md.contains(RobotSecret));
    QVERIFY(md.contains(u"My key is sk-***"_s));
    QVERIFY(md.contains(u"key *** rejected"_s));
}

void TestHistoryExport::jsonParsesAndIsRedacted()
{
    Exporter exporter(m_db->filePath(), m_redactor);
    ExportRequest request;
    request.format = ExportRequest::Format::Json;
    request.outputFile = m_dir.filePath(u"all.json"_s);
    QCOMPARE(run(exporter, request, nullptr), Exporter::Outcome::Done);
    const QByteArray bytes = readAll(request.outputFile);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(doc[u"format"_s].toString(), u"dingrelay-history"_s);
    const QJsonArray conversations = doc[u"conversations"_s].toArray();
    QCOMPARE(conversations.size(), 2);
    const QJsonObject group = conversations.at(0).toObject();
    QCOMPARE(group[u"title"_s].toString(), u"研发群"_s);
    QCOMPARE(group[u"group"_s].toBool(), true);
    QCOMPARE(group[u"messages"_s].toArray().size(), 2);
    const QJsonObject alice = conversations.at(1).toObject();
    const QJsonArray messages = alice[u"messages"_s].toArray();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(0)[u"role"_s].toString(), u"user"_s);
    QCOMPARE(messages.at(0)[u"sender"_s].toString(), u"alice"_s);
    QCOMPARE(messages.at(1)[u"model"_s].toString(), u"gpt-4o-mini"_s);
    QCOMPARE(messages.at(1)[u"completion_tokens"_s].toInt(), 20);
    QCOMPARE(messages.at(3)[u"role"_s].toString(), u"error"_s);
    QCOMPARE(messages.at(3)[u"error_kind"_s].toString(), u"auth"_s);
    QVERIFY(messages.at(0)[u"time"_s].toString().startsWith(u"2023-11-1"_s));
    QVERIFY(!bytes.contains(TokenShaped.toUtf8()));
    QVERIFY(!bytes.contains(RobotSecret.toUtf8()));
    QVERIFY(messages.at(3)[u"text"_s].toString().contains(u"key *** rejected"_s));
}

void TestHistoryExport::selectionHoldsOnlyThose()
{
    Exporter exporter(m_db->filePath(), m_redactor);
    ExportRequest request;
    request.format = ExportRequest::Format::Json;
    request.conversationIds = {m_alice};
    request.outputFile = m_dir.filePath(u"alice.json"_s);
    QCOMPARE(run(exporter, request, nullptr), Exporter::Outcome::Done);
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(request.outputFile));
    const QJsonArray conversations = doc[u"conversations"_s].toArray();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.at(0)[u"sender"_s].toString(), u"alice"_s);
    request.format = ExportRequest::Format::Markdown;
    request.outputFile = m_dir.filePath(u"alice.md"_s);
    QCOMPARE(run(exporter, request, nullptr), Exporter::Outcome::Done);
    const QString md = QString::fromUtf8(readAll(request.outputFile));
    QVERIFY(md.contains(u"1 conversations · 4 messages"_s));
    QVERIFY(!md.contains(u"研发群"_s));
}

void TestHistoryExport::writerStopsWhenCancelled()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    std::atomic<bool> cancelled = false;
    ExportReader reader(*m_db);
    ExportWriter writer(reader, m_redactor);
    int calls = 0;
    const bool ok = writer.write({}, buffer, cancelled, [&](qint64, qint64) {
        ++calls;
        cancelled = true; // the user pressed Cancel after the first page
    });
    QVERIFY(!ok);
    QCOMPARE(calls, 1);
    QVERIFY(writer.error().isEmpty());
}

void TestHistoryExport::cancelLeavesNoFileAndKeepsOldOne()
{
    // Enough conversations that the export cannot finish before Cancel arrives.
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.path()));
    {
        QSqlDatabase handle = db.handle();
        QVERIFY(handle.transaction());
        QSqlQuery conversation(handle);
        conversation.prepare(u"INSERT INTO conversations (id, robot_id, conv_key, "
                             "dingtalk_conversation_id, is_group, created_at, updated_at) "
                             "VALUES (?, 'robot-a', ?, ?, 0, ?, ?)"_s);
        QSqlQuery message(handle);
        message.prepare(u"INSERT INTO messages (conversation_id, role, content, created_at) "
                        "VALUES (?, 'user', ?, ?)"_s);
        for (int i = 1; i <= 3000; ++i) {
            conversation.addBindValue(i);
            conversation.addBindValue(u"k%1"_s.arg(i));
            conversation.addBindValue(u"c%1"_s.arg(i));
            conversation.addBindValue(Start + i);
            conversation.addBindValue(Start + i);
            QVERIFY(conversation.exec());
            message.addBindValue(i);
            message.addBindValue(u"question %1"_s.arg(i));
            message.addBindValue(Start + i);
            QVERIFY(message.exec());
        }
        QVERIFY(handle.commit());
    }
    const QString path = dir.filePath(u"export.md"_s);
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an earlier export");
    }
    Exporter exporter(db.filePath(), m_redactor);
    QSignalSpy finished(&exporter, &Exporter::finished);
    ExportRequest request;
    request.outputFile = path;
    QVERIFY(exporter.start(request));
    QVERIFY(exporter.isRunning());
    exporter.cancel();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(0).value<Exporter::Outcome>(), Exporter::Outcome::Cancelled);
    QVERIFY(!exporter.isRunning());
    QCOMPARE(readAll(path), QByteArray("an earlier export"));
    QCOMPARE(QDir(dir.path()).entryList({u"export.md*"_s}, QDir::Files).size(), 1);
}

void TestHistoryExport::unwritableDestinationFails()
{
    Exporter exporter(m_db->filePath(), m_redactor);
    ExportRequest request;
    request.outputFile = m_dir.filePath(u"no/such/dir/x.md"_s);
    QString error;
    QCOMPARE(run(exporter, request, &error), Exporter::Outcome::Failed);
    QVERIFY(!error.isEmpty());
    Exporter missing(m_dir.filePath(u"nothing.sqlite3"_s), m_redactor);
    request.outputFile = m_dir.filePath(u"x.md"_s);
    QCOMPARE(run(missing, request, &error), Exporter::Outcome::Failed);
    QVERIFY(error.contains(u"does not exist"_s));
    QVERIFY(!QFile::exists(request.outputFile));
}

void TestHistoryExport::secondExportWaits()
{
    Exporter exporter(m_db->filePath(), m_redactor);
    QSignalSpy finished(&exporter, &Exporter::finished);
    ExportRequest request;
    request.outputFile = m_dir.filePath(u"one.md"_s);
    QVERIFY(exporter.start(request));
    request.outputFile = m_dir.filePath(u"two.md"_s);
    QVERIFY(!exporter.start(request));
    QVERIFY(finished.wait(20000));
    QVERIFY(QFile::exists(m_dir.filePath(u"one.md"_s)));
    QVERIFY(!QFile::exists(m_dir.filePath(u"two.md"_s)));
}

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "tst_history_export.moc"
