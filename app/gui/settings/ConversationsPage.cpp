#include "settings/ConversationsPage.h"

#include "settings/Form.h"
#include "settings/SettingsContext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace {
QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(u"[,，\\s]+"_s);
    QStringList out = text.split(separators, Qt::SkipEmptyParts);
    for (QString &item : out) {
        if (item.startsWith(u'@'))
            item.remove(0, 1);
    }
    out.removeAll(QString());
    return out;
}

QString joinList(const QStringList &items)
{
    return items.join(u", "_s);
}

// The prompt column shows the first line; the whole prompt is the item's data.
constexpr int PromptColumn = 2;
constexpr int PromptRole = Qt::UserRole;

QString promptPreview(const QString &prompt)
{
    const QString first = prompt.section(u'\n', 0, 0).trimmed();
    return prompt.trimmed().contains(u'\n') ? first + u" …"_s : first;
}
} // namespace

ConversationsPage::ConversationsPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_maxTurns(new QSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_hideThinking(
          new QCheckBox(tr("&Hide the model's reasoning (<think> blocks) in DingTalk"), this))
    , m_allowedModels(new QLineEdit(this))
    , m_personas(new QTableWidget(0, 3, this))
    , m_addPersona(new QPushButton(tr("Add &persona"), this))
    , m_removePersona(new QPushButton(tr("Re&move persona"), this))
    , m_personaPrompt(new QPlainTextEdit(this))
    , m_personaMessage(new FieldMessage(m_personas, this))
    , m_robot(new QComboBox(this))
    , m_contextMode(new QComboBox(this))
    , m_mentionNames(new QLineEdit(this))
    , m_robotModels(new QLineEdit(this))
    , m_allowSenders(new QLineEdit(this))
    , m_allowConversations(new QLineEdit(this))
    , m_admins(new QLineEdit(this))
    , m_allowOutsiders(new QCheckBox(tr("Also answer people &outside the organisation"), this))
    , m_dailyMessages(new QSpinBox(this))
    , m_dailyTokens(new QSpinBox(this))
{
    m_maxTurns->setObjectName(u"maxTurns"_s);
    m_maxTurns->setRange(0, 1000);
    m_maxTurns->setSpecialValueText(tr("None: every question stands alone"));
    m_maxTokens->setObjectName(u"maxContextTokens"_s);
    m_maxTokens->setRange(0, 100000000);
    m_maxTokens->setSingleStep(1000);
    m_maxTokens->setSpecialValueText(tr("What the model's window allows"));
    m_maxTokens->setSuffix(tr(" tokens"));
    m_hideThinking->setObjectName(u"hideThinking"_s);
    m_allowedModels->setObjectName(u"allowedModels"_s);
    m_allowedModels->setPlaceholderText(tr("Empty: /model cannot switch"));
    m_personas->setObjectName(u"personas"_s);
    m_addPersona->setObjectName(u"addPersona"_s);
    m_removePersona->setObjectName(u"removePersona"_s);
    m_personas->setHorizontalHeaderLabels({tr("Name"), tr("Description"), tr("Prompt")});
    m_personas->verticalHeader()->setVisible(false);
    m_personas->horizontalHeader()->setStretchLastSection(true);
    m_personas->setTabKeyNavigation(false);
    m_personas->setAccessibleName(tr("Personas"));
    const int rowHeight = m_personas->fontMetrics().height() + 10;
    m_personas->setMinimumHeight(rowHeight * 3);
    m_personas->setMaximumHeight(rowHeight * 5);
    // One line a persona: the name and description are short, the prompt is shown below.
    m_personas->setWordWrap(false);
    m_personas->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_personas->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_personas->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_personas->setSelectionMode(QAbstractItemView::SingleSelection);
    m_personas->setToolTip(tr("Double-click a name or description to change it; the prompt is "
                              "edited below the table."));
    m_personaPrompt->setObjectName(u"personaPrompt"_s);
    m_personaPrompt->setTabChangesFocus(true);
    m_personaPrompt->setPlaceholderText(
        tr("What the model is told when a conversation chooses this persona; it may have "
           "several lines"));
    m_personaPrompt->setMinimumHeight(m_personaPrompt->fontMetrics().lineSpacing() * 4);
    m_personaPrompt->setMaximumHeight(m_personaPrompt->fontMetrics().lineSpacing() * 7);
    m_robot->setObjectName(u"accessRobot"_s);
    m_contextMode->setObjectName(u"contextMode"_s);
    m_contextMode->addItem(tr("Each sender has their own, also in groups"), int(ContextMode::User));
    m_contextMode->addItem(tr("A group shares one conversation"), int(ContextMode::Group));
    m_contextMode->addItem(tr("Off: every question stands alone"), int(ContextMode::Off));
    m_mentionNames->setObjectName(u"mentionNames"_s);
    m_mentionNames->setPlaceholderText(tr("The robot's names, cut from \"@name\" in groups"));
    m_robotModels->setObjectName(u"robotModels"_s);
    m_robotModels->setPlaceholderText(tr("Empty: the list above"));
    m_allowSenders->setObjectName(u"allowSenders"_s);
    m_allowSenders->setPlaceholderText(tr("staffIds; empty: everyone in the organisation"));
    m_allowConversations->setObjectName(u"allowConversations"_s);
    m_allowConversations->setPlaceholderText(tr("conversationIds; empty: every conversation"));
    m_admins->setObjectName(u"admins"_s);
    m_admins->setPlaceholderText(tr("staffIds: always allowed, no daily limits"));
    m_allowOutsiders->setObjectName(u"allowOutsiders"_s);
    m_dailyMessages->setObjectName(u"dailyMessages"_s);
    m_dailyMessages->setRange(0, 1000000);
    m_dailyMessages->setSpecialValueText(tr("No limit"));
    m_dailyMessages->setSuffix(tr(" questions"));
    m_dailyTokens->setObjectName(u"dailyTokens"_s);
    m_dailyTokens->setRange(0, 2000000000);
    m_dailyTokens->setSingleStep(10000);
    m_dailyTokens->setSpecialValueText(tr("No limit"));
    m_dailyTokens->setSuffix(tr(" tokens"));

    auto *layout = new QVBoxLayout(this);
    auto *contextBox = new QGroupBox(tr("Context"), this);
    QFormLayout *contextForm = Form::makeLayout(contextBox);
    Form::addRow(contextForm, tr("Earlier &turns sent along:"), m_maxTurns);
    Form::addRow(contextForm, tr("Token &budget:"), m_maxTokens);
    contextForm->addRow(m_hideThinking);
    Form::addRow(contextForm, tr("/model may &switch to:"), m_allowedModels);
    layout->addWidget(contextBox);

    auto *personaBox = new QGroupBox(tr("Personas for /persona"), this);
    auto *personaLayout = new QVBoxLayout(personaBox);
    auto *personaRow = new QHBoxLayout;
    personaRow->addWidget(m_personas, 1);
    auto *personaButtons = new QVBoxLayout;
    personaButtons->addWidget(m_addPersona);
    personaButtons->addWidget(m_removePersona);
    personaButtons->addStretch(1);
    personaRow->addLayout(personaButtons);
    personaLayout->addLayout(personaRow);
    personaLayout->addWidget(m_personaMessage);
    auto *promptHost = new QWidget(personaBox);
    QFormLayout *promptForm = Form::makeLayout(promptHost);
    promptForm->setContentsMargins(0, 0, 0, 0);
    Form::addRow(promptForm, tr("S&elected persona's prompt:"), m_personaPrompt);
    personaLayout->addWidget(promptHost);
    layout->addWidget(personaBox);

    auto *robotBox = new QGroupBox(tr("Who may talk to a robot, and how much"), this);
    QFormLayout *robotForm = Form::makeLayout(robotBox);
    Form::addRow(robotForm, tr("&Robot:"), m_robot);
    Form::addRow(robotForm, tr("Conte&xt:"), m_contextMode);
    Form::addRow(robotForm, tr("&Names in groups:"), m_mentionNames);
    Form::addRow(robotForm, tr("&Allowed senders:"), m_allowSenders);
    Form::addRow(robotForm, tr("Allowed &conversations:"), m_allowConversations);
    Form::addRow(robotForm, tr("A&dmins:"), m_admins);
    robotForm->addRow(m_allowOutsiders);
    Form::addRow(robotForm, tr("&Questions a day per person:"), m_dailyMessages);
    Form::addRow(robotForm, tr("To&kens a day per person:"), m_dailyTokens);
    Form::addRow(robotForm, tr("Its mode&ls for /model:"), m_robotModels);
    layout->addWidget(robotBox);
    layout->addStretch(1);

    Form::chainTabOrder({this, m_maxTurns, m_maxTokens, m_hideThinking, m_allowedModels, m_personas,
                         m_addPersona, m_removePersona, m_personaPrompt, m_robot, m_contextMode,
                         m_mentionNames, m_allowSenders, m_allowConversations, m_admins,
                         m_allowOutsiders, m_dailyMessages, m_dailyTokens, m_robotModels});

    for (QSpinBox *spin : {m_maxTurns, m_maxTokens})
        connect(spin, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_hideThinking, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_allowedModels, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_personas, &QTableWidget::itemChanged, this, &SettingsPage::changed);
    connect(m_personas, &QTableWidget::currentCellChanged, this,
            &ConversationsPage::showPersonaPrompt);
    connect(m_personas, &QTableWidget::cellDoubleClicked, this, [this](int, int column) {
        if (column == PromptColumn)
            m_personaPrompt->setFocus();
    });
    connect(m_personaPrompt, &QPlainTextEdit::textChanged, this,
            &ConversationsPage::readPersonaPrompt);
    connect(m_addPersona, &QPushButton::clicked, this, &ConversationsPage::addPersona);
    connect(m_removePersona, &QPushButton::clicked, this, [this] {
        const int row = m_personas->currentRow();
        if (row >= 0) {
            m_personas->removeRow(row);
            showPersonaPrompt();
            emit changed();
        }
    });
    connect(m_robot, &QComboBox::currentIndexChanged, this, &ConversationsPage::showRobot);
    for (QLineEdit *edit :
         {m_mentionNames, m_robotModels, m_allowSenders, m_allowConversations, m_admins})
        connect(edit, &QLineEdit::textEdited, this, &ConversationsPage::readRobot);
    connect(m_contextMode, &QComboBox::currentIndexChanged, this, &ConversationsPage::readRobot);
    connect(m_allowOutsiders, &QCheckBox::toggled, this, &ConversationsPage::readRobot);
    for (QSpinBox *spin : {m_dailyMessages, m_dailyTokens})
        connect(spin, &QSpinBox::valueChanged, this, &ConversationsPage::readRobot);
    // The robots come from the Robots section, which may add, rename or remove some.
    connect(&context, &SettingsContext::edited, this, &ConversationsPage::refreshRobots);
    connect(&context, &SettingsContext::robotRemoved, this, &ConversationsPage::robotRemoved);
}

ConversationsPage::Access ConversationsPage::accessOf(const RobotSettings &r)
{
    return {r.context, r.mentionNames,   r.models,        r.allowSenders, r.allowConversations,
            r.admins,  r.allowOutsiders, r.dailyMessages, r.dailyTokens};
}

void ConversationsPage::load(const AppConfig &config)
{
    m_loading = true;
    m_maxTurns->setValue(config.conversation.maxTurns);
    m_maxTokens->setValue(config.conversation.maxContextTokens);
    m_hideThinking->setChecked(config.model.hideThinking);
    m_allowedModels->setText(joinList(config.model.allowedModels));
    {
        const QSignalBlocker block(m_personas);
        m_personas->setRowCount(0);
        for (const PersonaSettings &persona : config.personas) {
            m_personas->insertRow(m_personas->rowCount());
            setPersonaRow(m_personas->rowCount() - 1, persona);
        }
        m_personas->setCurrentCell(config.personas.isEmpty() ? -1 : 0, 0);
    }
    m_access.clear();
    for (const RobotSettings &robot : config.robots)
        m_access << accessOf(robot);
    m_shown = -1;
    {
        const QSignalBlocker block(m_robot);
        m_robot->clear();
    }
    m_loading = false;
    showPersonaPrompt();
    refreshRobots();
    showRobot(); // also when there is no robot: the fields are empty and disabled
}

void ConversationsPage::setPersonaRow(int row, const PersonaSettings &persona)
{
    m_personas->setItem(row, 0, new QTableWidgetItem(persona.name));
    m_personas->setItem(row, 1, new QTableWidgetItem(persona.description));
    auto *prompt = new QTableWidgetItem(promptPreview(persona.prompt));
    prompt->setData(PromptRole, persona.prompt);
    prompt->setToolTip(persona.prompt);
    prompt->setFlags(prompt->flags() & ~Qt::ItemIsEditable);
    m_personas->setItem(row, PromptColumn, prompt);
}

void ConversationsPage::showPersonaPrompt()
{
    const int row = m_personas->currentRow();
    const QTableWidgetItem *item = row >= 0 ? m_personas->item(row, PromptColumn) : nullptr;
    const bool wasLoading = std::exchange(m_loading, true);
    m_personaPrompt->setEnabled(item != nullptr);
    m_personaPrompt->setPlainText(item ? item->data(PromptRole).toString() : QString());
    m_loading = wasLoading;
}

void ConversationsPage::readPersonaPrompt()
{
    const int row = m_personas->currentRow();
    QTableWidgetItem *item = row >= 0 ? m_personas->item(row, PromptColumn) : nullptr;
    if (m_loading || !item)
        return;
    const QString prompt = m_personaPrompt->toPlainText();
    item->setData(PromptRole, prompt);
    item->setToolTip(prompt);
    item->setText(promptPreview(prompt)); // itemChanged: the dialog learns of the edit
}

void ConversationsPage::refreshRobots()
{
    const QList<RobotSettings> robots = m_context.current().robots;
    // A robot added in the Robots section starts from its own (default) settings.
    while (m_access.size() < robots.size())
        m_access << accessOf(robots.at(m_access.size()));
    m_access.resize(robots.size());
    QStringList ids;
    for (const RobotSettings &robot : robots)
        ids << robot.id;
    QStringList shown;
    for (int i = 0; i < m_robot->count(); ++i)
        shown << m_robot->itemText(i);
    if (ids == shown)
        return;
    // The same position shows the same robot, under its new name if it was renamed.
    const int keep = m_shown;
    {
        const QSignalBlocker block(m_robot);
        m_robot->clear();
        m_robot->addItems(ids);
        m_robot->setCurrentIndex(keep >= 0 && keep < ids.size() ? keep : 0);
    }
    showRobot();
}

void ConversationsPage::robotRemoved(int index)
{
    if (index < 0 || index >= m_access.size())
        return;
    m_access.removeAt(index);
    {
        const QSignalBlocker block(m_robot);
        if (index < m_robot->count())
            m_robot->removeItem(index);
    }
    showRobot();
}

void ConversationsPage::showRobot()
{
    m_loading = true;
    m_shown = m_robot->currentIndex();
    const bool valid = m_shown >= 0 && m_shown < m_access.size();
    if (!valid)
        m_shown = -1;
    const Access a = valid ? m_access.at(m_shown) : Access();
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_contextMode, m_mentionNames, m_robotModels, m_allowSenders, m_allowConversations,
             m_admins, m_allowOutsiders, m_dailyMessages, m_dailyTokens})
        w->setEnabled(valid);
    m_contextMode->setCurrentIndex(std::max(0, m_contextMode->findData(int(a.context))));
    m_mentionNames->setText(joinList(a.mentionNames));
    m_robotModels->setText(joinList(a.models));
    m_allowSenders->setText(joinList(a.allowSenders));
    m_allowConversations->setText(joinList(a.allowConversations));
    m_admins->setText(joinList(a.admins));
    m_allowOutsiders->setChecked(a.allowOutsiders);
    m_dailyMessages->setValue(a.dailyMessages);
    m_dailyTokens->setValue(a.dailyTokens);
    m_loading = false;
}

