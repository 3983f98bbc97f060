// Tests MarkdownAdapter: golden model answers in tests/data/markdown and one row per rule.
#include "dingtalk/MarkdownAdapter.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString nbsp = QString(QChar(0x00A0));

QString goldenDir()
{
    return QStringLiteral(DINGRELAY_SOURCE_DIR) + u"/tests/data/markdown"_s;
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Spaces that matter but cannot be seen: trailing ones (hard breaks) and no-break ones.
QString visible(const QString &line)
{
    QString shown = line;
    shown.replace(QChar(0x00A0), u'⍽');
    qsizetype end = shown.size();
    while (end > 0 && shown.at(end - 1) == u' ')
        shown[--end] = u'␠';
    return shown;
}

// A line diff (longest common subsequence): "  " same, "- " expected only, "+ " actual only.
QString lineDiff(const QString &expected, const QString &actual)
{
    const QStringList a = expected.split(u'\n');
    const QStringList b = actual.split(u'\n');
    QList<QList<int>> lcs(a.size() + 1, QList<int>(b.size() + 1, 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i) {
        for (qsizetype j = b.size() - 1; j >= 0; --j)
            lcs[i][j] =
                a.at(i) == b.at(j) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    QString diff;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a.at(i) == b.at(j)) {
            diff += u"  "_s + visible(a.at(i++)) + u'\n';
            ++j;
        } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
            diff += u"+ "_s + visible(b.at(j++)) + u'\n';
        } else {
            diff += u"- "_s + visible(a.at(i++)) + u'\n';
        }
    }
    return diff;
}

bool validUtf16(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate())
                return false;
            ++i;
        } else if (text.at(i).isLowSurrogate()) {
            return false;
        }
    }
    return true;
}

// The words (runs of letters or digits) of a text, markup aside: what must never be lost.
QSet<QString> words(QString text)
{
    static const QRegularExpression tags(uR"(</?[A-Za-z][^<>]*>|^\s*[-*+]\s+\[[ xX]\])"_s,
                                         QRegularExpression::MultilineOption);
    static const QRegularExpression word(uR"([\p{L}\p{N}]+)"_s);
    // NFKC: the adapter's look-alikes (＿, ₂) count as the characters they stand for.
    text = text.remove(tags).normalized(QString::NormalizationForm_KC);
    QSet<QString> found;
    for (auto it = word.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(0));
    return found;
}

} // namespace

class TestMarkdownAdapter final : public QObject
{
    Q_OBJECT

private slots:
    void golden_data();
    void golden();
    void rules_data();
    void rules();
    void neverSplitsASurrogatePair();
};

void TestMarkdownAdapter::golden_data()
{
    QTest::addColumn<QString>("name");
    const QStringList inputs = QDir(goldenDir()).entryList({u"*.md"_s}, QDir::Files, QDir::Name);
    int pairs = 0;
    for (const QString &file : inputs) {
        if (file.endsWith(u".expected.md"_s))
            continue;
        const QString name = file.chopped(3);
        QTest::newRow(qPrintable(name)) << name;
        ++pairs;
    }
    QVERIFY2(pairs >= 10, qPrintable(u"only %1 golden inputs in "_s.arg(pairs) + goldenDir()));
}

