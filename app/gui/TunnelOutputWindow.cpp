#include "TunnelOutputWindow.h"

#include "tunnel/TunnelManager.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Tunnel::State;

namespace {
// More than core keeps (200 lines), so a long session shows what it printed since opening.
constexpr int MaxLines = 2000;
} // namespace

TunnelOutputWindow::TunnelOutputWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_state(new QLabel(this))
    , m_url(new QLabel(this))
    , m_output(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("&Copy all"), this))
{
    setWindowTitle(tr("DingRelay — Tunnel output"));
    setObjectName(u"tunnelOutputWindow"_s);
    resize(760, 460);
    m_state->setObjectName(u"tunnelState"_s);
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setObjectName(u"tunnelUrl"_s);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_output->setObjectName(u"tunnelOutput"_s);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap); // a program's lines, as it printed them
    m_output->setMaximumBlockCount(MaxLines);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setAccessibleName(tr("Tunnel program output"));
    m_copy->setObjectName(u"copyAll"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Public URL:"), m_url);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    connect(m_copy, &QPushButton::clicked, this, &TunnelOutputWindow::copyAll);
    connect(buttons, &QDialogButtonBox::rejected, this, &QWidget::close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_output, 1);
    layout->addWidget(buttons);
    setTunnel(nullptr);
}

void TunnelOutputWindow::setTunnel(TunnelManager *tunnel)
{
    if (m_tunnel)
        m_tunnel->disconnect(this);
    m_tunnel = tunnel;
    m_output->clear();
    if (tunnel) {
        for (const QString &line : tunnel->output())
            m_output->appendPlainText(line);
        m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
        connect(tunnel, &TunnelManager::outputLine, this, &TunnelOutputWindow::appendLine);
        for (auto signal : {&TunnelManager::checkStarted, &TunnelManager::stopped})
            connect(tunnel, signal, this, &TunnelOutputWindow::showState);
        connect(tunnel, &TunnelManager::stateChanged, this, &TunnelOutputWindow::showState);
        connect(tunnel, &TunnelManager::publicUrlChanged, this, &TunnelOutputWindow::showState);
        connect(tunnel, &TunnelManager::reachabilityChecked, this, &TunnelOutputWindow::showState);
    }
    showState();
}

TunnelManager *TunnelOutputWindow::tunnel() const
{
    return m_tunnel;
}

QString TunnelOutputWindow::stateText() const
{
    return m_state->text();
}

QString TunnelOutputWindow::outputText() const
{
    return m_output->toPlainText();
}

void TunnelOutputWindow::showState()
{
    m_state->setText(describe(m_tunnel));
    const QUrl url = m_tunnel ? m_tunnel->publicUrl() : QUrl();
    m_url->setText(url.isEmpty() ? tr("none yet") : url.toString());
    if (!m_tunnel)
        m_output->setPlaceholderText(tr("No tunnel program runs: the relay is stopped."));
    else if (!m_tunnel->process())
        m_output->setPlaceholderText(tr("No tunnel program runs: tunnel/mode is none or fixed."));
    else
        m_output->setPlaceholderText(tr("The tunnel program has printed nothing yet."));
    m_copy->setEnabled(!m_output->document()->isEmpty());
}

void TunnelOutputWindow::appendLine(const QString &line)
{
    // Follows the end unless the user scrolled up to read something.
    QScrollBar *bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    const int kept = bar->value();
    m_output->appendPlainText(line);
    bar->setValue(atEnd ? bar->maximum() : kept);
    m_copy->setEnabled(true);
}

void TunnelOutputWindow::copyAll()
{
    QGuiApplication::clipboard()->setText(m_output->toPlainText());
}

QString TunnelOutputWindow::describe(const TunnelManager *tunnel)
{
    if (!tunnel)
        return tr("Not running: the relay is stopped.");
    const QString message = tunnel->message();
    switch (tunnel->state()) {
    case State::Off:
        return tr("Off: %1").arg(message);
    case State::Starting:
        return tr("Starting…");
    case State::Retrying:
        return tr("Restarting: %1").arg(message);
    case State::Failed:
        return tr("Failed: %1").arg(message);
    case State::Stopped:
        return tr("Stopped: %1").arg(message);
    case State::Up:
        break;
    }
    const QString line = tr("Running: %1").arg(tunnel->publicUrl().toString());
    if (tunnel->isChecking())
        return tr("%1 — checking reachability…").arg(line);
    const auto check = tunnel->lastCheck();
    if (!check)
        return tr("%1 — reachability not checked yet").arg(line);
    const QString at = QLocale().toString(check->at.toLocalTime().time(), QLocale::ShortFormat);
    return check->ok ? tr("%1 — reachable, checked %2").arg(line, at)
                     : tr("%1 — not reachable (%2), checked %3").arg(line, check->message, at);
}
