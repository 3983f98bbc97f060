// The tray controller and the status window, under the offscreen platform.
#include "AboutBox.h"
#include "StatusWindow.h"
#include "TrayController.h"
#include "TrayIcons.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMetaMethod>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using State = TrayController::State;

Q_DECLARE_METATYPE(TrayController::State)

class TestGuiTray : public QObject
{
    Q_OBJECT

private slots:
    void iconsDifferPerState();
    void iconsStandOutOnLightAndDarkPanels_data();
    void iconsStandOutOnLightAndDarkPanels();
    void toolTipSaysWhatIsWrong();
    void toolTipNamesTheServedUrl();
    void menuFollowsTheState_data();
    void menuFollowsTheState();
    void actionsEmitIntents_data();
    void actionsEmitIntents();
    void copiesTheOnlyCallbackUrl();
    void offersASubmenuForSeveralRobots();
    void copyIsDisabledWithoutHttpRobots();
    void historyCanBeDisabledWithAReason();
    void tunnelOutputOnlyForAProgram();
    void keepsTheLastNotice();
    void statusWindowShowsStateUrlsAndNotices();
    void statusWindowButtonsEmitIntents();
    void statusWindowQuitsOnCloseWithoutTray();
    void aboutNamesTheLicenceAndItsParts();

private:
    static QAction *action(TrayController &tray, const QString &text);
};

QAction *TestGuiTray::action(TrayController &tray, const QString &text)
{
    for (QAction *a : tray.menu()->actions()) {
        QString label = a->text();
        label.remove(u'&');
        if (label.startsWith(text))
            return a;
    }
    return nullptr;
}

void TestGuiTray::iconsDifferPerState()
{
    QList<QImage> images;
    for (const State s :
         {State::Starting, State::Running, State::Attention, State::Error, State::Stopped}) {
        const QIcon icon = TrayController::iconFor(s);
        QVERIFY(!icon.isNull());
        QVERIFY(icon.availableSizes().contains(QSize(22, 22)));
        images << icon.pixmap(22, 22).toImage();
    }
    for (int i = 0; i < images.size(); ++i)
        for (int j = i + 1; j < images.size(); ++j)
            QVERIFY2(images[i] != images[j], "two states share one icon");
}

void TestGuiTray::iconsStandOutOnLightAndDarkPanels_data()
{
    QTest::addColumn<TrayController::State>("state");
    QTest::addColumn<QColor>("panel");
    for (const auto &[name, state] :
         {std::pair{"running", State::Running}, std::pair{"attention", State::Attention},
          std::pair{"error", State::Error}, std::pair{"stopped", State::Stopped}}) {
        QTest::addRow("%s on white", name) << state << QColor(Qt::white);
        QTest::addRow("%s on black", name) << state << QColor(Qt::black);
        QTest::addRow("%s on grey", name) << state << QColor(0x80, 0x80, 0x80);
    }
}

void TestGuiTray::iconsStandOutOnLightAndDarkPanels()
{
    QFETCH(TrayController::State, state);
    QFETCH(QColor, panel);
    // Painted on the panel at tray size, a good part of the icon must differ clearly from it:
    // at least a third of the pixels by a luminance step of 60 (of 255).
    const int size = 22;
    QImage image(size, size, QImage::Format_RGB32);
    image.fill(panel);
    QPainter p(&image);
    p.drawPixmap(0, 0, TrayController::iconFor(state).pixmap(size, size));
    p.end();
    int distinct = 0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            if (std::abs(qGray(image.pixel(x, y)) - qGray(panel.rgb())) >= 60)
                ++distinct;
    QVERIFY2(distinct * 3 >= size * size, qPrintable(u"%1 of %2"_s.arg(distinct).arg(size * size)));
}

void TestGuiTray::toolTipSaysWhatIsWrong()
{
    TrayController tray;
    QCOMPARE(tray.state(), State::Starting);
    tray.setState(State::Error, u"secret model/api_key is not set"_s);
    QCOMPARE(tray.state(), State::Error);
    QVERIFY(tray.toolTip().startsWith(u"DingRelay — Not running"_s));
    QVERIFY(tray.toolTip().contains(u"model/api_key is not set"_s));
}

