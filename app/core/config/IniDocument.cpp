#include "config/IniDocument.h"

using namespace Qt::StringLiterals;

namespace {

std::pair<QString, QString> splitKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    if (slash < 0)
        return {QString(), key};
    return {key.left(slash), key.mid(slash + 1)};
}

qsizetype leadingBlanks(QStringView text)
{
    qsizetype n = 0;
    while (n < text.size() && text.at(n).isSpace())
        ++n;
    return n;
}

// Where the closing quote of a value starting with '"' is, or -1.
qsizetype closingQuote(QStringView value)
{
    for (qsizetype i = 1; i < value.size(); ++i) {
        if (value.at(i) == u'\\')
            ++i;
        else if (value.at(i) == u'"')
            return i;
    }
    return -1;
}

// The comment after a value, with the blanks before it ("   ; why"), or empty. afterEq is the
// line after its '=', read the way IniFile reads it.
QString commentTail(QStringView afterEq)
{
    const qsizetype lead = leadingBlanks(afterEq);
    const QStringView value = afterEq.mid(lead);
    if (value.startsWith(u'"')) {
        const qsizetype end = closingQuote(value);
        if (end < 0)
            return {};
        const QStringView rest = value.mid(end + 1);
        if (!rest.trimmed().startsWith(u';'))
            return {}; // nothing, or text IniFile ignores: not worth keeping
        return rest.at(0).isSpace() ? rest.toString() : u' ' + rest.toString();
    }
    for (qsizetype i = 1; i < afterEq.size(); ++i) {
        if (afterEq.at(i) == u';' && afterEq.at(i - 1).isSpace()) {
            qsizetype start = i;
            while (start > 0 && afterEq.at(start - 1).isSpace())
                --start;
            return afterEq.mid(start).toString();
        }
    }
    return {};
}

} // namespace

IniDocument::IniDocument(const QByteArray &text)
{
    QString all = QString::fromUtf8(text);
    m_crlf = all.contains(u"\r\n"_s);
    if (all.endsWith(u'\n'))
        all.chop(1);
    if (all.isEmpty() && text.isEmpty())
        return;
    QString section;
    for (QString line : all.split(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        const Line classified = classify(line, section);
        if (classified.header)
            section = classified.section;
        m_lines << classified;
    }
}

IniDocument::Line IniDocument::classify(const QString &text, const QString &section)
{
    Line line{text, section, QString(), false};
    const QString t = text.trimmed();
    if (t.isEmpty() || t.startsWith(u';') || t.startsWith(u'#'))
        return line;
    if (t.startsWith(u'[')) {
        const qsizetype end = t.indexOf(u']');
        if (end >= 2) {
            line.header = true;
            line.section = t.mid(1, end - 1).trimmed();
            if (line.section.compare(u"general"_s, Qt::CaseInsensitive) == 0)
                line.section.clear();
        }
        return line;
    }
    const qsizetype eq = t.indexOf(u'=');
    if (eq > 0)
        line.key = t.left(eq).trimmed();
    return line;
}

QByteArray IniDocument::toUtf8() const
{
    const QString eol = m_crlf ? u"\r\n"_s : u"\n"_s;
    QString out;
    for (const Line &line : m_lines)
        out += line.text + eol;
    return out.toUtf8();
}

bool IniDocument::contains(const QString &key) const
{
    const auto [section, name] = splitKey(key);
    return lastIndexOf(section, name) >= 0;
}

QStringList IniDocument::sections() const
{
    QStringList out;
    for (const Line &line : m_lines) {
        if (line.header && !line.section.isEmpty() && !out.contains(line.section))
            out << line.section;
    }
    return out;
}

qsizetype IniDocument::lastIndexOf(const QString &section, const QString &key) const
{
    for (qsizetype i = m_lines.size() - 1; i >= 0; --i) {
        if (m_lines.at(i).key == key && m_lines.at(i).section == section)
            return i;
    }
    return -1;
}

qsizetype IniDocument::insertionPoint(const QString &section) const
{
    qsizetype point = -1;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines.at(i);
        if (line.section != section)
            continue;
        if (!line.key.isEmpty() || (line.header && point < 0))
            point = i + 1;
    }
    if (point < 0 && section.isEmpty())
        return 0; // top-level keys before the first header
    return point;
}

void IniDocument::set(const QString &key, const QString &value)
{
    const auto [section, name] = splitKey(key);
    const QString encoded = encode(value);
    const qsizetype at = lastIndexOf(section, name);
    if (at >= 0) {
        Line &line = m_lines[at];
        const qsizetype eq = line.text.indexOf(u'=');
        const QStringView afterEq = QStringView(line.text).mid(eq + 1);
        const QString tail = commentTail(afterEq);
        const QString lead =
            encoded.isEmpty() ? QString() : afterEq.left(leadingBlanks(afterEq)).toString();
        line.text = line.text.left(eq + 1) + lead + encoded + tail;
        return;
    }
    qsizetype point = insertionPoint(section);
    if (point < 0) {
        addSection(section);
        point = m_lines.size();
    }
    m_lines.insert(point, Line{name + u'=' + encoded, section, name, false});
}

bool IniDocument::remove(const QString &key)
{
    const auto [section, name] = splitKey(key);
    return m_lines.removeIf(
               [&](const Line &line) { return line.key == name && line.section == section; }) > 0;
}

void IniDocument::addSection(const QString &section)
{
    if (section.isEmpty() || sections().contains(section))
        return;
    if (!m_lines.isEmpty() && !m_lines.constLast().text.trimmed().isEmpty())
        m_lines << Line{};
    m_lines << Line{u'[' + section + u']', section, QString(), true};
}

void IniDocument::removeSection(const QString &section)
{
    for (qsizetype h = m_lines.size() - 1; h >= 0; --h) {
        // A removal above may have shortened the list past h.
        if (h >= m_lines.size())
            continue;
        if (!m_lines.at(h).header || m_lines.at(h).section != section)
            continue;
        qsizetype last = h;
        for (qsizetype i = h + 1; i < m_lines.size() && !m_lines.at(i).header; ++i) {
            if (!m_lines.at(i).key.isEmpty())
                last = i;
        }
        m_lines.remove(h, last - h + 1);
        // No double blank line where the section was.
        const bool blankBefore = h > 0 && m_lines.at(h - 1).text.trimmed().isEmpty();
        const bool blankAfter = h == m_lines.size() || m_lines.at(h).text.trimmed().isEmpty();
        if (blankBefore && blankAfter)
            m_lines.remove(h - 1);
    }
}

QString IniDocument::encode(const QString &value)
{
    const bool plain = !value.startsWith(u'"') && value == value.trimmed() &&
                       !value.contains(u';') && !value.contains(u'\n') && !value.contains(u'\r');
    if (plain)
        return value;
    QString out = u"\""_s;
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            out += c;
        }
    }
    return out + u'"';
}
