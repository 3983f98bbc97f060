#include "history/ConversationModel.h"

using namespace Qt::StringLiterals;

ConversationModel::ConversationModel(HistoryReader reader, QObject *parent)
    : QAbstractListModel(parent)
    , m_reader(std::move(reader))
{}

void ConversationModel::setFilter(const ConversationFilter &filter)
{
    m_filter = filter;
    reload();
}

void ConversationModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_atEnd = false;
    endResetModel();
    fetchMore({});
}

int ConversationModel::rowOf(qint64 conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == conversationId)
            return i;
    }
    return -1;
}

bool ConversationModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void ConversationModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    // Keyset paging: rows after the last one loaded, never an OFFSET that rereads the start.
    std::optional<PageKey> after;
    if (!m_rows.isEmpty())
        after = PageKey{m_rows.last().updatedAt, m_rows.last().id};
    const QList<ConversationRow> page =
        m_reader.conversations(m_filter, after, m_pageSize, &m_error);
    m_atEnd = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size() - 1));
    m_rows << page;
    endInsertRows();
}

void ConversationModel::refreshSince(qint64 sinceMessageId)
{
    QString error;
    const QList<qint64> ids = m_reader.conversationsWrittenAfter(sinceMessageId, &error);
    if (!error.isEmpty()) {
        m_error = error;
        return;
    }
    for (const qint64 id : ids) {
        const std::optional<ConversationRow> fresh = m_reader.conversation(id, m_filter, &m_error);
        const int old = rowOf(id);
        if (!fresh) {
            if (old >= 0) {
                beginRemoveRows({}, old, old);
                m_rows.removeAt(old);
                endRemoveRows();
            }
            continue;
        }
        // Its place among the other rows loaded; past the last one it comes with a later page.
        const ConversationRow &row = *fresh;
        int at = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (i == old)
                continue;
            const ConversationRow &r = m_rows.at(i);
            if (r.updatedAt > row.updatedAt || (r.updatedAt == row.updatedAt && r.id > row.id))
                ++at;
        }
        const int others = int(m_rows.size()) - (old >= 0 ? 1 : 0);
        if (at == others && !m_atEnd) {
            if (old >= 0) {
                beginRemoveRows({}, old, old);
                m_rows.removeAt(old);
                endRemoveRows();
            }
            continue;
        }
        if (old < 0) {
            beginInsertRows({}, at, at);
            m_rows.insert(at, row);
            endInsertRows();
            continue;
        }
        // A move, not a removal and an insertion: the selection stays on the conversation.
        if (at != old) {
            beginMoveRows({}, old, old, {}, at < old ? at : at + 1);
            m_rows.move(old, at);
            endMoveRows();
        }
        m_rows[at] = row;
        emit dataChanged(index(at), index(at));
    }
}

QStringList ConversationModel::robotIds() const
{
    return m_reader.robotIds();
}

QList<QPair<QString, QString>> ConversationModel::groups() const
{
    return m_reader.groups();
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConversationRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.displayName();
    case Qt::ToolTipRole:
        return u"%1\nrobot %2 · %3 messages"_s.arg(r.displayName(), r.robotId).arg(r.messageCount);
    case IdRole:
        return r.id;
    case RowRole:
        return QVariant::fromValue(r);
    default:
        return {};
    }
}