void TestGuiTray::toolTipNamesTheServedUrl()
{
    TrayController tray;
    tray.setState(State::Running, u"Serving http://127.0.0.1:8089 for 1 robot(s)."_s);
    QVERIFY(tray.toolTip().contains(u"Running"_s));
    QVERIFY(tray.toolTip().contains(u"http://127.0.0.1:8089"_s));
}

void TestGuiTray::menuFollowsTheState_data()
{
    QTest::addColumn<TrayController::State>("state");
    QTest::addColumn<QString>("startStop");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("statusLine");
    QTest::newRow("starting") << State::Starting << u"Stop relay"_s << true << u"Starting"_s;
    QTest::newRow("running") << State::Running << u"Stop relay"_s << true << u"Running"_s;
    QTest::newRow("attention") << State::Attention << u"Stop relay"_s << true
                               << u"Needs attention"_s;
    QTest::newRow("error") << State::Error << u"Start relay"_s << true << u"Not running"_s;
    QTest::newRow("stopping") << State::Stopping << u"Start relay"_s << false << u"Stopping"_s;
    QTest::newRow("stopped") << State::Stopped << u"Start relay"_s << true << u"Stopped"_s;
}

void TestGuiTray::menuFollowsTheState()
{
    QFETCH(TrayController::State, state);
    QFETCH(QString, startStop);
    QFETCH(bool, enabled);
    QFETCH(QString, statusLine);
    TrayController tray;
    tray.setState(state, u"first line\nsecond line"_s);
    QAction *toggle = action(tray, startStop);
    QVERIFY2(toggle, qPrintable(startStop));
    QCOMPARE(toggle->isEnabled(), enabled);
    QAction *status = tray.menu()->actions().first();
    QCOMPARE(status->text(), statusLine + u": first line"_s); // the menu keeps one line
    QVERIFY(tray.toolTip().contains(u"second line"_s));       // the tooltip has all
}

void TestGuiTray::actionsEmitIntents_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<TrayController::State>("state");
    QTest::addColumn<QByteArray>("intent");
    QTest::newRow("settings") << u"Settings"_s << State::Running
                              << QByteArray("settingsRequested()");
    QTest::newRow("console") << u"Test console"_s << State::Running
                             << QByteArray("testConsoleRequested()");
    QTest::newRow("stop") << u"Stop relay"_s << State::Running
                          << QByteArray("stopRelayRequested()");
    QTest::newRow("start") << u"Start relay"_s << State::Stopped
                           << QByteArray("startRelayRequested()");
    QTest::newRow("start after error")
        << u"Start relay"_s << State::Error << QByteArray("startRelayRequested()");
    QTest::newRow("status") << u"Running"_s << State::Running << QByteArray("statusRequested()");
    QTest::newRow("about") << u"About DingRelay"_s << State::Running
                           << QByteArray("aboutRequested()");
    QTest::newRow("quit") << u"Quit DingRelay"_s << State::Running << QByteArray("quitRequested()");
}

void TestGuiTray::actionsEmitIntents()
{
    QFETCH(QString, item);
    QFETCH(TrayController::State, state);
    QFETCH(QByteArray, intent);
    TrayController tray;
    tray.setState(state, {});
    const QMetaObject &meta = TrayController::staticMetaObject;
    const QMetaMethod signal = meta.method(meta.indexOfSignal(intent.constData()));
    QVERIFY(signal.isValid());
    QSignalSpy spy(&tray, signal);
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    QAction *a = action(tray, item);
    QVERIFY2(a, qPrintable(item));
    a->trigger();
    QCOMPARE(spy.count(), 1);
    if (item != u"Quit DingRelay"_s)
        QCOMPARE(quit.count(), 0); // and nothing else
}

