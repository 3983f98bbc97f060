// Tests the tokenizer: tiktoken's token ids and counts for o200k_base and cl100k_base, the
// chat-message overhead, the pre-tokenizer against the published regexes, model mapping.
#include "TestLog.h"

#include "tokens/Encoding.h"
#include "tokens/ModelCatalog.h"
#include "tokens/Pretokenizer.h"
#include "tokens/RankTable.h"
#include "tokens/TokenCounter.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QResource>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>

using namespace Qt::StringLiterals;

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(DINGRELAY_SOURCE_DIR) + u"/tests/data/tokenizer/"_s + name;
}

QJsonDocument readJson(const QString &name)
{
    QFile file(dataFile(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll());
}

Encoding::Id idOf(const QString &name)
{
    return name == u"o200k_base"_s ? Encoding::Id::O200kBase : Encoding::Id::Cl100kBase;
}

QList<qint64> ids(const std::vector<std::uint32_t> &tokens)
{
    QList<qint64> out;
    for (const auto t : tokens)
        out << qint64(t);
    return out;
}

QList<qint64> ids(const QJsonArray &tokens)
{
    QList<qint64> out;
    for (const QJsonValue &t : tokens)
        out << t.toInteger();
    return out;
}

// tiktoken's patterns as published (openai_public.py), run through PCRE2: the reference the
// hand-written Pretokenizer must agree with.
QRegularExpression publishedPattern(Pretokenizer::Pattern pattern)
{
    const QString o200k =
        uR"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
        uR"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
        uR"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)"_s;
    const QString cl100k = uR"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3})"
                           uR"(| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"_s;
    return QRegularExpression(pattern == Pretokenizer::Pattern::O200k ? o200k : cl100k,
                              QRegularExpression::UseUnicodePropertiesOption);
}

} // namespace

class TestTokenizer final : public QObject
{
    Q_OBJECT

private slots:
    void rankFilesAreTiktokens_data();
    void rankFilesAreTiktokens();
    void publishedExamples_data();
    void publishedExamples();
    void matchesTiktokenOnCorpus_data();
    void matchesTiktokenOnCorpus();
    void cookbookChatExample_data();
    void cookbookChatExample();
    void countEqualsEncodeSize();
    void pretokenizerAgreesWithPublishedRegex_data();
    void pretokenizerAgreesWithPublishedRegex();
    void loneSurrogatesBecomeReplacementCharacters();
    void modelsMapToEncodings_data();
    void modelsMapToEncodings();
    void contextWindows_data();
    void contextWindows();
    void unknownModelsAreOverEstimated();
    void tokenizerSettingOverridesTheName();
    void estimateIsLoggedOncePerModel();
    void loadsOnceAcrossThreads();
    void rejectsDamagedRankFiles_data();
    void rejectsDamagedRankFiles();
    void rejectsBadRankLines_data();
    void rejectsBadRankLines();
    void ranksLookUpBytes();
};

void TestTokenizer::rankFilesAreTiktokens_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("sha256");
    // expected_hash in tiktoken's openai_public.py: the files are the published ones.
    QTest::newRow("o200k_base")
        << u"o200k_base"_s
        << QByteArray("446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d");
    QTest::newRow("cl100k_base")
        << u"cl100k_base"_s
        << QByteArray("223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7");
}

void TestTokenizer::rankFilesAreTiktokens()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, sha256);
    QFile file(u":/tokenizer/"_s + name + u".tiktoken.gz"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // Inflate with the tool everyone has, not with the code under test.
    QFile source(QStringLiteral(DINGRELAY_SOURCE_DIR) + u"/resources/tokenizer/"_s + name +
                 u".tiktoken.gz"_s);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), source.readAll()); // compiled in byte for byte
    const Encoding *encoding = Encoding::get(idOf(name));
    QVERIFY(encoding);
    QCOMPARE(encoding->name(), name);
    QCOMPARE(encoding->vocabularySize(), name == u"o200k_base"_s ? 199998u : 100256u);
    // Rebuild the text form from the loaded table: it hashes to tiktoken's expected_hash.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (std::uint32_t r = 0; r < encoding->vocabularySize(); ++r) {
        const std::string_view t = encoding->token(r);
        hash.addData(QByteArray(t.data(), qsizetype(t.size())).toBase64());
        hash.addData(QByteArray(" " + QByteArray::number(r) + "\n"));
    }
    QCOMPARE(hash.result().toHex(), sha256);
}

