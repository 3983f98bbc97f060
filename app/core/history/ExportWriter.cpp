#include "history/ExportWriter.h"

#include "storage/ExportReader.h"
#include "util/Redactor.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
constexpr int Page = 500;

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms)
        .toOffsetFromUtc(QDateTime::currentDateTime().offsetFromUtc())
        .toString(Qt::ISODate);
}

QString shownTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyy-MM-dd HH:mm"_s);
}

QString roleTitle(const MessageRow &m)
{
    if (m.role == u"user"_s)
        return m.senderNick.isEmpty() ? u"Question"_s : m.senderNick;
    if (m.role == u"assistant"_s)
        return u"Answer"_s;
    if (m.role == u"error"_s)
        return m.errorKind.isEmpty() ? u"Error"_s : u"Error (%1)"_s.arg(m.errorKind);
    return u"Notice"_s;
}
} // namespace

ExportWriter::ExportWriter(ExportReader &reader, const Redactor &redactor)
    : m_reader(reader)
    , m_redactor(redactor)
{}

QList<qint64> ExportWriter::conversationIds(const ExportRequest &request)
{
    if (!request.conversationIds.isEmpty())
        return request.conversationIds;
    return m_reader.conversationIds(&m_error);
}

qint64 ExportWriter::countMessages(const QList<qint64> &ids)
{
    return m_reader.countMessages(ids);
}

bool ExportWriter::put(QIODevice &out, const QByteArray &bytes)
{
    if (out.write(bytes) == bytes.size())
        return true;
    m_error = out.errorString();
    return false;
}

bool ExportWriter::put(QIODevice &out, const QString &text)
{
    return put(out, text.toUtf8());
}

bool ExportWriter::write(const ExportRequest &request, QIODevice &out,
                         const std::atomic<bool> &cancelled, const Progress &progress)
{
    const bool json = request.format == ExportRequest::Format::Json;
    const QList<qint64> ids = conversationIds(request);
    if (!m_error.isEmpty())
        return false;
    const qint64 total = countMessages(request.conversationIds);
    qint64 done = 0;
    const auto text = [this](const QString &s) { return m_redactor.redact(s); };

    if (json) {
        const QJsonObject head{{u"format"_s, u"dingrelay-history"_s},
                               {u"version"_s, 1},
                               {u"exported_at"_s, isoTime(QDateTime::currentMSecsSinceEpoch())}};
        QByteArray opening = QJsonDocument(head).toJson(QJsonDocument::Compact);
        opening.chop(1); // the closing brace: conversations follow
        if (!put(out, opening + ",\"conversations\":[\n"))
            return false;
    } else if (!put(out, u"# DingRelay history\n\nExported %1 · %2 conversations · %3 messages\n"_s
                             .arg(shownTime(QDateTime::currentMSecsSinceEpoch()))
                             .arg(ids.size())
                             .arg(total))) {
        return false;
    }

    bool firstConversation = true;
    for (const qint64 id : ids) {
        if (cancelled.load())
            return false;
        QString error;
        const std::optional<ConversationRow> found = m_reader.conversation(id, &error);
        if (!error.isEmpty()) {
            m_error = error;
            return false;
        }
        if (!found)
            continue; // deleted meanwhile
        const ConversationRow &c = *found;

        QJsonArray jsonMessages;
        if (!json) {
            QString header = u"\n## %1\n\n- Robot: %2\n- Chat: %3\n"_s.arg(
                text(c.displayName()), text(c.robotId),
                c.isGroup ? u"group %1"_s.arg(text(c.title.isEmpty() ? c.groupId : c.title))
                          : u"1:1"_s);
            header += u"- Started: %1\n"_s.arg(shownTime(c.createdAt));
            if (!put(out, header))
                return false;
        }
        PageKey after{std::numeric_limits<qint64>::min(), 0};
        for (;;) {
            if (cancelled.load())
                return false;
            QList<MessageRow> page = m_reader.messagesAfter(id, after, Page, &error);
            if (!error.isEmpty()) {
                m_error = error;
                return false;
            }
            const int rows = int(page.size());
            QString chunk;
            for (MessageRow &m : page) {
                m.content = text(m.content);
                m.senderNick = text(m.senderNick);
                m.requestId = text(m.requestId);
                after = {m.createdAt, m.id};
                if (json) {
                    QJsonObject o{{u"id"_s, m.id},
                                  {u"role"_s, m.role},
                                  {u"time"_s, isoTime(m.createdAt)},
                                  {u"text"_s, m.content}};
                    if (!m.senderNick.isEmpty())
                        o.insert(u"sender"_s, m.senderNick);
                    if (!m.model.isEmpty())
                        o.insert(u"model"_s, m.model);
                    if (m.promptTokens >= 0)
                        o.insert(u"prompt_tokens"_s, m.promptTokens);
                    if (m.completionTokens >= 0)
                        o.insert(u"completion_tokens"_s, m.completionTokens);
                    if (!m.requestId.isEmpty())
                        o.insert(u"request_id"_s, m.requestId);
                    if (!m.errorKind.isEmpty())
                        o.insert(u"error_kind"_s, m.errorKind);
                    jsonMessages.append(o);
                } else {
                    QString meta = shownTime(m.createdAt);
                    if (!m.model.isEmpty())
                        meta += u" · "_s + m.model;
                    if (m.promptTokens >= 0 || m.completionTokens >= 0)
                        meta += u" · %1 + %2 tokens"_s.arg(std::max(0, m.promptTokens))
                                    .arg(std::max(0, m.completionTokens));
                    chunk += u"\n### %1 — %2\n\n%3\n"_s.arg(roleTitle(m), meta, m.content);
                }
            }
            if (!json && !put(out, chunk))
                return false;
            done += rows;
            if (progress)
                progress(done, total);
            if (rows < Page)
                break;
        }
        if (json) {
            QJsonObject o{{u"id"_s, c.id},
                          {u"robot"_s, text(c.robotId)},
                          {u"group"_s, c.isGroup},
                          {u"conversation_id"_s, text(c.groupId)},
                          {u"sender_id"_s, text(c.senderId)},
                          {u"sender"_s, text(c.senderNick)},
                          {u"created_at"_s, isoTime(c.createdAt)},
                          {u"updated_at"_s, isoTime(c.updatedAt)},
                          {u"messages"_s, jsonMessages}};
            if (c.isGroup)
                o.insert(u"title"_s, text(c.title));
            QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Indented);
            if (!firstConversation)
                bytes.prepend(",\n");
            if (!put(out, bytes))
                return false;
        }
        firstConversation = false;
    }
    if (json && !put(out, QByteArray("]}\n")))
        return false;
    return true;
}