void TestMarkdownAdapter::golden()
{
    QFETCH(QString, name);
    const QString input = readText(goldenDir() + u'/' + name + u".md"_s);
    QVERIFY(!input.isEmpty());
    const QString actual = MarkdownAdapter::adapt(input);
    const QString expectedPath = goldenDir() + u'/' + name + u".expected.md"_s;
    if (qEnvironmentVariableIsSet("DINGRELAY_UPDATE_GOLDEN")) {
        QFile file(expectedPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(actual.toUtf8() + '\n');
    }
    QString expected = readText(expectedPath);
    QVERIFY2(!expected.isEmpty(), qPrintable(u"missing "_s + expectedPath));
    if (expected.endsWith(u'\n')) // the file's final newline
        expected.chop(1);
    QVERIFY2(actual == expected,
             qPrintable(u"\n"_s + name + u" (- expected, + actual, ␠ space, ⍽ no-break):\n"_s +
                        lineDiff(expected, actual)));

    QVERIFY(validUtf16(actual));
    const QSet<QString> kept = words(actual);
    const QString keptText = actual.normalized(QString::NormalizationForm_KC);
    QStringList lost;
    for (const QString &w : words(input)) {
        if (!kept.contains(w) && !keptText.contains(w))
            lost.append(w);
    }
    QVERIFY2(lost.isEmpty(), qPrintable(u"lost words: "_s + lost.join(u", "_s)));
    QVERIFY2(!actual.contains(u"```"_s) && !actual.contains(u"~~~"_s), "a fence survived");
}

void TestMarkdownAdapter::rules_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString n = nbsp;

    // Fenced code
    QTest::newRow("code with language")
        << u"```python\nif x:\n    y = 1\n```"_s
        << u"**python**\n> if x:  \n> "_s + n + n + n + n + u"y = 1  "_s;
    QTest::newRow("code without language") << u"```\nls -la\n```"_s << u"> ls -la  "_s;
    QTest::newRow("tilde fence") << u"~~~sql\nSELECT 1;\n~~~"_s << u"**sql**\n> SELECT 1;  "_s;
    QTest::newRow("blank line in code")
        << u"```\na\n\nb\n```"_s << u"> a  \n> "_s + n + u"  \n> b  "_s;
    QTest::newRow("markdown in code neutralized")
        << u"```\n# not a heading\n*p = a_b[0] <x> `y`\n```"_s
        << u"> ＃ not a heading  \n> ＊p = a＿b［0］ ＜x＞ ｀y｀  "_s;
    QTest::newRow("block starters in code")
        << u"```yaml\n- name: x\n---\n1. y\n```"_s
        << u"**yaml**\n> － name: x  \n> －－－  \n> 1. y  "_s.replace(u"1. y"_s, u"1． y"_s);
    QTest::newRow("backslash before punctuation")
        << u"```\nre = r\"\\d+\\.\\\\\"\n```"_s << u"> re = r\"\\d+＼.＼＼\"  "_s;
    QTest::newRow("inner runs of spaces keep width")
        << u"```\nx = 1    # one\n```"_s << u"> x = 1 "_s + n + n + n + u"＃ one  "_s;
    QTest::newRow("tab indentation")
        << u"```go\n\treturn\n```"_s << u"**go**\n> "_s + n + n + n + n + u"return  "_s;
    QTest::newRow("unterminated fence")
        << u"Look:\n```js\nlet a = 1;"_s << u"Look:\n\n**js**\n> let a = 1;  "_s;
    QTest::newRow("longer fence holds a shorter one")
        << u"````md\n```\nx\n```\n````"_s << u"**md**\n> ｀｀｀  \n> x  \n> ｀｀｀  "_s;
    QTest::newRow("fence inside a list item")
        << u"1. Run:\n   ```bash\n   make  -j2\n   ```\n2. Done"_s
        << u"1. Run:\n\n**bash**\n> make "_s + n + u"-j2  \n\n2. Done"_s;
    QTest::newRow("sql comment stays") << u"```\n-- note\n--\n```"_s << u"> -- note  \n> －－  "_s;
    QTest::newRow("trailing blank code lines dropped") << u"```\nx\n\n\n"_s << u"> x  "_s;
    QTest::newRow("entity in code") << u"```\n&nbsp; a && b\n```"_s << u"> ＆nbsp; a && b  "_s;
    QTest::newRow("inline code kept")
        << u"Use `a_b*c` and `<div>`"_s << u"Use `a_b*c` and `<div>`"_s;

    // Tables
    QTest::newRow("two-column table") << u"| Key | Value |\n|---|---|\n| a | b |\n| c | d |"_s
                                      << u"Key · Value\n\n- **a**: b\n- **c**: d"_s;
    QTest::newRow("three-column table")
        << u"| 特性 | Python | Go |\n| :-- | :-: | --: |\n| 性能 | 较慢 | **快** |"_s
        << u"特性 · Python · Go\n\n- **性能**: Python: 较慢; Go: **快**"_s;
    QTest::newRow("table without outer pipes")
        << u"a | b\n--- | ---\n1 | `x|y`"_s << u"a · b\n\n- **1**: `x|y`"_s;
    QTest::newRow("table empty cells")
        << u"| k | v | w |\n|---|---|---|\n| | x | |"_s << u"k · v · w\n\n- v: x"_s;
    QTest::newRow("table cell with br")
        << u"| k | v |\n|---|---|\n| a | b<br>c |"_s << u"k · v\n\n- **a**: b  \n  c"_s;
    QTest::newRow("table between paragraphs") << u"Before\n| h | i |\n|--|--|\n| 1 | 2 |\nAfter"_s
                                              << u"Before\n\nh · i\n\n- **1**: 2\n\nAfter"_s;

    // HTML
    QTest::newRow("br") << u"one<br>two<br/>three"_s << u"one  \ntwo  \nthree"_s;
    QTest::newRow("simple tags")
        << u"<b>bold</b> <i>it</i> H<sub>2</sub>O <span class=\"x\">s</span>"_s
        << u"bold it H₂O s"_s;
    QTest::newRow("details") << u"<details>\n<summary>More</summary>\n\nHidden text\n</details>"_s
                             << u"More\n\nHidden text"_s;
    QTest::newRow("other tags fullwidth")
        << u"<script>x</script> a < b > c"_s << u"＜script＞x＜/script＞ a ＜ b ＞ c"_s;
    QTest::newRow("anchor") << u"<a href=\"https://x.cn\">站点</a>"_s << u"[站点](https://x.cn)"_s;
    QTest::newRow("autolink") << u"<https://x.cn/a>"_s << u"[https://x.cn/a](https://x.cn/a)"_s;
    QTest::newRow("sub and sup")
        << u"H<sub>2</sub>O, mc<sup>2</sup>, x<sup>n</sup>, a<sub>ij</sub>"_s
        << u"H₂O, mc², xⁿ, aij"_s;
    QTest::newRow("code and kbd tags") << u"<kbd>Ctrl</kbd> <code>a*b</code>"_s << u"Ctrl `a*b`"_s;
    QTest::newRow("br in list item") << u"- a<br>b"_s << u"- a  \n  b"_s;
    QTest::newRow("br in quote") << u"> a<br>b"_s << u"> a  \n> b"_s;

    // Inline and block rules
    QTest::newRow("strikethrough") << u"~~old~~ new"_s << u"old new"_s;
    QTest::newRow("task list") << u"- [ ] todo\n- [x] done\n- [X] also"_s
                               << u"- ☐ todo\n- ☑ done\n- ☑ also"_s;
    QTest::newRow("rule") << u"a\n\n---\n\nb"_s << u"a\n\n———\n\nb"_s;
    QTest::newRow("star rule") << u"* * *"_s << u"———"_s;
    QTest::newRow("shallow headings kept") << u"# A\n## B\n### C ###"_s << u"# A\n## B\n### C"_s;
    QTest::newRow("deep heading bold") << u"#### Deep\ntext"_s << u"**Deep**  \ntext"_s;
    QTest::newRow("hashtag is text") << u"#tag"_s << u"#tag"_s;
    QTest::newRow("nested list") << u"- a\n  - b\n    - c\n- d"_s
                                 << u"- a  \n"_s + n + n + u"◦ b  \n"_s + n + n + n + n +
                                        u"◦ c\n- d"_s;
    QTest::newRow("nested ordered") << u"1. a\n   1. b"_s << u"1. a  \n"_s + n + n + n + u"1. b"_s;
    QTest::newRow("math block") << u"$$\nx_i = a*b\n$$"_s << u"> x＿i = a＊b  "_s;
    QTest::newRow("math one line") << u"see\n$$E = mc^2$$\nok"_s << u"see\n\n> E = mc^2  \n\nok"_s;
    QTest::newRow("bracket math") << u"\\[\n\\frac{a}{b}\n\\]"_s << u"> \\frac{a}{b}  "_s;
    QTest::newRow("inline math kept") << u"where $a_1$ is"_s << u"where $a_1$ is"_s;

    // Hard breaks
    QTest::newRow("paragraph lines")
        << u"第一行\n第二行\n第三行"_s << u"第一行  \n第二行  \n第三行"_s;
    QTest::newRow("blank lines untouched") << u"a\n\nb"_s << u"a\n\nb"_s;
    QTest::newRow("list items untouched") << u"- a\n- b"_s << u"- a\n- b"_s;
    QTest::newRow("quotes untouched") << u"> a\n> b"_s << u"> a\n> b"_s;
    QTest::newRow("text before list") << u"Steps:\n1. a"_s << u"Steps:\n1. a"_s;
    QTest::newRow("existing hard break") << u"a  \nb"_s << u"a  \nb"_s;
    QTest::newRow("crlf") << u"a\r\nb"_s << u"a  \nb"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("emoji") << u"🎉 done 👍"_s << u"🎉 done 👍"_s;
}

void TestMarkdownAdapter::rules()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString actual = MarkdownAdapter::adapt(input);
    QVERIFY2(actual == expected, qPrintable(u"\n(- expected, + actual, ␠ space, ⍽ no-break):\n"_s +
                                            lineDiff(expected, actual)));
}

void TestMarkdownAdapter::neverSplitsASurrogatePair()
{
    const QString emoji = u"😀"_s;
    const QStringList inputs{
        u"```\n"_s + emoji + u"  "_s + emoji + u"\n```"_s,
        u"| "_s + emoji + u" | "_s + emoji + u" |\n|---|---|\n| "_s + emoji + u" | 𠀋 |"_s,
        u"~~"_s + emoji + u"~~<br>"_s + emoji,
        u"  - "_s + emoji + u"\n$$"_s + emoji + u"$$"_s,
    };
    for (const QString &input : inputs) {
        const QString out = MarkdownAdapter::adapt(input);
        QVERIFY2(validUtf16(out), qPrintable(out));
        QVERIFY2(out.count(emoji) >= input.count(emoji), qPrintable(out)); // headers may repeat
    }
}

QTEST_GUILESS_MAIN(TestMarkdownAdapter)
#include "tst_markdownadapter.moc"
