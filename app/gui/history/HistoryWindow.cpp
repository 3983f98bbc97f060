#include "history/HistoryWindow.h"

#include "history/ConversationModel.h"
#include "history/Exporter.h"
#include "history/HistoryItemDelegate.h"
#include "history/HistoryWatcher.h"
#include "history/MessageModel.h"
#include "history/MessageView.h"
#include "history/SearchModel.h"
#include "history/UsagePage.h"
#include "storage/Database.h"
#include "storage/HistoryMaintenance.h"
#include "storage/ReadConnection.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>

using namespace Qt::StringLiterals;

namespace {
// The dates' "not set" value: shown as "any", it filters nothing.
const QDate NoDate(2000, 1, 1);
} // namespace

HistoryWindow::HistoryWindow(const QString &dataDir, QWidget *parent)
    : QWidget(parent)
    , m_database(std::make_unique<Database>())
{
    setWindowTitle(tr("DingRelay — History"));
    resize(1100, 720);
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    m_chooseFile = [this](const QString &suggested, const QString &filter) {
        return QFileDialog::getSaveFileName(this, tr("Export history"), suggested, filter);
    };

    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The window has a connection of its own (WAL: reading never blocks the relay); opening
    // also brings an older database's schema up to date, search index included.
    if (!m_database->open(dataDir)) {
        m_error = m_database->error();
        auto *problem = new QLabel(tr("The history cannot be opened:\n%1").arg(m_error), this);
        problem->setWordWrap(true);
        layout->addWidget(problem);
        return;
    }
    const HistoryReader reader(*m_database);
    const SearchIndex searchIndex(*m_database);
    m_conversations = new ConversationModel(reader, this);
    m_messages = new MessageModel(reader, this);
    m_search = new SearchModel(searchIndex, this);
    m_watcher = new HistoryWatcher(reader, m_database->filePath(), this);
    m_exporter = new Exporter(m_database->filePath(), this);
    m_models = true;
    searchIndex.available(&m_indexState);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildConversationsTab(), tr("Conversations"));
    m_usage = new UsagePage(m_database->filePath(), this);
    m_tabs->addTab(m_usage, tr("Usage"));
    layout->addWidget(m_tabs);
    layout->addWidget(m_status);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_usage)
            m_usage->reload();
    });

    connect(m_watcher, &HistoryWatcher::messagesAdded, this, [this](qint64 since) {
        m_conversations->refreshSince(since);
        m_messages->refreshSince(since);
    });
    connect(m_exporter, &Exporter::progress, this, [this](qint64 done, qint64 total) {
        if (!m_progress)
            return;
        m_progress->setMaximum(int(std::min<qint64>(total, INT_MAX)));
        m_progress->setValue(int(std::min<qint64>(done, INT_MAX)));
    });
    connect(m_exporter, &Exporter::finished, this,
            [this](Exporter::Outcome outcome, const QString &error) {
                if (m_progress) {
                    m_progress->hide();
                    m_progress->deleteLater();
                    m_progress = nullptr;
                }
                const QString message = outcome == Exporter::Outcome::Done ? tr("Export written.")
                                        : outcome == Exporter::Outcome::Cancelled
                                            ? tr("Export cancelled; no file was written.")
                                            : tr("Export failed: %1").arg(error);
                status(message);
                emit exportFinished(outcome == Exporter::Outcome::Done, message);
            });

    m_conversations->reload();
    fillFilterChoices();
    if (m_conversations->rowCount() > 0)
        m_list->setCurrentIndex(m_conversations->index(0));
    status({});
}

HistoryWindow::~HistoryWindow()
{
    if (m_clearing) {
        m_clearing->wait();
        delete m_clearing;
    }
    // Models and the exporter's thread use the connection: they go before it closes.
    delete m_exporter;
    delete m_tabs;
    delete m_watcher;
    delete m_search;
    delete m_messages;
    delete m_conversations;
}

