#include "TestConsoleWindow.h"

#include "relay/Relay.h"
#include "shell/RelayHost.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int BubbleWidth = 520;

QFrame *bubbleFrame(QWidget *parent, bool mine)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(mine ? u"question"_s : u"reply"_s);
    // DingTalk's own look: the user's words on blue, the robot's on the base colour. A style
    // sheet, because a styled frame does not fill itself with its palette in every style.
    const QPalette pal = parent->palette();
    frame->setStyleSheet(
        mine ? u"QFrame#question { background: #1f6feb; border-radius: 8px; }"
               "QFrame#question QLabel { color: white; background: transparent; }"_s
             : u"QFrame#reply { background: %1; border: 1px solid %2; border-radius: 8px; }"
               "QFrame#reply QLabel { background: transparent; }"_s.arg(
                   pal.color(QPalette::Base).name(), pal.color(QPalette::Mid).name()));
    frame->setMaximumWidth(BubbleWidth);
    return frame;
}

// A wrapped label asks for little width; give it what its text needs, up to the bubble's.
void fitWidth(QLabel *label, qreal idealWidth)
{
    const int margins = 24;
    label->setMinimumWidth(std::min(int(std::ceil(idealWidth)) + 2, BubbleWidth - margins));
}

QHBoxLayout *aligned(QWidget *bubble, bool right)
{
    auto *row = new QHBoxLayout;
    if (right)
        row->addStretch(1);
    row->addWidget(bubble);
    if (!right)
        row->addStretch(1);
    return row;
}

} // namespace

