// TestConfigFile: INI files for tests that start the relay from a config file, loopback only.
#pragma once

#include <QString>
#include <QUrl>

namespace TestConfigFile {

// [relay] on 127.0.0.1 (port 0: any), [storage] in data/ beside the file, a custom model at
// modelBase with no retries, and every DingTalk URL (sessionWebhook prefix, OpenAPI, Stream
// gateway, custom robots) at dingtalkBase, so nothing can leave the machine.
QString loopback(const QUrl &modelBase, const QUrl &dingtalkBase, quint16 port = 0);

// Writes text to dir/name and returns the path (empty on failure).
QString write(const QString &dir, const QString &name, const QString &text);

} // namespace TestConfigFile
