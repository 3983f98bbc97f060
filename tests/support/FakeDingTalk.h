// FakeDingTalk: DingTalk on 127.0.0.1: sessionWebhook, robot OpenAPI, AI cards, custom robots.
#pragma once

#include "FakeHttpServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

// Checks what the real DingTalk checks (tokens, 加签, keywords, sizes, the shape of msgParam),
// answers as it answers, and records every message it accepted, so a test can assert what a
// user saw and in which order. Scripted failures per route stand in for DingTalk's bad days.
class FakeDingTalk final : public QObject
{
    Q_OBJECT
public:
    enum class Route {
        Session,     // POST /robot/sendBySession?session=…          (a message's sessionWebhook)
        AccessToken, // POST /v1.0/oauth2/accessToken
        UserSend,    // POST /v1.0/robot/oToMessages/batchSend
        GroupSend,   // POST /v1.0/robot/groupMessages/send
        CustomRobot, // POST /robot/send?access_token=…[&timestamp=…&sign=…]
        CardCreate,  // POST /v1.0/card/instances/createAndDeliver
        CardStreaming, // PUT /v1.0/card/streaming
        Unknown,
    };
    static QString path(Route route);

    // A message DingTalk accepted and showed.
    struct Message
    {
        Route route = Route::Unknown;
        QString conversation; // session=, openConversationId or the custom robot's token
        QString user;         // the staff id of a batchSend (one Message per user)
        QString robotCode;    // OpenAPI sends
        QString msgtype;      // "markdown" / "text", or the OpenAPI msgKey
        QString title;
        QString text;
        QStringList atUserIds;
    };

    explicit FakeDingTalk(QObject *parent = nullptr);

    quint16 listen();     // 0 on failure
    QUrl baseUrl() const; // http://127.0.0.1:port: an openApiBase
    QUrl url(Route route) const;
    QUrl sessionWebhook(const QString &session) const;
    FakeHttpServer &server() { return m_server; } // every request, accepted or not
    const FakeHttpServer &server() const { return m_server; }

    // Wall-clock ms for the custom robot's timestamp window and token expiry.
    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); }

    // --- robot OpenAPI ---
    // Tokens go only to this app; sends must name robotCode. Unset: any non-empty values.
    void setApp(const QString &appKey, const QString &appSecret, const QString &robotCode);
    void setTokenLifetime(int expireInSeconds) { m_tokenLifetimeS = expireInSeconds; }
    int tokenRequests() const { return requestCount(Route::AccessToken); }
    QStringList issuedTokens() const { return m_issued; } // in order: "fake-token-1", …
    // Every token issued so far stops working, as after a reset of the app secret.
    void revokeTokens();
    // batchSend lists these users as flow-controlled / invalid and does not deliver to them.
    void setFlowControlled(const QStringList &staffIds) { m_flowControlled = staffIds; }
    void setInvalidStaffIds(const QStringList &staffIds) { m_invalidStaff = staffIds; }

    // --- sessionWebhook ---
    void expireSession(const QString &session) { m_expiredSessions.insert(session); }

    // --- custom robot ---
    // signSecret empty: no 加签; keywords empty: no keyword check. Unset: any token.
    void setCustomRobot(const QString &accessToken, const QString &signSecret = QString(),
                        const QStringList &keywords = {});

    // --- AI cards ---
    // One PUT /v1.0/card/streaming DingTalk accepted.
    struct CardUpdate
    {
        QString key;
        QString content;
        bool isFull = false;
        bool isFinalize = false;
        bool isError = false;
    };
    // A card createAndDeliver accepted, with the updates it took since, in order.
    struct Card
    {
        QString outTrackId;
        QString templateId;
        QString robotCode;
        QString openSpaceId; // dtv1.card//IM_GROUP.<cid> or dtv1.card//IM_ROBOT.<staffId>
        QJsonObject body;    // the whole createAndDeliver request
        QList<CardUpdate> updates;
        bool finalized = false;
    };
    // Templates that exist (unset: any id); another id is refused as DingTalk refuses one.
    void setCardTemplates(const QStringList &templateIds) { m_cardTemplates = templateIds; }
    // The app lacks this permission (Card.Instance.Write refuses createAndDeliver,
    // Card.Streaming.Write the updates) with DingTalk's 403.
    void denyPermission(const QString &scope) { m_deniedScopes.insert(scope); }
    // Card calls are answered this much later; an update arriving while the previous one of
    // the same card is unanswered counts as overlapping.
    void setCardDelayMs(int delayMs) { m_cardDelayMs = delayMs; }
    const QList<Card> &cards() const { return m_cards; }
    int overlappingCardUpdates() const { return m_overlapping; }

    // --- scripted answers: each answers one request of its route, in order, before checks ---
    void failNext(Route route, int errcode, const QString &errmsg); // HTTP 200 {"errcode",…}
    void failNextOpenApi(Route route, int httpStatus, const QString &code,
                         const QString &message); // {"code","message","requestid"}
    void answerNext(Route route, const CannedResponse &response);

    const QList<Message> &messages() const { return m_messages; }
    QStringList texts() const; // of every accepted message, in order
    int requestCount(Route route) const;

    static constexpr qsizetype MaxMsgParamBytes = 15000;
    static constexpr qsizetype MaxCustomBodyBytes = 20000;
    // What the custom robot answers to a body over 20000 bytes (per copies of DingTalk's page).
    static constexpr int TooLongErrcode = 460101;

signals:
    void accepted();    // a message was recorded
    void cardChanged(); // a card was created or took an update

private:
    static Route routeOf(const QString &path);
    CannedResponse handle(const RecordedRequest &request);
    CannedResponse session(const RecordedRequest &request);
    CannedResponse accessToken(const RecordedRequest &request);
    CannedResponse openApiSend(Route route, const RecordedRequest &request);
    CannedResponse customRobot(const RecordedRequest &request);
    CannedResponse cardCreate(const RecordedRequest &request);
    CannedResponse cardStreaming(const RecordedRequest &request);
    std::optional<CannedResponse> refuseToken(const RecordedRequest &request);
    Card *findCard(const QString &outTrackId);
    CannedResponse openApiError(int status, const QString &code, const QString &message);
    void record(const Message &message);
    qint64 now() const { return m_now ? m_now() : QDateTime::currentMSecsSinceEpoch(); }

    FakeHttpServer m_server;
    std::function<qint64()> m_now;
    QMap<Route, QList<CannedResponse>> m_scripted;
    QList<Message> m_messages;
    int m_requestIds = 0;

    QString m_appKey;
    QString m_appSecret;
    QString m_robotCode;
    int m_tokenLifetimeS = 7200;
    QHash<QString, qint64> m_tokenExpiry; // token -> now() ms
    QStringList m_issued;
    QStringList m_flowControlled;
    QStringList m_invalidStaff;

    QSet<QString> m_expiredSessions;

    QString m_customToken;
    QString m_customSecret;
    QStringList m_customKeywords;

    QStringList m_cardTemplates;
    QSet<QString> m_deniedScopes;
    QList<Card> m_cards;
    QSet<QString> m_cardGuids;
    int m_cardDelayMs = 0;
    int m_overlapping = 0;
    QElapsedTimer m_clock;                  // for the overlap check
    QHash<QString, qint64> m_cardBusyUntil; // outTrackId -> m_clock ms its update is answered
};
