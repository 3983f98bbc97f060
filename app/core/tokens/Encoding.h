// Encoding: one tiktoken encoding (o200k_base, cl100k_base): its pre-tokenizer and BPE ranks.
#pragma once

#include "tokens/RankTable.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
#include <vector>

class Encoding final
{
public:
    enum class Id { O200kBase, Cl100kBase };

    // The encoding, read from its compiled-in rank file on first use (once, whichever thread
    // asks first; the others wait). nullptr when the file could not be read; the log says why.
    static const Encoding *get(Id id);
    // Reads an encoding from gzip'd rank text (the form in resources/tokenizer).
    static std::unique_ptr<Encoding> fromGzip(Id id, const QByteArray &gzip, QString *error);

    static QString name(Id id);
    QString name() const { return name(m_id); }
    Id id() const { return m_id; }

    // The token ranks of text as tiktoken's encode_ordinary gives them: special tokens such
    // as <|endoftext|> are plain text here, as they are in a chat message's content.
    std::vector<std::uint32_t> encode(QStringView text) const;
    qsizetype count(QStringView text) const;
    // The bytes of a token (for tests and tools).
    std::string_view token(std::uint32_t rank) const { return m_ranks.token(rank); }
    std::uint32_t vocabularySize() const { return m_ranks.size(); }

    Encoding(const Encoding &) = delete;
    Encoding &operator=(const Encoding &) = delete;
    ~Encoding();

private:
    Encoding(Id id, RankTable ranks);
    template<typename PieceFn> void forEachPiece(QStringView text, PieceFn &&fn) const;

    Id m_id;
    RankTable m_ranks;
};
