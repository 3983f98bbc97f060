// HistoryWindow: every conversation the relay had, searchable, readable, exportable, with
// its own read connection to the database so it never holds up the relay.
#pragma once

#include <QWidget>

#include <functional>
#include <memory>

class ConversationModel;
class Database;
class Exporter;
class HistoryWatcher;
class MessageModel;
class MessageView;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListView;
class QProgressDialog;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QThread;
class SearchModel;
class UsagePage;

class HistoryWindow final : public QWidget
{
    Q_OBJECT
public:
    // dataDir: AppConfig::dataDir, where dingrelay.sqlite3 lives (created when missing).
    explicit HistoryWindow(const QString &dataDir, QWidget *parent = nullptr);
    ~HistoryWindow() override;

    bool isReady() const { return m_models; }
    QString error() const { return m_error; }

    // Seams for tests: what the user would answer in a confirmation, and the file they pick.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    using ChooseFile = std::function<QString(const QString &suggested, const QString &filter)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }

    // What the menus and keys do, callable directly.
    void search(const QString &text);
    void openSearchHit(int row);
    void openConversation(qint64 conversationId, qint64 messageId = 0);
    enum class ExportScope { Conversation, Selection, Everything };
    bool exportHistory(ExportScope scope, bool json);
    void deleteSelected();
    // Asks, then empties the history on a thread of its own; cleared() says when it is done.
    void clearEverything();

    ConversationModel *conversations() const { return m_conversations; }
    MessageModel *messages() const { return m_messages; }
    SearchModel *searchResults() const { return m_search; }
    MessageView *messageView() const { return m_view; }
    QListView *conversationList() const { return m_list; }
    QListView *searchList() const { return m_hits; }
    QLineEdit *searchBox() const { return m_searchBox; }
    UsagePage *usagePage() const { return m_usage; }
    QTabWidget *tabs() const { return m_tabs; }
    Exporter *exporter() const { return m_exporter; }
    QProgressDialog *exportProgress() const { return m_progress; }
    HistoryWatcher *watcher() const { return m_watcher; }

signals:
    void exportFinished(bool ok, const QString &message);
    void cleared(bool ok);

private:
    QWidget *buildConversationsTab();
    void applyFilter();
    void fillFilterChoices();
    void showCurrentConversation();
    void updateHeader();
    void status(const QString &text);
    QList<qint64> selectedConversations() const;
    void clearDone(const QString &error);

    std::unique_ptr<Database> m_database;
    QString m_error;
    bool m_models = false;
    ConversationModel *m_conversations = nullptr;
    MessageModel *m_messages = nullptr;
    SearchModel *m_search = nullptr;
    HistoryWatcher *m_watcher = nullptr;
    Exporter *m_exporter = nullptr;
    QProgressDialog *m_progress = nullptr;
    QThread *m_clearing = nullptr;

    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_searchBox = nullptr;
    QComboBox *m_robot = nullptr;
    QComboBox *m_chats = nullptr;
    QLineEdit *m_user = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QStackedWidget *m_left = nullptr;
    QListView *m_list = nullptr;
    QListView *m_hits = nullptr;
    QLabel *m_header = nullptr;
    QPushButton *m_older = nullptr;
    MessageView *m_view = nullptr;
    UsagePage *m_usage = nullptr;
    QLabel *m_status = nullptr;
    QString m_indexState;

    Confirm m_confirm;
    ChooseFile m_chooseFile;
};
