// Tests ContextWindow::build (which earlier turns go to the model) and Commands::parse.
#include "conversation/Commands.h"
#include "conversation/ContextWindow.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ChatCommand)

namespace {

const QString System = u"You are a helpful assistant."_s;
const QString Question = u"new question"_s;

// n turns "q0"/"a0" ... each padded so one turn costs exactly 10 characters.
QList<Turn> turns(int n)
{
    QList<Turn> out;
    for (int i = 0; i < n; ++i)
        out.append(
            {u"q%1"_s.arg(i).leftJustified(5, u'.'), u"a%1"_s.arg(i).leftJustified(5, u'.')});
    return out;
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
    void systemPromptFirstQuestionLast();
    void emptySystemPromptLeftOut_data();
    void emptySystemPromptLeftOut();
    void budget_data();
    void budget();
    void systemPromptKeptWhenNothingElseFits();
    void questionNotCountedInBudget();
    void newestTurnTooBigDropsAllEarlier();
    void commands_data();
    void commands();
};

void TestContextWindow::systemPromptFirstQuestionLast()
{
    const QList<Turn> history = turns(2);
    const QList<ChatMessage> m = ContextWindow::build(System, history, Question, ContextBudget{});
    QCOMPARE(m.size(), 6);
    QCOMPARE(m.first(), (ChatMessage{u"system"_s, System}));
    QCOMPARE(m.at(1), (ChatMessage{u"user"_s, history.at(0).question}));
    QCOMPARE(m.at(2), (ChatMessage{u"assistant"_s, history.at(0).answer}));
    QCOMPARE(m.at(3), (ChatMessage{u"user"_s, history.at(1).question}));
    QCOMPARE(m.at(4), (ChatMessage{u"assistant"_s, history.at(1).answer}));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));
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
    const QList<ChatMessage> m = ContextWindow::build(prompt, history, Question, ContextBudget{});
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
    QTest::addColumn<int>("maxChars");
    QTest::addColumn<QList<int>>("expected"); // indexes of the turns sent, oldest first

    // Every turn costs 10 characters.
    QTest::newRow("no history") << 0 << 10 << 12000 << QList<int>{};
    QTest::newRow("all fit") << 4 << 10 << 12000 << range(0, 4);
    QTest::newRow("turns limit keeps newest") << 6 << 2 << 12000 << range(4, 6);
    QTest::newRow("turns limit equals history") << 3 << 3 << 12000 << range(0, 3);
    QTest::newRow("chars limit keeps newest") << 6 << 10 << 25 << range(4, 6);
    QTest::newRow("chars limit exactly at edge") << 6 << 10 << 30 << range(3, 6);
    QTest::newRow("chars one short of a turn") << 6 << 10 << 29 << range(4, 6);
    QTest::newRow("both limits, turns tighter") << 6 << 1 << 30 << range(5, 6);
    QTest::newRow("both limits, chars tighter") << 6 << 5 << 20 << range(4, 6);
    QTest::newRow("zero turns") << 4 << 0 << 12000 << QList<int>{};
    QTest::newRow("zero chars") << 4 << 10 << 0 << QList<int>{};
    QTest::newRow("zero both") << 4 << 0 << 0 << QList<int>{};
    QTest::newRow("chars less than one turn") << 4 << 10 << 9 << QList<int>{};
}

void TestContextWindow::budget()
{
    QFETCH(int, historySize);
    QFETCH(int, maxTurns);
    QFETCH(int, maxChars);
    QFETCH(QList<int>, expected);

    const QList<Turn> history = turns(historySize);
    const QList<ChatMessage> m =
        ContextWindow::build(System, history, Question, ContextBudget{maxTurns, maxChars});
    QVERIFY(m.size() >= 2);
    QCOMPARE(m.first(), (ChatMessage{u"system"_s, System}));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));
    QCOMPARE(keptTurns(m, history, true), expected);
}

void TestContextWindow::systemPromptKeptWhenNothingElseFits()
{
    const QString longPrompt = QString(500, u'x');
    const QList<ChatMessage> m =
        ContextWindow::build(longPrompt, turns(3), Question, ContextBudget{10, 5});
    QCOMPARE(m.size(), 2);
    QCOMPARE(m.first(), (ChatMessage{u"system"_s, longPrompt}));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, Question}));
}

void TestContextWindow::questionNotCountedInBudget()
{
    const QString bigQuestion = QString(1000, u'?');
    const QList<Turn> history = turns(2);
    const QList<ChatMessage> m =
        ContextWindow::build(System, history, bigQuestion, ContextBudget{10, 20});
    QCOMPARE(keptTurns(m, history, true), range(0, 2));
    QCOMPARE(m.last(), (ChatMessage{u"user"_s, bigQuestion}));
}

void TestContextWindow::newestTurnTooBigDropsAllEarlier()
{
    // Sending older turns without the newest would leave a gap the model cannot see.
    QList<Turn> history = turns(3);
    history.append({u"long"_s, QString(100, u'a')});
    const QList<ChatMessage> m =
        ContextWindow::build(System, history, Question, ContextBudget{10, 50});
    QCOMPARE(m.size(), 2);
    QCOMPARE(keptTurns(m, history, true), QList<int>{});
}

void TestContextWindow::commands_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ChatCommand>("expected");

    QTest::newRow("/reset") << u"/reset"_s << ChatCommand::Reset;
    QTest::newRow("reset without slash") << u"reset"_s << ChatCommand::Reset;
    QTest::newRow("重置") << u"重置"_s << ChatCommand::Reset;
    QTest::newRow("/重置") << u"/重置"_s << ChatCommand::Reset;
    QTest::newRow("upper case") << u"/RESET"_s << ChatCommand::Reset;
    QTest::newRow("mixed case") << u"Reset"_s << ChatCommand::Reset;
    QTest::newRow("surrounding blanks") << u"  /reset \n"_s << ChatCommand::Reset;
    QTest::newRow("group @ leaves a space") << u" 重置"_s << ChatCommand::Reset;

    QTest::newRow("reset please") << u"reset please"_s << ChatCommand::None;
    QTest::newRow("empty") << QString() << ChatCommand::None;
    QTest::newRow("blank") << u"   "_s << ChatCommand::None;
    QTest::newRow("/resets") << u"/resets"_s << ChatCommand::None;
    QTest::newRow("slash alone") << u"/"_s << ChatCommand::None;
    QTest::newRow("double slash") << u"//reset"_s << ChatCommand::None;
    QTest::newRow("inside a sentence") << u"please /reset"_s << ChatCommand::None;
    QTest::newRow("重置一下") << u"重置一下"_s << ChatCommand::None;
}

void TestContextWindow::commands()
{
    QFETCH(QString, text);
    QFETCH(ChatCommand, expected);
    QCOMPARE(Commands::parse(text), expected);
}

QTEST_GUILESS_MAIN(TestContextWindow)
#include "tst_contextwindow.moc"
