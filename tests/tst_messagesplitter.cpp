// Tests MessageSplitter on generated answers (English, Chinese, mixed with code) and edge texts.
#include "dingtalk/MessageSplitter.h"
#include "dingtalk/ReplyBuilder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic generators.

// xorshift64*: the same text on every machine and every run, unlike std distributions.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed * 0x9E3779B97F4A7C15ULL + 1)
    {}
    quint32 next()
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return quint32((m_state * 0x2545F4914F6CDD1DULL) >> 32);
    }
    int range(int lo, int hi) { return lo + int(next() % quint32(hi - lo + 1)); }
    bool chance(int percent) { return range(1, 100) <= percent; }
    const QString &pick(const QStringList &list) { return list.at(range(0, int(list.size()) - 1)); }

private:
    quint64 m_state;
};

enum class Kind { English, Chinese, Mixed };

struct Block
{
    qsizetype start;
    qsizetype end;
};

struct Generated
{
    QString text;
    QList<Block> blocks; // What a reader sees as one unit: a paragraph, list or code block.
};

const QStringList &englishWords()
{
    static const QStringList words =
        u"the a model answer relay message server client request response token stream "
        "should could will might always never quickly slowly carefully retry timeout queue "
        "network latency buffer parser config value setting user group robot webhook "
        "signature secret header body field error status code retry backoff jitter limit "
        "window context history summary reply markdown paragraph line chunk part split join "
        "first second third last every some many few more less and or but because when if "
        "then so while after before with without into from over under about between"_s.split(
            u' ', Qt::SkipEmptyParts);
    return words;
}

const QString &chinesePool()
{
    static const QString pool =
        u"的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家"
        u"学"
        "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头"
        "面"
        "公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明社消息模型回答服务器网"
        "络"
        "请求响应配置用户群组机器人签名密钥超时重试队列缓冲解析摘要历史上下文段落分割合并"_s;
    return pool;
}

const QStringList &emoji()
{
    static const QStringList list{u"😀"_s,  u"👍🏽"_s, u"❤️"_s, u"👨‍👩‍👧"_s,
                                  u"🇨🇳"_s, u"✅"_s};
    return list;
}

QString englishSentence(Rng &r, bool withEmoji)
{
    const int n = r.range(4, 18);
    QString s;
    for (int i = 0; i < n; ++i) {
        QString word = r.pick(englishWords());
        if (i == 0)
            word[0] = word[0].toUpper();
        else if (r.chance(4))
            word = u'`' + word + u'`';
        else if (r.chance(4))
            word = u"**"_s + word + u"**"_s;
        else if (r.chance(3))
            word = u"v"_s + QString::number(r.range(1, 9)) + u'.' + QString::number(r.range(0, 20));
        if (i > 0)
            s += u' ';
        s += word;
        if (i + 1 < n && r.chance(8))
            s += u',';
    }
    if (withEmoji && r.chance(8))
        s += u' ' + r.pick(emoji());
    s += r.chance(8) ? u'?' : r.chance(5) ? u'!' : u'.';
    return s;
}

QString chineseSentence(Rng &r, bool mixed)
{
    const QString &pool = chinesePool();
    const int clauses = r.range(1, 4);
    QString s;
    for (int c = 0; c < clauses; ++c) {
        if (c > 0)
            s += u'，';
        const int n = r.range(4, 15);
        for (int i = 0; i < n; ++i)
            s += pool.at(r.range(0, int(pool.size()) - 1));
        if (mixed && r.chance(10))
            s += u" Qt "_s + QString::number(r.range(5, 6)) + u".4 "_s;
        if (mixed && r.chance(6))
            s += r.pick(emoji());
    }
    s += r.chance(8) ? u'？' : r.chance(5) ? u'！' : u'。';
    return s;
}

QString sentence(Rng &r, Kind kind)
{
    switch (kind) {
    case Kind::English:
        return englishSentence(r, false);
    case Kind::Chinese:
        return chineseSentence(r, false);
    case Kind::Mixed:
        return r.chance(50) ? englishSentence(r, true) : chineseSentence(r, true);
    }
    return {};
}

QString paragraph(Rng &r, Kind kind, int minSentences, int maxSentences)
{
    const bool chinese = kind == Kind::Chinese;
    const bool softBreaks = r.chance(10);
    const int n = r.range(minSentences, maxSentences);
    QString p;
    for (int i = 0; i < n; ++i) {
        const QString s = sentence(r, kind);
        if (i > 0)
            p += softBreaks ? u"\n"_s : (chinese || s.at(0).unicode() > 0x7F ? QString() : u" "_s);
        p += s;
        // A markdown hard break: two trailing blanks.
        if (softBreaks && r.chance(20))
            p += u"  "_s;
    }
    return p;
}