void TestTokenizer::publishedExamples_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("tokens");
    const QJsonArray rows = readJson(u"published.json"_s).array();
    QVERIFY(rows.size() > 100);
    int n = 0;
    for (const QJsonValue &v : rows) {
        const QJsonObject o = v.toObject();
        const QString tag = u"%1 %2: %3"_s.arg(++n).arg(o.value(u"encoding"_s).toString(),
                                                        o.value(u"text"_s).toString().left(24));
        QTest::newRow(qPrintable(tag))
            << o.value(u"encoding"_s).toString() << o.value(u"text"_s).toString()
            << ids(o.value(u"tokens"_s).toArray());
    }
}

void TestTokenizer::publishedExamples()
{
    QFETCH(QString, encoding);
    QFETCH(QString, text);
    QFETCH(QList<qint64>, tokens);
    const Encoding *e = Encoding::get(idOf(encoding));
    QVERIFY(e);
    QCOMPARE(ids(e->encode(text)), tokens);
    QCOMPARE(e->count(text), tokens.size());
}

void TestTokenizer::matchesTiktokenOnCorpus_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::newRow("o200k_base") << u"o200k_base"_s;
    QTest::newRow("cl100k_base") << u"cl100k_base"_s;
}

void TestTokenizer::matchesTiktokenOnCorpus()
{
    // 810 generated texts: contractions, mixed scripts, whitespace runs, emoji, marks, pieces
    // over 128 bytes; ids from the tiktoken package (tests/data/tokenizer/make-references.js).
    QFETCH(QString, encoding);
    const QJsonObject corpus = readJson(u"corpus.json"_s).object();
    const QJsonArray texts = corpus.value(u"texts"_s).toArray();
    const QJsonArray expected = corpus.value(u"tokens"_s).toObject().value(encoding).toArray();
    QCOMPARE(texts.size(), 810);
    QCOMPARE(expected.size(), texts.size());
    const Encoding *e = Encoding::get(idOf(encoding));
    QVERIFY(e);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QString text = texts.at(i).toString();
        const QList<qint64> want = ids(expected.at(i).toArray());
        const QList<qint64> got = ids(e->encode(text));
        if (got != want) {
            qWarning() << "text" << i << text;
            QCOMPARE(got, want);
        }
        QCOMPARE(e->count(text), want.size());
    }
}

void TestTokenizer::cookbookChatExample_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("promptTokens");
    // OpenAI cookbook "How to count tokens with tiktoken": the example conversation's
    // prompt_tokens as the API reported them.
    QTest::newRow("gpt-3.5-turbo-0613") << u"gpt-3.5-turbo-0613"_s << 129;
    QTest::newRow("gpt-4-0613") << u"gpt-4-0613"_s << 129;
    QTest::newRow("gpt-4o") << u"gpt-4o"_s << 124;
    QTest::newRow("gpt-4o-mini") << u"gpt-4o-mini"_s << 124;
}

void TestTokenizer::cookbookChatExample()
{
    QFETCH(QString, model);
    QFETCH(int, promptTokens);
    const TokenCounter counter = TokenCounter::forModel(model);
    QVERIFY(counter.isExact());
    struct Row
    {
        QString role, name, content;
    };
    const Row rows[] = {
        {u"system"_s,
         {},
         u"You are a helpful, pattern-following assistant that translates corporate jargon "
         u"into plain English."_s},
        {u"system"_s, u"example_user"_s, u"New synergies will help drive top-line growth."_s},
        {u"system"_s, u"example_assistant"_s,
         u"Things working well together will increase revenue."_s},
        {u"system"_s, u"example_user"_s,
         u"Let's circle back when we have more bandwidth to touch base on opportunities for "
         u"increased leverage."_s},
        {u"system"_s, u"example_assistant"_s,
         u"Let's talk later when we're less busy about how to do better."_s},
        {u"user"_s,
         {},
         u"This late pivot means we don't have time to boil the ocean for the client "
         u"deliverable."_s},
    };
    qsizetype total = TokenCounter::ReplyPriming;
    QList<ChatMessage> unnamed;
    for (const Row &row : rows) {
        total += counter.countMessage({row.role, row.content}, row.name);
        unnamed.append({row.role, row.content});
    }
    QCOMPARE(total, qsizetype(promptTokens));
    // Without the names: each name costs its tokens plus one.
    qsizetype names = 0;
    for (const Row &row : rows) {
        if (!row.name.isEmpty())
            names += TokenCounter::PerName + counter.count(row.name);
    }
    QCOMPARE(counter.countPrompt(unnamed), qsizetype(promptTokens) - names);
}