QWidget *HistoryWindow::buildConversationsTab()
{
    auto *page = new QWidget(this);
    m_searchBox = new QLineEdit(page);
    m_searchBox->setPlaceholderText(
        tr("Search every message — English or 中文 (Enter opens a hit)"));
    m_searchBox->setClearButtonEnabled(true);
    auto *exportButton = new QToolButton(page);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    const std::pair<ExportScope, QString> scopes[] = {
        {ExportScope::Conversation, tr("This conversation")},
        {ExportScope::Selection, tr("Selected conversations")},
        {ExportScope::Everything, tr("Everything")}};
    for (const auto &[scope, name] : scopes) {
        menu->addAction(name + tr(" as Markdown…"), this,
                        [this, s = scope] { exportHistory(s, false); });
        menu->addAction(name + tr(" as JSON…"), this,
                        [this, s = scope] { exportHistory(s, true); });
    }
    exportButton->setMenu(menu);
    auto *deleteButton = new QPushButton(tr("Delete…"), page);
    deleteButton->setToolTip(tr("Delete the selected conversations"));
    auto *clearButton = new QPushButton(tr("Clear all…"), page);
    auto *top = new QHBoxLayout;
    top->addWidget(m_searchBox, 1);
    top->addWidget(exportButton);
    top->addWidget(deleteButton);
    top->addWidget(clearButton);

    m_robot = new QComboBox(page);
    m_chats = new QComboBox(page);
    m_robot->setObjectName(u"robotFilter"_s);
    m_chats->setObjectName(u"chatFilter"_s);
    m_user = new QLineEdit(page);
    m_user->setPlaceholderText(tr("User"));
    m_user->setClearButtonEnabled(true);
    m_from = new QDateEdit(page);
    m_to = new QDateEdit(page);
    for (QDateEdit *date : {m_from, m_to}) {
        date->setCalendarPopup(true);
        date->setMinimumDate(NoDate);
        date->setSpecialValueText(tr("any"));
        date->setDate(NoDate);
        date->setDisplayFormat(u"yyyy-MM-dd"_s);
    }
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Robot"), page));
    filters->addWidget(m_robot);
    filters->addWidget(new QLabel(tr("Chat"), page));
    filters->addWidget(m_chats, 1);
    filters->addWidget(m_user, 1);
    filters->addWidget(new QLabel(tr("From"), page));
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to"), page));
    filters->addWidget(m_to);

    m_list = new QListView(page);
    m_list->setModel(m_conversations);
    m_list->setItemDelegate(
        new HistoryItemDelegate(HistoryItemDelegate::Kind::Conversation, m_list));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true);
    m_hits = new QListView(page);
    m_hits->setModel(m_search);
    m_hits->setItemDelegate(new HistoryItemDelegate(HistoryItemDelegate::Kind::SearchHit, m_hits));
    m_hits->setUniformItemSizes(true);
    m_left = new QStackedWidget(page);
    m_left->addWidget(m_list);
    m_left->addWidget(m_hits);
    m_left->setMinimumWidth(300);

    m_header = new QLabel(page);
    m_header->setTextFormat(Qt::RichText);
    m_older = new QPushButton(tr("Earlier messages"), page);
    m_older->setFlat(true);
    m_view = new MessageView(m_messages, page);
    auto *right = new QWidget(page);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    headerRow->addWidget(m_older);
    rightLayout->addLayout(headerRow);
    rightLayout->addWidget(m_view, 1);

    auto *split = new QSplitter(page);
    split->addWidget(m_left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({360, 740});

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(top);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    // Typing searches after a pause; Enter opens the selected (or first) hit.
    auto *typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(250);
    connect(typing, &QTimer::timeout, this, [this] { search(m_searchBox->text()); });
    connect(m_searchBox, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
    connect(m_searchBox, &QLineEdit::textChanged, this, [this, typing](const QString &text) {
        if (text.isEmpty()) {
            typing->stop();
            search({});
        }
    });
    connect(m_searchBox, &QLineEdit::returnPressed, this, [this, typing] {
        if (typing->isActive() || m_search->text() != m_searchBox->text()) {
            typing->stop();
            search(m_searchBox->text());
        }
        const int row = m_hits->currentIndex().isValid() ? m_hits->currentIndex().row() : 0;
        openSearchHit(row);
    });
    connect(m_hits, &QListView::activated, this,
            [this](const QModelIndex &index) { openSearchHit(index.row()); });
    connect(m_hits, &QListView::clicked, this,
            [this](const QModelIndex &index) { openSearchHit(index.row()); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &HistoryWindow::showCurrentConversation);
    connect(m_robot, &QComboBox::currentIndexChanged, this, &HistoryWindow::applyFilter);
    connect(m_chats, &QComboBox::currentIndexChanged, this, &HistoryWindow::applyFilter);
    connect(m_user, &QLineEdit::editingFinished, this, &HistoryWindow::applyFilter);
    connect(m_from, &QDateEdit::dateChanged, this, &HistoryWindow::applyFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &HistoryWindow::applyFilter);
    connect(m_older, &QPushButton::clicked, this, [this] { m_messages->fetchOlder(); });
    connect(m_messages, &QAbstractItemModel::modelReset, this, &HistoryWindow::updateHeader);
    connect(m_messages, &QAbstractItemModel::rowsInserted, this, &HistoryWindow::updateHeader);
    connect(deleteButton, &QPushButton::clicked, this, &HistoryWindow::deleteSelected);
    connect(clearButton, &QPushButton::clicked, this, &HistoryWindow::clearEverything);
    return page;
}

void HistoryWindow::fillFilterChoices()
{
    const QSignalBlocker robotBlock(m_robot);
    const QSignalBlocker chatsBlock(m_chats);
    const QString robot = m_robot->currentData().toString();
    const QString chats = m_chats->currentData().toString();
    m_robot->clear();
    m_robot->addItem(tr("All robots"), QString());
    for (const QString &id : m_conversations->robotIds())
        m_robot->addItem(id, id);
    m_chats->clear();
    m_chats->addItem(tr("All chats"), QString());
    m_chats->addItem(tr("Groups"), u"\x01groups"_s);
    m_chats->addItem(tr("1:1 chats"), u"\x01direct"_s);
    const auto groups = m_conversations->groups();
    for (const auto &[id, title] : groups)
        m_chats->addItem(title.isEmpty() ? id : title, id);
    m_robot->setCurrentIndex(std::max(0, m_robot->findData(robot)));
    m_chats->setCurrentIndex(std::max(0, m_chats->findData(chats)));
}

void HistoryWindow::applyFilter()
{
    ConversationFilter f;
    f.robotId = m_robot->currentData().toString();
    const QString chats = m_chats->currentData().toString();
    if (chats == u"\x01groups"_s)
        f.chats = ConversationFilter::Chats::Groups;
    else if (chats == u"\x01direct"_s)
        f.chats = ConversationFilter::Chats::Direct;
    else
        f.groupId = chats;
    f.user = m_user->text().trimmed();
    if (m_from->date() != NoDate)
        f.fromMs = m_from->date().startOfDay().toMSecsSinceEpoch();
    if (m_to->date() != NoDate)
        f.toMs = m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch();
    if (f == m_conversations->filter())
        return;
    m_conversations->setFilter(f);
    if (m_conversations->rowCount() > 0)
        m_list->setCurrentIndex(m_conversations->index(0));
    else
        m_messages->clear();
    status({});
}

void HistoryWindow::showCurrentConversation()
{
    const QModelIndex current = m_list->currentIndex();
    m_messages->openLatest(current.isValid() ? current.data(ConversationModel::IdRole).toLongLong()
                                             : 0);
    m_view->setHighlightTerms({});
}

void HistoryWindow::updateHeader()
{
    m_older->setVisible(m_messages->canFetchOlder());
    const int row = m_conversations->rowOf(m_messages->conversationId());
    if (m_messages->conversationId() == 0) {
        m_header->clear();
        return;
    }
    if (row < 0) {
        m_header->setText(tr("<b>Conversation %1</b>").arg(m_messages->conversationId()));
        return;
    }
    const ConversationRow &c = m_conversations->at(row);
    m_header->setText(u"<b>%1</b> &nbsp;<span style=\"color:#6b7280\">%2 · %3</span>"_s.arg(
        c.displayName().toHtmlEscaped(), tr("robot %1").arg(c.robotId.toHtmlEscaped()),
        tr("%n message(s)", nullptr, c.messageCount)));
}

void HistoryWindow::search(const QString &text)
{
    if (!m_models)
        return;
    if (m_searchBox->text() != text)
        m_searchBox->setText(text);
    if (text.trimmed().isEmpty()) {
        m_search->setQuery({});
        m_left->setCurrentWidget(m_list);
        m_view->setHighlightTerms({});
        status({});
        return;
    }
    m_search->setQuery(text, m_robot->currentData().toString());
    m_left->setCurrentWidget(m_hits);
    if (m_search->rowCount() > 0)
        m_hits->setCurrentIndex(m_search->index(0));
    status(m_search->rowCount() == 0
               ? tr("No message contains “%1”.").arg(text)
               : tr("Messages containing “%1”, newest first%2.")
                     .arg(text, m_search->canFetchMore({}) ? tr(" (scroll for more)") : QString()));
}

void HistoryWindow::openSearchHit(int row)
{
    if (!m_models || row < 0 || row >= m_search->rowCount())
        return;
    const SearchHit &hit = m_search->at(row);
    m_hits->setCurrentIndex(m_search->index(row));
    openConversation(hit.conversationId, hit.messageId);
    m_view->setHighlightTerms(m_search->plan().terms);
}

void HistoryWindow::openConversation(qint64 conversationId, qint64 messageId)
{
    if (!m_models)
        return;
    if (messageId == 0) {
        m_messages->openLatest(conversationId);
        return;
    }
    m_messages->openAt(conversationId, messageId);
    m_view->showMessage(messageId);
}

QList<qint64> HistoryWindow::selectedConversations() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_list->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : rows)
        ids << index.data(ConversationModel::IdRole).toLongLong();
    if (ids.isEmpty() && m_messages->conversationId() != 0)
        ids << m_messages->conversationId();
    return ids;
}