QString longParagraph(Rng &r, Kind kind)
{
    QString p;
    while (p.size() < 4200)
        p += (p.isEmpty() || kind == Kind::Chinese ? QString() : u" "_s) + sentence(r, kind);
    return p;
}

QString list(Rng &r, Kind kind)
{
    const bool ordered = r.chance(40);
    const int n = r.range(3, 10);
    QString l;
    for (int i = 0; i < n; ++i) {
        if (i > 0)
            l += u'\n';
        l += (ordered ? QString::number(i + 1) + u". "_s : u"- "_s) + sentence(r, kind);
        if (r.chance(20))
            l += u"\n  - "_s + sentence(r, kind);
    }
    return l;
}

QString codeLine(Rng &r, bool chineseComments)
{
    const int indent = r.range(0, 3) * 4;
    QString line(indent, u' ');
    switch (r.range(0, 5)) {
    case 0:
        line += u"result = client.send(\"payload\\n\", timeout="_s +
                QString::number(r.range(1, 99)) + u")"_s;
        break;
    case 1:
        line += u"if (value > "_s + QString::number(r.range(0, 1000)) + u") {"_s;
        break;
    case 2:
        line += chineseComments
                    ? u"# 重试之前等待一会儿，避免触发限流"_s
                    : u"# wait a little before the retry so the robot is not throttled"_s;
        break;
    case 3:
        line += u"for item in items: total += item.size  # "_s + r.pick(englishWords());
        break;
    case 4:
        line += u"return {\"ok\": true, \"path\": \"C:\\\\tmp\\\\out.txt\"};"_s;
        break;
    default:
        line += u"}"_s;
        break;
    }
    return line;
}

QString codeBlock(Rng &r, int minLines, int maxLines, bool chineseComments)
{
    static const QStringList languages{u"python"_s, u"cpp"_s, u"bash"_s, u"json"_s, QString()};
    const int style = r.range(0, 5);
    const QString fence = style == 0 ? u"~~~"_s : style == 1 ? u"````"_s : u"```"_s;
    QString code = fence + r.pick(languages);
    const int n = r.range(minLines, maxLines);
    for (int i = 0; i < n; ++i) {
        code += u'\n';
        if (r.chance(10))
            continue; // A blank line inside the code.
        if (style == 1 && r.chance(10))
            code += u"```"_s; // Shorter than the "````" fence: content, not a closer.
        else
            code += codeLine(r, chineseComments);
    }
    return code + u'\n' + fence;
}

QString quotedCode(Rng &r, bool chineseComments)
{
    const int n = r.range(5, 40);
    QString q;
    for (int i = 0; i < n; ++i) {
        if (i > 0)
            q += u'\n';
        q += r.chance(10) ? u">"_s : u"> "_s + codeLine(r, chineseComments);
    }
    return q;
}

Generated generate(Kind kind, qsizetype kilobytes, quint64 seed)
{
    Rng r(seed);
    Generated g;
    qsizetype utf8 = 0;
    const bool code = kind == Kind::Mixed;
    while (utf8 < kilobytes * 1024) {
        QString block;
        const int roll = r.range(1, 100);
        if (roll <= 2)
            block = longParagraph(r, kind);
        else if (roll <= 50)
            block = paragraph(r, kind, 1, 8);
        else if (roll <= 60) // A heading belongs to its paragraph: one unit.
            block = u"## "_s + sentence(r, kind) + u"\n\n"_s + paragraph(r, kind, 1, 5);
        else if (roll <= 75 || !code)
            block = list(r, kind);
        else if (roll <= 93)
            block = codeBlock(r, 5, 80, r.chance(50));
        else
            block = quotedCode(r, r.chance(50));
        if (!g.text.isEmpty())
            g.text += r.chance(10) ? u"\n\n\n"_s : u"\n\n"_s;
        g.blocks.append({g.text.size(), g.text.size() + block.size()});
        g.text += block;
        utf8 += block.toUtf8().size() + 2;
    }
    return g;
}

// ---------------------------------------------------------------------------------------------
// An independent reading of the rules in MessageSplitter.h, to check parts against.

bool isHSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

bool isSpace(QChar c)
{
    return isHSpace(c) || c == u'\n';
}

bool onlySpace(QStringView s)
{
    return std::all_of(s.begin(), s.end(), isSpace);
}

// From a line start, past the whitespace-only lines.
qsizetype skipBlankLines(const QString &t, qsizetype p)
{
    for (;;) {
        qsizetype q = p;
        while (q < t.size() && isHSpace(t.at(q)))
            ++q;
        if (q >= t.size())
            return t.size();
        if (t.at(q) != u'\n')
            return p;
        p = q + 1;
    }
}

// Where the next part starts after a part that ends at `end`.
qsizetype nextStart(const QString &t, qsizetype end)
{
    qsizetype p = end;
    while (p < t.size() && isHSpace(t.at(p)))
        ++p;
    if (p >= t.size())
        return t.size();
    return t.at(p) == u'\n' ? skipBlankLines(t, p + 1) : p;
}

