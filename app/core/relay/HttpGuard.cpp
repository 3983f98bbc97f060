#include "relay/HttpGuard.h"

#include <QList>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxChunkLine = 1024; // a chunk size and its extensions
// Qt's header parser drops every header of a head with more fields than this, Content-Length
// and Transfer-Encoding included: the body would then be read as the next request.
constexpr int MaxHeaderFields = 100;

// RFC 9110 tchar: what a method and a header name are made of.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Header values: visible ASCII, space, tab and any byte above 127; no other control byte.
bool isFieldValue(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7F);
    });
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isKnownMethod(QByteArrayView method)
{
    for (const char *known : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
        if (method == QByteArrayView(known))
            return true;
    }
    return false;
}

} // namespace

HttpGuard::HttpGuard(Limits limits)
    : m_limits(limits)
{}

HttpGuard::Verdict HttpGuard::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && m_verdict == Verdict::Ok) {
        if (m_state == State::Closed) {
            // After "Connection: close" (or HTTP/1.0 without keep-alive) the client said it
            // sends no more: only line ends may follow.
            if (std::any_of(bytes.begin(), bytes.end(),
                            [](char c) { return c != '\r' && c != '\n'; }))
                return fail(Verdict::Malformed);
            break;
        }
        if (m_state == State::Body || m_state == State::ChunkData) {
            const qint64 take = std::min<qint64>(m_remaining, bytes.size());
            bytes = bytes.sliced(take);
            m_remaining -= take;
            if (m_remaining == 0) {
                if (m_state == State::Body)
                    requestDone();
                else
                    m_state = State::ChunkEnd;
            }
            continue;
        }
        // A line: the head, a chunk size, the CRLF after a chunk or after the last one.
        const qsizetype lf = bytes.indexOf('\n');
        const QByteArrayView piece = lf < 0 ? bytes : bytes.first(lf);
        const bool chunkLine =
            m_state == State::ChunkSize || m_state == State::ChunkEnd || m_state == State::LastCrlf;
        const qint64 budget = chunkLine ? MaxChunkLine : m_limits.maxHeadBytes;
        // After a chunk's data, and after the last chunk, Qt takes the next two bytes for the
        // CRLF, whatever they are: anything else is refused as it comes, not at its line end.
        if (m_state == State::ChunkEnd || m_state == State::LastCrlf) {
            const QByteArrayView first = m_line.isEmpty() ? piece : QByteArrayView(m_line);
            if (m_line.size() + piece.size() > 1 || (!first.isEmpty() && first.front() != '\r'))
                return fail(Verdict::Malformed);
        }
        // The verdict is the first offending byte's, however the bytes were cut: over the
        // budget, only the bytes within it are looked at.
        const qint64 lineBytes = piece.size() + (lf < 0 ? 0 : 1);
        const qint64 allowed = budget - m_headBytes;
        const bool over = lineBytes > allowed;
        const QByteArrayView checked =
            over ? piece.first(std::min<qint64>(piece.size(), allowed)) : piece;
        // A request line holds visible ASCII only: other bytes (binary, TLS on the plain
        // port) are refused before their line ends, which may be never.
        if (m_state == State::RequestLine &&
            std::any_of(checked.begin(), checked.end(), [](char c) {
                const auto u = static_cast<unsigned char>(c);
                return (u < 0x20 && u != '\r') || u >= 0x7F;
            }))
            return fail(Verdict::Malformed);
        if (over)
            return fail(chunkLine ? Verdict::Malformed : Verdict::HeadTooLarge);
        m_headBytes += lineBytes;
        if (lf < 0) {
            m_line.append(piece);
            break;
        }
        bytes = bytes.sliced(lf + 1);
        QByteArrayView line = piece;
        if (!m_line.isEmpty()) {
            m_line.append(piece);
            line = m_line;
        }
        // A head may end its lines with a bare LF, as Qt's parser does; the lines of a chunked
        // body end with CRLF, or Qt reads on past them.
        if (line.endsWith('\r'))
            line.chop(1);
        else if (chunkLine)
            return fail(Verdict::Malformed);
        const Verdict verdict = takeLine(line);
        m_line.clear();
        if (verdict != Verdict::Ok)
            return fail(verdict);
    }
    return m_verdict;
}

HttpGuard::Verdict HttpGuard::takeLine(QByteArrayView line)
{
    switch (m_state) {
    case State::RequestLine:
        if (line.isEmpty()) { // RFC 9112: an empty line before a request is ignored
            m_headBytes = 0;
            return Verdict::Ok;
        }
        return requestLine(line);
    case State::Header:
        return line.isEmpty() ? headEnd() : header(line);
    case State::ChunkSize:
        return chunkSize(line);
    case State::ChunkEnd:
        if (!line.isEmpty())
            return Verdict::Malformed;
        m_state = State::ChunkSize;
        m_headBytes = 0;
        return Verdict::Ok;
    case State::LastCrlf:
        if (!line.isEmpty())
            return Verdict::Malformed; // a trailer: Qt would take it for the next request
        requestDone();
        return Verdict::Ok;
    case State::Body:
    case State::ChunkData:
    case State::Closed:
        break;
    }
    return Verdict::Malformed;
}

HttpGuard::Verdict HttpGuard::requestLine(QByteArrayView line)
{
    // method SP origin-form SP HTTP/1.x, nothing else: the relay serves paths only.
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last == first)
        return Verdict::Malformed;
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = line.sliced(last + 1);
    if (!isKnownMethod(method) || (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return Verdict::Malformed;
    if (target.isEmpty() || target.front() != '/')
        return Verdict::Malformed;
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F)
            return Verdict::Malformed;
    }
    m_state = State::Header;
    m_headerFields = 0;
    m_contentLength = -1;
    m_chunked = false;
    m_http10 = version == "HTTP/1.0";
    m_close = false;
    m_keepAlive = false;
    m_hostFields = 0;
    m_expectContinue = false;
    m_continuePending = false;
    return Verdict::Ok;
}

