// dingrelay_historybench: the history window at a million messages: opening, scrolling,
// searching (English and Chinese) and peak memory (docs/BENCHMARKS.md).
#include "BenchClock.h"
#include "HistorySample.h"

#include "conversation/ConversationKey.h"
#include "history/ConversationModel.h"
#include "history/HistoryWindow.h"
#include "history/MessageModel.h"
#include "history/SearchModel.h"
#include "history/Usage.h"
#include "storage/Database.h"
#include "storage/HistoryMaintenance.h"
#include "storage/Store.h"
#include "storage/UsageReader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {
double msSince(qint64 startNs)
{
    return double(BenchClock::nowNs() - startNs) / 1e6;
}

// CPU time of this process: on a shared, loaded machine the wall clock also counts the time
// other processes had the cores; this is what the work itself took.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

qint64 procStatusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

struct Stats
{
    QList<double> values;
    double at(double q) const
    {
        if (values.isEmpty())
            return 0;
        QList<double> v = values;
        std::sort(v.begin(), v.end());
        return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(q * double(v.size()))));
    }
    double max() const
    {
        return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
    }
};

void line(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stdout);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    // Offscreen unless told otherwise: the window is built and laid out, never shown on a screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dirOption(
        u"dir"_s, u"Data directory (kept; reused when it has a database)."_s, u"dir"_s);
    const QCommandLineOption messagesOption(u"messages"_s, u"Messages to generate."_s, u"n"_s,
                                            u"1000000"_s);
    const QCommandLineOption conversationsOption(u"conversations"_s, u"Conversations."_s, u"n"_s,
                                                 u"20000"_s);
    const QCommandLineOption generateOnly(u"generate-only"_s, u"Write the database and exit."_s);
    const QCommandLineOption maintenanceOption(
        u"maintenance"_s, u"Also time deleting, pruning and clearing (changes the database)."_s);
    parser.addOptions(
        {dirOption, messagesOption, conversationsOption, generateOnly, maintenanceOption});
    parser.process(app);

    QTemporaryDir temp;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temp.path();
    const qint64 messages = parser.value(messagesOption).toLongLong();
    const int conversations = parser.value(conversationsOption).toInt();
    const QString file = QDir(dir).filePath(u"dingrelay.sqlite3"_s);

    if (parser.isSet(generateOnly)) {
        Database db;
        if (!db.open(dir)) {
            line(u"cannot open: "_s + db.error());
            return 2;
        }
        const qint64 t0 = BenchClock::nowNs();
        QString error;
        if (!HistorySample::generate(db, messages, conversations, &error)) {
            line(u"generating failed: "_s + error);
            return 2;
        }
        line(u"generated %1 messages in %2 conversations in %3 s (FTS index included)"_s
                 .arg(messages)
                 .arg(conversations)
                 .arg(msSince(t0) / 1000, 0, 'f', 1));
        return 0;
    }
    if (!QFileInfo::exists(file)) {
        // A process of its own, so the bulk insert's memory is not counted as the window's.
        QProcess generator;
        generator.setProcessChannelMode(QProcess::ForwardedChannels);
        generator.start(QCoreApplication::applicationFilePath(),
                        {u"--generate-only"_s, u"--dir"_s, dir, u"--messages"_s,
                         QString::number(messages), u"--conversations"_s,
                         QString::number(conversations)});
        if (!generator.waitForFinished(-1) || generator.exitCode() != 0)
            return 2;
    }
    line(u"database: %1 (%2 MB)"_s.arg(file).arg(QFileInfo(file).size() / (1024 * 1024)));
    line(u"rss before opening: %1 MB"_s.arg(procStatusKb("VmRSS:") / 1024));

    // 1. Opening: a new connection, the first page of conversations, the newest
    //    conversation's messages rendered, and the window laid out and painted. The first
    //    time in a process also loads fonts (CJK ones are large); then twice more.
    HistoryWindow *window = nullptr;
    for (int round = 0; round < 3; ++round) {
        delete window;
        qint64 t0 = BenchClock::nowNs();
        const double c0 = cpuMs();
        window = new HistoryWindow(dir);
        const double constructed = msSince(t0);
        const double constructedCpu = cpuMs() - c0;
        if (!window->isReady()) {
            line(u"window failed: "_s + window->error());
            return 2;
        }
        window->resize(1200, 800);
        window->show();
        QCoreApplication::processEvents();
        (void)window->grab(); // one full paint
        line(u"open (%1): models and window built %2 ms (cpu %3 ms); shown and painted %4 ms "
             "(cpu %5 ms); %6 conversations, %7 messages loaded"_s
                 .arg(round == 0 ? u"first in the process"_s : u"again"_s)
                 .arg(constructed, 0, 'f', 1)
                 .arg(constructedCpu, 0, 'f', 1)
                 .arg(msSince(t0), 0, 'f', 1)
                 .arg(cpuMs() - c0, 0, 'f', 1)
                 .arg(window->conversations()->rowCount())
                 .arg(window->messages()->rowCount()));
    }
    qint64 t0 = 0;
    {
        // Where opening goes: each model's first page alone, on a fresh connection.
        double c0 = cpuMs();
        Database db;
        db.open(dir);
        const double openCpu = cpuMs() - c0;
        c0 = cpuMs();
        ConversationModel conversationsModel(HistoryReader{db});
        conversationsModel.reload();
        const double listCpu = cpuMs() - c0;
        c0 = cpuMs();
        conversationsModel.robotIds();
        conversationsModel.groups();
        const double choicesCpu = cpuMs() - c0;
        c0 = cpuMs();
        MessageModel messagesModel(HistoryReader{db});
        messagesModel.openLatest(conversationsModel.at(0).id);
        const double messagesCpu = cpuMs() - c0;
        line(u"open, parts (cpu): database %1 ms, first 100 conversations %2 ms, filter choices "
             "%3 ms, first 50 messages %4 ms"_s.arg(openCpu, 0, 'f', 1)
                 .arg(listCpu, 0, 'f', 1)
                 .arg(choicesCpu, 0, 'f', 1)
                 .arg(messagesCpu, 0, 'f', 1));
    }

    // 2. Scrolling the conversation list to its end 100 times: each reaches a fetchMore.
    Stats scroll;
    Stats scrollCpu;
    QListView *list = window->conversationList();
    for (int i = 0; i < 100 && window->conversations()->canFetchMore({}); ++i) {
        t0 = BenchClock::nowNs();
        const double c0 = cpuMs();
        list->scrollToBottom();
        QCoreApplication::processEvents();
        if (window->conversations()->canFetchMore({}) &&
            list->verticalScrollBar()->value() == list->verticalScrollBar()->maximum())
            window->conversations()->fetchMore({});
        scroll.values << msSince(t0);
        scrollCpu.values << cpuMs() - c0;
    }
    line(u"scroll conversations (cpu): p50 %1 ms, p95 %2 ms, max %3 ms"_s
             .arg(scrollCpu.at(0.5), 0, 'f', 2)
             .arg(scrollCpu.at(0.95), 0, 'f', 2)
             .arg(scrollCpu.max(), 0, 'f', 2));
    line(u"scroll conversations: %1 pages, p50 %2 ms, p95 %3 ms, max %4 ms (%5 rows loaded)"_s
             .arg(scroll.values.size())
             .arg(scroll.at(0.5), 0, 'f', 2)
             .arg(scroll.at(0.95), 0, 'f', 2)
             .arg(scroll.max(), 0, 'f', 2)
             .arg(window->conversations()->rowCount()));
    // Older messages in the busiest conversation, rendered.
    {
        Database db;
        db.open(dir);
        QSqlQuery q(db.handle());
        q.exec(u"SELECT conversation_id FROM messages GROUP BY conversation_id ORDER BY COUNT(*) "
               "DESC LIMIT 1"_s);
        q.next();
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        window->openConversation(id);
        Stats older;
        Stats olderCpu;
        while (window->messages()->canFetchOlder() && older.values.size() < 20) {
            t0 = BenchClock::nowNs();
            const double c0 = cpuMs();
            window->messages()->fetchOlder();
            QCoreApplication::processEvents();
            older.values << msSince(t0);
            olderCpu.values << cpuMs() - c0;
        }
        line(u"scroll messages: the busiest conversation (%1 messages) read back to its start in "
             "%2 pages; each older page and the re-rendering: max %3 ms (cpu %4 ms)"_s
                 .arg(window->messages()->rowCount())
                 .arg(older.values.size() + 1)
                 .arg(older.max(), 0, 'f', 1)
                 .arg(olderCpu.max(), 0, 'f', 1));
    }

    // 3. Search: first page (50 hits, newest first) through the window, hits listed.
    const QStringList queries{u"kubernetes"_s,    u"timeout retry"_s, u"deploy/app-42"_s,
                              u"xylophone"_s,     u"数据库"_s,        u"部署失败"_s,
                              u"部署"_s,          u"报错 日志"_s,     u"监"_s,
                              u"钉钉机器人超时"_s};
    for (const QString &query : queries) {
        Stats runs;
        Stats cpu;
        int hits = 0;
        QString kind;
        for (int i = 0; i < 3; ++i) {
            window->search({});
            t0 = BenchClock::nowNs();
            const double c0 = cpuMs();
            window->search(query);
            QCoreApplication::processEvents();
            runs.values << msSince(t0);
            cpu.values << cpuMs() - c0;
            hits = window->searchResults()->rowCount();
            const auto k = window->searchResults()->plan().kind;
            kind = k == SearchPlan::Kind::Match  ? u"index"_s
                   : k == SearchPlan::Kind::Scan ? u"scan"_s
                                                 : u"none"_s;
        }
        line(u"search \"%1\": first %2 ms (cpu %3), then %4 / %5 ms (cpu %6 / %7); %8 hits on "
             "the first page, %9"_s.arg(query)
                 .arg(runs.values.at(0), 0, 'f', 1)
                 .arg(cpu.values.at(0), 0, 'f', 1)
                 .arg(runs.values.at(1), 0, 'f', 1)
                 .arg(runs.values.at(2), 0, 'f', 1)
                 .arg(cpu.values.at(1), 0, 'f', 1)
                 .arg(cpu.values.at(2), 0, 'f', 1)
                 .arg(hits)
                 .arg(kind));
    }
    {
        t0 = BenchClock::nowNs();
        window->search(u"部署"_s);
        int pages = 1;
        while (window->searchResults()->canFetchMore({}) && pages < 20) {
            window->searchResults()->fetchMore({});
            ++pages;
        }
        line(u"search \"部署\": 20 pages (%1 hits) in %2 ms"_s
                 .arg(window->searchResults()->rowCount())
                 .arg(msSince(t0), 0, 'f', 1));
    }

    // 4. Usage of the last 30 days, per robot and per user (on its own thread in the app).
    for (const auto by : {UsageRequest::By::Robot, UsageRequest::By::User}) {
        Database db;
        db.open(dir);
        UsageRequest request;
        request.by = by;
        request.toMs = QDateTime::currentMSecsSinceEpoch();
        request.fromMs = request.toMs - 30LL * 24 * 3600 * 1000;
        request.utcOffsetSeconds = Usage::localUtcOffsetSeconds();
        t0 = BenchClock::nowNs();
        const double c0 = cpuMs();
        QString error;
        const auto points = UsageReader(db).perDay(request, &error);
        const double usageCpu = cpuMs() - c0;
        line(u"usage, last 30 days %1: %2 ms, cpu %4 ms (%3 rows)"_s
                 .arg(by == UsageRequest::By::Robot ? u"per robot"_s : u"per user"_s)
                 .arg(msSince(t0), 0, 'f', 1)
                 .arg(points.size())
                 .arg(usageCpu, 0, 'f', 1));
    }

    delete window;
    line(u"peak rss (VmHWM): %1 MB"_s.arg(procStatusKb("VmHWM:") / 1024));

    // 5. What the search index costs the relay: Store::record (a question and its answer in
    //    one transaction) with the triggers, and with them dropped.
    for (const bool withIndex : {true, false}) {
        QTemporaryDir scratch;
        Database db;
        db.open(scratch.path());
        if (!withIndex) {
            QSqlQuery q(db.handle());
            for (const char *trigger :
                 {"messages_fts_insert", "messages_fts_delete", "messages_fts_update"})
                q.exec(u"DROP TRIGGER "_s + QLatin1StringView(trigger));
        }
        Store store(db);
        constexpr int Records = 2000;
        t0 = BenchClock::nowNs();
        for (int i = 0; i < Records; ++i) {
            InboundMessage m;
            m.kind = InboundMessage::Kind::Text;
            m.msgType = u"text"_s;
            m.text = u"服务器部署失败了，日志里报 connection refused，怎么排查？ %1"_s.arg(i);
            m.msgId = u"m%1"_s.arg(i);
            m.conversationId = u"cid-%1"_s.arg(i % 50);
            m.senderId = u"user"_s;
            m.createdAt = 1000 + i;
            Job job;
            job.id = store.accept(u"robot"_s, m, 1000 + i).jobId;
            job.robotId = u"robot"_s;
            job.message = m;
            JobRecord rec;
            rec.reply = u"先确认服务进程在运行，再检查端口是否在监听，最后对照防火墙规则。Check "
                        u"the service, "
                        "then the port, then the firewall."_s;
            rec.answer.model = u"gpt-4o-mini"_s;
            rec.conversationKey = ConversationKey::of(job.robotId, m);
            rec.senderKey = ConversationKey::sender(m);
            store.record(job, rec, 2000 + i);
        }
        line(u"relay write path, %1: %2 µs per Store::accept + Store::record"_s
                 .arg(withIndex ? u"with the search index"_s : u"without it"_s)
                 .arg(msSince(t0) * 1000 / Records, 0, 'f', 0));
    }

    // 6. Deleting, pruning and clearing: they change the database, so only when asked.
    if (parser.isSet(maintenanceOption)) {
        Database db;
        db.open(dir);
        QSqlQuery q(db.handle());
        q.exec(u"SELECT conversation_id, COUNT(*) FROM messages GROUP BY conversation_id "
               "ORDER BY 2 DESC LIMIT 1"_s);
        q.next();
        const qint64 busiest = q.value(0).toLongLong();
        const int count = q.value(1).toInt();
        q.finish();
        QString error;
        t0 = BenchClock::nowNs();
        HistoryMaintenance(db).deleteConversations({busiest}, &error);
        line(u"delete a conversation of %1 messages: %2 ms"_s.arg(count).arg(msSince(t0), 0, 'f',
                                                                             1));
        q.exec(u"SELECT MIN(created_at) FROM messages"_s);
        q.next();
        const qint64 cutoff = q.value(0).toLongLong() + 30LL * 24 * 3600 * 1000;
        q.finish();
        Stats batches;
        qint64 pruned = 0;
        for (;;) {
            t0 = BenchClock::nowNs();
            const int n = HistoryMaintenance(db).pruneBefore(cutoff, 500, &error);
            batches.values << msSince(t0);
            if (n <= 0)
                break;
            pruned += n;
        }
        line(
            u"retention: pruned %1 messages (the oldest 30 days) in %2 batches of 500, p50 %3 ms, max %4 ms"_s
                .arg(pruned)
                .arg(batches.values.size())
                .arg(batches.at(0.5), 0, 'f', 1)
                .arg(batches.max(), 0, 'f', 1));
        q.exec(u"SELECT COUNT(*) FROM messages"_s);
        q.next();
        const qint64 left = q.value(0).toLongLong();
        q.finish();
        t0 = BenchClock::nowNs();
        HistoryMaintenance(db).clearAll(&error);
        line(u"clear all (%1 messages): %2 ms %3"_s.arg(left)
                 .arg(msSince(t0), 0, 'f', 1)
                 .arg(error));
    }
    return 0;
}
