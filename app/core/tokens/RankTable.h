// RankTable: a tiktoken rank file in memory: byte sequence -> rank, looked up without copies.
#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

class RankTable final
{
public:
    static constexpr std::uint32_t NoRank = UINT32_MAX;

    // Room for what is coming, so a large table is not copied while it grows (a hint only).
    void reserve(std::uint32_t tokens, std::size_t bytes);
    // Reads the text form (one "base64-token rank" per line, ranks 0, 1, 2, … in order) fed
    // in pieces of any size. Returns false with error set on the first bad line.
    bool feed(std::string_view text, QString *error);
    // Ends the input and builds the lookup table; false when nothing (or half a line) came.
    bool finish(QString *error);

    std::uint32_t rank(const char *bytes, std::size_t size) const;
    std::uint32_t rank(std::string_view bytes) const { return rank(bytes.data(), bytes.size()); }
    std::string_view token(std::uint32_t rank) const;
    std::uint32_t size() const { return std::uint32_t(m_offsets.size()) - 1; }
    // Bytes held, for the log.
    std::size_t memoryBytes() const;

private:
    bool addLine(std::string_view line, QString *error);
    std::uint32_t rankMask() const { return (1u << m_rankBits) - 1; }
    static std::uint32_t tagOf(std::uint64_t hash) { return std::uint32_t(hash >> 32); }
    // One byte b at b, two bytes b0 b1 at 256 + b0 * 256 + b1.
    static std::size_t shortIndex(const char *bytes, std::size_t n)
    {
        const auto b0 = std::uint8_t(bytes[0]);
        return n == 1 ? b0 : 256 + b0 * 256u + std::uint8_t(bytes[1]);
    }

    std::vector<char> m_bytes;               // every token, in rank order
    std::vector<std::uint32_t> m_offsets{0}; // rank -> start in m_bytes; one past the end last
    // Open addressing. A slot holds rank + 1 in its low m_rankBits (0: empty)
    // and some hash bits above, so a probe rarely has to compare bytes that do not match.
    std::vector<std::uint32_t> m_slots;
    std::uint32_t m_mask = 0;
    int m_rankBits = 0;
    // Tokens of one and two bytes, by their bytes: the BPE asks for these most.
    std::vector<std::uint32_t> m_short;
    std::string m_partial; // a line cut between two pieces of input
    std::uint32_t m_line = 0;
};
