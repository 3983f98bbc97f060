// CardClient: DingTalk's AI card calls: create and deliver a card, then stream text into it.
#pragma once

#include "dingtalk/DingTalkHttp.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class AccessTokenCache;
class NetworkPool;

// Where one card goes and what it is made of.
struct CardTarget
{
    QString robotCode;  // the app's clientId
    QString templateId; // from DingTalk's card platform
    QString outTrackId; // ours: names the card in every later call
    QString contentKey; // the template variable the answer streams into
    bool group = false;
    QString conversationId; // group: the openConversationId
    QString staffId;        // 1:1: the recipient; group: the sender to @
    QString senderNick;     // group: shown with the @
};

// DingTalk's answer to one card call.
struct CardResult
{
    // What went wrong, as far as it decides what to do next.
    enum class Problem {
        None,
        Permission,  // the app lacks Card.Instance.Write or Card.Streaming.Write
        Template,    // card_template_id unknown, unpublished or not the app's
        Quota,       // the organisation's API calls are used up
        Throttled,   // too many calls a second: a later call may work
        Unreachable, // no answer: network, timeout, no access token
        ServerError, // 5xx
        Refused,     // any other refusal, including a card DingTalk did not deliver
    };
    bool ok = false;
    Problem problem = Problem::None;
    int httpStatus = 0;
    QString message; // for the log and the tray: DingTalk's code and words, plus what to do

    // Worth the same call again in a moment (the last update of an answer is).
    bool transient() const
    {
        return problem == Problem::Unreachable || problem == Problem::ServerError ||
               problem == Problem::Throttled;
    }
    // A short name for the log and for telling problems apart ("permission").
    QString problemName() const;
};

class CardClient final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const CardResult &)>;

    static constexpr int DefaultTimeoutSeconds = 15;

    CardClient(NetworkPool *network, const QUrl &openApiBase, AccessTokenCache *tokens,
               QObject *parent = nullptr);

    void setTimeoutSeconds(int seconds);
    // Told of every request that reaches DingTalk's card API (the monthly count).
    void setCallObserver(std::function<void()> observer)
    {
        m_http.setCallObserver(std::move(observer));
    }

    // POST /v1.0/card/instances/createAndDeliver: the card, empty, in the group or the 1:1
    // chat with the robot.
    void createAndDeliver(const CardTarget &target, QObject *context, Callback done);
    // PUT /v1.0/card/streaming: the card's text becomes content (isFull: the whole text, never
    // a piece to append, so a lost update is mended by the next). finalize ends the card's
    // typing; error shows it as failed.
    void stream(const QString &outTrackId, const QString &key, const QString &content,
                bool finalize, bool error, QObject *context, Callback done);
    // Both call done once, from the event loop, unless context is destroyed first. A rejected
    // access token is dropped and the call made once more with a new one.

    static QJsonObject createBody(const CardTarget &target);
    static QJsonObject streamBody(const QString &outTrackId, const QString &key,
                                  const QString &content, bool finalize, bool error);
    // DingTalk's answer to either call; create also checks that the card was delivered.
    static CardResult interpret(int httpStatus, const QByteArray &body, bool create);

private:
    void call(const QByteArray &verb, const QString &path, const QJsonObject &body, bool create,
              QObject *context, Callback done);

    QUrl m_base;
    DingTalkHttp m_http;
};
