#include "tokens/Encoding.h"

#include "tokens/BytePair.h"
#include "tokens/Gunzip.h"
#include "tokens/Pretokenizer.h"
#include "util/Log.h"

#include <QElapsedTimer>
#include <QFile>
#include <QResource>

#include <mutex>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString resourcePath(Encoding::Id id)
{
    return u":/tokenizer/"_s + Encoding::name(id) + u".tiktoken.gz"_s;
}

// The compressed file is read once; its pages of the program image need not stay resident
// (up to 1.7 MB). MADV_PAGEOUT only asks the kernel to reclaim them: whatever the mapping,
// the bytes stay readable.
void releasePages(const char *data, qsizetype size)
{
#if defined(Q_OS_LINUX) && defined(MADV_PAGEOUT)
    const auto page = quintptr(sysconf(_SC_PAGESIZE));
    const auto begin = (quintptr(data) + page - 1) & ~(page - 1);
    const auto end = (quintptr(data) + quintptr(size)) & ~(page - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_PAGEOUT);
#else
    Q_UNUSED(data);
    Q_UNUSED(size);
#endif
}

std::unique_ptr<Encoding> loadCompiledIn(Encoding::Id id)
{
    QElapsedTimer timer;
    timer.start();
    // The resource is stored as is (already gzip'd): read it in place, without a copy.
    const QResource resource(resourcePath(id));
    QByteArray gzip;
    const bool inPlace =
        resource.isValid() && resource.compressionAlgorithm() == QResource::NoCompression;
    if (inPlace) {
        gzip = QByteArray::fromRawData(reinterpret_cast<const char *>(resource.data()),
                                       qsizetype(resource.size()));
    } else {
        QFile file(resourcePath(id));
        if (file.open(QIODevice::ReadOnly))
            gzip = file.readAll();
    }
    QString error;
    std::unique_ptr<Encoding> encoding;
    if (gzip.isEmpty())
        error = u"%1 is missing from the program"_s.arg(resourcePath(id));
    else
        encoding = Encoding::fromGzip(id, gzip, &error);
    if (inPlace)
        releasePages(gzip.constData(), gzip.size());
    if (!encoding) {
        qCCritical(lcModel).noquote()
            << "cannot read the" << Encoding::name(id) << "token ranks:" << error
            << "- token counts fall back to an estimate";
        return nullptr;
    }
    qCInfo(lcModel).noquote() << u"loaded the %1 tokenizer (%2 tokens) in %3 ms"_s
                                     .arg(encoding->name())
                                     .arg(encoding->vocabularySize())
                                     .arg(timer.elapsed());
    return encoding;
}

} // namespace

Encoding::Encoding(Id id, RankTable ranks)
    : m_id(id)
    , m_ranks(std::move(ranks))
{}

Encoding::~Encoding() = default;

QString Encoding::name(Id id)
{
    return id == Id::O200kBase ? u"o200k_base"_s : u"cl100k_base"_s;
}

const Encoding *Encoding::get(Id id)
{
    static std::once_flag once[2];
    static std::unique_ptr<Encoding> loaded[2];
    const int i = id == Id::O200kBase ? 0 : 1;
    std::call_once(once[i], [i, id] { loaded[i] = loadCompiledIn(id); });
    return loaded[i].get();
}

std::unique_ptr<Encoding> Encoding::fromGzip(Id id, const QByteArray &gzip, QString *error)
{
    RankTable ranks;
    // The published files' sizes: tokens, and bytes of all tokens together.
    if (id == Id::O200kBase)
        ranks.reserve(199998, 1397670);
    else
        ranks.reserve(100256, 643830);
    QString why;
    bool fed = Gunzip::inflate(
        gzip, [&](std::string_view piece) { return ranks.feed(piece, &why); }, error);
    if (fed && !why.isEmpty()) {
        *error = why;
        fed = false;
    }
    if (!fed || !ranks.finish(error))
        return nullptr;
    // Every byte must be a token of its own, or some text could not be encoded at all.
    for (int b = 0; b < 256; ++b) {
        const char byte = char(b);
        if (ranks.rank(&byte, 1) == RankTable::NoRank) {
            *error = u"byte %1 has no rank"_s.arg(b);
            return nullptr;
        }
    }
    return std::unique_ptr<Encoding>(new Encoding(id, std::move(ranks)));
}

template<typename PieceFn> void Encoding::forEachPiece(QStringView text, PieceFn &&fn) const
{
    thread_local Pretokenizer pieces;
    pieces.reset(text);
    const auto pattern =
        m_id == Id::O200kBase ? Pretokenizer::Pattern::O200k : Pretokenizer::Pattern::Cl100k;
    std::uint32_t from = 0;
    for (const std::uint32_t to : pieces.split(pattern)) {
        fn(pieces.bytes(from, to));
        from = to;
    }
}

std::vector<std::uint32_t> Encoding::encode(QStringView text) const
{
    std::vector<std::uint32_t> out;
    forEachPiece(text, [&](std::string_view piece) { BytePair::encode(m_ranks, piece, out); });
    return out;
}

qsizetype Encoding::count(QStringView text) const
{
    qsizetype n = 0;
    forEachPiece(text, [&](std::string_view piece) { n += BytePair::count(m_ranks, piece); });
    return n;
}
