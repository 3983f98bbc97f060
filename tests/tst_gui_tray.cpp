// The tray controller and the desktop app's status window, under the offscreen platform.
#include "FakeHttpServer.h"

#include "GuiApp.h"
#include "TrayController.h"
#include "secrets/EnvSecretStore.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestGuiTray : public QObject
{
    Q_OBJECT

private slots:
    void iconsDifferPerState();
    void toolTipSaysWhatIsWrong();
    void quitActionAsksToQuit();
    void keepsTheLastNotice();
    void statusWindowNamesMissingSecrets();
    void statusWindowShowsServedUrlAndQuits();

private:
    static QLabel *statusLabel();
    static QString writeConfig(const QTemporaryDir &dir, quint16 port);
};

QLabel *TestGuiTray::statusLabel()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w->isVisible()) {
            if (auto *label = w->findChild<QLabel *>())
                return label;
        }
    }
    return nullptr;
}

QString TestGuiTray::writeConfig(const QTemporaryDir &dir, quint16 port)
{
    const QString path = dir.filePath(u"gui.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(
        u"[relay]\nport=%1\n[storage]\ndata_dir=data\n[robot.default]\nmode=http\n"_s.arg(port)
            .toUtf8());
    return path;
}

void TestGuiTray::iconsDifferPerState()
{
    using S = TrayController::State;
    QList<QImage> images;
    for (const S s : {S::Starting, S::Running, S::Error, S::Stopped}) {
        const QIcon icon = TrayController::iconFor(s);
        QVERIFY(!icon.isNull());
        QVERIFY(icon.availableSizes().contains(QSize(22, 22)));
        images << icon.pixmap(32, 32).toImage();
    }
    for (int i = 0; i < images.size(); ++i)
        for (int j = i + 1; j < images.size(); ++j)
            QVERIFY2(images[i] != images[j], "two states share one icon");
}

void TestGuiTray::toolTipSaysWhatIsWrong()
{
    TrayController tray;
    QCOMPARE(tray.state(), TrayController::State::Starting);
    tray.setState(TrayController::State::Error, u"secret model/api_key is not set"_s);
    QCOMPARE(tray.state(), TrayController::State::Error);
    QVERIFY(tray.toolTip().contains(u"model/api_key is not set"_s));
    QVERIFY(tray.toolTip().startsWith(u"DingRelay"_s));
}

void TestGuiTray::quitActionAsksToQuit()
{
    TrayController tray;
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    QAction *action = nullptr;
    for (QWidget *w : QApplication::allWidgets()) {
        for (QAction *a : w->actions())
            if (a->text().contains(u"Quit"_s))
                action = a;
    }
    QVERIFY(action);
    action->trigger();
    QCOMPARE(quit.count(), 1);
}

void TestGuiTray::keepsTheLastNotice()
{
    TrayController tray;
    QVERIFY(tray.lastNotice().isEmpty());
    tray.notify(u"An answer was not delivered"_s, u"Robot app: errcode 310000"_s);
    QCOMPARE(tray.lastNotice(), u"An answer was not delivered: Robot app: errcode 310000"_s);
}

void TestGuiTray::statusWindowNamesMissingSecrets()
{
    QVERIFY(!TrayController::available()); // the offscreen platform has no tray
    QTemporaryDir dir;
    EnvSecretStore secrets{QProcessEnvironment()};
    GuiApp app(writeConfig(dir, 0), secrets);
    app.start();
    QTRY_VERIFY(statusLabel() &&
                statusLabel()->text().contains(u"DINGRELAY_SECRET_MODEL_API_KEY"_s));
    QVERIFY(statusLabel()->text().contains(u"Needs attention"_s));
}

void TestGuiTray::statusWindowShowsServedUrlAndQuits()
{
    QTemporaryDir dir;
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-gui-test-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, u"gui-secret"_s);
    EnvSecretStore secrets{env};
    GuiApp app(writeConfig(dir, port), secrets);
    QSignalSpy finished(&app, &GuiApp::finished);
    app.start();
    const QString url = u"http://127.0.0.1:%1"_s.arg(port);
    QTRY_VERIFY(statusLabel() && statusLabel()->text().contains(url));
    QVERIFY(statusLabel()->text().contains(u"Running"_s));
    QVERIFY(!statusLabel()->text().contains(u"gui-secret"_s));

    QPushButton *quit = statusLabel()->window()->findChild<QPushButton *>();
    QVERIFY(quit);
    quit->click();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), 0);
}

QTEST_MAIN(TestGuiTray)
#include "tst_gui_tray.moc"
