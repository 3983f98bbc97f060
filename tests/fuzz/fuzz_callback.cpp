// Fuzzes what a DingTalk callback brings: the timestamp and sign headers, then the JSON body.
// Input: "<timestamp>\n<sign>\n<body>".
#include "FuzzCheck.h"

#include "dingtalk/InboundMessage.h"
#include "dingtalk/Signature.h"

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> pieces = input.split('\n');
    const QByteArray timestamp = pieces.value(0);
    const QByteArray sign = pieces.value(1);
    const qsizetype bodyStart = timestamp.size() + sign.size() + 2;
    const QByteArray body = bodyStart < input.size() ? input.mid(bodyStart) : QByteArray();

    const QByteArray secret = "fuzz-secret";
    const qint64 now = 1'700'000'000'000;
    const Signature::Verdict verdict = Signature::verify(timestamp, sign, secret, now, 3600);
    FUZZ_CHECK(!Signature::describe(verdict).isEmpty());
    // A sign made for a timestamp inside the window always passes, and only with its secret.
    bool ok = false;
    const qint64 t = timestamp.trimmed().toLongLong(&ok);
    if (ok && t > 0 && (t > now ? t - now : now - t) <= 3600 * 1000) {
        FUZZ_CHECK(Signature::verify(timestamp, Signature::sign(t, secret), secret, now, 3600) ==
                   Signature::Verdict::Ok);
        FUZZ_CHECK(Signature::verify(timestamp, Signature::sign(t, secret), "other", now, 3600) ==
                   Signature::Verdict::Mismatch);
    }

    const ParseResult parsed = InboundParser::parse(body);
    FUZZ_CHECK(parsed.message.has_value() != !parsed.error.isEmpty());
    if (parsed.message) {
        const InboundMessage &m = *parsed.message;
        FUZZ_CHECK(!m.msgId.isEmpty() && !m.conversationId.isEmpty());
        // What the job queue keeps reads back as the same message.
        const auto back = InboundMessage::fromJson(
            QJsonDocument::fromJson(QJsonDocument(m.toJson()).toJson()).object());
        FUZZ_CHECK(back.has_value());
        FUZZ_CHECK(back->msgId == m.msgId && back->conversationId == m.conversationId);
        FUZZ_CHECK(back->text == m.text && back->isGroup == m.isGroup);
        FUZZ_CHECK(back->isSupportedKind() == m.isSupportedKind());
    }
    return 0;
}