TestConsoleWindow::TestConsoleWindow(RelayHost &host, TestConsoleClient &client, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_client(client)
    , m_robot(new QComboBox(this))
    , m_route(new QComboBox(this))
    , m_staffId(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_transcript(new QWidget)
    , m_runs(new QVBoxLayout(m_transcript))
    , m_input(new QLineEdit(this))
    , m_send(new QPushButton(tr("&Send"), this))
{
    setWindowTitle(tr("DingRelay test console"));
    setObjectName(u"testConsole"_s);
    resize(720, 620);

    m_robot->setObjectName(u"robot"_s);
    m_route->setObjectName(u"route"_s);
    m_input->setObjectName(u"input"_s);
    m_send->setObjectName(u"send"_s);
    m_hint->setObjectName(u"hint"_s);
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Robot:"), m_robot);
    form->addRow(tr("Send &to:"), m_route);
    form->addRow(tr("As &user (staffId):"), m_staffId);
    m_staffId->setObjectName(u"staffId"_s);
    m_staffId->setToolTip(tr("The sender's staffId: the robot's allow_senders and admins apply "
                             "to it as they would to a DingTalk user."));

    m_runs->addStretch(1);
    m_runs->setSpacing(10);
    m_transcript->setBackgroundRole(QPalette::AlternateBase);
    m_transcript->setAutoFillBackground(true);
    m_scroll->setWidget(m_transcript);
    m_scroll->setWidgetResizable(true);
    m_scroll->setMinimumHeight(260);

    m_input->setPlaceholderText(tr("Type a message as a DingTalk user would, then press Enter"));
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(inputRow);
    setTabOrder(m_robot, m_route);
    setTabOrder(m_route, m_staffId);
    setTabOrder(m_staffId, m_input);
    setTabOrder(m_input, m_send);

    connect(m_send, &QPushButton::clicked, this, &TestConsoleWindow::send);
    connect(m_input, &QLineEdit::returnPressed, this, &TestConsoleWindow::send);
    connect(m_robot, &QComboBox::currentIndexChanged, this, [this] {
        refreshRoutes();
        suggestSender();
    });
    connect(m_staffId, &QLineEdit::textChanged, this,
            [this](const QString &staffId) { m_client.setSenderStaffId(staffId.trimmed()); });
    connect(m_route, &QComboBox::currentIndexChanged, this, [this] { refreshRoutes(); });
    connect(&m_host, &RelayHost::stateChanged, this, &TestConsoleWindow::refresh);
    connect(&m_client, &TestConsoleClient::updated, this, &TestConsoleWindow::showRun);
    connect(&m_client, &TestConsoleClient::finished, this, &TestConsoleWindow::showRun);
    refresh();
    m_input->setFocus();
}

void TestConsoleWindow::setPublicUrl(const QUrl &url)
{
    m_publicUrl = url;
    refreshRoutes();
}

void TestConsoleWindow::refresh()
{
    const QString current = m_robot->currentData().toString();
    m_robot->blockSignals(true);
    m_robot->clear();
    if (m_host.state() == RelayHost::State::Running) {
        for (const RobotSettings &robot : m_host.config().robots) {
            const QString label =
                robot.mode == RobotMode::Stream
                    ? tr("%1 (Stream mode)").arg(robot.id)
                    : tr("%1 (HTTP callback %2)").arg(robot.id, robot.callbackPath);
            m_robot->addItem(label, robot.id);
        }
    }
    const int index = m_robot->findData(current);
    m_robot->setCurrentIndex(index >= 0 ? index : 0);
    m_robot->blockSignals(false);
    refreshRoutes();
    if (m_robot->currentData().toString() != current)
        suggestSender();
}

void TestConsoleWindow::suggestSender()
{
    // A sender the robot lets in: its first allowed staffId, else the console's own.
    const RobotSettings *robot = m_host.config().robotById(m_robot->currentData().toString());
    m_staffId->setText(robot && !robot->allowSenders.isEmpty()
                           ? robot->allowSenders.first()
                           : QString::fromLatin1(TestConsoleClient::DefaultStaffId));
}

void TestConsoleWindow::refreshRoutes()
{
    const QString robotId = m_robot->currentData().toString();
    const RobotSettings *robot =
        m_host.state() == RelayHost::State::Running ? m_host.config().robotById(robotId) : nullptr;
    const int previous = m_route->currentData().toInt();
    m_route->blockSignals(true);
    m_route->clear();
    QString hint;
    if (m_host.state() != RelayHost::State::Running) {
        hint = tr("The relay is not running. Start it from the tray menu, then come back here.");
    } else if (!robot) {
        hint = tr("No robot is configured yet. Add one under Settings › Robots.");
    } else if (robot->mode == RobotMode::Stream) {
        m_route->addItem(tr("The relay, as if pushed over the Stream connection"),
                         int(TestRun::Via::Stream));
        hint = tr("A Stream-mode robot has no callback URL: DingTalk pushes its messages over "
                  "the connection DingRelay opens. The console hands your message to the relay "
                  "as such a push, so it checks the model and the answer, not the connection "
                  "itself. To test that, message the robot in DingTalk.");
    } else {
        m_route->addItem(tr("This computer: %1").arg(m_client.localCallbackUrl(robotId).toString()),
                         int(TestRun::Via::Local));
        if (m_publicUrl.isValid() && !m_publicUrl.isEmpty()) {
            QUrl url = m_publicUrl;
            url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) +
                        robot->callbackPath);
            m_route->addItem(tr("The public URL: %1").arg(url.toString()),
                             int(TestRun::Via::PublicUrl));
        }
        hint = m_publicUrl.isEmpty()
                   ? tr("Messages are signed with the robot's AppSecret as DingTalk signs them. "
                        "Set up a public URL to test the way in from the internet too.")
                   : tr("Messages are signed with the robot's AppSecret as DingTalk signs them. "
                        "Through the public URL they test the tunnel too.");
    }
    const int index = m_route->findData(previous);
    m_route->setCurrentIndex(index >= 0 ? index : 0);
    m_route->blockSignals(false);
    m_hint->setText(hint);
    const bool ready = robot != nullptr;
    m_route->setEnabled(ready && m_route->count() > 1);
    m_input->setEnabled(ready);
    m_send->setEnabled(ready);
}

void TestConsoleWindow::send()
{
    const QString text = m_input->text();
    if (text.trimmed().isEmpty())
        return;
    QString error;
    const QString id =
        m_client.send(m_robot->currentData().toString(), text,
                      TestRun::Via(m_route->currentData().toInt()), m_publicUrl, &error);
    if (id.isEmpty()) {
        m_hint->setText(error);
        return;
    }
    m_input->clear();
}

