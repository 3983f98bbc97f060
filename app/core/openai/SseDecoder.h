// SseDecoder: turns a text/event-stream body, arriving in pieces of any size, into events.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

struct SseEvent
{
    QByteArray event; // empty for the default "message" type
    QByteArray data;  // several data: lines joined with '\n'
    QByteArray id;    // the last id: seen so far, as the spec's "last event ID"
    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

class SseDecoder
{
public:
    // Returns the events completed by these bytes; the rest waits for the next call.
    QList<SseEvent> feed(QByteArrayView bytes);
    // The server closed the stream: returns what was still pending (see the .cpp for why).
    QList<SseEvent> finish();

private:
    void takeLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);
    bool skipBom(QByteArrayView &bytes);

    QByteArray m_partial;   // the start of a line whose end has not arrived
    bool m_afterCr = false; // the last line ended with CR: an LF right after belongs to it
    bool m_bomDone = false; // the stream's first bytes were checked for a UTF-8 BOM
    bool m_hasData = false; // a data: line was seen, so the next one needs a '\n' before it
    QByteArray m_event;
    QByteArray m_data;
    QByteArray m_lastId;
};
