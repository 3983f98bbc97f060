#include "conversation/Thinking.h"

using namespace Qt::StringLiterals;

QString Thinking::strip(const QString &text)
{
    static const QString open = u"<think>"_s;
    static const QString close = u"</think>"_s;
    if (!text.contains(open, Qt::CaseInsensitive) && !text.contains(close, Qt::CaseInsensitive))
        return text;
    QString out;
    qsizetype at = 0;
    const qsizetype firstOpen = text.indexOf(open, 0, Qt::CaseInsensitive);
    const qsizetype firstClose = text.indexOf(close, 0, Qt::CaseInsensitive);
    if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen))
        at = firstClose + close.size(); // the opening tag was left out
    while (at < text.size()) {
        const qsizetype start = text.indexOf(open, at, Qt::CaseInsensitive);
        if (start < 0) {
            out += QStringView(text).mid(at);
            break;
        }
        out += QStringView(text).mid(at, start - at);
        const qsizetype end = text.indexOf(close, start + open.size(), Qt::CaseInsensitive);
        if (end < 0)
            break; // unclosed: the rest is thinking
        at = end + close.size();
    }
    const QString shown = out.trimmed();
    return shown.isEmpty() ? text : shown;
}
