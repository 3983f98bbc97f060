// TestConsoleWindow: chat with a robot as a DingTalk user would, through the real relay.
#pragma once

#include "shell/TestConsoleClient.h"

#include <QHash>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QVBoxLayout;
class RelayHost;

// Each message goes out as a signed callback (or, for a Stream robot, as a pushed message),
// its answer comes back through a sessionWebhook that points at the app, and the window shows
// it as DingTalk renders it, with the time each hop took.
class TestConsoleWindow final : public QWidget
{
    Q_OBJECT
public:
    TestConsoleWindow(RelayHost &host, TestConsoleClient &client, QWidget *parent = nullptr);

    // The tunnel's URL, for sending through it; empty while there is none.
    void setPublicUrl(const QUrl &url);

    // Sends what the input holds (the Send button).
    void send();
    // "callback acknowledged after 12 ms · …": the hops of run so far (the wizard shows it too).
    static QString timings(const TestRun &run);

private:
    void refresh();
    void refreshRoutes();
    void suggestSender();
    void showRun(const TestRun &run);
    QWidget *questionBubble(const QString &text);
    QWidget *replyBubble(const SinkMessage &reply);
    void scrollToEnd();

    RelayHost &m_host;
    TestConsoleClient &m_client;
    QUrl m_publicUrl;
    QComboBox *m_robot;
    QComboBox *m_route;
    QLineEdit *m_staffId;
    QLabel *m_hint;
    QScrollArea *m_scroll;
    QWidget *m_transcript;
    QVBoxLayout *m_runs;
    QLineEdit *m_input;
    QPushButton *m_send;
    QHash<QString, QWidget *> m_runViews; // by run id: the bubbles of its answer and timings
};
