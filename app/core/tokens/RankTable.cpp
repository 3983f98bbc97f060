#include "tokens/RankTable.h"

#include <array>
#include <bit>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

// A multiply-xorshift hash over 8-byte words: tokens are short, so this is a few cycles.
std::uint64_t hashBytes(const char *p, std::size_t n)
{
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xFF51AFD7ED558CCDull);
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0x94D049BB133111EBull;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

constexpr std::array<std::int8_t, 256> base64Values()
{
    std::array<std::int8_t, 256> t{};
    for (auto &v : t)
        v = -1;
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        t[std::uint8_t(alphabet[i])] = std::int8_t(i);
    return t;
}

// Appends the bytes of standard base64 text (with padding) to out; false when malformed.
bool decodeBase64(std::string_view text, std::vector<char> &out)
{
    static constexpr auto values = base64Values();
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : text) {
        const int v = values[std::uint8_t(c)];
        if (v < 0)
            return false;
        bits = (bits << 6) | std::uint32_t(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(char((bits >> count) & 0xFF));
        }
    }
    return count < 6; // six leftover bits cannot come from whole bytes
}

} // namespace

void RankTable::reserve(std::uint32_t tokens, std::size_t bytes)
{
    m_offsets.reserve(tokens + 1);
    m_bytes.reserve(bytes);
}

bool RankTable::feed(std::string_view text, QString *error)
{
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        if (end == std::string_view::npos) {
            m_partial.append(text);
            return true;
        }
        bool ok;
        if (m_partial.empty()) {
            ok = addLine(text.substr(0, end), error);
        } else {
            m_partial.append(text.substr(0, end));
            ok = addLine(m_partial, error);
            m_partial.clear();
        }
        if (!ok)
            return false;
        text.remove_prefix(end + 1);
    }
    return true;
}

bool RankTable::addLine(std::string_view line, QString *error)
{
    ++m_line;
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (line.empty())
        return true;
    const std::size_t space = line.find(' ');
    const auto bad = [&](const QString &why) {
        *error = u"line %1: %2"_s.arg(m_line).arg(why);
        return false;
    };
    if (space == std::string_view::npos || space == 0)
        return bad(u"expected \"base64-token rank\""_s);
    std::uint64_t rank = 0;
    const std::string_view digits = line.substr(space + 1);
    if (digits.empty() || digits.size() > 9)
        return bad(u"the rank is not a number"_s);
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return bad(u"the rank is not a number"_s);
        rank = rank * 10 + std::uint64_t(c - '0');
    }
    // Ranks double as indexes: they must come 0, 1, 2, … (the published files do).
    if (rank != size())
        return bad(u"rank %1 where %2 was expected"_s.arg(rank).arg(size()));
    const std::size_t before = m_bytes.size();
    if (!decodeBase64(line.substr(0, space), m_bytes) || m_bytes.size() == before) {
        m_bytes.resize(before);
        return bad(u"the token is not base64"_s);
    }
    m_offsets.push_back(std::uint32_t(m_bytes.size()));
    return true;
}

bool RankTable::finish(QString *error)
{
    if (!m_partial.empty()) {
        const std::string last = std::move(m_partial);
        m_partial.clear();
        if (!addLine(last, error))
            return false;
    }
    if (size() == 0) {
        *error = u"no tokens"_s;
        return false;
    }
    m_bytes.shrink_to_fit();
    m_offsets.shrink_to_fit();
    // Up to about 4/5 full: a miss probes a few more slots, but they are 4 bytes each and
    // mostly in one cache line, and the table takes 1 MB for o200k_base instead of 2.
    std::uint32_t capacity = std::bit_ceil(size());
    if (std::uint64_t(size()) * 5 > std::uint64_t(capacity) * 4)
        capacity *= 2;
    m_slots.assign(capacity, 0);
    m_mask = capacity - 1;
    m_rankBits = std::bit_width(size());
    m_short.assign(256 + 65536, NoRank);
    for (std::uint32_t r = 0; r < size(); ++r) {
        const std::string_view t = token(r);
        if (t.size() <= 2)
            m_short[shortIndex(t.data(), t.size())] = r;
        const std::uint64_t h = hashBytes(t.data(), t.size());
        std::uint32_t i = std::uint32_t(h) & m_mask;
        while (m_slots[i] != 0) {
            if (token((m_slots[i] & rankMask()) - 1) == t) {
                *error = u"token %1 repeats an earlier one"_s.arg(r);
                return false;
            }
            i = (i + 1) & m_mask;
        }
        m_slots[i] = (tagOf(h) & ~rankMask()) | (r + 1);
    }
    return true;
}

std::uint32_t RankTable::rank(const char *bytes, std::size_t n) const
{
    if (n <= 2)
        return n == 0 || m_short.empty() ? NoRank : m_short[shortIndex(bytes, n)];
    if (m_slots.empty())
        return NoRank;
    const std::uint64_t h = hashBytes(bytes, n);
    const std::uint32_t tag = tagOf(h) & ~rankMask();
    std::uint32_t i = std::uint32_t(h) & m_mask;
    for (;;) {
        const std::uint32_t slot = m_slots[i];
        if (slot == 0)
            return NoRank;
        if ((slot & ~rankMask()) == tag) {
            const std::uint32_t r = (slot & rankMask()) - 1;
            const std::uint32_t begin = m_offsets[r];
            if (m_offsets[r + 1] - begin == n && std::memcmp(m_bytes.data() + begin, bytes, n) == 0)
                return r;
        }
        i = (i + 1) & m_mask;
    }
}

std::string_view RankTable::token(std::uint32_t r) const
{
    if (r >= size())
        return {};
    return {m_bytes.data() + m_offsets[r], m_offsets[r + 1] - m_offsets[r]};
}

std::size_t RankTable::memoryBytes() const
{
    return m_bytes.capacity() +
           4 * (m_offsets.capacity() + m_slots.capacity() + m_short.capacity());
}
