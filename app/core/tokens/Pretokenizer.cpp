#include "tokens/Pretokenizer.h"

#include <QChar>

namespace {

// Character classes, as bits; U and W are o200k's two letter sets.
enum : std::uint8_t {
    Letter = 1,     // \p{L}
    Number = 2,     // \p{N}
    Mark = 4,       // \p{M}
    Upper = 8,      // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    Lower = 16,     // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    Space = 32,     // \s: Unicode White_Space, as the regex crate under tiktoken reads it
    LineBreak = 64, // [\r\n]
};

bool isWhiteSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

std::uint8_t characterClass(char32_t c)
{
    std::uint8_t bits = 0;
    if (isWhiteSpace(c))
        bits |= Space;
    if (c == u'\r' || c == u'\n')
        bits |= LineBreak;
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Titlecase:
        bits |= Letter | Upper;
        break;
    case QChar::Letter_Lowercase:
        bits |= Letter | Lower;
        break;
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
        bits |= Letter | Upper | Lower;
        break;
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        bits |= Mark | Upper | Lower;
        break;
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        bits |= Number;
        break;
    default:
        break;
    }
    return bits;
}

struct AsciiClasses
{
    std::uint8_t bits[128];
    AsciiClasses()
    {
        for (char32_t c = 0; c < 128; ++c)
            bits[c] = characterClass(c);
    }
};

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(char(0xE0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    }
}

// "Not \r, \n, a letter or a number": what may stand before a word.
bool isPrefix(std::uint8_t bits)
{
    return (bits & (LineBreak | Letter | Number)) == 0;
}

} // namespace

void Pretokenizer::reset(QStringView text)
{
    static const AsciiClasses ascii;
    m_chars.clear();
    m_classes.clear();
    m_offsets.clear();
    m_utf16.clear();
    m_utf8.clear();
    const char16_t *p = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        m_utf16.push_back(i);
        m_offsets.push_back(std::uint32_t(m_utf8.size()));
        char32_t c = p[i++];
        if (c < 0x80) {
            m_chars.push_back(c);
            m_classes.push_back(ascii.bits[c]);
            m_utf8.push_back(char(c));
            continue;
        }
        if (QChar::isHighSurrogate(c) && i < n && QChar::isLowSurrogate(p[i]))
            c = QChar::surrogateToUcs4(char16_t(c), p[i++]);
        else if (QChar::isSurrogate(c))
            c = QChar::ReplacementCharacter; // as on its way into tiktoken
        m_chars.push_back(c);
        m_classes.push_back(characterClass(c));
        appendUtf8(m_utf8, c);
    }
    m_utf16.push_back(n);
    m_offsets.push_back(std::uint32_t(m_utf8.size()));
}

const std::vector<std::uint32_t> &Pretokenizer::split(Pattern pattern)
{
    m_ends.clear();
    const std::uint32_t n = size();
    for (std::uint32_t i = 0; i < n;) {
        i = pattern == Pattern::O200k ? pieceO200k(i) : pieceCl100k(i);
        m_ends.push_back(i);
    }
    return m_ends;
}

// (?i:'s|'t|'re|'ve|'m|'ll|'d). Case-insensitive as Unicode folds: 'ſ' (U+017F) is an s.
std::uint32_t Pretokenizer::contraction(std::uint32_t i) const
{
    const std::uint32_t n = size();
    if (i + 1 >= n || m_chars[i] != u'\'')
        return i;
    const auto lower = [&](std::uint32_t k) -> char32_t {
        const char32_t c = m_chars[k];
        if (c == 0x17F)
            return u's';
        return c >= u'A' && c <= u'Z' ? c + 32 : c;
    };
    const char32_t a = lower(i + 1);
    if (a == u's' || a == u't' || a == u'm' || a == u'd')
        return i + 2;
    if (i + 2 < n) {
        const char32_t b = lower(i + 2);
        if ((a == u'r' && b == u'e') || (a == u'v' && b == u'e') || (a == u'l' && b == u'l'))
            return i + 3;
    }
    return i;
}

