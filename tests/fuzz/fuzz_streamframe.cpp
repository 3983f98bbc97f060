// Fuzzes the Stream-mode frame parser and, for a robot message, the message parser after it.
#include "FuzzCheck.h"

#include "dingtalk/InboundMessage.h"
#include "dingtalk/StreamFrame.h"

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const StreamFrame frame = StreamFrame::parse(text);
    if (frame.kind == StreamFrame::Kind::RobotMessage) {
        FUZZ_CHECK(!frame.data.isEmpty());
        const ParseResult parsed = InboundParser::parse(frame.data);
        FUZZ_CHECK(parsed.message.has_value() != !parsed.error.isEmpty());
    }
    if (frame.kind != StreamFrame::Kind::Malformed) {
        // The ACK is JSON the server reads back: its messageId survives whatever it holds.
        const QString ack = StreamFrame::ack(frame.messageId, {});
        const QJsonObject o = QJsonDocument::fromJson(ack.toUtf8()).object();
        FUZZ_CHECK(o.value(QStringLiteral("headers"))
                       .toObject()
                       .value(QStringLiteral("messageId"))
                       .toString() == frame.messageId);
    }
    return 0;
}
