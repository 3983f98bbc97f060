// Mentions: takes the robot's own @name out of a group message before the model reads it.
#pragma once

#include <QString>
#include <QStringList>

namespace Mentions {
// Removes "@name" for each of the robot's names at the start (several times, as in
// "@Bot @Bot hi") and at the end of text, ignoring case; DingTalk separates a mention with a
// space, a U+2005 or nothing at the end. Other people's mentions stay: they may matter.
QString strip(const QString &text, const QStringList &names);
} // namespace Mentions
