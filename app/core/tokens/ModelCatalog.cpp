#include "tokens/ModelCatalog.h"

using namespace Qt::StringLiterals;

namespace {

struct Known
{
    QStringView prefix; // the longest matching prefix wins
    int window;
};

// Published context windows (tokens). Dated snapshots match by prefix.
constexpr Known Windows[] = {
    {u"gpt-5", 400000},
    {u"gpt-4.1", 1047576},
    {u"gpt-4.5", 128000},
    {u"gpt-4o", 128000},
    {u"chatgpt-4o", 128000},
    {u"gpt-4-turbo", 128000},
    {u"gpt-4-1106", 128000},
    {u"gpt-4-0125", 128000},
    {u"gpt-4-vision", 128000},
    {u"gpt-4-32k", 32768},
    {u"gpt-4", 8192},
    {u"gpt-3.5-turbo-instruct", 4096},
    {u"gpt-3.5-turbo", 16385},
    {u"gpt-35-turbo", 16385}, // Azure's spelling
    {u"o1-mini", 128000},
    {u"o1-preview", 128000},
    {u"o1", 200000},
    {u"o3", 200000},
    {u"o4-mini", 200000},
    {u"deepseek-chat", 65536},
    {u"deepseek-reasoner", 65536},
    {u"moonshot-v1-8k", 8192},
    {u"moonshot-v1-32k", 32768},
    {u"moonshot-v1-128k", 131072},
    {u"qwen-turbo", 131072},
    {u"qwen-plus", 131072},
    {u"qwen-max", 32768},
    {u"qwen-long", 1000000},
};

bool startsWord(const QString &name, QStringView prefix)
{
    // "o1" must not take "o1x"-like names of other families; a dash, a dot or the end follows.
    if (!name.startsWith(prefix))
        return false;
    if (name.size() == prefix.size())
        return true;
    const QChar next = name.at(prefix.size());
    return next == u'-' || next == u'.' || next == u':' || next == u'_' || !prefix.back().isDigit();
}

} // namespace

QString ModelCatalog::canonical(const QString &model)
{
    QString name = model.trimmed().toLower();
    const qsizetype slash = name.lastIndexOf(u'/');
    if (slash >= 0)
        name = name.mid(slash + 1);
    return name;
}

std::optional<Encoding::Id> ModelCatalog::encodingFor(const QString &model)
{
    const QString name = canonical(model);
    static const QStringView o200k[] = {u"gpt-4o",     u"gpt-4.1", u"gpt-4.5", u"gpt-5",
                                        u"chatgpt-4o", u"o1",      u"o3",      u"o4"};
    for (const QStringView prefix : o200k) {
        if (startsWord(name, prefix))
            return Encoding::Id::O200kBase;
    }
    static const QStringView cl100k[] = {u"gpt-4", u"gpt-3.5", u"gpt-35"};
    for (const QStringView prefix : cl100k) {
        if (startsWord(name, prefix))
            return Encoding::Id::Cl100kBase;
    }
    return std::nullopt;
}

int ModelCatalog::contextWindow(const QString &model)
{
    const QString name = canonical(model);
    const Known *best = nullptr;
    for (const Known &known : Windows) {
        if (startsWord(name, known.prefix) && (!best || known.prefix.size() > best->prefix.size()))
            best = &known;
    }
    return best ? best->window : 0;
}
