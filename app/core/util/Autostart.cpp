#include "util/Autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

// The Desktop Entry Specification's rules: an argument with a reserved character is quoted,
// and inside quotes ", `, $ and \ take a backslash. The whole value is then a string, whose
// own escaping doubles every backslash again.
QString quoteArgument(const QString &arg)
{
    static const QString reserved = uR"( 	
"'\><~|&;$*?#()`)"_s;
    bool needsQuotes = arg.isEmpty();
    for (const QChar c : arg)
        needsQuotes = needsQuotes || reserved.contains(c);
    QString out;
    for (const QChar c : arg) {
        if (needsQuotes && (c == u'"' || c == u'`' || c == u'$' || c == u'\\'))
            out += u'\\';
        out += c;
    }
    out.replace(u"%"_s, u"%%"_s);
    return needsQuotes ? u'"' + out + u'"' : out;
}

} // namespace

QString Autostart::entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           u"/autostart/org.dingrelay.DingRelay.desktop"_s;
}

bool Autostart::isEnabled()
{
    return QFileInfo::exists(entryPath());
}

QString Autostart::execLine(const QStringList &command)
{
    QStringList words;
    for (const QString &arg : command)
        words << quoteArgument(arg);
    return words.join(u' ').replace(u"\\"_s, u"\\\\"_s);
}

bool Autostart::setEnabled(bool enabled, const QStringList &command, QString *error)
{
    const QString path = entryPath();
    if (!enabled) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        if (error)
            *error = u"%1 cannot be removed"_s.arg(path);
        return false;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = u"the folder of %1 cannot be created"_s.arg(path);
        return false;
    }
    const QString entry = u"[Desktop Entry]\n"
                          u"Type=Application\n"
                          u"Name=DingRelay\n"
                          u"Comment=ChatGPT in your DingTalk robots\n"
                          u"Exec=%1\n"
                          u"Icon=org.dingrelay.DingRelay\n"
                          u"Terminal=false\n"
                          u"X-GNOME-Autostart-enabled=true\n"_s.arg(execLine(command));
    QSaveFile file(path);
    const QByteArray bytes = entry.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = u"%1 cannot be written: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}
