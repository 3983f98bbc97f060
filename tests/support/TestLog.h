// TestLog: keeps every line the process logs, so a test can check that something was said.
#pragma once

#include <QString>
#include <QStringList>

namespace TestLog {
// Installs the handler once; lines are also passed on to the handler that was there before.
void install();
void clear();
QStringList lines();
bool contains(const QString &needle);
} // namespace TestLog
