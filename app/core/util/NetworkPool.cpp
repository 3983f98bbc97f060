#include "util/NetworkPool.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>

NetworkPool::NetworkPool(int concurrency, QObject *parent)
    : QObject(parent)
{
    const int count =
        std::max(1, (concurrency + ConnectionsPerManager - 1) / ConnectionsPerManager);
    for (int i = 0; i < count; ++i)
        m_managers.append({new QNetworkAccessManager(this)});
}

QNetworkAccessManager *NetworkPool::pick()
{
    const auto least =
        std::min_element(m_managers.begin(), m_managers.end(),
                         [](const Slot &a, const Slot &b) { return a.inFlight < b.inFlight; });
    return least->manager;
}

void NetworkPool::track(QNetworkAccessManager *manager, QNetworkReply *reply)
{
    for (Slot &slot : m_managers) {
        if (slot.manager != manager)
            continue;
        ++slot.inFlight;
        connect(reply, &QNetworkReply::finished, this, [this, manager] {
            for (Slot &s : m_managers) {
                if (s.manager == manager)
                    --s.inFlight;
            }
        });
        return;
    }
}