void TestTokenizer::countEqualsEncodeSize()
{
    const Encoding *e = Encoding::get(Encoding::Id::O200kBase);
    QVERIFY(e);
    const QString texts[] = {QString(), u" "_s, u"钉钉机器人，你好！"_s,
                             u"int main() {\n    return 0;\n}\n"_s, QString(5000, u'x')};
    for (const QString &t : texts)
        QCOMPARE(e->count(t), qsizetype(e->encode(t).size()));
    QCOMPARE(e->count(QString()), 0);
}

void TestTokenizer::pretokenizerAgreesWithPublishedRegex_data()
{
    QTest::addColumn<int>("pattern");
    QTest::newRow("o200k") << int(Pretokenizer::Pattern::O200k);
    QTest::newRow("cl100k") << int(Pretokenizer::Pattern::Cl100k);
}

void TestTokenizer::pretokenizerAgreesWithPublishedRegex()
{
    QFETCH(int, pattern);
    const auto which = Pretokenizer::Pattern(pattern);
    const QRegularExpression regex = publishedPattern(which);
    QVERIFY(regex.isValid());
    // Characters from every class the patterns tell apart, in random strings.
    const QList<char32_t> alphabet{
        u'a',  u'Z',    u'q',    u'\'',  u's',   u'S',   u't',   u'l',   u'L',   u'v',   u'e',
        u'r',  u'd',    u'm',    0x17F,  u'0',   u'7',   0x663,  0x2460, u' ',   u' ',   u'\t',
        u'\n', u'\r',   0xA0,    0x3000, 0x2028, 0x85,   u'!',   u'/',   u'.',   u'-',   u'_',
        u'(',  0x301,   0x308,   0x20DD, 0x1C5,  0x2B0,  0x4F60, 0x597D, 0xFF0C, 0x3002, 0x3042,
        0x5D0, 0x1F600, 0x1F1E8, 0x200D, 0xFE0F, 0x2160, 0x16EE};
    QRandomGenerator random(20240611);
    Pretokenizer pieces;
    for (int round = 0; round < 3000; ++round) {
        QString text;
        const int length = int(random.bounded(1, 24));
        for (int i = 0; i < length; ++i) {
            const char32_t c = alphabet.at(random.bounded(alphabet.size()));
            text += QString::fromUcs4(&c, 1);
        }
        QList<qsizetype> expected;
        QRegularExpressionMatchIterator it = regex.globalMatch(text);
        while (it.hasNext())
            expected << it.next().capturedEnd();
        pieces.reset(text);
        QList<qsizetype> got;
        for (const std::uint32_t end : pieces.split(which))
            got << pieces.utf16Position(end);
        if (got != expected) {
            qWarning() << "text" << text << text.toUcs4();
            QCOMPARE(got, expected);
        }
    }
}

void TestTokenizer::loneSurrogatesBecomeReplacementCharacters()
{
    const Encoding *e = Encoding::get(Encoding::Id::O200kBase);
    QVERIFY(e);
    const QString lone = u"a"_s + QChar(0xD83D) + u"b"_s;
    const QString replaced = u"a"_s + QChar(QChar::ReplacementCharacter) + u"b"_s;
    QCOMPARE(e->encode(lone), e->encode(replaced));
    QVERIFY(e->count(lone) > 0);
}

void TestTokenizer::modelsMapToEncodings_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("encoding"); // empty: unknown
    const auto row = [](const QString &model, const QString &encoding) {
        QTest::newRow(qPrintable(model)) << model << encoding;
    };
    row(u"gpt-4o"_s, u"o200k_base"_s);
    row(u"gpt-4o-mini-2024-07-18"_s, u"o200k_base"_s);
    row(u"GPT-4O-MINI"_s, u"o200k_base"_s);
    row(u"gpt-4.1-nano"_s, u"o200k_base"_s);
    row(u"gpt-5"_s, u"o200k_base"_s);
    row(u"o1"_s, u"o200k_base"_s);
    row(u"o1-mini"_s, u"o200k_base"_s);
    row(u"o3-mini"_s, u"o200k_base"_s);
    row(u"o4-mini-2025-04-16"_s, u"o200k_base"_s);
    row(u"chatgpt-4o-latest"_s, u"o200k_base"_s);
    row(u"openai/gpt-4o"_s, u"o200k_base"_s);
    row(u"gpt-4"_s, u"cl100k_base"_s);
    row(u"gpt-4-turbo-2024-04-09"_s, u"cl100k_base"_s);
    row(u"gpt-4-0613"_s, u"cl100k_base"_s);
    row(u"gpt-3.5-turbo"_s, u"cl100k_base"_s);
    row(u"gpt-35-turbo"_s, u"cl100k_base"_s);
    row(u"deepseek-chat"_s, QString());
    row(u"qwen-plus"_s, QString());
    row(u"llama3.1:8b"_s, QString());
    row(u"o10-preview"_s, QString());
    row(u"gpt-40"_s, QString());
    row(QString(), QString());
}

