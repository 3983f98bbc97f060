#include "tunnel/CommandLine.h"

using namespace Qt::StringLiterals;

QStringList CommandLine::split(const QString &text, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false; // '' is a word of its own, so quotes start one even when empty
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (quote) {
        case Quote::Single:
            if (c == u'\'')
                quote = Quote::None;
            else
                word += c;
            continue;
        case Quote::Double:
            if (c == u'"') {
                quote = Quote::None;
            } else if (c == u'\\' && i + 1 < text.size() && u"\"\\$`"_s.contains(text.at(i + 1))) {
                word += text.at(++i);
            } else {
                word += c;
            }
            continue;
        case Quote::None:
            break;
        }
        if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else if (c == u'\'') {
            quote = Quote::Single;
            inWord = true;
        } else if (c == u'"') {
            quote = Quote::Double;
            inWord = true;
        } else if (c == u'\\') {
            if (i + 1 >= text.size()) {
                *error = u"the command ends with a lone backslash"_s;
                return {};
            }
            word += text.at(++i);
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quote != Quote::None) {
        *error = quote == Quote::Single ? u"the command has an unclosed ' quote"_s
                                        : u"the command has an unclosed \" quote"_s;
        return {};
    }
    if (inWord)
        words << word;
    if (words.isEmpty()) {
        *error = u"the command is empty"_s;
        return {};
    }
    error->clear();
    return words;
}

QStringList CommandLine::substitute(QStringList words,
                                    const QList<std::pair<QString, QString>> &values)
{
    for (QString &word : words) {
        for (const auto &[name, value] : values)
            word.replace(u'{' + name + u'}', value);
    }
    return words;
}
