// Tests ContextWindow: which earlier turns go to the model under an exact token budget.
#include "conversation/ContextWindow.h"
#include "tokens/TokenCounter.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString System = u"You are a helpful assistant."_s;
const QString Question = u"new question"_s;

// n turns, each of the same token cost: "Question 3." / "Answer 3." (a digit is one token).
QList<Turn> turns(int n)
{
    QList<Turn> out;
    for (int i = 0; i < n; ++i)
        out.append({u"Question %1."_s.arg(i), u"Answer %1."_s.arg(i), {}});
    return out;
}

qsizetype turnCost(const TokenCounter &counter, const Turn &turn)
{
    return counter.countMessage({u"user"_s, turn.question}) +
           counter.countMessage({u"assistant"_s, turn.answer});
}

// What is always sent: the reply priming, the system prompt and the question.
qsizetype fixedCost(const TokenCounter &counter, const QString &system, const QString &question)
{
    return TokenCounter::ReplyPriming + counter.countMessage({u"user"_s, question}) +
           (system.trimmed().isEmpty() ? 0 : counter.countMessage({u"system"_s, system}));
}

// The indexes of the history turns found in messages, checking they come as user/assistant
// pairs between the optional system prompt and the final question.
QList<int> keptTurns(const QList<ChatMessage> &messages, const QList<Turn> &history,
                     bool withSystem)
{
    QList<int> kept;
    const qsizetype first = withSystem ? 1 : 0;
    const qsizetype last = messages.size() - 1; // the new question
    if ((last - first) % 2 != 0)
        return {-1};
    for (qsizetype i = first; i < last; i += 2) {
        if (messages.at(i).role != u"user"_s || messages.at(i + 1).role != u"assistant"_s)
            return {-2};
        int found = -3;
        for (int t = 0; t < history.size(); ++t) {
            if (history.at(t).question == messages.at(i).content &&
                history.at(t).answer == messages.at(i + 1).content)
                found = t;
        }
        kept << found;
    }
    return kept;
}

QList<int> range(int from, int to)
{
    QList<int> out;
    for (int i = from; i < to; ++i)
        out << i;
    return out;
}

} // namespace

class TestContextWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void systemPromptFirstQuestionLast();
    void emptySystemPromptLeftOut_data();
    void emptySystemPromptLeftOut();
    void budget_data();
    void budget();
    void promptTokensAreWhatTheApiCounts();
    void systemPromptKeptWhenNothingElseFits();
    void bigQuestionLeavesLessRoom();
    void newestTurnTooBigDropsAllEarlier();
    void estimateKeepsFewerTurns();
    void budgetFromTheContextWindow_data();
    void budgetFromTheContextWindow();

private:
    const TokenCounter m_counter = TokenCounter::forModel(u"gpt-4o-mini"_s);
};

void TestContextWindow::initTestCase()
{
    QVERIFY(m_counter.isExact());
    // The budget rows rely on every turn costing the same.
    const QList<Turn> history = turns(10);
    for (const Turn &turn : history)
        QCOMPARE(turnCost(m_counter, turn), turnCost(m_counter, history.first()));
}

void TestContextWindow::systemPromptFirstQuestionLast()
{
    const QList<Turn> history = turns(2);
    const BuiltContext built =
        ContextWindow::build(System, history, Question, ContextBudget{10, 100000}, m_counter);
    const QList<ChatMessage> &m = built.messages;
    QCOMPARE(m.size(), 6);
    QCOMPARE(m.first(), (ChatMessage{u"system"_s, System}));
    QCOMPARE(m.at(1), (ChatMessage{u"user"_s, history.at(0).question}));
    QCOMPARE(m.at(2), (ChatMessage{u"assistant"_s, history.at(0).answer}));
    QCOMPARE(m.at(3), (ChatMessage{u"user"_s, history.at(1).question}));
    QCOMPARE(m.at(4), (ChatMessage{u"assistant"_s, history.at(1).answer}));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));
    QCOMPARE(built.turnsKept, 2);
    QCOMPARE(built.turnsDropped, 0);
}

void TestContextWindow::emptySystemPromptLeftOut_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"  \n\t "_s;
}