void ConversationsPage::readRobot()
{
    if (m_loading || m_shown < 0 || m_shown >= m_access.size())
        return;
    Access &a = m_access[m_shown];
    a.context = ContextMode(m_contextMode->currentData().toInt());
    a.mentionNames = splitList(m_mentionNames->text());
    a.models = splitList(m_robotModels->text());
    a.allowSenders = splitList(m_allowSenders->text());
    a.allowConversations = splitList(m_allowConversations->text());
    a.admins = splitList(m_admins->text());
    a.allowOutsiders = m_allowOutsiders->isChecked();
    a.dailyMessages = m_dailyMessages->value();
    a.dailyTokens = m_dailyTokens->value();
    emit changed();
}

void ConversationsPage::addPersona()
{
    const int row = m_personas->rowCount();
    m_personas->insertRow(row);
    {
        const QSignalBlocker block(m_personas);
        setPersonaRow(row, {tr("persona%1").arg(row + 1), QString(), QString()});
    }
    m_personas->setCurrentCell(row, 0);
    showPersonaPrompt();
    m_personaPrompt->setFocus(); // the name has a default; the prompt does not
    emit changed();
}

QList<PersonaSettings> ConversationsPage::personas() const
{
    QList<PersonaSettings> out;
    for (int row = 0; row < m_personas->rowCount(); ++row) {
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_personas->item(row, column);
            if (!item)
                return QString();
            return (column == PromptColumn ? item->data(PromptRole).toString() : item->text())
                .trimmed();
        };
        out << PersonaSettings{text(0), text(PromptColumn), text(1)};
    }
    return out;
}