void TestTokenizer::modelsMapToEncodings()
{
    QFETCH(QString, model);
    QFETCH(QString, encoding);
    const auto id = ModelCatalog::encodingFor(model);
    QCOMPARE(id ? Encoding::name(*id) : QString(), encoding);
    const TokenCounter counter = TokenCounter::forModel(model);
    QCOMPARE(counter.isExact(), !encoding.isEmpty());
    QCOMPARE(counter.method(), encoding.isEmpty() ? u"estimate"_s : encoding);
}

void TestTokenizer::contextWindows_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("window");
    QTest::newRow("gpt-4o-mini") << u"gpt-4o-mini"_s << 128000;
    QTest::newRow("gpt-4.1") << u"gpt-4.1-2025-04-14"_s << 1047576;
    QTest::newRow("gpt-4") << u"gpt-4"_s << 8192;
    QTest::newRow("gpt-4-32k") << u"gpt-4-32k-0613"_s << 32768;
    QTest::newRow("gpt-4-turbo") << u"gpt-4-turbo"_s << 128000;
    QTest::newRow("gpt-3.5-turbo") << u"gpt-3.5-turbo-0125"_s << 16385;
    QTest::newRow("o1-mini") << u"o1-mini"_s << 128000;
    QTest::newRow("o3") << u"o3"_s << 200000;
    QTest::newRow("deepseek-chat") << u"deepseek-chat"_s << 65536;
    QTest::newRow("moonshot-v1-8k") << u"moonshot-v1-8k"_s << 8192;
    QTest::newRow("unknown") << u"my-own-model"_s << 0;
}

void TestTokenizer::contextWindows()
{
    QFETCH(QString, model);
    QFETCH(int, window);
    QCOMPARE(ModelCatalog::contextWindow(model), window);
}

void TestTokenizer::unknownModelsAreOverEstimated()
{
    // The estimate may never be below either encoding's true count.
    const TokenCounter estimate = TokenCounter::forModel(u"some-local-model"_s);
    QVERIFY(!estimate.isExact());
    const Encoding *o200k = Encoding::get(Encoding::Id::O200kBase);
    const Encoding *cl100k = Encoding::get(Encoding::Id::Cl100kBase);
    QVERIFY(o200k && cl100k);
    const QJsonArray texts = readJson(u"corpus.json"_s).object().value(u"texts"_s).toArray();
    QVERIFY(!texts.isEmpty());
    for (const QJsonValue &v : texts) {
        const QString text = v.toString();
        const qsizetype n = estimate.count(text);
        QVERIFY2(n >= o200k->count(text) && n >= cl100k->count(text), qPrintable(text));
        if (QStringView(text).isValidUtf16())
            QCOMPARE(n, text.toUtf8().size()); // the UTF-8 size
    }
    QCOMPARE(estimate.countMessage({u"user"_s, u"你好"_s}),
             TokenCounter::PerMessage + 4 + 6); // "user" and two 3-byte characters
}

void TestTokenizer::tokenizerSettingOverridesTheName()
{
    QCOMPARE(TokenCounter::forModel(u"deepseek-chat"_s, u"cl100k_base"_s).method(),
             u"cl100k_base"_s);
    QCOMPARE(TokenCounter::forModel(u"gpt-4o"_s, u"estimate"_s).method(), u"estimate"_s);
    QCOMPARE(TokenCounter::forModel(u"gpt-4"_s, u"o200k_base"_s).method(), u"o200k_base"_s);
    QCOMPARE(TokenCounter::forModel(u"gpt-4"_s, u"auto"_s).method(), u"cl100k_base"_s);
}

