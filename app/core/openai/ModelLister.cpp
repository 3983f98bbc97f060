#include "openai/ModelLister.h"

#include "openai/RequestBuilder.h"
#include "util/NetworkPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

ChatError badResponse(int status, const QString &message, const QString &requestId)
{
    ChatError e;
    e.kind = ChatError::Kind::BadResponse;
    e.httpStatus = status;
    e.message = message;
    e.requestId = requestId;
    return e;
}

// Numbers in names compare as numbers (gpt-4 before gpt-4o before gpt-40) and case is ignored,
// without QCollator: its numeric mode depends on the system locale and ICU.
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            QStringView x = QStringView(a).mid(i, ei - i);
            QStringView y = QStringView(b).mid(j, ej - j);
            while (x.size() > 1 && x.front() == u'0')
                x = x.mid(1);
            while (y.size() > 1 && y.front() == u'0')
                y = y.mid(1);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (const int c = x.compare(y); c != 0)
                return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return (a.size() - i) < (b.size() - j);
    return a < b; // a total order even when the above ties ("A" and "a", "01" and "1")
}

void finish(QNetworkReply *reply, const ModelLister::Done &done)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    if (requestId.isEmpty()) // Azure names it differently
        requestId = QString::fromLatin1(reply->rawHeader("apim-request-id"));
    const QByteArray body = reply->readAll();

    if (status == 0) { // nothing HTTP came back: refused, DNS, TLS, proxy, our timeout
        done({}, ChatError::fromNetwork(int(reply->error()), reply->errorString()), false);
        return;
    }
    if (status >= 300 && status < 400) {
        // Redirects are not followed (they would carry the key elsewhere): say where to look.
        ChatError e = ChatError::fromHttp(status, body, requestId);
        e.message = u"the server redirected to %1; put the final address in model/base_url"_s.arg(
            QString::fromUtf8(reply->rawHeader("Location")));
        done({}, e, false);
        return;
    }
    if (status < 200 || status >= 300) {
        done({}, ChatError::fromHttp(status, body, requestId), false);
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue data = doc.object().value(u"data"_s);
    if (parseError.error != QJsonParseError::NoError || !data.isArray()) {
        done({},
             badResponse(status,
                         u"the model list is not {\"data\": [...]}: %1"_s.arg(
                             QString::fromUtf8(body.left(200)).simplified()),
                         requestId),
             false);
        return;
    }
    QStringList ids;
    QSet<QString> seen;
    const QJsonArray entries = data.toArray();
    for (const QJsonValue &entry : entries) {
        const QString id = entry.toObject().value(u"id"_s).toString();
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            ids << id;
        }
    }
    std::sort(ids.begin(), ids.end(), naturalLess);
    done(ids, ChatError(), true);
}

} // namespace

void ModelLister::list(NetworkPool *pool, const ModelSettings &m, const QString &apiKey,
                       QObject *context, Done done)
{
    QNetworkRequest request = RequestBuilder::modelsRequest(m, apiKey);
    // A listing has no stream to wait for: a plain idle limit is the whole timeout.
    request.setTransferTimeout(TimeoutMs);
    QNetworkAccessManager *manager = pool->pick();
    QNetworkReply *reply = manager->get(request);
    pool->track(manager, reply);

    // The reply, not the context, receives finished: it must be deleted even when nobody waits.
    // Without a context the caller always hears back.
    const bool watched = context != nullptr;
    QPointer<QObject> alive(context);
    if (watched) // nobody left to tell: stop the request rather than let it run out
        QObject::connect(context, &QObject::destroyed, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, reply,
                     [reply, watched, alive, done = std::move(done)] {
                         reply->deleteLater();
                         if ((!watched || alive) && done)
                             finish(reply, done);
                     });
}