void ConversationsPage::store(AppConfig &config) const
{
    config.conversation.maxTurns = m_maxTurns->value();
    config.conversation.maxContextTokens = m_maxTokens->value();
    config.model.hideThinking = m_hideThinking->isChecked();
    config.model.allowedModels = splitList(m_allowedModels->text());
    config.personas = personas();
    // config.robots as the Robots section lists them; one added since keeps its defaults.
    for (qsizetype i = 0; i < std::min(config.robots.size(), m_access.size()); ++i) {
        RobotSettings &robot = config.robots[i];
        const Access &a = m_access.at(i);
        robot.context = a.context;
        robot.mentionNames = a.mentionNames;
        robot.models = a.models;
        robot.allowSenders = a.allowSenders;
        robot.allowConversations = a.allowConversations;
        robot.admins = a.admins;
        robot.allowOutsiders = a.allowOutsiders;
        robot.dailyMessages = a.dailyMessages;
        robot.dailyTokens = a.dailyTokens;
    }
}

bool ConversationsPage::validate()
{
    QStringList problems;
    QStringList seen;
    for (const PersonaSettings &p : personas()) {
        if (p.name.isEmpty())
            problems << tr("A persona needs a name: the word /persona is typed with.");
        else if (p.name.toUcs4().size() > PersonaSettings::MaxNameLength)
            problems << tr("\"%1\" is too long: a persona's name has at most %2 characters.")
                            .arg(p.name, QString::number(PersonaSettings::MaxNameLength));
        else if (!PersonaSettings::isValidName(p.name))
            problems << tr("\"%1\": a persona's name is one word of letters (Chinese too), "
                           "digits, '-' or '_'.")
                            .arg(p.name);
        else if (seen.contains(p.name.toLower()))
            problems << tr("\"%1\" is there twice.").arg(p.name);
        else if (p.prompt.isEmpty())
            problems << tr("\"%1\" needs a prompt: what the model is told.").arg(p.name);
        seen << p.name.toLower();
    }
    m_personaMessage->setError(problems.join(u'\n'));
    return problems.isEmpty();
}
