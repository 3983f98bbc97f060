#include "dingtalk/MarkdownAdapter.h"

#include <QList>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

constexpr char16_t kNbsp = 0x00A0;

// What a produced line is, so the last pass knows where DingTalk would join lines.
enum class Kind { Blank, Text, Item, Quote, Heading, Block };

struct Line
{
    QString text;
    Kind kind;
};

struct Output
{
    QList<Line> lines;

    void add(const QString &text, Kind kind) { lines.append({text, kind}); }
    // Blocks we create (code, math, tables, rules) stand in their own paragraphs.
    void blank()
    {
        if (!lines.isEmpty() && lines.constLast().kind != Kind::Blank)
            lines.append({QString(), Kind::Blank});
    }
};

bool isAsciiPunct(QChar c)
{
    return c.unicode() < 128 && c.isPrint() && !c.isLetterOrNumber() && c != u' ';
}

// The fullwidth form of a printable ASCII character (U+FF01..U+FF5E mirror '!'..'~').
QChar fullwidth(QChar c)
{
    return QChar(char16_t(c.unicode() + 0xFEE0));
}

// Code and math go into quoted lines, where DingTalk would still read markdown and HTML.
// Backslash escapes are not reliable there, so the characters that would start emphasis,
// headings, links, inline code or tags are swapped for their fullwidth look-alikes
// (＊ ＿ ＃ ｀ ［ ］ ＜ ＞): every CJK font DingTalk users have contains them (no tofu), they read
// as the same symbol, and no renderer treats them as syntax. A backslash is swapped (＼) only
// where it could be taken as an escape, i.e. before ASCII punctuation, so "\n" and "\frac"
// keep their look. "&name;" would become an entity, so its '&' is swapped too.
QString neutralize(const QString &text)
{
    static const QRegularExpression entity(uR"(&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)"_s);
    QString out = text;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = out.at(i);
        if (u"*_#`[]<>"_s.contains(c)) {
            out[i] = fullwidth(c);
        } else if (c == u'\\' && i + 1 < out.size() && isAsciiPunct(out.at(i + 1))) {
            out[i] = fullwidth(c);
            if (out.at(i + 1) == u'\\') // "\\" is one escaped backslash: swap both
                out[++i] = fullwidth(c);
        } else if (c == u'&' && entity
                                    .match(out, i, QRegularExpression::NormalMatch,
                                           QRegularExpression::AnchorAtOffsetMatchOption)
                                    .hasMatch()) {
            out[i] = fullwidth(c);
        }
    }
    return out;
}

// One line of code or math as a quoted line ending in a hard break (consecutive quoted lines
// would otherwise be joined into one paragraph). DingTalk collapses runs of spaces, so
// indentation and inner runs become no-break spaces of the same width.
QString quotedCodeLine(QString line)
{
    while (!line.isEmpty() && line.back().isSpace())
        line.chop(1);
    if (line.isEmpty())
        return u"> "_s + QChar(kNbsp) + u"  "_s;
    QString indent;
    qsizetype i = 0;
    for (; i < line.size() && (line.at(i) == u' ' || line.at(i) == u'\t'); ++i)
        indent += QString(line.at(i) == u'\t' ? 4 : 1, QChar(kNbsp));
    QString rest = neutralize(line.mid(i));
    for (qsizetype j = 1; j < rest.size(); ++j) {
        if (rest.at(j) == u' ' && (rest.at(j - 1) == u' ' || rest.at(j - 1) == QChar(kNbsp)))
            rest[j] = QChar(kNbsp);
    }
    // At the start of a quoted line these would open a list, a setext heading or a fence.
    static const QRegularExpression starter(
        uR"(^(?:[-+](?=\s|$)|[-=]+(?=\s*$)|~{3,}|\d+[.)](?=\s|$)))"_s);
    if (indent.isEmpty()) {
        const QRegularExpressionMatch m = starter.match(rest);
        for (qsizetype j = 0; m.hasMatch() && j < m.capturedLength(); ++j) {
            if (!rest.at(j).isDigit())
                rest[j] = fullwidth(rest.at(j));
        }
    }
    return u"> "_s + indent + rest + u"  "_s;
}

// H<sub>2</sub>O and mc<sup>2</sup> in Unicode sub- and superscripts when every character has
// one (else empty: the tags are then just removed), so they do not read as "H2O" and "mc2".
QString scriptForm(const QString &text, bool sup)
{
    static const QString plain = u"0123456789+-=()"_s;
    static const QString superscripts = u"⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"_s;
    static const QString subscripts = u"₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"_s;
    QString out;
    for (const QChar c : text) {
        const qsizetype at = plain.indexOf(c);
        if (at < 0)
            return (sup && c == u'n' && text.size() == 1) ? u"ⁿ"_s : QString();
        out += (sup ? superscripts : subscripts).at(at);
    }
    return out;
}

