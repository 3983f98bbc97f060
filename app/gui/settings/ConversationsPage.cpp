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
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

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
    m_personas->setHorizontalHeaderLabels({tr("Name"), tr("Description"), tr("Prompt")});
    m_personas->verticalHeader()->setVisible(false);
    m_personas->horizontalHeader()->setStretchLastSection(true);
    m_personas->setTabKeyNavigation(false);
    m_personas->setAccessibleName(tr("Personas"));
    const int rowHeight = m_personas->fontMetrics().height() + 10;
    m_personas->setMinimumHeight(rowHeight * 3);
    m_personas->setMaximumHeight(rowHeight * 6);
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
                         m_addPersona, m_removePersona, m_robot, m_contextMode, m_mentionNames,
                         m_allowSenders, m_allowConversations, m_admins, m_allowOutsiders,
                         m_dailyMessages, m_dailyTokens, m_robotModels});

    for (QSpinBox *spin : {m_maxTurns, m_maxTokens})
        connect(spin, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_hideThinking, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_allowedModels, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_personas, &QTableWidget::itemChanged, this, &SettingsPage::changed);
    connect(m_addPersona, &QPushButton::clicked, this, &ConversationsPage::addPersona);
    connect(m_removePersona, &QPushButton::clicked, this, [this] {
        const int row = m_personas->currentRow();
        if (row >= 0) {
            m_personas->removeRow(row);
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
    // The robots come from the Robots section, which may add or remove some.
    connect(&context, &SettingsContext::edited, this, &ConversationsPage::refreshRobots);
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
    m_personas->setRowCount(0);
    for (const PersonaSettings &persona : config.personas) {
        const int row = m_personas->rowCount();
        m_personas->insertRow(row);
        m_personas->setItem(row, 0, new QTableWidgetItem(persona.name));
        m_personas->setItem(row, 1, new QTableWidgetItem(persona.description));
        m_personas->setItem(row, 2, new QTableWidgetItem(persona.prompt));
    }
    m_access.clear();
    for (const RobotSettings &robot : config.robots)
        m_access.insert(robot.id, accessOf(robot));
    m_shown.clear();
    m_loading = false;
    refreshRobots();
}

void ConversationsPage::refreshRobots()
{
    QStringList ids;
    for (const RobotSettings &robot : m_context.current().robots)
        ids << robot.id;
    QStringList shown;
    for (int i = 0; i < m_robot->count(); ++i)
        shown << m_robot->itemText(i);
    if (ids == shown)
        return;
    const QString keep = m_shown;
    {
        const QSignalBlocker block(m_robot);
        m_robot->clear();
        m_robot->addItems(ids);
        m_robot->setCurrentIndex(std::max(0, int(ids.indexOf(keep))));
    }
    showRobot();
}

void ConversationsPage::showRobot()
{
    m_loading = true;
    m_shown = m_robot->currentText();
    const Access a = m_access.value(m_shown);
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_contextMode, m_mentionNames, m_robotModels, m_allowSenders, m_allowConversations,
             m_admins, m_allowOutsiders, m_dailyMessages, m_dailyTokens})
        w->setEnabled(!m_shown.isEmpty());
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
    if (m_loading || m_shown.isEmpty())
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
    m_personas->setItem(row, 0, new QTableWidgetItem(tr("persona%1").arg(row + 1)));
    m_personas->setItem(row, 1, new QTableWidgetItem);
    m_personas->setItem(row, 2, new QTableWidgetItem);
    m_personas->setCurrentCell(row, 2);
    m_personas->editItem(m_personas->item(row, 2));
    emit changed();
}

QList<PersonaSettings> ConversationsPage::personas() const
{
    QList<PersonaSettings> out;
    for (int row = 0; row < m_personas->rowCount(); ++row) {
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_personas->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        out << PersonaSettings{text(0), text(2), text(1)};
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
    for (RobotSettings &robot : config.robots) {
        const auto it = m_access.constFind(robot.id);
        if (it == m_access.cend())
            continue; // a robot added since: its defaults
        robot.context = it->context;
        robot.mentionNames = it->mentionNames;
        robot.models = it->models;
        robot.allowSenders = it->allowSenders;
        robot.allowConversations = it->allowConversations;
        robot.admins = it->admins;
        robot.allowOutsiders = it->allowOutsiders;
        robot.dailyMessages = it->dailyMessages;
        robot.dailyTokens = it->dailyTokens;
    }
}

bool ConversationsPage::validate()
{
    static const QRegularExpression validName(u"^[A-Za-z0-9_-]{1,64}$"_s);
    QStringList problems;
    QStringList seen;
    for (const PersonaSettings &p : personas()) {
        if (!validName.match(p.name).hasMatch())
            problems << tr("\"%1\": a persona's name is one word of letters, digits, '-' or '_'.")
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