void TestTokenizer::estimateIsLoggedOncePerModel()
{
    TestLog::install();
    TestLog::clear();
    const auto said = [](const QString &needle) {
        const QStringList lines = TestLog::lines();
        return std::count_if(lines.cbegin(), lines.cend(),
                             [&](const QString &line) { return line.contains(needle); });
    };
    // Names no other test uses: the first call here is the model's first.
    const QString unknown = u"qwen-logged-7b"_s;
    QVERIFY(!TokenCounter::forModel(unknown).isExact());
    QCOMPARE(said(u"no tokenizer is known for model "_s + unknown), 1);
    QVERIFY(TestLog::contains(u"set model/tokenizer to o200k_base or cl100k_base"_s));
    TokenCounter::forModel(unknown);
    TokenCounter::forModel(unknown, u"auto"_s);
    QCOMPARE(said(unknown), 1); // once per model, not per message

    // Chosen in the settings, the estimate is logged as a choice, not as a missing tokenizer.
    const QString chosen = u"gpt-4o-logged"_s;
    QVERIFY(!TokenCounter::forModel(chosen, u"estimate"_s).isExact());
    QCOMPARE(said(u"model/tokenizer=estimate: token counts for "_s + chosen), 1);
    QCOMPARE(said(u"no tokenizer is known for model "_s + chosen), 0);

    // A model counted exactly says nothing.
    QVERIFY(TokenCounter::forModel(u"gpt-4.1-logged"_s).isExact());
    QCOMPARE(said(u"gpt-4.1-logged"_s), 0);
}

void TestTokenizer::loadsOnceAcrossThreads()
{
    // Every thread gets the same encoding, whichever asked first.
    std::array<std::atomic<const Encoding *>, 4> seen{};
    QList<QThread *> threads;
    for (int i = 0; i < 4; ++i) {
        threads << QThread::create([&seen, i] {
            seen[size_t(i)] = Encoding::get(Encoding::Id::Cl100kBase);
            seen[size_t(i)].load()->count(u"thread-safe counting"_s);
        });
    }
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        QVERIFY(t->wait(30000));
        delete t;
    }
    for (const auto &s : seen)
        QCOMPARE(s.load(), Encoding::get(Encoding::Id::Cl100kBase));
}

void TestTokenizer::rejectsDamagedRankFiles_data()
{
    QTest::addColumn<QByteArray>("gzip");
    QFile file(u":/tokenizer/cl100k_base.tiktoken.gz"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray whole = file.readAll();
    QTest::newRow("not gzip") << QByteArray("IQ== 0\nIg== 1\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("cut short") << whole.left(whole.size() / 2);
    QByteArray damaged = whole;
    damaged[damaged.size() / 2] = char(damaged.at(damaged.size() / 2) ^ 0x5A);
    QTest::newRow("damaged") << damaged;
}

void TestTokenizer::rejectsDamagedRankFiles()
{
    QFETCH(QByteArray, gzip);
    QString why;
    QVERIFY(!Encoding::fromGzip(Encoding::Id::Cl100kBase, gzip, &why));
    QVERIFY2(!why.isEmpty(), "no reason given");
}

void TestTokenizer::rejectsBadRankLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("no rank") << QByteArray("IQ==\n") << u"line 1"_s;
    QTest::newRow("rank not a number") << QByteArray("IQ== one\n") << u"not a number"_s;
    QTest::newRow("ranks out of order") << QByteArray("IQ== 0\nIg== 2\n") << u"rank 2"_s;
    QTest::newRow("not base64") << QByteArray("IQ== 0\n!!!! 1\n") << u"base64"_s;
    QTest::newRow("repeated token") << QByteArray("IQ== 0\nIQ== 1\n") << u"repeats"_s;
    QTest::newRow("nothing") << QByteArray("\n\n") << u"no tokens"_s;
}

void TestTokenizer::rejectsBadRankLines()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    RankTable table;
    QString why;
    // Fed a byte at a time: lines cut between pieces are joined up.
    bool ok = true;
    for (const char c : text) {
        ok = table.feed(std::string_view(&c, 1), &why);
        if (!ok)
            break;
    }
    if (ok)
        ok = table.finish(&why);
    QVERIFY(!ok);
    QVERIFY2(why.contains(error), qPrintable(why));
}

void TestTokenizer::ranksLookUpBytes()
{
    RankTable table;
    QString why;
    QVERIFY(table.feed("IQ== 0\nIg== 1\naGVsbG8= 2\r\n", &why));
    QVERIFY2(table.finish(&why), qPrintable(why));
    QCOMPARE(table.size(), 3u);
    QCOMPARE(table.rank("!"), 0u);
    QCOMPARE(table.rank("\""), 1u);
    QCOMPARE(table.rank("hello"), 2u);
    QCOMPARE(table.rank("hell"), RankTable::NoRank);
    QCOMPARE(table.rank("!!"), RankTable::NoRank);
    QCOMPARE(table.token(2), std::string_view("hello"));
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