// Markup the model used that DingTalk shows raw or swallows: links and images written as
// HTML become markdown, <code> backticks, <br> a line break ('\n' here), formatting tags go
// (their text stays), ~~strikethrough~~ loses its marks, and any other '<' '>' turn fullwidth
// so nothing vanishes or renders as HTML.
QString unwrapHtml(QString text)
{
    static const QRegularExpression anchor(
        uR"(<a\s[^<>]*?href\s*=\s*["']([^"']*)["'][^<>]*>(.*?)</a\s*>)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression image(uR"(<img\s[^<>]*?src\s*=\s*["']([^"']*)["'][^<>]*>)"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression alt(uR"(\balt\s*=\s*["']([^"']*)["'])"_s,
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression br(uR"(\s*</?br\s*/?>\s*)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression autolink(uR"(<((?:https?|ftp)://[^<>\s]+)>)"_s);
    static const QRegularExpression simple(
        uR"(</?(?:b|i|u|s|em|strong|sub|sup|small|kbd|mark|ins|details|summary|p|span|div|font)\b[^<>]*>)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression script(uR"(<(sup|sub)>([^<>]*)</\1\s*>)"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression code(uR"(</?code>)"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression strike(uR"(~~(?=\S)(.+?)(?<=\S)~~)"_s);

    text.replace(anchor, u"[\\2](\\1)"_s);
    for (QRegularExpressionMatch m = image.match(text); m.hasMatch(); m = image.match(text)) {
        const QString altText = alt.match(m.captured(0)).captured(1);
        text.replace(m.capturedStart(), m.capturedLength(),
                     u"!["_s + altText + u"]("_s + m.captured(1) + u')');
    }
    for (QRegularExpressionMatch m = script.match(text); m.hasMatch();
         m = script.match(text, m.capturedStart() + 1)) {
        const QString shifted = scriptForm(m.captured(2), m.captured(1).toLower() == u"sup"_s);
        if (!shifted.isEmpty())
            text.replace(m.capturedStart(), m.capturedLength(), shifted);
    }
    text.replace(code, u"`"_s);
    text.replace(br, u"\n"_s);
    text.replace(autolink, u"[\\1](\\1)"_s);
    text.replace(simple, QString());
    text.replace(strike, u"\\1"_s);
    text.replace(u'<', u'＜');
    text.replace(u'>', u'＞');
    return text;
}

// unwrapHtml() on the text outside inline `code` spans, which DingTalk shows as they are.
QString inlinePass(const QString &text)
{
    // A code span: a run of backticks closed by a run of the same length.
    static const QRegularExpression span(uR"((?<!`)(`+)(?!`).*?(?<!`)\1(?!`))"_s);
    QString out;
    qsizetype plainStart = 0;
    for (auto it = span.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += unwrapHtml(text.mid(plainStart, m.capturedStart() - plainStart)) + m.captured(0);
        plainStart = m.capturedEnd();
    }
    return out + unwrapHtml(text.mid(plainStart));
}

// Adds a line whose text went through inlinePass(): each <br> becomes a hard break, and the
// lines after it carry contPrefix so they stay inside the quote or list item.
void addInline(Output &out, const QString &prefix, const QString &contPrefix, const QString &text,
               Kind kind, Kind contKind)
{
    QStringList pieces = inlinePass(text).split(u'\n');
    while (pieces.size() > 1 && pieces.constLast().trimmed().isEmpty())
        pieces.removeLast();
    if (prefix.isEmpty() && pieces.size() == 1 && pieces.constFirst().trimmed().isEmpty()) {
        out.blank(); // a line that held only tags, e.g. "<details>"
        return;
    }
    out.add(prefix + pieces.constFirst(), kind);
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        out.lines.last().text += u"  "_s;
        out.add(contPrefix + pieces.at(i), contKind);
    }
}

// Cells of a pipe-table row: split at '|' outside `code`, "\|" kept as a literal '|'.
QStringList tableCells(const QString &row)
{
    QString line = row.trimmed();
    if (line.startsWith(u'|'))
        line.remove(0, 1);
    if (line.endsWith(u'|') && !line.endsWith(u"\\|"_s))
        line.chop(1);
    QStringList cells;
    QString cell;
    bool inCode = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == u'\\' && i + 1 < line.size() && line.at(i + 1) == u'|') {
            cell += u'|';
            ++i;
        } else if (c == u'|' && !inCode) {
            cells.append(cell.trimmed());
            cell.clear();
        } else {
            if (c == u'`')
                inCode = !inCode;
            cell += c;
        }
    }
    cells.append(cell.trimmed());
    return cells;
}

QString singleLine(const QString &text)
{
    return inlinePass(text).replace(u'\n', u' ');
}

// A table becomes a caption naming the columns (so no header text is lost), then one list item
// per row led by its first cell in bold: DingTalk renders no tables; a list reads well on a phone.
qsizetype addTable(Output &out, const QStringList &lines, qsizetype at)
{
    const QStringList headers = tableCells(lines.at(at));
    QStringList shownHeaders;
    for (const QString &h : headers)
        shownHeaders.append(singleLine(h));
    out.blank();
    shownHeaders.removeAll(QString());
    if (!shownHeaders.isEmpty())
        out.add(shownHeaders.join(u" · "_s), Kind::Text);
    out.blank();
    qsizetype i = at + 2;
    for (; i < lines.size() && lines.at(i).contains(u'|') && !lines.at(i).trimmed().isEmpty();
         ++i) {
        const QStringList cells = tableCells(lines.at(i));
        QString first = singleLine(cells.constFirst());
        if (first.size() > 4 && first.startsWith(u"**"_s) && first.endsWith(u"**"_s))
            first = first.mid(2, first.size() - 4); // already bold
        QStringList rest;
        for (qsizetype c = 1; c < cells.size(); ++c) {
            if (cells.at(c).isEmpty())
                continue;
            // With two columns "**key**: value" says it all; wider rows name each column.
            const QString header =
                c < headers.size() && headers.size() > 2 ? singleLine(headers.at(c)) : QString();
            rest.append(header.isEmpty() ? cells.at(c) : header + u": "_s + cells.at(c));
        }
        QString item = first.isEmpty() ? QString() : u"**"_s + first + u"**"_s;
        if (!rest.isEmpty())
            item += (item.isEmpty() ? QString() : u": "_s) + rest.join(u"; "_s);
        if (!item.isEmpty())
            addInline(out, u"- "_s, u"  "_s, item, Kind::Item, Kind::Text);
    }
    out.blank();
    return i;
}

// Code or math as its own block of quoted lines. Blank lines at its ends (an unterminated
// fence ends with the answer's final newline) would only show as empty quoted lines.
void addQuoted(Output &out, QStringList lines)
{
    while (!lines.isEmpty() && lines.constFirst().trimmed().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    for (const QString &line : std::as_const(lines))
        out.add(quotedCodeLine(line), Kind::Block);
    out.blank();
}

// A fenced code block, terminated or not: the language in bold, then the code quoted.
qsizetype addCode(Output &out, const QStringList &lines, qsizetype at,
                  const QRegularExpressionMatch &fence)
{
    const qsizetype fenceIndent = fence.capturedLength(1);
    const QString marks = fence.captured(2);
    const QRegularExpression closing(u"^[ \\t]*"_s + QRegularExpression::escape(marks.left(1)) +
                                     u"{"_s + QString::number(marks.size()) + u",}[ \\t]*$"_s);
    QString language = fence.captured(3).trimmed().section(u' ', 0, 0);
    language.remove(u'{').remove(u'}');
    if (language.startsWith(u'.'))
        language.remove(0, 1);
    out.blank();
    if (!language.isEmpty())
        out.add(u"**"_s + neutralize(language) + u"**"_s, Kind::Block);
    QStringList code;
    qsizetype i = at + 1;
    for (; i < lines.size() && !closing.match(lines.at(i)).hasMatch(); ++i) {
        const QString &line = lines.at(i);
        qsizetype strip = 0; // the fence's own indentation (code inside a list item)
        while (strip < fenceIndent && strip < line.size() && line.at(strip) == u' ')
            ++strip;
        code.append(line.mid(strip));
    }
    addQuoted(out, code);
    return i < lines.size() ? i + 1 : i;
}

// Display math ($$…$$ or \[…\]), terminated or not: its lines quoted like code so '_' and
// '*' stay literal. The delimiters are markup, not text, and go.
qsizetype addMath(Output &out, const QStringList &lines, qsizetype at, const QString &open,
                  const QString &close)
{
    QStringList body{lines.at(at).trimmed().mid(open.size())};
    qsizetype i = at;
    while (!body.constLast().endsWith(close) && ++i < lines.size())
        body.append(lines.at(i).trimmed());
    if (body.constLast().endsWith(close))
        body.last().chop(close.size());
    out.blank();
    addQuoted(out, body);
    return i < lines.size() ? i + 1 : i;
}

int indentWidth(const QString &indent)
{
    int width = 0;
    for (const QChar c : indent)
        width += c == u'\t' ? 4 : 1;
    return width;
}

void addLine(Output &out, const QString &line)
{
    static const QRegularExpression heading(
        uR"(^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$)"_s);
    static const QRegularExpression rule(uR"(^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$)"_s);
    static const QRegularExpression quote(uR"(^ {0,3}(?:>[ \t]?)+)"_s);
    static const QRegularExpression item(uR"(^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$)"_s);
    static const QRegularExpression task(uR"(^\[([ xX])\](?=\s|$)\s*)"_s);

    if (line.trimmed().isEmpty()) {
        out.blank();
    } else if (const QRegularExpressionMatch m = heading.match(line); m.hasMatch()) {
        const QString text = singleLine(m.captured(2));
        if (m.capturedLength(1) <= 3)
            out.add(m.captured(1) + u' ' + text, Kind::Heading);
        else if (!text.isEmpty()) // DingTalk shows deep headings no differently from text
            out.add(text.startsWith(u"**"_s) && text.endsWith(u"**"_s)
                        ? text
                        : QString(u"**"_s + text + u"**"_s),
                    Kind::Text);
    } else if (rule.match(line).hasMatch()) {
        out.blank();
        out.add(u"———"_s, Kind::Block);
        out.blank();
    } else if (const QRegularExpressionMatch q = quote.match(line); q.hasMatch()) {
        const QString prefix = q.captured(0).trimmed().remove(u' ').remove(u'\t') + u' ';
        addInline(out, prefix, prefix, line.mid(q.capturedLength()), Kind::Quote, Kind::Quote);
    } else if (const QRegularExpressionMatch it = item.match(line); it.hasMatch()) {
        QString content = it.captured(3);
        if (const QRegularExpressionMatch t = task.match(content); t.hasMatch())
            content =
                (t.captured(1) == u" "_s ? u"☐ "_s : u"☑ "_s) + content.mid(t.capturedLength());
        const int width = indentWidth(it.captured(1));
        const QString marker = it.captured(2);
        if (width < 2) {
            addInline(out, marker + u' ', QString(marker.size() + 1, u' '), content, Kind::Item,
                      Kind::Text);
        } else {
            // DingTalk flattens nested lists; no-break spaces are not markdown indentation, so
            // the item stays a line of its own with its depth visible. Numbers are kept as text.
            const bool bullet = !marker.front().isDigit();
            addInline(out, QString(width, QChar(kNbsp)) + (bullet ? u"◦"_s : marker) + u' ',
                      QString(width + 2, QChar(kNbsp)), content, Kind::Text, Kind::Text);
        }
    } else {
        addInline(out, QString(), QString(), line.trimmed(), Kind::Text, Kind::Text);
    }
}

} // namespace

QString MarkdownAdapter::adapt(const QString &modelMarkdown)
{
    static const QRegularExpression fence(uR"(^([ \t]*)(`{3,}|~{3,})(.*)$)"_s);
    static const QRegularExpression separator(
        uR"(^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$)"_s);

    QString source = modelMarkdown;
    source.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
    const QStringList lines = source.split(u'\n');
    Output out;
    for (qsizetype i = 0; i < lines.size();) {
        const QString &line = lines.at(i);
        const QString trimmed = line.trimmed();
        if (const QRegularExpressionMatch f = fence.match(line);
            f.hasMatch() && !(f.captured(2).front() == u'`' && f.captured(3).contains(u'`'))) {
            i = addCode(out, lines, i, f);
        } else if (trimmed.startsWith(u"$$"_s)) {
            i = addMath(out, lines, i, u"$$"_s, u"$$"_s);
        } else if (trimmed.startsWith(u"\\["_s)) {
            i = addMath(out, lines, i, u"\\["_s, u"\\]"_s);
        } else if (i + 1 < lines.size() && line.contains(u'|') && lines.at(i + 1).contains(u'|') &&
                   separator.match(lines.at(i + 1)).hasMatch()) {
            i = addTable(out, lines, i);
        } else {
            addLine(out, line);
            ++i;
        }
    }

    // DingTalk joins the lines of a paragraph; the model meant each as its own line, so every
    // line that another line of text continues ends in a hard break (two spaces).
    QList<Line> &result = out.lines;
    while (!result.isEmpty() && result.constLast().kind == Kind::Blank)
        result.removeLast();
    QStringList texts;
    for (qsizetype i = 0; i < result.size(); ++i) {
        Line &l = result[i];
        const bool continued = i + 1 < result.size() && result.at(i + 1).kind == Kind::Text;
        if (continued && (l.kind == Kind::Text || l.kind == Kind::Item) &&
            !l.text.endsWith(u"  "_s))
            l.text += u"  "_s;
        texts.append(l.text);
    }
    return texts.join(u'\n');
}