void TestContextWindow::emptySystemPromptLeftOut()
{
    QFETCH(QString, prompt);
    const QList<Turn> history = turns(1);
    const QList<ChatMessage> m =
        ContextWindow::build(prompt, history, Question, ContextBudget{10, 100000}, m_counter)
            .messages;
    QCOMPARE(m.size(), 3);
    for (const ChatMessage &message : m)
        QVERIFY(message.role != u"system"_s);
    QCOMPARE(m.first(), (ChatMessage{u"user"_s, history.at(0).question}));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));
}

void TestContextWindow::budget_data()
{
    QTest::addColumn<int>("historySize");
    QTest::addColumn<int>("maxTurns");
    QTest::addColumn<int>("turnsOfTokens");   // the budget: fixed cost + this many turns' tokens
    QTest::addColumn<int>("extraTokens");     // + this (may be negative)
    QTest::addColumn<QList<int>>("expected"); // indexes of the turns sent, oldest first

    QTest::newRow("no history") << 0 << 10 << 100 << 0 << QList<int>{};
    QTest::newRow("all fit") << 4 << 10 << 100 << 0 << range(0, 4);
    QTest::newRow("turns limit keeps newest") << 6 << 2 << 100 << 0 << range(4, 6);
    QTest::newRow("turns limit equals history") << 3 << 3 << 100 << 0 << range(0, 3);
    QTest::newRow("tokens keep newest") << 6 << 10 << 2 << 5 << range(4, 6);
    QTest::newRow("tokens exactly at edge") << 6 << 10 << 3 << 0 << range(3, 6);
    QTest::newRow("tokens one short of a turn") << 6 << 10 << 3 << -1 << range(4, 6);
    QTest::newRow("both limits, turns tighter") << 6 << 1 << 3 << 0 << range(5, 6);
    QTest::newRow("both limits, tokens tighter") << 6 << 5 << 2 << 0 << range(4, 6);
    QTest::newRow("zero turns") << 4 << 0 << 100 << 0 << QList<int>{};
    QTest::newRow("no tokens to spare") << 4 << 10 << 0 << 0 << QList<int>{};
    QTest::newRow("less than one turn") << 4 << 10 << 1 << -1 << QList<int>{};
    QTest::newRow("budget below the fixed part") << 4 << 10 << 0 << -50 << QList<int>{};
}

void TestContextWindow::budget()
{
    QFETCH(int, historySize);
    QFETCH(int, maxTurns);
    QFETCH(int, turnsOfTokens);
    QFETCH(int, extraTokens);
    QFETCH(QList<int>, expected);

    const QList<Turn> history = turns(historySize);
    const qsizetype perTurn = turnCost(m_counter, turns(1).first());
    const qsizetype maxTokens =
        fixedCost(m_counter, System, Question) + turnsOfTokens * perTurn + extraTokens;
    const BuiltContext built = ContextWindow::build(System, history, Question,
                                                    ContextBudget{maxTurns, maxTokens}, m_counter);
    const QList<ChatMessage> &m = built.messages;
    QVERIFY(m.size() >= 2);
    QCOMPARE(m.first(), (ChatMessage{u"system"_s, System})); // always kept
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));  // always sent
    QCOMPARE(keptTurns(m, history, true), expected);
    QCOMPARE(built.turnsKept, int(expected.size()));
    QCOMPARE(built.turnsDropped, historySize - int(expected.size()));
    if (!expected.isEmpty())
        QVERIFY(built.promptTokens <= maxTokens);
}

void TestContextWindow::promptTokensAreWhatTheApiCounts()
{
    const QList<Turn> history{
        {u"你好，请介绍一下钉钉机器人。"_s, u"钉钉机器人可以在群里回答问题。"_s, {}},
        {u"What's the weather like?"_s, u"I can't see outside."_s, {}}};
    const BuiltContext built =
        ContextWindow::build(System, history, Question, ContextBudget{10, 100000}, m_counter);
    QCOMPARE(built.promptTokens, m_counter.countPrompt(built.messages));
}