bool HistoryWindow::exportHistory(ExportScope scope, bool json)
{
    if (!m_models || m_exporter->isRunning())
        return false;
    ExportRequest request;
    request.format = json ? ExportRequest::Format::Json : ExportRequest::Format::Markdown;
    if (scope == ExportScope::Conversation) {
        if (m_messages->conversationId() == 0)
            return false;
        request.conversationIds = {m_messages->conversationId()};
    } else if (scope == ExportScope::Selection) {
        request.conversationIds = selectedConversations();
        if (request.conversationIds.isEmpty())
            return false;
    }
    const QString suffix = json ? u"json"_s : u"md"_s;
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(u"dingrelay-history-%1.%2"_s.arg(
                QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s), suffix));
    request.outputFile =
        m_chooseFile(suggested, json ? tr("JSON (*.json)") : tr("Markdown (*.md)"));
    if (request.outputFile.isEmpty())
        return false;
    m_progress = new QProgressDialog(tr("Exporting the history…"), tr("Cancel"), 0, 0, this);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, m_exporter, &Exporter::cancel);
    status(tr("Exporting…"));
    return m_exporter->start(request);
}

void HistoryWindow::deleteSelected()
{
    const QList<qint64> ids = selectedConversations();
    if (!m_models || ids.isEmpty())
        return;
    if (!m_confirm(tr("Delete conversations"),
                   tr("Delete %n conversation(s) and all their messages? This cannot be undone.",
                      nullptr, int(ids.size()))))
        return;
    QString error;
    if (!HistoryMaintenance(*m_database).deleteConversations(ids, &error)) {
        status(tr("Could not delete: %1").arg(error));
        return;
    }
    m_messages->clear();
    m_conversations->reload();
    fillFilterChoices();
    search(m_searchBox->text());
    status(tr("Deleted %n conversation(s).", nullptr, int(ids.size())));
}