void TestGuiTray::copiesTheOnlyCallbackUrl()
{
    TrayController tray;
    const QUrl url(u"https://relay.example.com/dingtalk/default"_s);
    tray.setCallbackUrls({{u"default"_s, url}});
    QSignalSpy copy(&tray, &TrayController::copyCallbackUrlRequested);
    QAction *a = action(tray, u"Copy callback URL"_s);
    QVERIFY(a);
    QVERIFY(a->isEnabled());
    QVERIFY(!a->menu());
    QCOMPARE(a->toolTip(), url.toString());
    a->trigger();
    QCOMPARE(copy.count(), 1);
    QCOMPARE(copy.first().first().toUrl(), url);
}

void TestGuiTray::offersASubmenuForSeveralRobots()
{
    TrayController tray;
    const QUrl sales(u"http://127.0.0.1:8089/dingtalk/sales"_s);
    const QUrl support(u"http://127.0.0.1:8089/dingtalk/support"_s);
    tray.setCallbackUrls({{u"sales"_s, sales}, {u"support"_s, support}});
    QAction *a = action(tray, u"Copy callback URL"_s);
    QVERIFY(a && a->menu());
    const QList<QAction *> entries = a->menu()->actions();
    QCOMPARE(entries.size(), 2);
    QVERIFY(entries.at(0)->text().startsWith(u"sales"_s));
    QVERIFY(entries.at(1)->text().contains(support.toString()));
    QSignalSpy copy(&tray, &TrayController::copyCallbackUrlRequested);
    entries.at(1)->trigger();
    QCOMPARE(copy.count(), 1);
    QCOMPARE(copy.first().first().toUrl(), support);

    // Back to one robot: no submenu is left behind.
    tray.setCallbackUrls({{u"sales"_s, sales}});
    QVERIFY(!action(tray, u"Copy callback URL"_s)->menu());
}

void TestGuiTray::copyIsDisabledWithoutHttpRobots()
{
    TrayController tray;
    tray.setCallbackUrls({});
    QAction *a = action(tray, u"Copy callback URL"_s);
    QVERIFY(a);
    QVERIFY(!a->isEnabled());
    QVERIFY(a->toolTip().contains(u"Stream"_s));
    QSignalSpy copy(&tray, &TrayController::copyCallbackUrlRequested);
    a->trigger();
    QCOMPARE(copy.count(), 0);
}

void TestGuiTray::historyCanBeDisabledWithAReason()
{
    TrayController tray;
    QVERIFY(tray.menu()->toolTipsVisible());
    tray.setHistoryAvailable(false, u"not yet"_s);
    QAction *history = action(tray, u"History"_s);
    QVERIFY(history);
    QVERIFY(!history->isEnabled());
    QCOMPARE(history->toolTip(), u"not yet"_s);
    tray.setHistoryAvailable(true);
    QVERIFY(history->isEnabled());
    QSignalSpy spy(&tray, &TrayController::historyRequested);
    history->trigger();
    QCOMPARE(spy.count(), 1);
}

void TestGuiTray::tunnelOutputOnlyForAProgram()
{
    TrayController tray;
    QAction *output = action(tray, u"Tunnel output"_s);
    QVERIFY(output);
    QSignalSpy spy(&tray, &TrayController::tunnelOutputRequested);
    // Until the app says a tunnel program is configured, the item is off and says why.
    QVERIFY(!output->isEnabled());
    QVERIFY(output->toolTip().contains(u"tunnel/mode is none or fixed"_s));
    output->trigger();
    QCOMPARE(spy.count(), 0);
    tray.setTunnelOutputAvailable(true);
    QVERIFY(output->isEnabled());
    QVERIFY(!output->toolTip().contains(u"tunnel/mode"_s));
    output->trigger();
    QCOMPARE(spy.count(), 1);
}

void TestGuiTray::keepsTheLastNotice()
{
    TrayController tray;
    QVERIFY(tray.lastNotice().isEmpty());
    tray.notify(u"An answer was not delivered"_s, u"Robot app: errcode 310000"_s);
    QCOMPARE(tray.lastNotice(), u"An answer was not delivered: Robot app: errcode 310000"_s);
}

