#include "tokens/TokenCounter.h"

#include "tokens/ModelCatalog.h"
#include "util/Log.h"

#include <QMutex>
#include <QSet>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace {

std::optional<Encoding::Id> chosenEncoding(const QString &model, const QString &tokenizer)
{
    if (tokenizer == u"o200k_base"_s)
        return Encoding::Id::O200kBase;
    if (tokenizer == u"cl100k_base"_s)
        return Encoding::Id::Cl100kBase;
    if (tokenizer == u"estimate"_s)
        return std::nullopt;
    return ModelCatalog::encodingFor(model);
}

void sayOnce(const QString &model, const QString &tokenizer)
{
    static QMutex mutex;
    static QSet<QString> said;
    const QMutexLocker lock(&mutex);
    if (said.contains(model))
        return;
    said.insert(model);
    if (tokenizer == u"estimate"_s) {
        qCInfo(lcModel).noquote() << "model/tokenizer=estimate: token counts for" << model
                                  << "are estimated from the UTF-8 size of the text";
    } else {
        qCInfo(lcModel).noquote()
            << "no tokenizer is known for model" << model
            << "- counting each UTF-8 byte as a token, which over-estimates; set "
               "model/tokenizer to o200k_base or cl100k_base if the model uses one of them";
    }
}

} // namespace

TokenCounter TokenCounter::forModel(const QString &model, const QString &tokenizer)
{
    const auto id = chosenEncoding(model, tokenizer);
    if (!id) {
        sayOnce(model, tokenizer);
        return TokenCounter(nullptr);
    }
    return TokenCounter(Encoding::get(*id)); // nullptr (an estimate) if it could not be read
}

void TokenCounter::preload(const QStringList &models, const QString &tokenizer)
{
    QSet<int> ids;
    for (const QString &model : models) {
        if (const auto id = chosenEncoding(model, tokenizer))
            ids.insert(int(*id));
    }
    for (const int id : std::as_const(ids))
        QThreadPool::globalInstance()->start([id] { Encoding::get(Encoding::Id(id)); });
}

qsizetype TokenCounter::count(QStringView text) const
{
    if (m_encoding)
        return m_encoding->count(text);
    // The UTF-8 length without converting: a surrogate pair is 4 bytes, a lone surrogate 3
    // (it is sent as U+FFFD).
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            bytes += 4;
            ++i;
        } else {
            bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        }
    }
    return bytes;
}

qsizetype TokenCounter::countMessage(const ChatMessage &message, QStringView name) const
{
    qsizetype n = PerMessage + count(message.role) + count(message.content);
    if (!name.isEmpty())
        n += PerName + count(name);
    return n;
}

qsizetype TokenCounter::countPrompt(const QList<ChatMessage> &messages) const
{
    qsizetype n = ReplyPriming;
    for (const ChatMessage &m : messages)
        n += countMessage(m);
    return n;
}
