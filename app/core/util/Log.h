// Log: DingRelay's logging categories and the stderr handler that redacts every line.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRelay)
Q_DECLARE_LOGGING_CATEGORY(lcModel)
Q_DECLARE_LOGGING_CATEGORY(lcDingTalk)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcTunnel)

namespace Log {
// Routes Qt's messages to stderr as "time level category: text", passing each through the
// Redactor first, so nothing logged anywhere in the process can carry a known secret.
void installHandler();
} // namespace Log