void TestGuiTray::statusWindowShowsStateUrlsAndNotices()
{
    StatusWindow window;
    window.setState(State::Attention, u"Robot sales: DingTalk refused an answer"_s);
    QCOMPARE(window.findChild<QLabel *>(u"stateTitle"_s)->text(), u"Needs attention"_s);
    QVERIFY(window.findChild<QLabel *>(u"stateDetail"_s)->text().contains(u"refused"_s));
    window.setCallbackUrls({{u"sales"_s, QUrl(u"http://127.0.0.1:8089/dingtalk/sales"_s)}});
    bool found = false;
    for (QLabel *label : window.findChildren<QLabel *>())
        found = found || label->text() == u"http://127.0.0.1:8089/dingtalk/sales"_s;
    QVERIFY(found);

    Notice notice;
    notice.title = u"The model refuses the API key"_s;
    notice.message = u"Enter a valid key"_s;
    notice.at = QDateTime::currentDateTime();
    window.setNotices({notice});
    auto *list = window.findChild<QListWidget *>(u"notices"_s);
    QVERIFY(list);
    QCOMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().contains(u"refuses the API key"_s));
}

void TestGuiTray::statusWindowButtonsEmitIntents()
{
    StatusWindow window;
    window.setState(State::Running, {});
    auto *startStop = window.findChild<QPushButton *>(u"startStop"_s);
    QCOMPARE(startStop->text().remove(u'&'), u"Stop relay"_s);
    QSignalSpy stop(&window, &StatusWindow::stopRelayRequested);
    QSignalSpy start(&window, &StatusWindow::startRelayRequested);
    startStop->click();
    QCOMPARE(stop.count(), 1);
    window.setState(State::Stopped, {});
    QCOMPARE(startStop->text().remove(u'&'), u"Start relay"_s);
    startStop->click();
    QCOMPARE(start.count(), 1);

    QSignalSpy console(&window, &StatusWindow::testConsoleRequested);
    window.findChild<QPushButton *>(u"testConsole"_s)->click();
    QCOMPARE(console.count(), 1);
    QSignalSpy quit(&window, &StatusWindow::quitRequested);
    window.findChild<QPushButton *>(u"quit"_s)->click();
    QCOMPARE(quit.count(), 1);
    QSignalSpy about(&window, &StatusWindow::aboutRequested);
    window.findChild<QPushButton *>(u"about"_s)->click();
    QCOMPARE(about.count(), 1);

    // As in the tray: off, saying why, until a tunnel program is configured.
    auto *output = window.findChild<QPushButton *>(u"tunnelOutput"_s);
    QVERIFY(output);
    QSignalSpy tunnel(&window, &StatusWindow::tunnelOutputRequested);
    QVERIFY(!output->isEnabled());
    QVERIFY(output->toolTip().contains(u"tunnel/mode is none or fixed"_s));
    output->click();
    QCOMPARE(tunnel.count(), 0);
    window.setTunnelOutputAvailable(true);
    QVERIFY(output->isEnabled());
    QVERIFY(output->toolTip().isEmpty());
    output->click();
    QCOMPARE(tunnel.count(), 1);
}

void TestGuiTray::statusWindowQuitsOnCloseWithoutTray()
{
    StatusWindow window;
    QSignalSpy quit(&window, &StatusWindow::quitRequested);
    window.show();
    window.close(); // with a tray: just hidden
    QCOMPARE(quit.count(), 0);
    window.setQuitOnClose(true);
    window.show();
    window.close();
    QCOMPARE(quit.count(), 1);
}

QTEST_MAIN(TestGuiTray)
void TestGuiTray::aboutNamesTheLicenceAndItsParts()
{
    AboutBox box;
    const QString text = box.text();
    QCOMPARE(box.windowTitle(), u"About DingRelay"_s);
    QVERIFY(text.contains(QStringLiteral(DINGRELAY_VERSION)));
    QVERIFY(text.contains(u"GPL-3.0-or-later"_s));
    QVERIFY(text.contains(u"no warranty"_s));
    // The part that makes the whole GPL, and the data built into the binary.
    QVERIFY(text.contains(u"<td>Qt HttpServer</td><td>&nbsp;GPL-3.0-only&nbsp;</td>"_s));
    QVERIFY(text.contains(u"tiktoken"_s));
    QVERIFY(text.contains(u"QtKeychain"_s));
}

#include "tst_gui_tray.moc"
