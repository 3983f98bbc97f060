#include "history/SearchModel.h"

#include <QElapsedTimer>

#include <limits>

namespace {
constexpr qint64 ScanWindow = 50000; // message ids read per step of a scan
constexpr int ScanBudgetMs = 60;     // then the page is shown and the rest waits for scrolling
constexpr int SnippetWidth = 160;
} // namespace

SearchModel::SearchModel(SearchIndex index, QObject *parent)
    : QAbstractListModel(parent)
    , m_index(std::move(index))
{}

void SearchModel::setQuery(const QString &text, const QString &robotId)
{
    beginResetModel();
    m_text = text;
    m_robot = robotId;
    m_hits.clear();
    m_error.clear();
    m_plan = SearchQuery::plan(m_index, text, m_maxExpansion);
    m_cursor = std::numeric_limits<qint64>::max();
    m_atEnd = m_plan.kind == SearchPlan::Kind::Nothing;
    if (m_plan.kind == SearchPlan::Kind::Scan)
        m_cursor = m_index.scanStart().value_or(m_cursor);
    if (!m_atEnd)
        m_hits = page(m_pageSize);
    endResetModel();
}

QList<SearchHit> SearchModel::hitsOf(const QList<FoundMessage> &found, const QString &error)
{
    if (!error.isEmpty()) {
        m_error = error;
        m_atEnd = true;
    }
    QList<SearchHit> hits;
    for (const FoundMessage &f : found) {
        SearchHit h;
        h.messageId = f.messageId;
        h.conversationId = f.conversationId;
        h.role = f.role;
        h.createdAt = f.createdAt;
        h.snippet = SearchQuery::snippet(f.content, m_plan.terms, SnippetWidth, &h.ranges);
        h.robotId = f.conversation.robotId;
        h.conversationName = f.conversation.displayName();
        hits << h;
    }
    return hits;
}

QList<SearchHit> SearchModel::page(int limit)
{
    if (m_plan.kind == SearchPlan::Kind::Match) {
        QString error;
        const QList<FoundMessage> found =
            m_index.matches(m_plan.match, m_cursor, m_plan.filters, m_robot, limit, &error);
        const QList<SearchHit> hits = hitsOf(found, error);
        if (hits.size() < limit)
            m_atEnd = true;
        if (!hits.isEmpty())
            m_cursor = hits.last().messageId;
        return hits;
    }
    // Scan: windows of ids, newest first, until the page is full or the time is up.
    QList<SearchHit> hits;
    QElapsedTimer clock;
    clock.start();
    while (hits.size() < limit && m_cursor > 1 && !m_atEnd) {
        const qint64 floor = std::max<qint64>(1, m_cursor - ScanWindow);
        const int want = limit - int(hits.size());
        QString error;
        const QList<FoundMessage> read =
            m_index.scan(m_cursor, floor, m_plan.filters, m_robot, want, &error);
        const QList<SearchHit> found = hitsOf(read, error);
        hits << found;
        // A full page stops inside the window: the next page goes on from its last hit.
        m_cursor = found.size() == want ? found.last().messageId : floor;
        if (clock.elapsed() > ScanBudgetMs)
            break;
    }
    if (m_cursor <= 1)
        m_atEnd = true;
    return hits;
}

bool SearchModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void SearchModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const QList<SearchHit> more = page(m_pageSize);
    if (more.isEmpty())
        return;
    beginInsertRows({}, int(m_hits.size()), int(m_hits.size() + more.size() - 1));
    m_hits << more;
    endInsertRows();
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_hits.size())
        return {};
    const SearchHit &h = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return h.snippet;
    case Qt::ToolTipRole:
        return h.conversationName;
    case MessageIdRole:
        return h.messageId;
    case ConversationIdRole:
        return h.conversationId;
    case HtmlRole:
        return SearchQuery::markedHtml(h.snippet, h.ranges);
    case HitRole:
        return QVariant::fromValue(h);
    default:
        return {};
    }
}