void HistoryWindow::clearEverything()
{
    if (!m_models)
        return;
    if (!m_confirm(tr("Clear the history"),
                   tr("Delete every conversation and message DingRelay has stored? Usage figures "
                      "go too. This cannot be undone.")))
        return;
    if (m_clearing)
        return;
    // A million messages take a while to delete: a thread of its own keeps the window alive.
    m_clearing = QThread::create([this, file = m_database->filePath()] {
        QString error;
        {
            ReadConnection connection(file);
            if (!connection.isOpen())
                error = connection.error();
            else if (!HistoryMaintenance(connection).clearAll(&error) && error.isEmpty())
                error = tr("unknown error");
        }
        QMetaObject::invokeMethod(
            this, [this, error] { clearDone(error); }, Qt::QueuedConnection);
    });
    status(tr("Clearing the history…"));
    setEnabled(false);
    m_clearing->start();
}

void HistoryWindow::clearDone(const QString &error)
{
    m_clearing->wait();
    delete m_clearing;
    m_clearing = nullptr;
    setEnabled(true);
    m_messages->clear();
    m_conversations->reload();
    fillFilterChoices();
    search({});
    status(error.isEmpty() ? tr("The history is empty.")
                           : tr("Could not clear the history: %1").arg(error));
    emit cleared(error.isEmpty());
}

void HistoryWindow::status(const QString &text)
{
    QString line = text;
    if (line.isEmpty())
        line = tr("%n conversation(s) shown", nullptr, m_conversations->rowCount()) +
               (m_conversations->canFetchMore({}) ? tr(" (more as you scroll)") : QString());
    m_status->setText(line + u"   ·   "_s + tr("Search: %1").arg(m_indexState));
}