HttpGuard::Verdict HttpGuard::header(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    // No obsolete line folding and no space before the colon (RFC 9112 section 5).
    if (colon <= 0 || !isToken(line.first(colon)))
        return Verdict::Malformed;
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return Verdict::Malformed;
    if (++m_headerFields > MaxHeaderFields)
        return Verdict::HeadTooLarge;
    const QByteArray name = line.first(colon).toByteArray().toLower();
    if (name == "content-length") {
        if (m_contentLength >= 0 || value.isEmpty() || value.size() > 18 ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return Verdict::Malformed;
        m_contentLength = value.toByteArray().toLongLong();
    } else if (name == "connection") {
        for (const QByteArray &option : value.toByteArray().toLower().split(',')) {
            m_close = m_close || option.trimmed() == "close";
            m_keepAlive = m_keepAlive || option.trimmed() == "keep-alive";
        }
    } else if (name == "host") {
        ++m_hostFields;
    } else if (name == "expect") {
        // An HTTP/1.0 client's expectation is ignored (RFC 9110 section 10.1.1).
        m_expectContinue = !m_http10 && value.toByteArray().toLower() == "100-continue";
    } else if (name == "upgrade") {
        // The relay speaks HTTP/1.1 alone, and Qt does not ignore an upgrade as a server may:
        // 6.4 answers a WebSocket one and closes, 6.8 closes unanswered. Refused here, every
        // version answers it alike.
        return Verdict::Malformed;
    } else if (name == "transfer-encoding") {
        if (m_chunked)
            return Verdict::Malformed;
        if (value.toByteArray().toLower() != "chunked")
            return Verdict::NotImplemented;
        m_chunked = true;
    }
    return Verdict::Ok;
}

HttpGuard::Verdict HttpGuard::headEnd()
{
    if (m_chunked && m_contentLength >= 0)
        return Verdict::Malformed; // which one frames the body is how requests get smuggled
    // RFC 9112 section 3.2: a 1.1 request without Host, and any with two, get 400.
    if (m_hostFields > 1 || (!m_http10 && m_hostFields == 0 && m_limits.requireHost))
        return Verdict::Malformed;
    m_headBytes = 0;
    if (m_chunked) {
        m_state = State::ChunkSize;
        m_bodyBytes = 0;
        m_continuePending = m_expectContinue;
        return Verdict::Ok;
    }
    // Too large: the 413 goes instead of the 100, and the client need not send the body.
    if (m_contentLength > m_limits.maxBodyBytes)
        return Verdict::BodyTooLarge;
    if (m_contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_contentLength;
        m_continuePending = m_expectContinue;
    } else {
        requestDone();
    }
    return Verdict::Ok;
}

HttpGuard::Verdict HttpGuard::chunkSize(QByteArrayView line)
{
    // Hex digits, then nothing or a chunk extension: no blanks, no sign, no 0x. Qt reads
    // more than that, but what it cannot read it takes for the last chunk.
    qsizetype digits = 0;
    qint64 size = 0;
    for (; digits < 15 && digits < line.size() && hexDigit(line[digits]) >= 0; ++digits)
        size = size * 16 + hexDigit(line[digits]);
    // A 16th digit lands here too: no body is that large.
    if (digits == 0 || (digits < line.size() && line[digits] != ';') || !isFieldValue(line))
        return Verdict::Malformed;
    m_headBytes = 0;
    if (size == 0) {
        m_state = State::LastCrlf;
        return Verdict::Ok;
    }
    m_bodyBytes += size;
    if (m_bodyBytes > m_limits.maxBodyBytes)
        return Verdict::BodyTooLarge;
    m_state = State::ChunkData;
    m_remaining = size;
    return Verdict::Ok;
}

bool HttpGuard::takeContinue()
{
    // Once some of the body is here, the client has stopped waiting (RFC 9110 section
    // 10.1.1 lets the server leave the 100 out then).
    const bool bodyStarted = (m_state == State::Body && m_remaining != m_contentLength) ||
                             (m_state != State::Body && m_state != State::ChunkSize) ||
                             (m_state == State::ChunkSize && (m_bodyBytes > 0 || m_headBytes > 0));
    const bool take = m_continuePending && m_verdict == Verdict::Ok && !bodyStarted;
    m_continuePending = false;
    return take;
}

void HttpGuard::requestDone()
{
    ++m_completed;
    m_continuePending = false;
    m_lastBodySize = m_chunked ? m_bodyBytes : std::max<qint64>(m_contentLength, 0);
    m_state = m_close || (m_http10 && !m_keepAlive) ? State::Closed : State::RequestLine;
    m_headBytes = 0;
    m_remaining = 0;
}

HttpGuard::Verdict HttpGuard::fail(Verdict verdict)
{
    m_verdict = verdict;
    m_line.clear();
    return verdict;
}

int HttpGuard::status(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return 200;
    case Verdict::Malformed:
        return 400;
    case Verdict::HeadTooLarge:
        return 431;
    case Verdict::BodyTooLarge:
        return 413;
    case Verdict::NotImplemented:
        return 501;
    }
    return 400;
}

QString HttpGuard::describe(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return {};
    case Verdict::Malformed:
        return u"the request is not well-formed HTTP/1.1"_s;
    case Verdict::HeadTooLarge:
        return u"the request line and headers are too large"_s;
    case Verdict::BodyTooLarge:
        return u"the body is larger than relay/max_body_bytes"_s;
    case Verdict::NotImplemented:
        return u"only the chunked transfer coding is supported"_s;
    }
    return {};
}
