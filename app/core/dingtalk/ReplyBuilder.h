// ReplyBuilder: the JSON bodies DingRelay POSTs to a sessionWebhook.
#pragma once

#include <QByteArray>
#include <QString>

namespace ReplyBuilder {

// A markdown message titled with the answer's first line. A non-empty mentionStaffId
// @-mentions that user: DingTalk renders the mention only when the text itself holds it.
QByteArray markdown(const QString &text, const QString &mentionStaffId = {},
                    const QString &title = {}); // empty title: titleFor(text)

// The answer's first line without markdown marks, cut to maxChars: what DingTalk shows in
// the chat list and the notification.
QString titleFor(const QString &text, int maxChars = 40);

} // namespace ReplyBuilder
