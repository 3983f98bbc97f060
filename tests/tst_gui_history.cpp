// The history window under the offscreen platform: listing, filters, markdown rendering,
// search with Enter jumping to the message, export with progress, deletion, clearing, live
// updates and the usage chart.
#include "HistoryFixture.h"

#include "history/ConversationModel.h"
#include "history/Exporter.h"
#include "history/HistoryWatcher.h"
#include "history/HistoryWindow.h"
#include "history/MessageModel.h"
#include "history/MessageView.h"
#include "history/SearchModel.h"
#include "history/UsageChart.h"
#include "history/UsagePage.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QInputMethodEvent>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextFrame>
#include <QTextTable>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {
qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool hasTable(QTextFrame *frame)
{
    for (QTextFrame *child : frame->childFrames()) {
        if (qobject_cast<QTextTable *>(child) || hasTable(child))
            return true;
    }
    return false;
}
} // namespace

class TestGuiHistory final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void opensOnTheNewestConversation();
    void rendersMarkdownTablesCodeAndErrors();
    void filtersByRobotAndUser();
    void searchesAndEnterJumpsToTheMessage();
    void exportsThroughTheWindow();
    void deleteAsksFirst();
    void clearAllAsksFirst();
    void newMessagesAppearLive();
    void usageTabCharts();
    void unopenableDataDirSaysWhy();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<HistoryFixture> m_fixture;
    qint64 m_t0 = 0;
};

void TestGuiHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_fixture = std::make_unique<HistoryFixture>(*m_db);
    m_t0 = now() - 3 * 24 * 3600 * 1000LL;
    HistoryFixture::Chat alice;
    alice.conversationId = u"c-alice"_s;
    HistoryFixture::Chat group;
    group.conversationId = u"g-dev"_s;
    group.group = true;
    group.title = u"研发群"_s;
    group.sender = u"王伟"_s;
    group.robot = u"robot-b"_s;
    for (int i = 0; i < 30; ++i)
        QVERIFY(m_fixture->exchange(alice, u"filler question %1"_s.arg(i), u"filler answer"_s,
                                    m_t0 + i * 1000));
    QVERIFY(m_fixture->exchange(alice, u"Show me a table"_s,
                                u"| name | value |\n|---|---|\n| 部署 | 成功 |\n\n- one\n- two"_s,
                                m_t0 + 100'000));
    QVERIFY(m_fixture->failure(alice, u"again"_s, u"rate_limited"_s, u"429 too many"_s,
                               m_t0 + 200'000));
    QVERIFY(m_fixture->exchange(group, u"服务器部署失败了"_s,
                                u"先看日志：\n\n```bash\nkubectl logs deploy/app\n```"_s,
                                m_t0 + 300'000));
}

void TestGuiHistory::cleanup()
{
    m_fixture.reset();
    m_db.reset();
    m_dir.reset();
}

void TestGuiHistory::opensOnTheNewestConversation()
{
    HistoryWindow window(m_dir->path());
    QVERIFY2(window.isReady(), qPrintable(window.error()));
    window.show();
    QCOMPARE(window.conversations()->rowCount(), 2);
    QCOMPARE(window.conversations()->at(0).displayName(), u"研发群 · 王伟"_s);
    QCOMPARE(window.messages()->conversationId(), window.conversations()->at(0).id);
    QCOMPARE(window.messages()->rowCount(), 2);
    QVERIFY(window.messageView()->toPlainText().contains(u"服务器部署失败了"_s));
}

void TestGuiHistory::rendersMarkdownTablesCodeAndErrors()
{
    HistoryWindow window(m_dir->path());
    window.show();
    window.conversationList()->setCurrentIndex(window.conversations()->index(1));
    MessageModel *messages = window.messages();
    QCOMPARE(messages->rowCount(), 50); // a page of the 64: the newest first
    QVERIFY(messages->canFetchOlder());
    const QString text = window.messageView()->toPlainText();
    QVERIFY(text.contains(u"⚠ Error"_s));
    QVERIFY(text.contains(u"rate_limited"_s));
    QVERIFY(text.contains(u"gpt-4o-mini"_s));
    QVERIFY(text.contains(u"10 in + 20 out tokens"_s));
    QVERIFY(!text.contains(u"|---|"_s)); // a table, not pipes
    QVERIFY(hasTable(window.messageView()->document()->rootFrame()));
    QVERIFY(text.contains(u"部署"_s));
    QCOMPARE(window.messageView()->renderedMessages(), 50);
    // Older messages come in above.
    QCOMPARE(messages->fetchOlder(), 14);
    QCOMPARE(window.messageView()->renderedMessages(), 64);
    QVERIFY(window.messageView()->toPlainText().contains(u"filler question 0"_s));

    window.conversationList()->setCurrentIndex(window.conversations()->index(0));
    QVERIFY(window.messageView()->toPlainText().contains(u"kubectl logs deploy/app"_s));
}

void TestGuiHistory::filtersByRobotAndUser()
{
    HistoryWindow window(m_dir->path());
    auto *robot = window.findChild<QComboBox *>(u"robotFilter"_s);
    QVERIFY(robot);
    QCOMPARE(robot->count(), 3); // all, robot-a, robot-b
    robot->setCurrentIndex(robot->findData(u"robot-a"_s));
    QCOMPARE(window.conversations()->rowCount(), 1);
    QCOMPARE(window.conversations()->at(0).senderNick, u"alice"_s);
    QCOMPARE(window.messages()->conversationId(), window.conversations()->at(0).id);
    robot->setCurrentIndex(0);
    QCOMPARE(window.conversations()->rowCount(), 2);
    auto *chats = window.findChild<QComboBox *>(u"chatFilter"_s);
    QVERIFY(chats);
    chats->setCurrentIndex(chats->findText(u"研发群"_s));
    QCOMPARE(window.conversations()->rowCount(), 1);
    QCOMPARE(window.conversations()->at(0).title, u"研发群"_s);
}

void TestGuiHistory::searchesAndEnterJumpsToTheMessage()
{
    HistoryWindow window(m_dir->path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A two-character Chinese word, typed, then Enter.
    window.searchBox()->setFocus();
    // Chinese arrives through the input method, committed as a whole word.
    QInputMethodEvent typed;
    typed.setCommitString(u"部署"_s);
    QApplication::sendEvent(window.searchBox(), &typed);
    QTest::keyClick(window.searchBox(), Qt::Key_Return);
    QCOMPARE(window.searchResults()->text(), u"部署"_s);
    QCOMPARE(window.searchResults()->rowCount(), 2);
    QVERIFY(window.searchList()->isVisible());
    // Enter opened the newest hit, in its conversation.
    const SearchHit hit = window.searchResults()->at(0);
    QCOMPARE(window.messages()->conversationId(), hit.conversationId);
    QVERIFY(window.messages()->rowOf(hit.messageId) >= 0);
    QVERIFY(window.messageView()->positionOf(hit.messageId) >= 0);
    QCOMPARE(window.searchResults()
                 ->data(window.searchResults()->index(0), SearchModel::HtmlRole)
                 .toString()
                 .count(u"background-color"_s),
             1);
    QVERIFY(!window.messageView()->extraSelections().isEmpty());

    // English, deep in an older page: the jump loads the page around it.
    window.search(u"filler question 3"_s);
    QVERIFY(window.searchResults()->rowCount() >= 1);
    int row = -1;
    for (int i = 0; i < window.searchResults()->rowCount(); ++i) {
        if (window.searchResults()->at(i).snippet == u"filler question 3"_s)
            row = i;
    }
    QVERIFY(row >= 0);
    window.searchList()->setCurrentIndex(window.searchResults()->index(row));
    QTest::keyClick(window.searchList(), Qt::Key_Return);
    const qint64 id = window.searchResults()->at(row).messageId;
    QVERIFY(window.messages()->rowOf(id) >= 0);
    QCOMPARE(window.messages()->at(window.messages()->rowOf(id)).content, u"filler question 3"_s);

    // Clearing the box goes back to the conversations.
    window.searchBox()->clear();
    QVERIFY(window.conversationList()->isVisible());
}

void TestGuiHistory::exportsThroughTheWindow()
{
    HistoryWindow window(m_dir->path());
    window.show();
    const QString path = m_dir->filePath(u"out.md"_s);
    QString suggested;
    window.setChooseFile([&](const QString &s, const QString &) {
        suggested = s;
        return path;
    });
    QSignalSpy done(&window, &HistoryWindow::exportFinished);
    QVERIFY(window.exportHistory(HistoryWindow::ExportScope::Conversation, false));
    QVERIFY(window.exportProgress());
    QVERIFY(done.wait(20000));
    QCOMPARE(done.at(0).at(0).toBool(), true);
    QVERIFY(suggested.endsWith(u".md"_s));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(f.readAll());
    QVERIFY(md.contains(u"kubectl logs deploy/app"_s));
    QVERIFY(!md.contains(u"filler"_s)); // only the conversation shown
    QVERIFY(!window.exportProgress());

    // Choosing no file exports nothing.
    window.setChooseFile([](const QString &, const QString &) { return QString(); });
    QVERIFY(!window.exportHistory(HistoryWindow::ExportScope::Everything, true));
}

void TestGuiHistory::deleteAsksFirst()
{
    HistoryWindow window(m_dir->path());
    QStringList asked;
    bool answer = false;
    window.setConfirm([&](const QString &, const QString &text) {
        asked << text;
        return answer;
    });
    window.deleteSelected();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(window.conversations()->rowCount(), 2);
    answer = true;
    window.conversationList()->setCurrentIndex(window.conversations()->index(0));
    window.deleteSelected();
    QCOMPARE(asked.size(), 2);
    QCOMPARE(window.conversations()->rowCount(), 1);
    QCOMPARE(window.conversations()->at(0).senderNick, u"alice"_s);
    window.search(u"服务器"_s);
    QCOMPARE(window.searchResults()->rowCount(), 0);
}

void TestGuiHistory::clearAllAsksFirst()
{
    HistoryWindow window(m_dir->path());
    bool answer = false;
    window.setConfirm([&](const QString &, const QString &) { return answer; });
    window.clearEverything();
    QCOMPARE(window.conversations()->rowCount(), 2);
    answer = true;
    QSignalSpy cleared(&window, &HistoryWindow::cleared);
    window.clearEverything();
    QVERIFY(cleared.wait(20000));
    QCOMPARE(cleared.at(0).at(0).toBool(), true);
    QCOMPARE(window.conversations()->rowCount(), 0);
    QCOMPARE(window.messages()->rowCount(), 0);
    QVERIFY(window.messageView()->toPlainText().isEmpty());
}

void TestGuiHistory::newMessagesAppearLive()
{
    HistoryWindow window(m_dir->path());
    window.show();
    const qint64 shown = window.messages()->conversationId();
    HistoryFixture::Chat group;
    group.conversationId = u"g-dev"_s;
    group.group = true;
    group.title = u"研发群"_s;
    group.sender = u"王伟"_s;
    group.robot = u"robot-b"_s;
    QVERIFY(m_fixture->exchange(group, u"新问题"_s, u"新的回答 with **bold**"_s, now()));
    QTRY_COMPARE(window.messages()->rowCount(), 4);
    QCOMPARE(window.messages()->conversationId(), shown);
    QTRY_VERIFY(window.messageView()->toPlainText().contains(u"新的回答 with bold"_s));
    HistoryFixture::Chat carol;
    carol.conversationId = u"c-carol"_s;
    carol.sender = u"carol"_s;
    QVERIFY(m_fixture->exchange(carol, u"hello"_s, u"hi"_s, now() + 1000));
    QTRY_COMPARE(window.conversations()->rowCount(), 3);
    QCOMPARE(window.conversations()->at(0).senderNick, u"carol"_s);
}

void TestGuiHistory::usageTabCharts()
{
    // Usage counts the last 30 days: the fixture's messages are from three days ago.
    HistoryWindow window(m_dir->path());
    window.show();
    QSignalSpy reloaded(window.usagePage(), &UsagePage::reloaded);
    window.tabs()->setCurrentWidget(window.usagePage());
    QVERIFY(reloaded.wait(20000));
    UsageChart *chart = window.usagePage()->chart();
    QCOMPARE(chart->total(), 33); // questions: 31 of alice's, 1 in the group, 1 that failed
    QCOMPARE(chart->seriesLabels(), (QStringList{u"robot-a"_s, u"robot-b"_s}));
    QCOMPARE(window.usagePage()->totals()->topLevelItemCount(), 2);
    chart->setMetric(UsageChart::Metric::Tokens);
    QCOMPARE(chart->total(), 32 * 30);
    const QImage image = chart->grab().toImage();
    QVERIFY(!image.isNull());
}

void TestGuiHistory::unopenableDataDirSaysWhy()
{
    QFile blocker(m_dir->filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    HistoryWindow window(m_dir->filePath(u"file/sub"_s));
    QVERIFY(!window.isReady());
    QVERIFY(!window.error().isEmpty());
    window.search(u"x"_s); // does nothing, and does not crash
    window.clearEverything();
}

QTEST_MAIN(TestGuiHistory)
#include "tst_gui_history.moc"
