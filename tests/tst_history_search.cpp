// Full-text search over every message: English and Chinese, words shorter than a trigram,
// several words, highlighting, paging, and the scan used for very common short words.
#include "HistoryFixture.h"

#include "history/SearchModel.h"
#include "history/SearchQuery.h"
#include "storage/Database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const qint64 Start = 1'700'000'000'000;
}

class TestHistorySearch final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void finds_data();
    void finds();
    void newestFirstAndPaged();
    void highlightsHits();
    void snippetAroundTheHit();
    void commonShortWordIsScanned();
    void termsAndQuoting();
    void filtersByRobot();

private:
    QStringList contentsFor(const QString &text, int maxExpansion = 400);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
};

void TestHistorySearch::initTestCase()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir.path()), qPrintable(m_db->error()));
    HistoryFixture fixture(*m_db);
    HistoryFixture::Chat a;
    a.conversationId = u"c-en"_s;
    HistoryFixture::Chat b;
    b.conversationId = u"c-zh"_s;
    b.sender = u"王伟"_s;
    b.robot = u"robot-b"_s;
    const QList<QPair<QString, QString>> exchanges{
        {u"How do I deploy to Kubernetes?"_s, u"Use `kubectl apply -f deploy.yaml`."_s},
        {u"服务器部署失败了怎么办"_s, u"请先检查日志，再重新部署。"_s},
        {u"数据库报错：连接超时"_s, u"检查网络和防火墙"_s},
        {u"Nginx returns 502"_s, u"The upstream is down; 部署 again."_s},
        {u"今天的周报"_s, u"好的"_s},
        {u"部署"_s, u"ok"_s}, // the word is all there is: it ends the text
    };
    int i = 0;
    for (const auto &[q, answer] : exchanges) {
        QVERIFY(fixture.exchange(i % 2 ? b : a, q, answer, Start + i * 60'000));
        ++i;
    }
}

void TestHistorySearch::cleanupTestCase()
{
    m_db.reset();
}

QStringList TestHistorySearch::contentsFor(const QString &text, int maxExpansion)
{
    SearchModel model(SearchIndex{*m_db});
    model.setMaxExpansion(maxExpansion);
    model.setQuery(text);
    QStringList out;
    for (int i = 0; i < model.rowCount(); ++i) {
        // The snippet holds the message text here: every message is short.
        out << model.at(i).snippet;
    }
    if (!model.lastError().isEmpty())
        out << u"ERROR "_s + model.lastError();
    return out;
}

void TestHistorySearch::finds_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // newest first
    QTest::newRow("english word") << u"kubernetes"_s
                                  << QStringList{u"How do I deploy to Kubernetes?"_s};
    QTest::newRow("english substring")
        << u"ploy.ya"_s << QStringList{u"Use `kubectl apply -f deploy.yaml`."_s};
    QTest::newRow("chinese, three characters")
        << u"数据库"_s << QStringList{u"数据库报错：连接超时"_s};
    QTest::newRow("chinese, two characters")
        << u"部署"_s
        << QStringList{u"部署"_s, u"The upstream is down; 部署 again."_s,
                       u"请先检查日志，再重新部署。"_s, u"服务器部署失败了怎么办"_s};
    QTest::newRow("chinese, two characters ending a message")
        << u"好的"_s << QStringList{u"好的"_s};
    QTest::newRow("chinese, one character") << u"周"_s << QStringList{u"今天的周报"_s};
    QTest::newRow("two words, both needed")
        << u"nginx 502"_s << QStringList{u"Nginx returns 502"_s};
    QTest::newRow("short word with a long one")
        << u"upstream 部署"_s << QStringList{u"The upstream is down; 部署 again."_s};
    QTest::newRow("two short words") << u"部署 失败"_s << QStringList{u"服务器部署失败了怎么办"_s};
    QTest::newRow("no such text") << u"xyzzy"_s << QStringList{};
    QTest::newRow("no such short text") << u"猫"_s << QStringList{};
    QTest::newRow("fts syntax is text") << u"\"deploy\" OR NEAR("_s << QStringList{};
    QTest::newRow("quotes inside") << u"a\"b"_s << QStringList{};
    QTest::newRow("blank") << u"   "_s << QStringList{};
}