// The fenced code blocks of a text, line by line.
class FenceMap
{
public:
    explicit FenceMap(const QString &text)
    {
        static const QRegularExpression opener(uR"(^( {0,12})(`{3,32}(?!`)|~{3,32}(?!~))(.*)$)"_s);
        qsizetype start = 0;
        bool open = false;
        QChar mark;
        qsizetype run = 0;
        QString reopen, close;
        for (;;) {
            qsizetype end = text.indexOf(u'\n', start);
            if (end < 0)
                end = text.size();
            const QString line = text.mid(start, end - start);
            const QString trimmed = QStringView(line).trimmed().toString();
            Role role = Role::Text;
            if (open) {
                static const QRegularExpression closer(uR"(^ {0,12}(`+|~+)[ \t\r]*$)"_s);
                const QRegularExpressionMatch m = closer.match(line);
                if (!trimmed.isEmpty() && m.hasMatch() && m.captured(1).at(0) == mark &&
                    m.capturedLength(1) >= run) {
                    role = Role::Closer;
                    open = false;
                } else {
                    role = Role::Content;
                }
            } else if (const QRegularExpressionMatch m =
                           opener.match(line.trimmed().isEmpty() ? QString() : line);
                       m.hasMatch() &&
                       !(m.captured(2).at(0) == u'`' && m.captured(3).contains(u'`'))) {
                role = Role::Opener;
                open = true;
                mark = m.captured(2).at(0);
                run = m.capturedLength(2);
                const QString info = m.captured(3).trimmed();
                qsizetype word = 0;
                while (word < info.size() && !info.at(word).isSpace())
                    ++word;
                QString language = info.left(std::min<qsizetype>(word, 32));
                if (!language.isEmpty() && language.back().isHighSurrogate())
                    language.chop(1);
                close = m.captured(1) + m.captured(2);
                reopen = close + language;
            }
            m_starts.append(start);
            m_roles.append(role);
            m_reopen.append(role == Role::Text ? QString() : reopen);
            m_close.append(role == Role::Text ? QString() : close);
            if (end >= text.size())
                break;
            start = end + 1;
        }
        m_openAtEnd = open;
    }

    bool openAtEnd() const { return m_openAtEnd; }

    // The fence line a part starting at `pos` must begin with, or empty. A part may start
    // inside an opening line longer than a part.
    QString reopenAt(qsizetype pos) const
    {
        const qsizetype l = lineOf(pos);
        const Role role = m_roles.at(l);
        const bool inside = role == Role::Content || role == Role::Closer ||
                            (role == Role::Opener && pos > m_starts.at(l));
        return inside ? m_reopen.at(l) : QString();
    }

    // The fence line a part ending at `end` must finish with, or empty.
    QString closeAt(qsizetype end) const
    {
        const qsizetype l = lineOf(end - 1);
        return m_roles.at(l) == Role::Content || m_roles.at(l) == Role::Opener ? m_close.at(l)
                                                                               : QString();
    }

private:
    enum class Role { Text, Opener, Content, Closer };

    qsizetype lineOf(qsizetype pos) const
    {
        return qsizetype(std::upper_bound(m_starts.begin(), m_starts.end(), pos) -
                         m_starts.begin()) -
               1;
    }

    QList<qsizetype> m_starts;
    QList<Role> m_roles;
    QStringList m_reopen;
    QStringList m_close;
    bool m_openAtEnd = false;
};

// JSON bytes as DingTalk counts them, from Qt's own escaping of each ASCII character.
int referenceJsonBytes(QStringView text)
{
    static const QList<int> ascii = [] {
        QList<int> sizes;
        for (char16_t c = 0; c < 0x80; ++c)
            sizes.append(int(QJsonDocument(QJsonArray{QString(QChar(c))})
                                 .toJson(QJsonDocument::Compact)
                                 .size()) -
                         4);
        return sizes;
    }();
    int bytes = 0;
    for (const QChar c : text)
        bytes += c.unicode() < 0x80 ? ascii.at(c.unicode()) : 6;
    return bytes;
}

// The whole sessionWebhook body, counted the DingTalk way.
int bodyBytes(const QString &part)
{
    const QString body = QString::fromUtf8(ReplyBuilder::markdown(part, u"manager0123456789"_s));
    int bytes = 0;
    for (const QChar c : body)
        bytes += c.unicode() < 0x80 ? 1 : 6;
    return bytes;
}

bool fits(const QString &text, const SplitLimits &limits)
{
    return text.size() <= limits.maxChars &&
           MessageSplitter::jsonBytes(text) <= limits.maxJsonBytes;
}

