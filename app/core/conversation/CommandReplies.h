// CommandReplies: what the robot says to commands, refusals and daily limits, in zh or en.
#pragma once

#include "config/Config.h"
#include "conversation/Quota.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace CommandReplies {
// One line per command, in the robot's language.
QString help(const QString &language);
QString nothingAsked(const QString &language);
QString unknownCommand(const QString &language, const QString &word);
QString refused(const QString &language);
QString quotaReached(const QString &language, QuotaCheck::Result which, const QDateTime &resetsAt,
                     const QDateTime &now);
QString usage(const QString &language, const DailyUsage &today, const RobotSettings &robot,
              bool admin, const QDateTime &resetsAt, const QDateTime &now);

QString modelNow(const QString &language, const QString &model, const QStringList &choices);
QString modelSwitched(const QString &language, const QString &model);
QString modelNotAllowed(const QString &language, const QString &name, const QStringList &choices);

QString promptNow(const QString &language, const QString &prompt, bool own);
QString promptSet(const QString &language);
QString promptCleared(const QString &language);

QString personaList(const QString &language, const QList<PersonaSettings> &personas,
                    const QString &current);
QString personaSwitched(const QString &language, const PersonaSettings &persona);
QString personaUnknown(const QString &language, const QString &name,
                       const QList<PersonaSettings> &personas);
QString personaCleared(const QString &language);

QString nothingToRetry(const QString &language);
QString notSaved(const QString &language);
} // namespace CommandReplies
