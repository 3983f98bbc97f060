#include "history/SearchModel.h"

#include "history/HistoryTypes.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
const QString Columns =
    u"m.id, m.conversation_id, m.role, m.created_at, m.content, c.robot_id, c.is_group, "
    "c.dingtalk_conversation_id, c.title, c.sender_id, c.sender_nick"_s;
constexpr qint64 ScanWindow = 50000; // message ids read per step of a scan
constexpr int ScanBudgetMs = 60;     // then the page is shown and the rest waits for scrolling
constexpr int SnippetWidth = 160;
} // namespace

SearchModel::SearchModel(QSqlDatabase db, QObject *parent)
    : QAbstractListModel(parent)
    , m_db(std::move(db))
{}

void SearchModel::setQuery(const QString &text, const QString &robotId)
{
    beginResetModel();
    m_text = text;
    m_robot = robotId;
    m_hits.clear();
    m_error.clear();
    m_plan = SearchQuery::plan(m_db, text, m_maxExpansion);
    m_cursor = std::numeric_limits<qint64>::max();
    m_atEnd = m_plan.kind == SearchPlan::Kind::Nothing;
    if (m_plan.kind == SearchPlan::Kind::Scan) {
        QSqlQuery top(m_db);
        if (top.exec(u"SELECT COALESCE(MAX(id), 0) + 1 FROM messages"_s) && top.next())
            m_cursor = top.value(0).toLongLong();
    }
    if (!m_atEnd)
        m_hits = page(m_pageSize);
    endResetModel();
}

QList<SearchHit> SearchModel::run(const QString &sql, const QVariantList &values)
{
    QList<SearchHit> hits;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        m_error = q.lastError().text();
        m_atEnd = true;
        return hits;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values.at(i));
    if (!q.exec()) {
        m_error = q.lastError().text();
        m_atEnd = true;
        return hits;
    }
    while (q.next()) {
        SearchHit h;
        h.messageId = q.value(0).toLongLong();
        h.conversationId = q.value(1).toLongLong();
        h.role = q.value(2).toString();
        h.createdAt = q.value(3).toLongLong();
        h.snippet =
            SearchQuery::snippet(q.value(4).toString(), m_plan.terms, SnippetWidth, &h.ranges);
        h.robotId = q.value(5).toString();
        ConversationRow c;
        c.isGroup = q.value(6).toInt() != 0;
        c.groupId = q.value(7).toString();
        c.title = q.value(8).toString();
        c.senderId = q.value(9).toString();
        c.senderNick = q.value(10).toString();
        h.conversationName = c.displayName();
        hits << h;
    }
    return hits;
}

QList<SearchHit> SearchModel::page(int limit)
{
    QString filters;
    QVariantList filterValues;
    for (const QString &word : std::as_const(m_plan.filters)) {
        filters += u" AND instr(lower(m.content), ?) > 0"_s;
        filterValues << word;
    }
    if (!m_robot.isEmpty()) {
        filters += u" AND c.robot_id = ?"_s;
        filterValues << m_robot;
    }
    if (m_plan.kind == SearchPlan::Kind::Match) {
        // Newest first straight from the index (rowid order), so the first page never
        // waits for every match to be ranked.
        const QString sql = u"SELECT "_s + Columns +
                            u" FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                            "JOIN conversations c ON c.id = m.conversation_id "
                            "WHERE messages_fts MATCH ? AND f.rowid < ?"_s +
                            filters + u" ORDER BY f.rowid DESC LIMIT %1"_s.arg(limit);
        const QList<SearchHit> hits = run(sql, QVariantList{m_plan.match, m_cursor} + filterValues);
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
    const QString sql = u"SELECT "_s + Columns +
                        u" FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                        "WHERE m.id < ? AND m.id >= ?"_s +
                        filters + u" ORDER BY m.id DESC LIMIT ?"_s;
    while (hits.size() < limit && m_cursor > 1 && !m_atEnd) {
        const qint64 floor = std::max<qint64>(1, m_cursor - ScanWindow);
        const int want = limit - int(hits.size());
        const QList<SearchHit> found =
            run(sql, QVariantList{m_cursor, floor} + filterValues + QVariantList{want});
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
