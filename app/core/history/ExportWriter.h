// ExportWriter: writes conversations as Markdown or JSON, every text passed through the
// Redactor, reading a page of messages at a time (ExportReader) so memory stays flat.
#pragma once

#include <QIODevice>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

class ExportReader;
class Redactor;

struct ExportRequest
{
    enum class Format { Markdown, Json };
    Format format = Format::Markdown;
    QList<qint64> conversationIds; // empty: every conversation
    QString outputFile;
};

class ExportWriter final
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;

    // reader and redactor must outlive the writer.
    ExportWriter(ExportReader &reader, const Redactor &redactor);

    // Returns false on error (error()) or when cancelled became true (cancelledBy()).
    bool write(const ExportRequest &request, QIODevice &out, const std::atomic<bool> &cancelled,
               const Progress &progress);
    QString error() const { return m_error; }
    // Messages the request covers; what progress counts towards.
    qint64 countMessages(const QList<qint64> &conversationIds);

private:
    QList<qint64> conversationIds(const ExportRequest &request);
    bool put(QIODevice &out, const QString &text);
    bool put(QIODevice &out, const QByteArray &bytes);

    ExportReader &m_reader;
    const Redactor &m_redactor;
    QString m_error;
};
