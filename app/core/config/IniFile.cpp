#include "config/IniFile.h"

using namespace Qt::StringLiterals;

namespace {

// Reads a quoted value starting after the opening quote; false when it never closes.
bool unquote(QStringView text, QString *out)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\' && i + 1 < text.size()) {
            const QChar next = text.at(++i);
            *out += next == u'n' ? u'\n' : next == u'r' ? u'\r' : next == u't' ? u'\t' : next;
        } else if (c == u'"') {
            return true;
        } else {
            *out += c;
        }
    }
    return false;
}

// value is everything after the '=', blanks included: "key=   ; comment" is an empty value.
QString stripComment(QStringView value)
{
    for (qsizetype i = 1; i < value.size(); ++i) {
        if (value.at(i) == u';' && value.at(i - 1).isSpace())
            return value.left(i).trimmed().toString();
    }
    return value.trimmed().toString();
}

} // namespace

IniFile IniFile::parse(const QByteArray &text)
{
    IniFile ini;
    QString section;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            const qsizetype end = line.indexOf(u']');
            if (end < 2) {
                ini.errors << u"line %1: a section header needs a name: [name]"_s.arg(n + 1);
                continue;
            }
            section = line.mid(1, end - 1).trimmed();
            if (section.compare(u"general"_s, Qt::CaseInsensitive) == 0)
                section.clear();
            else if (!ini.sections.contains(section))
                ini.sections << section;
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0) {
            ini.errors << u"line %1: expected key=value, found \"%2\""_s.arg(n + 1).arg(
                line.left(40));
            continue;
        }
        const QString key = line.left(eq).trimmed();
        const QStringView afterEq = QStringView(line).mid(eq + 1);
        const QStringView raw = afterEq.trimmed();
        QString value;
        if (raw.startsWith(u'"')) {
            if (!unquote(raw.mid(1), &value)) {
                ini.errors << u"line %1: the quoted value of %2 never ends"_s.arg(n + 1).arg(key);
                continue;
            }
        } else {
            value = stripComment(afterEq);
        }
        ini.values.insert(section.isEmpty() ? key : section + u'/' + key, value);
    }
    return ini;
}