void TestHistorySearch::finds()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    QCOMPARE(contentsFor(query), expected);
}

void TestHistorySearch::newestFirstAndPaged()
{
    SearchModel model(SearchIndex{*m_db});
    model.setPageSize(2);
    model.setQuery(u"部署"_s);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 4);
    model.fetchMore({});
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.rowCount(), 4);
    for (int i = 1; i < model.rowCount(); ++i)
        QVERIFY(model.at(i - 1).messageId > model.at(i).messageId);
    QCOMPARE(model.at(0).conversationName, u"王伟"_s);
    QCOMPARE(model.at(0).robotId, u"robot-b"_s);
}

void TestHistorySearch::highlightsHits()
{
    SearchModel model(SearchIndex{*m_db});
    model.setQuery(u"KUBERNETES deploy"_s);
    QCOMPARE(model.rowCount(), 1);
    const SearchHit &hit = model.at(0);
    QCOMPARE(hit.ranges.size(), 2);
    QCOMPARE(hit.snippet.mid(hit.ranges.at(0).first, hit.ranges.at(0).second), u"deploy"_s);
    QCOMPARE(hit.snippet.mid(hit.ranges.at(1).first, hit.ranges.at(1).second), u"Kubernetes"_s);
    QCOMPARE(model.data(model.index(0), SearchModel::HtmlRole).toString(),
             u"How do I <span style=\"background-color:#ffe066;\">deploy</span> to "
             "<span style=\"background-color:#ffe066;\">Kubernetes</span>?"_s);
    QCOMPARE(SearchQuery::highlights(u"部署部署 x"_s, {u"部署"_s}), (QList<TextRange>{{0, 4}}));
    QCOMPARE(SearchQuery::markedHtml(u"<b>&"_s, {{1, 1}}, u"x"_s),
             u"&lt;<span style=\"x\">b</span>&gt;&amp;"_s);
}

void TestHistorySearch::snippetAroundTheHit()
{
    const QString text = QString(300, u'a') + u"\n部署 here\n"_s + QString(300, u'b');
    QList<TextRange> ranges;
    const QString snippet = SearchQuery::snippet(text, {u"部署"_s}, 80, &ranges);
    QVERIFY(snippet.startsWith(u'…'));
    QVERIFY(snippet.endsWith(u'…'));
    QVERIFY(!snippet.contains(u'\n'));
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(snippet.mid(ranges.at(0).first, ranges.at(0).second), u"部署"_s);
}

void TestHistorySearch::commonShortWordIsScanned()
{
    // More trigrams begin with the word than the expansion allows: the plan scans instead.
    const SearchPlan plan = SearchQuery::plan(SearchIndex(*m_db), u"部署"_s, 1);
    QCOMPARE(plan.kind, SearchPlan::Kind::Scan);
    QCOMPARE(contentsFor(u"部署"_s, 1).size(), 4);
    SearchModel model(SearchIndex{*m_db});
    model.setQuery(u"部署"_s);
    QCOMPARE(model.plan().kind, SearchPlan::Kind::Match);
}

void TestHistorySearch::termsAndQuoting()
{
    QCOMPARE(SearchQuery::terms(u"  Foo  \"bar baz\" foo 中文 "_s),
             (QStringList{u"foo"_s, u"bar baz"_s, u"中文"_s}));
    QCOMPARE(SearchQuery::quoted(u"a\"b"_s), u"\"a\"\"b\""_s);
    QCOMPARE(SearchQuery::characters(u"😀ab"_s), 3);
    QCOMPARE(SearchQuery::plan(SearchIndex(*m_db), u"qz 😀"_s).kind, SearchPlan::Kind::Nothing);
}

void TestHistorySearch::filtersByRobot()
{
    SearchModel model(SearchIndex{*m_db});
    model.setQuery(u"deploy"_s, u"robot-a"_s);
    QCOMPARE(model.rowCount(), 2);
    for (int i = 0; i < model.rowCount(); ++i)
        QCOMPARE(model.at(i).robotId, u"robot-a"_s);
    model.setQuery(u"deploy"_s, u"robot-b"_s);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestHistorySearch)
#include "tst_history_search.moc"