// A cut never leaves what the reader sees as one character in two parts.
bool badStart(QStringView s)
{
    if (s.isEmpty())
        return false;
    const QChar c = s.front();
    const char32_t cp = s.left(2).toUcs4().value(0);
    const bool skinTone = cp >= 0x1F3FB && cp <= 0x1F3FF;
    return c.isLowSurrogate() || c == QChar(0x200D) || c == QChar(0xFE0F) ||
           c.category() == QChar::Mark_NonSpacing || skinTone;
}

bool badEnd(QStringView s)
{
    return !s.isEmpty() && (s.back().isHighSurrogate() || s.back() == QChar(0x200D));
}

struct Checked
{
    QString error;            // Empty when every check passed.
    QList<qsizetype> cutEnds; // Where each part but the last ends in the original.
    int reopened = 0;         // Parts that start by reopening a code block.
};

// Checks parts against every rule and rebuilds the original from them.
Checked check(const QString &text, const QStringList &parts, const SplitLimits &limits)
{
    Checked out;
    auto fail = [&out](const QString &why) {
        out.error = why;
        return out;
    };
    if (fits(text, limits)) {
        if (parts != QStringList{text})
            return fail(u"a text that fits must come back unchanged"_s);
        return out;
    }
    if (onlySpace(text))
        return parts.isEmpty() ? out : fail(u"whitespace gives no parts"_s);
    if (parts.isEmpty())
        return fail(u"no parts"_s);

    const FenceMap fences(text);
    const qsizetype n = parts.size();
    const QString total = QString::number(n);
    QStringList bodies;
    for (qsizetype i = 0; i < n; ++i) {
        const QString &part = parts.at(i);
        const QString where = u"part "_s + QString::number(i + 1) + u": "_s;
        if (part.size() > limits.maxChars)
            return fail(where + u"too many characters: "_s + QString::number(part.size()));
        if (MessageSplitter::jsonBytes(part) > limits.maxJsonBytes)
            return fail(where + u"too many bytes"_s);
        if (MessageSplitter::jsonBytes(part) != referenceJsonBytes(part))
            return fail(where + u"jsonBytes differs from the reference"_s);
        if (bodyBytes(part) > 20000)
            return fail(where + u"the sessionWebhook body exceeds 20000 bytes"_s);
        if (FenceMap(part).openAtEnd())
            return fail(where + u"unbalanced fences"_s);
        const QString marker =
            n == 1 ? QString() : u"**("_s + QString::number(i + 1) + u'/' + total + u")**\n\n"_s;
        if (!part.startsWith(marker))
            return fail(where + u"marker missing: "_s + part.left(20));
        bodies.append(part.mid(marker.size()));
    }

    // Rebuilds the original part by part. A part ends either where its body ends or before an
    // added closing fence; both can read right (a part may end with the block's own closing
    // line, or with the first characters of it), so the parts after it decide: backtrack.
    QString lastError;
    std::function<bool(qsizetype, qsizetype)> rebuild = [&](qsizetype i, qsizetype pos) {
        const QString where = u"part "_s + QString::number(i + 1) + u": "_s;
        QString body = bodies.at(i);
        const QString reopen = fences.reopenAt(pos);
        if (!reopen.isEmpty()) {
            if (!body.startsWith(reopen + u'\n')) {
                lastError = where + u"the code block is not reopened with "_s + reopen;
                return false;
            }
            body.remove(0, reopen.size() + 1);
        }
        QList<qsizetype> ends;
        const QStringView rest = QStringView(text).mid(pos);
        if (rest.startsWith(body) && fences.closeAt(pos + body.size()).isEmpty())
            ends.append(pos + body.size());
        if (const qsizetype nl = body.lastIndexOf(u'\n'); nl > 0) {
            const QString closer = body.mid(nl + 1);
            const qsizetype end = pos + nl;
            if (rest.startsWith(QStringView(body).left(nl)) && !closer.isEmpty() &&
                fences.closeAt(end) == closer)
                ends.append(end);
        }
        lastError = where + u"does not continue the original at "_s + QString::number(pos) +
                    u": "_s + body.left(60);
        for (const qsizetype end : std::as_const(ends)) {
            const QStringView s = QStringView(text).mid(pos, end - pos);
            if (s.isEmpty() || isSpace(s.back()) || badStart(s) || badEnd(s))
                continue;
            const qsizetype next = nextStart(text, end);
            if (i + 1 == n ? next < text.size() : (next >= text.size() || !rebuild(i + 1, next)))
                continue;
            if (i + 1 < n)
                out.cutEnds.prepend(end);
            if (!reopen.isEmpty())
                ++out.reopened;
            return true;
        }
        return false;
    };
    if (!rebuild(0, skipBlankLines(text, 0)))
        return fail(lastError);
    return out;
}

