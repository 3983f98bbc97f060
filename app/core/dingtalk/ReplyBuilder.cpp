#include "dingtalk/ReplyBuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

QString ReplyBuilder::titleFor(const QString &text, int maxChars)
{
    // Line markers (headings, quotes, list bullets) only when a blank follows them, so
    // "-5 °C" keeps its sign; inline emphasis marks, but not the '_' inside a word.
    static const QRegularExpression marks(
        uR"(^\s*(?:(?:#{1,6}|>|[-*+]|\d+\.)\s+)+|\*+|`+|~~|(?<!\w)_+|_+(?!\w))"_s);
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        QString line = raw;
        line.remove(marks);
        line = line.trimmed();
        // A rule ("---") or a lone mark is decoration, not a title.
        if (std::none_of(line.begin(), line.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        if (line.size() > maxChars) {
            qsizetype cut = maxChars - 1;
            // Never keep half of a surrogate pair (emoji and rare CJK characters).
            if (cut > 0 && line.at(cut - 1).isHighSurrogate())
                --cut;
            line = line.left(cut) + u'…';
        }
        return line;
    }
    return u"DingRelay"_s;
}

QByteArray ReplyBuilder::markdown(const QString &text, const QString &mentionStaffId,
                                  const QString &title)
{
    QJsonObject body{
        {u"msgtype"_s, u"markdown"_s},
    };
    QString shown = text;
    if (!mentionStaffId.isEmpty()) {
        shown = u"@"_s + mentionStaffId + u"\n\n"_s + text;
        body.insert(u"at"_s, QJsonObject{{u"atUserIds"_s, QJsonArray{mentionStaffId}}});
    }
    body.insert(u"markdown"_s, QJsonObject{{u"title"_s, title.isEmpty() ? titleFor(text) : title},
                                           {u"text"_s, shown}});
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