// " ?[^\s\p{L}\p{N}]+" then [\r\n/]* (o200k) or [\r\n]* (cl100k); i when it does not match.
std::uint32_t Pretokenizer::punctuation(std::uint32_t i, bool slashes) const
{
    const std::uint32_t n = size();
    const auto other = [&](std::uint32_t k) {
        return k < n && (m_classes[k] & (Space | Letter | Number)) == 0;
    };
    std::uint32_t k = i;
    if (m_chars[k] == u' ' && other(k + 1))
        ++k;
    if (!other(k))
        return i;
    while (other(k))
        ++k;
    while (k < n && ((m_classes[k] & LineBreak) || (slashes && m_chars[k] == u'/')))
        ++k;
    return k;
}

// The three whitespace alternatives, in order: \s*[\r\n]+ | \s+(?!\S) | \s+.
std::uint32_t Pretokenizer::whitespace(std::uint32_t i) const
{
    const std::uint32_t n = size();
    std::uint32_t end = i;
    while (end < n && (m_classes[end] & Space))
        ++end;
    // \s*[\r\n]+: the whitespace gives back characters until a line break can end the match.
    for (std::uint32_t k = end; k > i; --k) {
        if (m_classes[k - 1] & LineBreak)
            return k;
    }
    // \s+(?!\S): all of it at the end of the text, else all but the last.
    if (end == n || end - i >= 2)
        return end == n ? end : end - 1;
    return end; // \s+
}

// The two word alternatives of o200k; i when neither matches here.
std::uint32_t Pretokenizer::lettersO200k(std::uint32_t i) const
{
    const std::uint32_t n = size();
    const auto is = [&](std::uint32_t k, std::uint8_t bits) {
        return k < n && (m_classes[k] & bits);
    };
    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ from `from`: the greedy run of
    // Upper gives back characters until a Lower can follow.
    const auto upperThenLower = [&](std::uint32_t from) -> std::uint32_t {
        std::uint32_t k = from;
        while (is(k, Upper))
            ++k;
        if (is(k, Lower)) {
            while (is(k, Lower))
                ++k;
            return k;
        }
        for (std::uint32_t j = k; j > from; --j) {
            if (m_classes[j - 1] & Lower)
                return j;
        }
        return from;
    };
    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*
    const auto upperRun = [&](std::uint32_t from) -> std::uint32_t {
        std::uint32_t k = from;
        while (is(k, Upper))
            ++k;
        if (k == from)
            return from;
        while (is(k, Lower))
            ++k;
        return k;
    };
    const bool prefix = isPrefix(m_classes[i]);
    std::uint32_t end = prefix ? upperThenLower(i + 1) : i + 1;
    if (prefix && end > i + 1)
        return contraction(end);
    end = upperThenLower(i);
    if (end > i)
        return contraction(end);
    end = prefix ? upperRun(i + 1) : i + 1;
    if (prefix && end > i + 1)
        return contraction(end);
    end = upperRun(i);
    if (end > i)
        return contraction(end);
    return i;
}

std::uint32_t Pretokenizer::pieceO200k(std::uint32_t i) const
{
    const std::uint8_t c = m_classes[i];
    std::uint32_t end = lettersO200k(i);
    if (end > i)
        return end;
    if (c & Number) { // \p{N}{1,3}
        end = i + 1;
        while (end < size() && end < i + 3 && (m_classes[end] & Number))
            ++end;
        return end;
    }
    end = punctuation(i, true);
    if (end > i)
        return end;
    if (c & Space)
        return whitespace(i);
    return i + 1; // unreachable: every character starts one of the above
}

std::uint32_t Pretokenizer::pieceCl100k(std::uint32_t i) const
{
    const std::uint32_t n = size();
    std::uint32_t end = contraction(i);
    if (end > i)
        return end;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    std::uint32_t k = i;
    if (isPrefix(m_classes[k]) && k + 1 < n && (m_classes[k + 1] & Letter))
        ++k;
    if (m_classes[k] & Letter) {
        while (k < n && (m_classes[k] & Letter))
            ++k;
        return k;
    }
    const std::uint8_t c = m_classes[i];
    if (c & Number) {
        end = i + 1;
        while (end < n && end < i + 3 && (m_classes[end] & Number))
            ++end;
        return end;
    }
    end = punctuation(i, false);
    if (end > i)
        return end;
    if (c & Space)
        return whitespace(i);
    return i + 1;
}
