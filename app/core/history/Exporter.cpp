#include "history/Exporter.h"

#include "storage/ExportReader.h"
#include "storage/ReadConnection.h"
#include "util/Redactor.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSaveFile>
#include <QThread>

Exporter::Exporter(QString databaseFile, QObject *parent)
    : Exporter(std::move(databaseFile), Redactor::instance(), parent)
{}

Exporter::Exporter(QString databaseFile, const Redactor &redactor, QObject *parent)
    : QObject(parent)
    , m_file(std::move(databaseFile))
    , m_redactor(redactor)
{}

Exporter::~Exporter()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void Exporter::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool Exporter::start(const ExportRequest &request)
{
    if (m_thread)
        return false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    QPointer<Exporter> self(this);
    m_thread =
        QThread::create([self, request, cancel = m_cancel, file = m_file, redactor = &m_redactor] {
            Outcome outcome = Outcome::Done;
            QString error;
            {
                ReadConnection connection(file);
                QSaveFile out(request.outputFile);
                // A cancelled or failed export never replaces an existing file or leaves half a
                // one.
                out.setDirectWriteFallback(false);
                if (!connection.isOpen()) {
                    outcome = Outcome::Failed;
                    error = connection.error();
                } else if (!out.open(QIODevice::WriteOnly) ||
                           // Conversations are private, wherever the file is put.
                           !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
                    outcome = Outcome::Failed;
                    error = out.errorString();
                } else {
                    ExportReader reader(connection);
                    ExportWriter writer(reader, *redactor);
                    QElapsedTimer throttle;
                    throttle.start();
                    const auto report = [&](qint64 done, qint64 total) {
                        // A few updates a second are plenty for a progress bar.
                        if (throttle.elapsed() < 50 && done < total)
                            return;
                        throttle.restart();
                        QMetaObject::invokeMethod(
                            self.data(),
                            [self, done, total] {
                                if (self)
                                    emit self->progress(done, total);
                            },
                            Qt::QueuedConnection);
                    };
                    if (writer.write(request, out, *cancel, report)) {
                        if (!out.commit()) {
                            outcome = Outcome::Failed;
                            error = out.errorString();
                        }
                    } else {
                        out.cancelWriting();
                        outcome = cancel->load() ? Outcome::Cancelled : Outcome::Failed;
                        error = outcome == Outcome::Failed ? writer.error() : QString();
                    }
                }
            }
            QMetaObject::invokeMethod(
                self.data(),
                [self, outcome, error] {
                    if (!self)
                        return;
                    self->m_thread->wait();
                    delete self->m_thread;
                    self->m_thread = nullptr;
                    emit self->finished(outcome, error);
                },
                Qt::QueuedConnection);
        });
    m_thread->start();
    return true;
}
