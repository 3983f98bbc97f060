// Replies: the sentences the robot itself says in DingTalk, in the robot's language.
#pragma once

#include "openai/ChatTypes.h"

#include <QString>

namespace Replies {
// language is "zh" or "en"; anything else reads as "zh", the default for DingTalk users.
bool isEnglish(const QString &language);
// zh or en, in the language's sentence.
QString pick(const QString &language, const QString &zh, const QString &en);
QString contextCleared(const QString &language);
QString unsupportedKind(const QString &language, const QString &msgType);
QString emptyMessage(const QString &language);
// One sentence saying what went wrong with the model call and what to do about it.
QString modelFailed(const QString &language, const ChatError &error);
// Said once while the model is not answering and DingRelay keeps trying (model/retry_seconds):
// the answer, or modelFailed(), follows.
QString modelDelayed(const QString &language);
// What an AI card left half-written by a stopped DingRelay says once it is closed at the start.
QString cardInterrupted(const QString &language);
} // namespace Replies
