// ssebench: throughput of SseDecoder alone and of SseDecoder + StreamAccumulator, in MB/s, over
// the recorded OpenAI streams, fed in network-sized chunks.
//
// Each repetition decodes one whole recorded response with a fresh decoder and accumulator, as
// the relay does per model call, so per-stream setup is part of the figure. A file is repeated
// until it has run for at least the given time (1 s by default). MB is 10^6 bytes.
#include "BenchClock.h"

#include "openai/SseDecoder.h"
#include "openai/StreamAccumulator.h"

#include <QDir>
#include <QFile>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    qint64 bytes = 0;
    qint64 ns = 0;
    qint64 check = 0; // summed results, so that no work can be optimised away
    double mbPerSecond() const { return ns > 0 ? double(bytes) * 1e3 / double(ns) : 0; }
};

qint64 decodeOnly(QByteArrayView stream, qsizetype chunk)
{
    SseDecoder decoder;
    qint64 events = 0;
    for (qsizetype at = 0; at < stream.size(); at += chunk)
        events += decoder.feed(stream.sliced(at, qMin(chunk, stream.size() - at))).size();
    return events + decoder.finish().size();
}

qint64 decodeAndAccumulate(QByteArrayView stream, qsizetype chunk)
{
    SseDecoder decoder;
    StreamAccumulator acc;
    for (qsizetype at = 0; at < stream.size(); at += chunk) {
        for (const SseEvent &e : decoder.feed(stream.sliced(at, qMin(chunk, stream.size() - at))))
            acc.add(e);
    }
    for (const SseEvent &e : decoder.finish())
        acc.add(e);
    acc.finish();
    const ChatResult r = acc.result();
    if (!r.ok) {
        std::fprintf(stderr, "a recorded stream did not parse: %s\n", qPrintable(r.error.message));
        std::exit(1);
    }
    return r.answer.text.size() + acc.choiceCount();
}

template<typename Work> Run measure(const QByteArray &stream, double seconds, Work work)
{
    Run run;
    const qint64 start = BenchClock::nowNs();
    const qint64 until = start + qint64(seconds * 1e9);
    do {
        // Batches keep the clock out of the loop for these small streams.
        for (int i = 0; i < 64; ++i) {
            run.check += work(stream);
            run.bytes += stream.size();
        }
        run.ns = BenchClock::nowNs() - start;
    } while (start + run.ns < until);
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    const QDir dir(QStringLiteral(DINGRELAY_FIXTURES_DIR) + u"/openai-sse"_s);
    const QStringList files = dir.entryList({u"*.sse"_s}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        std::fprintf(stderr, "no recorded streams in %s\n", qPrintable(dir.path()));
        return 1;
    }

    std::printf("%-31s %6s %7s %14s %14s\n", "stream", "bytes", "chunk", "decode MB/s",
                "+accum. MB/s");
    for (const qsizetype chunk : {qsizetype(1024), qsizetype(16384)}) {
        Run allDecode;
        Run allBoth;
        for (const QString &name : files) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                return 1;
            const QByteArray stream = file.readAll();
            const Run decode = measure(
                stream, seconds, [chunk](const QByteArray &s) { return decodeOnly(s, chunk); });
            const Run both = measure(stream, seconds, [chunk](const QByteArray &s) {
                return decodeAndAccumulate(s, chunk);
            });
            std::printf("%-31s %6lld %7lld %14.1f %14.1f\n", qPrintable(name),
                        qlonglong(stream.size()), qlonglong(chunk), decode.mbPerSecond(),
                        both.mbPerSecond());
            for (auto [total, run] : {std::pair{&allDecode, decode}, std::pair{&allBoth, both}}) {
                total->bytes += run.bytes;
                total->ns += run.ns;
                total->check += run.check;
            }
        }
        std::printf("%-31s %6s %7lld %14.1f %14.1f   (check %lld)\n", "all files", "",
                    qlonglong(chunk), allDecode.mbPerSecond(), allBoth.mbPerSecond(),
                    qlonglong(allDecode.check + allBoth.check));
    }
    return 0;
}
