// settings_screenshots: shows one section of the settings dialog and saves a screenshot of it.
// Not a test: scripts/screenshots.sh runs it under Xvfb for docs/screenshots/.
#include "FakeHttpServer.h"
#include "MemorySecretStore.h"

#include "UiLanguage.h"
#include "settings/ModelPage.h"
#include "settings/RobotsPage.h"
#include "settings/SettingsDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// A believable setup: Ollama on this computer (served by a loopback fake, so nothing leaves
// the machine), two robots, a fixed public URL.
QByteArray sampleConfig(quint16 modelPort)
{
    return u"[relay]\naddress=127.0.0.1\nport=8089\n\n"
           u"[model]\npreset=ollama\nbase_url=http://127.0.0.1:%1/v1\nmodel=qwen2.5:7b\n"
           u"system_prompt=You are a helpful assistant for the sales team. Answer briefly.\n"
           u"temperature=0.7\nstream=false\n\n"
           u"[conversation]\nmax_turns=10\n\n"
           u"[tunnel]\nmode=fixed\npublic_url=https://relay.example.com\n\n"
           u"[persona.lawyer]\nprompt=\"You answer like a careful lawyer.\\nName the law you "
           u"rely on.\"\ndescription=Careful, with sources\n\n"
           u"[robot.sales]\nmode=http\ncallback_path=/dingtalk/sales\nlanguage=zh\n"
           u"client_id=dingsalesbot0001\n\n"
           u"[robot.ops]\nmode=stream\nclient_id=dingopsbot0002\nlanguage=en\nwebhook=true\n"
           u"webhook_keywords=告警, relay\ndaily_messages=200\n"_s.arg(modelPort)
               .toUtf8();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"DingRelay"_s);
    QCoreApplication::setApplicationName(u"dingrelay"_s);
    // The system's language, as the app itself: LANG=zh_CN.UTF-8 shows the Chinese.
    UiLanguage::install(QString());
    QCommandLineParser parser;
    const QCommandLineOption section(u"section"_s, u"The section to show."_s, u"key"_s);
    const QCommandLineOption out(u"out"_s, u"Where to save the PNG."_s, u"file"_s);
    const QCommandLineOption locked(u"locked-keychain"_s, u"Show an unreachable keychain."_s);
    const QCommandLineOption invalid(u"invalid"_s, u"Show a validation message."_s);
    parser.addOptions({section, out, locked, invalid});
    parser.process(app);

    FakeHttpServer model;
    model.setHandler([](const RecordedRequest &request) {
        if (request.path.endsWith(u"/models"_s))
            return canned(200, R"({"data":[{"id":"qwen2.5:7b"},{"id":"llama3.1:8b"},)"
                               R"({"id":"deepseek-r1:14b"}]})");
        return canned(200, chatCompletionBody(u"OK"_s, 20, 1, u"qwen2.5:7b"_s), 350);
    });
    const quint16 port = model.listen();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"dingrelay.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(sampleConfig(port)) < 0)
        return 2;
    file.close();

    MemorySecretStore store;
    if (parser.isSet(locked))
        store.setFailure(u"no keychain is reachable: start a Secret Service (gnome-keyring) or "
                         u"set DINGRELAY_SECRET_* variables"_s);
    for (const char *key : {"robot/sales/app_secret", "robot/ops/client_secret",
                            "robot/ops/webhook_token", "network/model_proxy_password"})
        store.values.insert(QString::fromLatin1(key), u"stored"_s);

    SettingsDialog dialog(path, store);
    dialog.showSection(parser.value(section));
    dialog.move(0, 0);
    dialog.show();
    const QString key = parser.value(section);
    if (key == u"model"_s && !parser.isSet(locked)) {
        if (auto *page = qobject_cast<ModelPage *>(dialog.page(u"model"_s)))
            QTimer::singleShot(300, page, &ModelPage::runTest);
    }
    if (parser.isSet(invalid) && key == u"robots"_s) {
        auto *robots = qobject_cast<RobotsPage *>(dialog.page(u"robots"_s));
        robots->addRobot();
    }

    QTimer::singleShot(2000, &app, [&] {
        QProcess import;
        import.start(u"import"_s,
                     {u"-window"_s, QString::number(dialog.winId()), parser.value(out)});
        if (!import.waitForFinished(30000) || import.exitCode() != 0)
            std::fprintf(stderr, "import failed: %s\n", import.readAllStandardError().constData());
        QApplication::exit(import.exitCode());
    });
    return app.exec();
}
