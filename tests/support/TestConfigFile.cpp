#include "TestConfigFile.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace TestConfigFile {

QString loopback(const QUrl &modelBase, const QUrl &dingtalkBase, quint16 port)
{
    const QString dingtalk = dingtalkBase.toString();
    return uR"([relay]
address=127.0.0.1
port=%1
drain_seconds=5

[storage]
data_dir=data

[model]
preset=custom
base_url=%2
api_key_required=true
model=gpt-4o-mini
max_retries=0
retry_seconds=0
timeout_seconds=10

[dingtalk]
session_webhook_prefix=%3/
openapi_base_url=%3
stream_gateway_url=%3
custom_webhook_url=%3/robot/send

)"_s.arg(port)
        .arg(modelBase.toString(), dingtalk);
}

QString write(const QString &dir, const QString &name, const QString &text)
{
    const QString path = QDir(dir).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text.toUtf8());
    return path;
}

} // namespace TestConfigFile
