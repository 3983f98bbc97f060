// tokenbench: how fast the tokenizer counts, in tokens and MB of UTF-8 text a second, for
// English and Chinese prose with both encodings; also what loading each encoding costs.
//
// Each call counts one sample text (about 2 KB, a long chat message) from the start, as the
// relay does per message; calls repeat until at least the given time (1 s by default) has
// passed. MB is 10^6 bytes of UTF-8. Rates are given per second of wall time and per second
// of this thread's CPU time (the same on an idle machine).
#include "BenchClock.h"

#include "tokens/Encoding.h"

#include <QFile>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

// CPU time of this thread: on a machine busy with other work, wall time says more about the
// neighbours than about the tokenizer.
qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

qint64 residentKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

QString readSample(const QString &name)
{
    QFile file(QStringLiteral(DINGRELAY_BENCH_DATA) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
        std::exit(2);
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace

int main(int argc, char **argv)
{
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    const struct
    {
        const char *name;
        QString text;
    } samples[] = {{"English", readSample(u"prose-en.txt"_s)},
                   {"Chinese", readSample(u"prose-zh.txt"_s)}};

    std::printf("%-12s %-8s %7s %12s %8s %12s %8s\n", "encoding", "text", "tokens", "tokens/s",
                "MB/s", "tokens/cpu-s", "MB/cpu-s");
    for (const Encoding::Id id : {Encoding::Id::O200kBase, Encoding::Id::Cl100kBase}) {
        const qint64 rssBefore = residentKb();
        const qint64 loadStart = BenchClock::nowNs();
        const qint64 loadCpuStart = threadCpuNs();
        const Encoding *encoding = Encoding::get(id);
        const double loadMs = double(BenchClock::nowNs() - loadStart) / 1e6;
        const double loadCpuMs = double(threadCpuNs() - loadCpuStart) / 1e6;
        if (!encoding) {
            std::fprintf(stderr, "%s did not load\n", qPrintable(Encoding::name(id)));
            return 1;
        }
        for (const auto &sample : samples) {
            const qint64 bytes = sample.text.toUtf8().size();
            const qint64 perCall = encoding->count(sample.text);
            qint64 calls = 0;
            qint64 tokens = 0;
            const qint64 start = BenchClock::nowNs();
            const qint64 cpuStart = threadCpuNs();
            const qint64 budget = qint64(seconds * 1e9);
            qint64 elapsed = 0;
            while (elapsed < budget) {
                for (int i = 0; i < 16; ++i)
                    tokens += encoding->count(sample.text);
                calls += 16;
                elapsed = BenchClock::nowNs() - start;
            }
            if (tokens != perCall * calls) {
                std::fprintf(stderr, "counts differ between calls\n");
                return 1;
            }
            const double s = double(elapsed) / 1e9;
            const double cpu = double(threadCpuNs() - cpuStart) / 1e9;
            std::printf("%-12s %-8s %7lld %12.0f %8.2f %12.0f %8.2f\n",
                        qPrintable(encoding->name()), sample.name, perCall, double(tokens) / s,
                        double(bytes * calls) / 1e6 / s, double(tokens) / cpu,
                        double(bytes * calls) / 1e6 / cpu);
        }
        std::printf("%-12s loaded in %.0f ms (%.0f ms of CPU), resident memory +%.1f MB\n",
                    qPrintable(encoding->name()), loadMs, loadCpuMs,
                    double(residentKb() - rssBefore) / 1024.0);
    }
    return 0;
}