// Whether a cut falls inside a block that would have fitted one part.
QString cutInsideSmallBlock(const Generated &g, const Checked &checked, const SplitLimits &limits)
{
    for (const Block &b : g.blocks) {
        // Trailing blanks (a markdown hard break) are whitespace at the cut, not inside.
        qsizetype end = b.end;
        while (end > b.start && isSpace(g.text.at(end - 1)))
            --end;
        const QStringView block = QStringView(g.text).mid(b.start, end - b.start);
        if (block.size() > limits.maxChars - 200 ||
            MessageSplitter::jsonBytes(block) > limits.maxJsonBytes - 1200)
            continue;
        const auto it = std::upper_bound(checked.cutEnds.begin(), checked.cutEnds.end(), b.start);
        if (it != checked.cutEnds.end() && *it < end)
            return u"a cut at "_s + QString::number(*it) + u" falls inside the block "_s +
                   block.left(80).toString();
    }
    return {};
}

QString bodyOf(const QString &part)
{
    const qsizetype blank = part.indexOf(u"\n\n"_s);
    return part.startsWith(u"**("_s) && blank > 0 ? part.mid(blank + 2) : part;
}

} // namespace

class TestMessageSplitter final : public QObject
{
    Q_OBJECT

private slots:
    void jsonBytes_data();
    void jsonBytes();
    void jsonBytesMatchesQJsonForAscii();
    void jsonBytesIsSixPerCjkCharacter();
    void generated_data();
    void generated();
    void fitsUnchanged_data();
    void fitsUnchanged();
    void oneOverTheLimit_data();
    void oneOverTheLimit();
    void exactParagraphCut();
    void exactCodeBlockCut();
    void longSingleLines_data();
    void longSingleLines();
    void longCodeBlock();
    void unclosedFenceIsClosed();
    void emojiAtEveryCut_data();
    void emojiAtEveryCut();
    void onlyNewlines();
    void surroundingWhitespaceOnlyGivesOneUnnumberedPart();
    void quotedRunKeptWhole();
    void markerWidthChangesTheCount();
    void crlfText();
    void randomFragments();
};

void TestMessageSplitter::jsonBytes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("bytes");
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("ascii") << u"hello world"_s << 11;
    QTest::newRow("quote") << u"\""_s << 2;
    QTest::newRow("backslash") << u"\\"_s << 2;
    QTest::newRow("slash not escaped") << u"/"_s << 1;
    QTest::newRow("newline") << u"\n"_s << 2;
    QTest::newRow("tab") << u"\t"_s << 2;
    QTest::newRow("control") << QString(QChar(0x01)) << 6;
    QTest::newRow("DEL") << QString(QChar(0x7F)) << 1;
    QTest::newRow("latin-1") << u"é"_s << 6;
    QTest::newRow("CJK") << u"中文"_s << 12;
    QTest::newRow("emoji pair") << u"😀"_s << 12;
    QTest::newRow("lone surrogate") << QString(QChar(0xD83D)) << 6;
    QTest::newRow("mixed") << u"a中\"\n"_s << 11;
}

void TestMessageSplitter::jsonBytes()
{
    QFETCH(QString, text);
    QFETCH(int, bytes);
    QCOMPARE(MessageSplitter::jsonBytes(text), bytes);
}

void TestMessageSplitter::jsonBytesMatchesQJsonForAscii()
{
    auto qtSize = [](const QString &s) {
        // ["..."]: the brackets and quotes are not the string's.
        return int(QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact).size()) - 4;
    };
    QString all;
    for (char16_t c = 0; c < 0x80; ++c) {
        const QString one(QChar{c});
        QCOMPARE(MessageSplitter::jsonBytes(one), qtSize(one));
        all += one;
    }
    QCOMPARE(MessageSplitter::jsonBytes(all), qtSize(all));
    Rng r(7);
    QString text;
    for (int i = 0; i < 20000; ++i)
        text += QChar(char16_t(r.chance(90) ? r.range(0x20, 0x7E) : r.range(0, 0x7F)));
    QCOMPARE(MessageSplitter::jsonBytes(text), qtSize(text));
}

void TestMessageSplitter::jsonBytesIsSixPerCjkCharacter()
{
    const Generated g = generate(Kind::Chinese, 10, 3);
    QString cjk;
    for (const QChar c : g.text) {
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            cjk += c;
    }
    QVERIFY(cjk.size() > 1000);
    QCOMPARE(MessageSplitter::jsonBytes(cjk), 6 * cjk.size());
}

void TestMessageSplitter::generated_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("kilobytes");
    QTest::addColumn<int>("maxChars");
    QTest::addColumn<int>("maxJsonBytes");
    const QList<QPair<Kind, const char *>> kinds{
        {Kind::English, "English"}, {Kind::Chinese, "Chinese"}, {Kind::Mixed, "mixed"}};
    for (const auto &[kind, name] : kinds) {
        for (const int kb : {10, 50, 200})
            QTest::addRow("%s %d KB", name, kb) << int(kind) << kb << 3500 << 18000;
    }
    // Small parts: many more cuts, most of them inside code blocks and long paragraphs.
    QTest::addRow("mixed 50 KB, small parts") << int(Kind::Mixed) << 50 << 600 << 2400;
    QTest::addRow("Chinese 50 KB, small parts") << int(Kind::Chinese) << 50 << 400 << 1200;
}

