// chatbench: the time ChatClient adds to a model call, against a zero-latency loopback fake.
//
// Sequential calls, one at a time, so each figure is one call's own cost: from complete() to
// finished, minus the fake's time from having read the request to having written the answer.
// What remains is DingRelay's request building, Qt's HTTP client both ways, the loopback
// hops and the answer's parsing. The fake runs in its own thread, as a server would.
#include "BenchClock.h"
#include "BenchFakes.h"

#include "config/Config.h"
#include "openai/ChatClient.h"
#include "util/NetworkPool.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return double(values[at]) / 1e6; // ms
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int calls = argc > 1 ? std::max(1, atoi(argv[1])) : 5000;
    const int warmup = 200;

    const MsgIds ids(u"chatbench"_s, calls + warmup);
    QThread fakeThread;
    auto *fake = new ModelFake(ids, 0, "Bearer sk-bench");
    fake->moveToThread(&fakeThread);
    fakeThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        fake, [&] { port = fake->start(); }, Qt::BlockingQueuedConnection);
    if (port == 0) {
        std::fprintf(stderr, "chatbench: the fake could not listen\n");
        return 2;
    }

    ModelSettings model;
    model.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
    model.stream = false;
    model.maxRetries = 0;
    NetworkPool pool(1);
    ChatClient client(&pool, model, u"sk-bench"_s);

    std::vector<qint64> total;
    total.reserve(size_t(calls));
    int failures = 0;
    QEventLoop loop;
    for (int i = 0; i < calls + warmup; ++i) {
        ChatRequest request;
        request.model = model.model;
        request.messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, ids.make(i)}};
        const qint64 start = BenchClock::nowNs();
        qint64 end = 0;
        ChatCall *call = client.complete(request);
        QObject::connect(call, &ChatCall::finished, &loop, [&](const ChatResult &r) {
            end = BenchClock::nowNs();
            failures += r.ok ? 0 : 1;
            loop.quit();
        });
        loop.exec();
        if (i >= warmup)
            total.push_back(end - start);
    }

    QMetaObject::invokeMethod(
        fake, [&] {}, Qt::BlockingQueuedConnection); // settle its records
    std::vector<qint64> added;
    added.reserve(total.size());
    for (int i = warmup; i < calls + warmup; ++i)
        added.push_back(total[size_t(i - warmup)] - fake->records()[size_t(i)].serviceNs);

    std::printf("ChatClient added latency, %d sequential calls to a 0 ms loopback fake "
                "(non-streamed answers, %d warm-up calls not counted)\n",
                calls, warmup);
    std::printf("  round trip   p50 %.3f ms  p99 %.3f ms\n", percentile(total, 0.5),
                percentile(total, 0.99));
    std::printf("  added        p50 %.3f ms  p99 %.3f ms  max %.3f ms\n", percentile(added, 0.5),
                percentile(added, 0.99), percentile(added, 1.0));
    std::printf("  failures     %d\n", failures);

    QMetaObject::invokeMethod(
        fake, [fake] { delete fake; }, Qt::BlockingQueuedConnection);
    fakeThread.quit();
    fakeThread.wait();
    return failures == 0 ? 0 : 1;
}
