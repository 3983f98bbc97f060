// RelayFakes: the setup shared by the tests that drive a whole Relay: a model that echoes, a
// webhook sink that takes every post, and an AppConfig pointing a relay at both, loopback only.
#pragma once

#include "config/Config.h"

#include <QString>

class FakeDingTalk;
class FakeHttpServer;

namespace RelayFakes {

// The model answers "Answer to: <the last message's content>", so each delivery shows which
// message it answers (usage: 11 prompt and 7 completion tokens).
void echoQuestions(FakeHttpServer &model);

// The sink answers every post as DingTalk answers a delivered message: {"errcode":0}.
void acceptPosts(FakeHttpServer &sink);

// A relay on a free loopback port with its data in dataDir, asking model at /v1 (preset custom,
// one attempt, 10 s timeout) and posting answers to sink's session webhooks. One robot,
// "default" at /dingtalk/default, answers in English.
AppConfig loopbackConfig(const QString &dataDir, const FakeHttpServer &model,
                         const FakeHttpServer &sink);

// A relay on a free loopback port with its data in dataDir, asking model at /v1 (preset custom,
// one attempt, no streaming) and sending through dingtalk: sessionWebhooks, the robot OpenAPI
// and the custom robot. No robots: each suite adds its own, with the app it sets on dingtalk.
AppConfig dingTalkConfig(const QString &dataDir, const FakeHttpServer &model,
                         const FakeDingTalk &dingtalk);

// The relay's SQLite file under config.dataDir.
QString databasePath(const AppConfig &config);

} // namespace RelayFakes
