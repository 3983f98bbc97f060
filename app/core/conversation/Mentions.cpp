#include "conversation/Mentions.h"

namespace {

bool isBlank(QChar c)
{
    return c.isSpace() || c == QChar(0x2005);
}

QString trimmedBlanks(const QString &text)
{
    qsizetype from = 0;
    qsizetype to = text.size();
    while (from < to && isBlank(text.at(from)))
        ++from;
    while (to > from && isBlank(text.at(to - 1)))
        --to;
    return text.mid(from, to - from);
}

} // namespace

QString Mentions::strip(const QString &text, const QStringList &names)
{
    QString out = trimmedBlanks(text);
    bool changed = true;
    while (changed) {
        changed = false;
        for (const QString &name : names) {
            if (name.isEmpty())
                continue;
            const QString mention = u'@' + name;
            const qsizetype n = mention.size();
            // At the start: the name must end there (a blank or the end follows).
            if (out.startsWith(mention, Qt::CaseInsensitive) &&
                (out.size() == n || isBlank(out.at(n)))) {
                out = trimmedBlanks(out.mid(n));
                changed = true;
            }
            // At the end: a blank (or nothing) must come before it.
            if (out.endsWith(mention, Qt::CaseInsensitive) &&
                (out.size() == n || isBlank(out.at(out.size() - n - 1)))) {
                out = trimmedBlanks(out.left(out.size() - n));
                changed = true;
            }
        }
    }
    return out;
}
