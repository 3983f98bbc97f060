// dingrelay_traydemo: the desktop app on a loopback model, for screenshots and for trying the
// tray, the status window and the test console without a provider or a DingTalk robot.
#include "GuiApp.h"
#include "StatusWindow.h"
#include "TestConsoleWindow.h"
#include "TrayController.h"
#include "secrets/EnvSecretStore.h"
#include "shell/RelayHost.h"
#include "shell/TestConsoleClient.h"

#include "util/HttpServerBase.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPainter>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// An OpenAI-compatible chat completion that answers every question with the same markdown,
// after a pause, or refuses the key.
class DemoModel final : public HttpServerBase
{
public:
    QString answer;
    int delayMs = 600;
    bool badKey = false;

protected:
    void serve(const QHttpServerRequest &, QHttpServerResponder &now, QTcpSocket *) override
    {
        auto responder = std::make_shared<QHttpServerResponder>(std::move(now));
        QByteArray body;
        auto status = QHttpServerResponder::StatusCode::Ok;
        if (badKey) {
            status = QHttpServerResponder::StatusCode::Unauthorized;
            body =
                R"({"error":{"message":"Incorrect API key provided: sk-demo***","type":"invalid_request_error","code":"invalid_api_key"}})";
        } else {
            const QJsonObject message{{u"role"_s, u"assistant"_s}, {u"content"_s, answer}};
            const QJsonObject choice{
                {u"index"_s, 0}, {u"message"_s, message}, {u"finish_reason"_s, u"stop"_s}};
            body = QJsonDocument(QJsonObject{{u"id"_s, u"chatcmpl-demo"_s},
                                             {u"object"_s, u"chat.completion"_s},
                                             {u"model"_s, u"gpt-4o-mini"_s},
                                             {u"choices"_s, QJsonArray{choice}}})
                       .toJson(QJsonDocument::Compact);
        }
        QTimer::singleShot(delayMs, this, [responder, body, status] {
            responder->write(body, "application/json", status);
        });
    }
};

const char *const DemoAnswer = R"(### 周报要点

本周完成了三件事：

1. **发布** 了 DingRelay 0.1，支持 HTTP 与 Stream 两种模式
2. 修复了长回答被截断的问题
3. 新增 *测试控制台*，可以在本机走通整条链路

> 下周计划：接入企业内部知识库。)";

// Every state's icon at tray size (22 px) and at 48 px, on a light and a dark panel.
QImage iconSheet()
{
    using S = TrayController::State;
    const QList<S> states{S::Running, S::Attention, S::Error, S::Stopped, S::Starting};
    const int cell = 120;
    QImage image(cell * int(states.size()), 2 * 110 + 10, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    const QColor panels[] = {QColor(0xf2, 0xf2, 0xf2), QColor(0x2b, 0x2b, 0x2b)};
    for (int row = 0; row < 2; ++row) {
        const int top = row * 115;
        p.fillRect(0, top, image.width(), 110, panels[row]);
        for (int i = 0; i < states.size(); ++i) {
            const QIcon icon = TrayController::iconFor(states.at(i));
            const int x = i * cell;
            p.drawPixmap(x + 15, top + 24, icon.pixmap(22, 22));
            p.drawPixmap(x + 52, top + 12, icon.pixmap(48, 48));
            p.setPen(row == 0 ? Qt::black : Qt::white);
            p.drawText(QRect(x, top + 70, cell, 30), Qt::AlignCenter,
                       TrayController::title(states.at(i)));
        }
    }
    return image;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"dingrelay"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption console(u"console"_s, u"Open the test console and send this."_s,
                                     u"text"_s);
    const QCommandLineOption status(u"status"_s, u"Show the status window."_s);
    const QCommandLineOption about(u"about"_s, u"Show the About box."_s);
    const QCommandLineOption badKey(u"bad-key"_s, u"The model refuses the key (a problem)."_s);
    const QCommandLineOption robots(u"robots"_s, u"HTTP robots to configure (default 2)."_s, u"n"_s,
                                    u"2"_s);
    const QCommandLineOption sheet(
        u"icon-sheet"_s, u"Draw the tray icons on light and dark panels to this PNG."_s, u"file"_s);
    parser.addOptions({console, status, about, badKey, robots, sheet});
    parser.process(app);
    if (parser.isSet(sheet))
        return iconSheet().save(parser.value(sheet)) ? 0 : 1;

    DemoModel model;
    model.answer = QString::fromUtf8(DemoAnswer);
    model.badKey = parser.isSet(badKey);
    const quint16 modelPort = model.listenOn(QHostAddress::LocalHost);
    QTemporaryDir dir;
    const QString nowhere = u"http://127.0.0.1:9"_s;
    QString ini = uR"([relay]
address=127.0.0.1
port=0
[storage]
data_dir=data
[model]
preset=custom
base_url=http://127.0.0.1:%1/v1
api_key_required=true
[dingtalk]
session_webhook_prefix=%2/
openapi_base_url=%2
stream_gateway_url=%2
custom_webhook_url=%2/robot/send
)"_s.arg(modelPort)
                      .arg(nowhere);
    const QStringList names{u"default"_s, u"sales"_s, u"support"_s};
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-demo-000000000000"_s);
    for (int i = 0; i < std::min<int>(parser.value(robots).toInt(), names.size()); ++i) {
        ini += u"[robot.%1]\nmode=http\nlanguage=zh\n"_s.arg(names.at(i));
        env.insert(u"DINGRELAY_SECRET_ROBOT_%1_APP_SECRET"_s.arg(names.at(i).toUpper()),
                   u"demo-secret-%1"_s.arg(i));
    }
    const QString path = QDir(dir.path()).filePath(u"demo.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(ini.toUtf8());
    file.close();

    EnvSecretStore secrets(env);
    GuiApp gui(path, secrets);
    QObject::connect(&gui, &GuiApp::finished, &app, &QCoreApplication::exit);
    gui.start();
    if (parser.isSet(status))
        gui.activate();
    if (parser.isSet(about))
        emit gui.tray()->aboutRequested();
    if (parser.isSet(badKey) || parser.isSet(console)) {
        const QString text = parser.isSet(console) ? parser.value(console) : u"你好"_s;
        QObject::connect(gui.host(), &RelayHost::relayStarted, &gui,
                         [&gui, text, &parser, console] {
                             QTimer::singleShot(300, &gui, [&gui, text, &parser, console] {
                                 if (!parser.isSet(console)) {
                                     QString error;
                                     gui.testConsoleClient()->send(u"default"_s, text,
                                                                   TestRun::Via::Local, {}, &error);
                                     return;
                                 }
                                 // Through the window, as a person would.
                                 emit gui.tray()->testConsoleRequested();
                                 TestConsoleWindow *window = gui.testConsoleWindow();
                                 window->findChild<QLineEdit *>(u"input"_s)->setText(text);
                                 window->send();
                             });
                         });
    }
    return app.exec();
}
