#include "history/SearchQuery.h"

#include "storage/SearchIndex.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

QStringList SearchQuery::terms(const QString &text)
{
    QStringList out;
    static const QRegularExpression word(u"\"([^\"]+)\"|(\\S+)"_s);
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString term = (m.hasCaptured(1) ? m.captured(1) : m.captured(2)).trimmed().toLower();
        if (!term.isEmpty() && !out.contains(term))
            out << term;
    }
    return out;
}

int SearchQuery::characters(const QString &term)
{
    int n = 0;
    for (qsizetype i = 0; i < term.size(); ++i) {
        if (!term.at(i).isLowSurrogate())
            ++n;
    }
    return n;
}

QString SearchQuery::quoted(const QString &term)
{
    QString escaped = term;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

SearchPlan SearchQuery::plan(const SearchIndex &index, const QString &text, int maxExpansion)
{
    SearchPlan plan;
    plan.terms = terms(text);
    if (plan.terms.isEmpty())
        return plan;
    QStringList indexed;
    QStringList shortOnes;
    for (const QString &term : std::as_const(plan.terms))
        (characters(term) >= 3 ? indexed : shortOnes) << term;
    // The longest short word narrows the most; the others are checked on each candidate.
    std::stable_sort(shortOnes.begin(), shortOnes.end(), [](const QString &a, const QString &b) {
        return characters(a) > characters(b);
    });
    if (!indexed.isEmpty()) {
        QStringList quotedTerms;
        for (const QString &term : std::as_const(indexed))
            quotedTerms << quoted(term);
        plan.kind = SearchPlan::Kind::Match;
        plan.match = quotedTerms.join(u" AND "_s);
        plan.filters = shortOnes;
        return plan;
    }
    const QString first = shortOnes.first();
    const QStringList trigrams = index.trigramsStartingWith(first, maxExpansion);
    if (trigrams.isEmpty())
        return plan; // Nothing
    if (trigrams.size() > maxExpansion) {
        plan.kind = SearchPlan::Kind::Scan;
        plan.filters = shortOnes;
        return plan;
    }
    QStringList alternatives;
    for (const QString &trigram : trigrams)
        alternatives << quoted(trigram);
    plan.kind = SearchPlan::Kind::Match;
    plan.match = alternatives.join(u" OR "_s);
    plan.filters = shortOnes.mid(1);
    return plan;
}

QList<TextRange> SearchQuery::highlights(const QString &text, const QStringList &terms)
{
    QList<TextRange> ranges;
    for (const QString &term : terms) {
        if (term.isEmpty())
            continue;
        for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            ranges.append({int(at), int(term.size())});
    }
    std::sort(ranges.begin(), ranges.end());
    QList<TextRange> merged;
    for (const TextRange &r : std::as_const(ranges)) {
        if (!merged.isEmpty() && r.first <= merged.last().first + merged.last().second) {
            TextRange &last = merged.last();
            last.second = std::max(last.first + last.second, r.first + r.second) - last.first;
        } else {
            merged << r;
        }
    }
    return merged;
}

QString SearchQuery::snippet(const QString &content, const QStringList &terms, int width,
                             QList<TextRange> *ranges)
{
    const QList<TextRange> all = highlights(content, terms);
    // A little before the first hit, but as much of a short text as fits.
    qsizetype start = all.isEmpty() ? 0 : all.first().first - width / 8;
    start = std::max<qsizetype>(0, std::min<qsizetype>(start, content.size() - width));
    if (start > 0 && content.at(start).isLowSurrogate())
        --start;
    qsizetype end = std::min(content.size(), start + width);
    if (end < content.size() && end > 0 && content.at(end - 1).isHighSurrogate())
        ++end;
    QString out = content.mid(start, end - start);
    // One line: the list shows a single row per hit. Same length, so ranges stay valid.
    for (QChar &c : out) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    const int shift = start > 0 ? 1 : 0;
    if (start > 0)
        out.prepend(u'…');
    if (end < content.size())
        out.append(u'…');
    if (ranges) {
        ranges->clear();
        for (const TextRange &r : all) {
            const qsizetype from = std::max<qsizetype>(r.first, start);
            const qsizetype to = std::min<qsizetype>(r.first + r.second, end);
            if (from < to)
                ranges->append({int(from - start + shift), int(to - from)});
        }
    }
    return out;
}

QString SearchQuery::markedHtml(const QString &text, const QList<TextRange> &ranges,
                                const QString &style)
{
    QString html;
    qsizetype last = 0;
    for (const TextRange &r : ranges) {
        if (r.first < last || r.first + r.second > text.size())
            continue;
        html += text.mid(last, r.first - last).toHtmlEscaped();
        html += u"<span style=\""_s + style + u"\">"_s +
                text.mid(r.first, r.second).toHtmlEscaped() + u"</span>"_s;
        last = r.first + r.second;
    }
    html += text.mid(last).toHtmlEscaped();
    return html;
}
