// Exporter: writes an export on a thread of its own, with progress and cancel; the file
// appears complete or not at all.
#pragma once

#include "history/ExportWriter.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;
class Redactor;

class Exporter final : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Done, Cancelled, Failed };
    Q_ENUM(Outcome)

    // redactor must outlive the export (the process-wide one holds every loaded secret).
    explicit Exporter(QString databaseFile, QObject *parent = nullptr);
    Exporter(QString databaseFile, const Redactor &redactor, QObject *parent = nullptr);
    ~Exporter() override; // cancels a running export and waits for it

    // Refused (false) while another export runs.
    bool start(const ExportRequest &request);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

signals:
    void progress(qint64 done, qint64 total);
    // error is empty unless outcome is Failed. A cancelled export leaves no file behind.
    void finished(Exporter::Outcome outcome, const QString &error);

private:
    QString m_file;
    const Redactor &m_redactor;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
