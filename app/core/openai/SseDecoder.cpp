#include "openai/SseDecoder.h"

#include <algorithm>
#include <cstring>

namespace {
// Where the byte c next occurs in [from, end), or end; memchr keeps the scan at memory speed.
const char *nextOf(const char *from, const char *end, char c)
{
    const void *hit = std::memchr(from, c, size_t(end - from));
    return hit ? static_cast<const char *>(hit) : end;
}
} // namespace

QList<SseEvent> SseDecoder::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    if (!m_bomDone && !skipBom(bytes))
        return out;
    if (m_afterCr && !bytes.isEmpty()) {
        m_afterCr = false;
        if (bytes.front() == '\n')
            bytes = bytes.sliced(1);
    }

    const char *p = bytes.data();
    const char *const end = p + bytes.size();
    // The next CR and LF are remembered rather than searched for at every line: a stream
    // without CR would otherwise be scanned to its end once per line.
    const char *lf = nullptr;
    const char *cr = nullptr;
    while (p < end) {
        if (!lf || lf < p)
            lf = nextOf(p, end, '\n');
        if (!cr || cr < p)
            cr = nextOf(p, end, '\r');
        const char *eol = std::min(lf, cr);
        if (eol == end)
            break;
        const QByteArrayView line(p, eol);
        if (m_partial.isEmpty()) {
            takeLine(line, out);
        } else {
            m_partial.append(line);
            takeLine(m_partial, out);
            m_partial.resize(0); // keeps the capacity for the next split line
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                m_afterCr = true;
            else if (*p == '\n')
                ++p;
        }
    }
    m_partial.append(QByteArrayView(p, end));
    return out;
}

QList<SseEvent> SseDecoder::finish()
{
    QList<SseEvent> out;
    // The spec drops an event that lacks its closing blank line. Servers and proxies often
    // close right after the last data line ("data: [DONE]" or a chunk with finish_reason), so
    // a pending event with data is dispatched, and so is a last line without its line end.
    // A stream cut inside a line then gives a malformed chunk; StreamAccumulator::finish()
    // tells that case from a real malformed chunk.
    if (!m_partial.isEmpty())
        takeLine(m_partial, out);
    dispatch(out);
    *this = SseDecoder();
    return out;
}

void SseDecoder::takeLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':') // a comment: providers send them as keep-alives
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // retry: and unknown fields are ignored: a chat stream is never resumed.
}

void SseDecoder::dispatch(QList<SseEvent> &out)
{
    // An event without data cannot carry a chunk: blank lines before the first event (DeepSeek)
    // and events that only set a field end here.
    if (!m_data.isEmpty())
        out.append(SseEvent{std::move(m_event), std::move(m_data), m_lastId});
    m_event.clear();
    m_data.clear();
    m_hasData = false;
}

bool SseDecoder::skipBom(QByteArrayView &bytes)
{
    // The spec strips one leading UTF-8 BOM; it may arrive split like any other bytes, so its
    // start waits in m_partial, where it is also the start of the first line if it is no BOM.
    static constexpr char bom[] = "\xEF\xBB\xBF";
    while (!bytes.isEmpty() && m_partial.size() < 3) {
        if (bytes.front() != bom[m_partial.size()]) {
            m_bomDone = true;
            return true;
        }
        m_partial.append(bytes.front());
        bytes = bytes.sliced(1);
    }
    if (m_partial.size() < 3)
        return false;
    m_partial.clear();
    m_bomDone = true;
    return true;
}