void TestConsoleWindow::showRun(const TestRun &run)
{
    QWidget *view = m_runViews.value(run.id);
    if (!view) {
        m_runs->insertLayout(m_runs->count() - 1, aligned(questionBubble(run.question), true));
        view = new QWidget(m_transcript);
        view->setObjectName(u"run"_s);
        new QVBoxLayout(view);
        view->layout()->setContentsMargins(0, 0, 0, 0);
        m_runs->insertWidget(m_runs->count() - 1, view);
        m_runViews.insert(run.id, view);
    }
    // Rebuilt from the run each time: the parts arrive one by one, the timings fill in.
    while (QLayoutItem *item = view->layout()->takeAt(0)) {
        if (item->layout()) {
            while (QLayoutItem *inner = item->layout()->takeAt(0)) {
                delete inner->widget();
                delete inner;
            }
        }
        delete item->widget();
        delete item;
    }
    auto *layout = static_cast<QVBoxLayout *>(view->layout());
    for (const SinkMessage &reply : run.replies)
        layout->addLayout(aligned(replyBubble(reply), false));
    auto *status = new QLabel(view);
    status->setObjectName(u"timings"_s);
    status->setWordWrap(true);
    status->setTextFormat(Qt::PlainText);
    QString text = timings(run);
    if (!run.error.isEmpty())
        text = tr("Failed: %1").arg(run.error) + (text.isEmpty() ? QString() : u"\n"_s + text);
    else if (!run.done)
        text = tr("Waiting for the answer…") + (text.isEmpty() ? QString() : u"\n"_s + text);
    status->setText(text);
    QPalette pal = status->palette();
    pal.setColor(QPalette::WindowText, run.error.isEmpty() ? pal.color(QPalette::PlaceholderText)
                                                           : QColor(0xc0, 0x20, 0x20));
    status->setPalette(pal);
    layout->addWidget(status);
    scrollToEnd();
}

QWidget *TestConsoleWindow::questionBubble(const QString &text)
{
    QFrame *frame = bubbleFrame(m_transcript, true);
    auto *label = new QLabel(text, frame);
    label->setObjectName(u"questionText"_s);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    qreal widest = 0;
    for (const QString &line : text.split(u'\n'))
        widest = std::max<qreal>(widest, label->fontMetrics().horizontalAdvance(line));
    fitWidth(label, widest);
    auto *layout = new QVBoxLayout(frame);
    layout->addWidget(label);
    return frame;
}

QWidget *TestConsoleWindow::replyBubble(const SinkMessage &reply)
{
    QFrame *frame = bubbleFrame(m_transcript, false);
    auto *layout = new QVBoxLayout(frame);
    if (!reply.title.isEmpty()) {
        // The title is what DingTalk shows in the chat list and the notification.
        auto *title = new QLabel(tr("Title: %1").arg(reply.title), frame);
        title->setObjectName(u"replyTitle"_s);
        title->setTextFormat(Qt::PlainText);
        title->setWordWrap(true);
        QPalette pal = title->palette();
        pal.setColor(QPalette::WindowText, pal.color(QPalette::PlaceholderText));
        title->setPalette(pal);
        layout->addWidget(title);
    }
    auto *body = new QLabel(frame);
    body->setObjectName(u"replyText"_s);
    body->setTextFormat(reply.msgtype == u"markdown"_s ? Qt::MarkdownText : Qt::PlainText);
    body->setText(reply.text);
    body->setWordWrap(true);
    body->setOpenExternalLinks(true);
    body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    QTextDocument measure;
    measure.setDefaultFont(body->font());
    if (reply.msgtype == u"markdown"_s)
        measure.setMarkdown(reply.text);
    else
        measure.setPlainText(reply.text);
    fitWidth(body, measure.idealWidth());
    layout->addWidget(body);
    return frame;
}

QString TestConsoleWindow::timings(const TestRun &run)
{
    QStringList hops;
    if (run.ackMs >= 0)
        hops << (run.via == TestRun::Via::Stream ? tr("taken by the relay after %1 ms")
                                                 : tr("callback acknowledged after %1 ms"))
                    .arg(run.ackMs);
    if (run.firstByteMs >= 0)
        hops << tr("model's first words after %1 ms").arg(run.firstByteMs);
    if (run.deliveredMs >= 0) {
        hops << (run.replies.size() > 1 ? tr("%1 parts delivered after %2 ms")
                                              .arg(run.replies.size())
                                              .arg(run.deliveredMs)
                                        : tr("answer delivered after %1 ms").arg(run.deliveredMs));
    }
    return hops.join(u" · "_s);
}

void TestConsoleWindow::scrollToEnd()
{
    // After the layout has placed the new bubbles.
    QTimer::singleShot(0, this, [this] {
        m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
    });
}
