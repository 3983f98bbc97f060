#include "util/Log.h"

#include "util/Redactor.h"

#include <QDateTime>

#include <cstdio>

Q_LOGGING_CATEGORY(lcRelay, "dingrelay.relay")
Q_LOGGING_CATEGORY(lcModel, "dingrelay.model")
Q_LOGGING_CATEGORY(lcDingTalk, "dingrelay.dingtalk")
Q_LOGGING_CATEGORY(lcStorage, "dingrelay.storage")
Q_LOGGING_CATEGORY(lcConfig, "dingrelay.config")
// The tunnel program's own output is logged at debug level; the default shows only the rest.
Q_LOGGING_CATEGORY(lcTunnel, "dingrelay.tunnel", QtInfoMsg)

namespace {
const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString line = Redactor::instance().redact(message);
    const QByteArray time = QDateTime::currentDateTime().toString(Qt::ISODateWithMs).toUtf8();
    const char *category = context.category ? context.category : "default";
    std::fprintf(stderr, "%s %s %s: %s\n", time.constData(), levelName(type), category,
                 line.toLocal8Bit().constData());
    std::fflush(stderr);
}
} // namespace

void Log::installHandler()
{
    qInstallMessageHandler(handler);
}
