// TunnelOutputWindow: the tunnel program's recent output (secrets masked), live, with its state.
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class TunnelManager;

// Read-only: it shows what core kept and reports, it never starts or stops the program. The
// tunnel goes away with its relay; the window then keeps the last lines and state it showed
// until the next relay's tunnel is handed in.
class TunnelOutputWindow final : public QWidget
{
    Q_OBJECT
public:
    explicit TunnelOutputWindow(QWidget *parent = nullptr);

    // The running relay's tunnel; null while no relay runs.
    void setTunnel(TunnelManager *tunnel);
    TunnelManager *tunnel() const;

    QString stateText() const;
    QString outputText() const;

    // "Running: https://… — reachable, checked 12:03", "Starting…", "Failed: …": one line for
    // this window and the settings dialog's Relay page. Null: no relay runs.
    static QString describe(const TunnelManager *tunnel);

private:
    void showState();
    void appendLine(const QString &line);
    void copyAll();

    QPointer<TunnelManager> m_tunnel;
    QLabel *m_state;
    QLabel *m_url;
    QPlainTextEdit *m_output;
    QPushButton *m_copy;
};