void TestContextWindow::systemPromptKeptWhenNothingElseFits()
{
    const QString longPrompt = QString(500, u'x');
    const BuiltContext built =
        ContextWindow::build(longPrompt, turns(3), Question, ContextBudget{10, 5}, m_counter);
    QCOMPARE(built.messages.size(), 2);
    QCOMPARE(built.messages.first(), (ChatMessage{u"system"_s, longPrompt}));
    QCOMPARE(built.messages.last(), (ChatMessage{u"user"_s, Question}));
    QCOMPARE(built.turnsDropped, 3);
    QVERIFY(built.promptTokens > 5); // sent anyway: the model says itself when it is too long
}

void TestContextWindow::bigQuestionLeavesLessRoom()
{
    const QList<Turn> history = turns(4);
    const qsizetype perTurn = turnCost(m_counter, history.first());
    const qsizetype room = fixedCost(m_counter, System, Question) + 4 * perTurn;
    QCOMPARE(keptTurns(
                 ContextWindow::build(System, history, Question, ContextBudget{10, room}, m_counter)
                     .messages,
                 history, true),
             range(0, 4));
    // The same budget with a question that costs two turns more keeps two turns fewer.
    QString big = Question;
    while (m_counter.countMessage({u"user"_s, big}) <
           m_counter.countMessage({u"user"_s, Question}) + 2 * perTurn)
        big += u" more"_s;
    QCOMPARE(
        keptTurns(
            ContextWindow::build(System, history, big, ContextBudget{10, room}, m_counter).messages,
            history, true),
        range(2, 4));
}

void TestContextWindow::newestTurnTooBigDropsAllEarlier()
{
    // Sending older turns without the newest would leave a gap the model cannot see.
    QList<Turn> history = turns(3);
    history.append({u"long"_s, QString(u"word "_s).repeated(200), {}});
    const qsizetype room =
        fixedCost(m_counter, System, Question) + 3 * turnCost(m_counter, history.first());
    const BuiltContext built =
        ContextWindow::build(System, history, Question, ContextBudget{10, room}, m_counter);
    QCOMPARE(built.messages.size(), 2);
    QCOMPARE(keptTurns(built.messages, history, true), QList<int>{});
}

void TestContextWindow::estimateKeepsFewerTurns()
{
    // An unknown model's tokens are over-estimated: the same budget holds fewer turns.
    const TokenCounter estimate = TokenCounter::forModel(u"unknown-model"_s);
    QVERIFY(!estimate.isExact());
    QList<Turn> history;
    for (int i = 0; i < 10; ++i)
        history.append({u"第%1个问题：今天天气怎么样？"_s.arg(i), u"今天是晴天，适合出门。"_s, {}});
    const ContextBudget budget{10, 300};
    const BuiltContext exact = ContextWindow::build(System, history, Question, budget, m_counter);
    const BuiltContext estimated =
        ContextWindow::build(System, history, Question, budget, estimate);
    QVERIFY(exact.turnsKept > 0);
    QVERIFY2(estimated.turnsKept < exact.turnsKept,
             qPrintable(u"%1 vs %2"_s.arg(estimated.turnsKept).arg(exact.turnsKept)));
}

void TestContextWindow::budgetFromTheContextWindow_data()
{
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("maxAnswer");
    QTest::addColumn<int>("maxContext");
    QTest::addColumn<qsizetype>("expected");
    QTest::newRow("128k, default reserve") << 128000 << 0 << 0 << qsizetype(128000 - 4096);
    QTest::newRow("8k, a quarter reserved") << 8192 << 0 << 0 << qsizetype(8192 - 2048);
    QTest::newRow("max_answer_tokens reserved") << 8192 << 1000 << 0 << qsizetype(7192);
    QTest::newRow("max_context_tokens caps") << 128000 << 0 << 5000 << qsizetype(5000);
    QTest::newRow("cap above the window") << 8192 << 0 << 100000 << qsizetype(6144);
    QTest::newRow("answer as large as window") << 4096 << 4096 << 0 << qsizetype(0);
}

void TestContextWindow::budgetFromTheContextWindow()
{
    QFETCH(int, window);
    QFETCH(int, maxAnswer);
    QFETCH(int, maxContext);
    QFETCH(qsizetype, expected);
    QCOMPARE(ContextBudget::promptTokens(window, maxAnswer, maxContext), expected);
}

QTEST_GUILESS_MAIN(TestContextWindow)
#include "tst_contextwindow.moc"
