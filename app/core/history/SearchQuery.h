// SearchQuery: turns what the user typed into a search over the trigram index, and marks the
// hits in the text found.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class SearchIndex;

using TextRange = QPair<int, int>; // start, length

struct SearchPlan
{
    // Match: an FTS5 expression. Scan: reading messages newest first (a very common one- or
    // two-character word, which the index cannot narrow down). Nothing: cannot match.
    enum class Kind { Nothing, Match, Scan };
    Kind kind = Kind::Nothing;
    QString match;
    QStringList filters; // lower-cased words every hit must also contain (instr)
    QStringList terms;   // every word, for highlighting
};

namespace SearchQuery {
// Words separated by white space; "a quoted phrase" stays one word. Lower-cased.
QStringList terms(const QString &text);
// Unicode characters (not UTF-16 units): the trigram tokenizer counts these.
int characters(const QString &term);
// An FTS5 string literal.
QString quoted(const QString &term);
// How to search for text. Words of three characters and more go to the trigram index; a
// shorter word is looked up by the trigrams that begin with it (the index holds a trigram
// for every position, the text ending in two newlines), or, when more than maxExpansion
// such trigrams exist, by a scan that then finds hits quickly because the word is common.
SearchPlan plan(const SearchIndex &index, const QString &text, int maxExpansion = 400);

// Where the terms occur in text, case-insensitively, sorted, overlaps merged.
QList<TextRange> highlights(const QString &text, const QStringList &terms);
// About width characters of content around its first hit on one line, with the hits in it.
QString snippet(const QString &content, const QStringList &terms, int width,
                QList<TextRange> *ranges);
// text as HTML with the ranges marked.
QString markedHtml(const QString &text, const QList<TextRange> &ranges,
                   const QString &style = QStringLiteral("background-color:#ffe066;"));
} // namespace SearchQuery