void TestMessageSplitter::generated()
{
    QFETCH(int, kind);
    QFETCH(int, kilobytes);
    QFETCH(int, maxChars);
    QFETCH(int, maxJsonBytes);
    const SplitLimits limits{maxChars, maxJsonBytes};
    const Generated g = generate(Kind(kind), kilobytes, quint64(kind * 1000 + kilobytes));

    QElapsedTimer timer;
    timer.start();
    const QStringList parts = MessageSplitter::split(g.text, limits);
    const qint64 ns = timer.nsecsElapsed();
    qInfo("%s: %lld UTF-16 units, %lld parts in %.2f ms", QTest::currentDataTag(),
          qlonglong(g.text.size()), qlonglong(parts.size()), double(ns) / 1e6);

    QVERIFY(parts.size() > 1);
    const Checked checked = check(g.text, parts, limits);
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    const QString inside = cutInsideSmallBlock(g, checked, limits);
    QVERIFY2(inside.isEmpty(), qPrintable(inside));
    if (Kind(kind) == Kind::Mixed && maxChars < 1000)
        QVERIFY(checked.reopened > 0);
    // Deterministic: the same answer always gives the same parts.
    QCOMPARE(MessageSplitter::split(g.text, limits), parts);
}

void TestMessageSplitter::fitsUnchanged_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("exactly 3500 characters") << QString(3500, u'a');
    QString words;
    while (words.size() < 3500)
        words += u"word "_s;
    words.truncate(3500);
    QTest::newRow("exactly 3500, words") << words;
    QTest::newRow("exactly 18000 bytes of CJK") << QString(3000, QChar(0x4E2D));
    QTest::newRow("3500 quotes, 7000 bytes") << QString(3500, u'"');
    QTest::newRow("3500 with an open fence") << u"```\n"_s + QString(3496, u'x');
    QTest::newRow("newlines") << QString(100, u'\n');
}

void TestMessageSplitter::fitsUnchanged()
{
    QFETCH(QString, text);
    QCOMPARE(MessageSplitter::split(text), QStringList{text});
}

void TestMessageSplitter::oneOverTheLimit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("parts");
    QTest::newRow("3501 characters, one word") << QString(3501, u'a') << 2;
    QString words;
    while (words.size() < 3501)
        words += u"word "_s;
    words.truncate(3501);
    QTest::newRow("3501, words") << words << 2;
    QTest::newRow("18006 bytes of CJK") << QString(3001, QChar(0x4E2D)) << 2;
    QTest::newRow("3501 newline-separated")
        << (QString(1750, u'a') + u'\n' + QString(1750, u'b')) << 2;
}

void TestMessageSplitter::oneOverTheLimit()
{
    QFETCH(QString, text);
    QFETCH(int, parts);
    const QStringList split = MessageSplitter::split(text);
    QCOMPARE(split.size(), parts);
    const Checked checked = check(text, split, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
}

void TestMessageSplitter::exactParagraphCut()
{
    // Blank lines (even ones holding blanks) and trailing blanks go at a cut; indentation stays.
    const QString a = QString(150, u'a');
    const QString b = u"  "_s + QString(148, u'b');
    const QString text = u"\n\n"_s + a + u"  \n\n \n\t\n"_s + b + u"\n\n"_s;
    const QStringList parts = MessageSplitter::split(text, {200, 1200});
    QCOMPARE(parts, (QStringList{u"**(1/2)**\n\n"_s + a, u"**(2/2)**\n\n"_s + b}));
    QVERIFY(check(text, parts, {200, 1200}).error.isEmpty());
}

void TestMessageSplitter::exactCodeBlockCut()
{
    QString code;
    for (int i = 0; i < 10; ++i)
        code += u"line "_s + QString::number(i) + u" "_s + QString(24, u'x') + u'\n';
    // 10 lines of 32 characters: too many for one 200-character part.
    const QString text = u"```python\n"_s + code + u"```"_s;
    const QStringList parts = MessageSplitter::split(text, {200, 1200});
    const Checked checked = check(text, parts, {200, 1200});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    QCOMPARE(parts.size(), 2);
    QVERIFY(parts.at(0).startsWith(u"**(1/2)**\n\n```python\nline 0 "_s));
    QVERIFY(parts.at(0).endsWith(u"x\n```"_s));
    QVERIFY(parts.at(1).startsWith(u"**(2/2)**\n\n```python\nline "_s));
    QVERIFY(parts.at(1).endsWith(u"x\n```"_s));
    QCOMPARE(checked.reopened, 1);
}

void TestMessageSplitter::longSingleLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("endings"); // What a part may end with, when the text allows.
    Rng r(11);
    QString english;
    while (english.size() < 10240)
        english += englishSentence(r, false) + u' ';
    QTest::newRow("10 KB English line") << english << u".!?"_s;
    QString chinese;
    while (chinese.size() < 10240)
        chinese += chineseSentence(r, false);
    QTest::newRow("10 KB Chinese line") << chinese << u"。！？"_s;
    QTest::newRow("10 KB without blanks") << QString(10240, u'x') << QString();
    QString quoted;
    while (quoted.size() < 10240)
        quoted += u"\"quoted\\path\" "_s;
    QTest::newRow("10 KB of escaped characters") << quoted << QString();
    QTest::newRow("10 KB paragraph of short lines")
        << QString(u"short line here\n"_s).repeated(640) << u"e"_s;
}

