#include "TestLog.h"

#include <QMutex>

#include <algorithm>

namespace {
QMutex g_mutex;
QStringList g_lines;
QtMessageHandler g_previous = nullptr;
bool g_installed = false;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        QMutexLocker lock(&g_mutex);
        g_lines << text;
    }
    if (g_previous)
        g_previous(type, context, text);
}
} // namespace

namespace TestLog {

void install()
{
    if (g_installed)
        return;
    g_installed = true;
    g_previous = qInstallMessageHandler(capture);
}

void clear()
{
    QMutexLocker lock(&g_mutex);
    g_lines.clear();
}

QStringList lines()
{
    QMutexLocker lock(&g_mutex);
    return g_lines;
}

bool contains(const QString &needle)
{
    const QStringList all = lines();
    return std::any_of(all.cbegin(), all.cend(),
                       [&](const QString &line) { return line.contains(needle); });
}

} // namespace TestLog