void TestMessageSplitter::longSingleLines()
{
    QFETCH(QString, text);
    QFETCH(QString, endings);
    QElapsedTimer timer;
    timer.start();
    const QStringList parts = MessageSplitter::split(text);
    qInfo("%s: %lld parts in %.3f ms", QTest::currentDataTag(), qlonglong(parts.size()),
          double(timer.nsecsElapsed()) / 1e6);
    QVERIFY(parts.size() >= 3);
    const Checked checked = check(text, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    // Full parts: no needlessly small ones before the last.
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        QVERIFY2(parts.at(i).size() > 3500 / 2 ||
                     MessageSplitter::jsonBytes(parts.at(i)) > 18000 / 2,
                 qPrintable(QString::number(i)));
        if (!endings.isEmpty())
            QVERIFY2(endings.contains(parts.at(i).back()), qPrintable(parts.at(i).right(20)));
    }
}

void TestMessageSplitter::longCodeBlock()
{
    Rng r(5);
    QString code = u"Here is the script:\n\n```python\n"_s;
    while (code.size() < 10240)
        code += codeLine(r, true) + u'\n';
    code += u"```\n\nThat is all."_s;
    const QStringList parts = MessageSplitter::split(code);
    const Checked checked = check(code, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    QVERIFY(parts.size() >= 3);
    QVERIFY(checked.reopened >= 2);
    // The short introduction does not get a part of its own: the block after it is cut anyway.
    QVERIFY(parts.at(0).contains(u"```python\n"_s));
    for (const QString &part : parts)
        QVERIFY(!FenceMap(part).openAtEnd());
}

void TestMessageSplitter::unclosedFenceIsClosed()
{
    // A model cut off by its token limit leaves the block open.
    QString text = u"~~~bash title=\"run it\"\n"_s;
    while (text.size() < 8000)
        text += u"echo \"step\" && sleep 1\n"_s;
    const QStringList parts = MessageSplitter::split(text);
    const Checked checked = check(text, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    QVERIFY(parts.last().endsWith(u"\n~~~"_s));
    QVERIFY(parts.at(1).startsWith(u"**(2/3)**\n\n~~~bash\necho"_s));
}

void TestMessageSplitter::emojiAtEveryCut_data()
{
    QTest::addColumn<QString>("text");
    const QList<QPair<QString, const char *>> units{
        {u"😀"_s, "pair"},          {u"👨‍👩‍👧"_s, "ZWJ family"},
        {u"❤️"_s, "VS16"},     {u"👍🏽"_s, "skin tone"},
        {u"🇨🇳"_s, "flag"},         {u"é"_s, "combining mark"},
        {u"中😀 "_s, "with blanks"}};
    for (const auto &[unit, name] : units) {
        for (int offset = 0; offset < 8; ++offset) {
            QString text(offset, u'a');
            while (text.size() < 8000 + offset)
                text += unit;
            QTest::addRow("%s, offset %d", name, offset) << text;
        }
    }
}

void TestMessageSplitter::emojiAtEveryCut()
{
    QFETCH(QString, text);
    const QStringList parts = MessageSplitter::split(text);
    QVERIFY(parts.size() >= 2);
    const Checked checked = check(text, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    for (const QString &part : parts) {
        const QString body = bodyOf(part);
        QVERIFY(!badStart(body));
        QVERIFY(!badEnd(body));
        // 🇨🇳 is two regional indicators: a part never starts with the second one.
        QVERIFY(!body.startsWith(QString::fromUcs4(U"\U0001F1F3")));
    }
}

void TestMessageSplitter::onlyNewlines()
{
    QCOMPARE(MessageSplitter::split(u"\n\n\n"_s), QStringList{u"\n\n\n"_s});
    QCOMPARE(MessageSplitter::split(QString(20000, u'\n')), QStringList());
    QCOMPARE(MessageSplitter::split(QString(u" \r\n\t\n"_s).repeated(5000)), QStringList());
}

void TestMessageSplitter::surroundingWhitespaceOnlyGivesOneUnnumberedPart()
{
    const QString text = u"\n\n"_s + u"Short answer."_s + QString(4000, u'\n');
    QCOMPARE(MessageSplitter::split(text), QStringList{u"Short answer."_s});
}

void TestMessageSplitter::quotedRunKeptWhole()
{
    Rng r(9);
    QString intro;
    while (intro.size() < 2000)
        intro += englishSentence(r, false) + u' ';
    intro = intro.trimmed();
    QString quoted;
    while (quoted.size() < 2000)
        quoted += u"> "_s + codeLine(r, false) + u'\n';
    quoted.chop(1);
    const QString text = intro + u'\n' + quoted + u"\nDone."_s;
    const QStringList parts = MessageSplitter::split(text);
    const Checked checked = check(text, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0), u"**(1/2)**\n\n"_s + intro);
    QVERIFY(parts.at(1).startsWith(u"**(2/2)**\n\n"_s + quoted));
}

void TestMessageSplitter::markerWidthChangesTheCount()
{
    // Paragraphs that fill a part exactly with a one-digit marker ("**(1/9)**\n\n", 11
    // characters) but not with a two-digit one.
    Rng r(13);
    QString para;
    while (para.size() < 3489)
        para += englishSentence(r, false) + u' ';
    para.truncate(3489);
    while (para.back().isSpace())
        para.chop(1);
    while (para.size() < 3489)
        para += u'x';
    QCOMPARE(para.size(), 3500 - 11);

    for (int count = 8; count <= 11; ++count) {
        QStringList paragraphs;
        for (int i = 0; i < count; ++i)
            paragraphs.append(para);
        const QString text = paragraphs.join(u"\n\n"_s);
        const QStringList parts = MessageSplitter::split(text);
        const Checked checked = check(text, parts, {});
        QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
        if (count <= 9) {
            QCOMPARE(parts.size(), count); // One paragraph a part.
        } else {
            // Ten do not fit ten parts once the marker needs two more characters.
            QVERIFY(parts.size() > count);
            QVERIFY(parts.last().startsWith(u"**("_s + QString::number(parts.size()) + u'/' +
                                            QString::number(parts.size()) + u")**\n\n"_s));
        }
    }
}

void TestMessageSplitter::crlfText()
{
    const Generated g = generate(Kind::Mixed, 20, 17);
    QString text = g.text;
    text.replace(u"\n"_s, u"\r\n"_s);
    const QStringList parts = MessageSplitter::split(text);
    const Checked checked = check(text, parts, {});
    QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
    for (const QString &part : parts)
        QVERIFY(!part.endsWith(u'\r'));
}

void TestMessageSplitter::randomFragments()
{
    // Hostile mixes of the pieces the rules care about, with small parts so that cuts land
    // everywhere: fences of every kind (some never closed), blank and whitespace-only lines,
    // CRLF, emoji sequences, combining marks, long runs without blanks, quotes and headings.
    const QStringList fragments{u"\n"_s,
                                u"\n\n"_s,
                                u"\r\n"_s,
                                u" "_s,
                                u"\t"_s,
                                u"  \n \n"_s,
                                u"```"_s,
                                u"```python"_s,
                                u"~~~"_s,
                                u"````md"_s,
                                u"   ```js x"_s,
                                u"> "_s,
                                u"## "_s,
                                u"- "_s,
                                u"1. "_s,
                                u"。"_s,
                                u". "_s,
                                u"! "_s,
                                u"?\" "_s,
                                u"😀"_s,
                                u"👨‍👩‍👧"_s,
                                u"❤️"_s,
                                u"👍🏽"_s,
                                u"🇨🇳"_s,
                                u"é"_s,
                                u"\""_s,
                                u"\\"_s,
                                u"\u0001"_s,
                                u"中文字符"_s,
                                u"word"_s,
                                u"another"_s,
                                QString(300, u'x'),
                                QString(120, QChar(0x4E2D)),
                                u"`"_s,
                                u"````"_s,
                                u"```a`"_s,
                                QString(40, u'~'),
                                QString(20, u'`'),
                                u"**(1/2)**"_s};
    Rng r(2024);
    for (int round = 0; round < 400; ++round) {
        QString text;
        const int pieces = r.range(1, 400);
        for (int i = 0; i < pieces; ++i) {
            const QString &f = r.pick(fragments);
            // Fences only count at a line start.
            if ((f.startsWith(u'`') || f.startsWith(u'~') || f.startsWith(u' ')) &&
                !text.isEmpty() && !text.endsWith(u'\n'))
                text += u'\n';
            text += f;
        }
        const SplitLimits limits{r.range(200, 900), r.range(1200, 5000)};
        const QStringList parts = MessageSplitter::split(text, limits);
        const Checked checked = check(text, parts, limits);
        QVERIFY2(checked.error.isEmpty(),
                 qPrintable(u"round "_s + QString::number(round) + u": "_s + checked.error));
    }
}

QTEST_GUILESS_MAIN(TestMessageSplitter)
#include "tst_messagesplitter.moc"
