#include "settings/RobotsPage.h"

#include "settings/Form.h"
#include "settings/RobotEditor.h"
#include "settings/SecretDrafts.h"
#include "settings/SettingsContext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QStringList allSecretKeys(const RobotSettings &robot)
{
    return {robot.appSecretKey(), robot.clientSecretKey(), robot.webhookTokenKey(),
            robot.webhookSecretKey()};
}

QList<RobotSettings> othersThan(const QList<RobotSettings> &robots, int index)
{
    QList<RobotSettings> others = robots;
    others.removeAt(index);
    return others;
}
} // namespace

RobotsPage::RobotsPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_table(new QTableWidget(0, 3, this))
    , m_add(new QPushButton(tr("A&dd robot"), this))
    , m_remove(new QPushButton(tr("Remo&ve"), this))
    , m_editor(new RobotEditor(context, this))
    , m_notify(new QComboBox(this))
{
    m_table->setObjectName(u"robotTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Robot"), tr("Connection"), tr("Answers through")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Robots"));
    const int rowHeight = m_table->fontMetrics().height() + 10;
    m_table->setMinimumHeight(rowHeight * 4);
    m_table->setMaximumHeight(rowHeight * 7);
    m_add->setObjectName(u"addRobot"_s);
    m_remove->setObjectName(u"removeRobot"_s);
    m_notify->setObjectName(u"notifyRobot"_s);

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_table, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    top->addLayout(buttons);
    layout->addLayout(top);
    layout->addWidget(Form::heading(tr("The selected robot"), this));
    layout->addWidget(m_editor);
    auto *notifyHost = new QWidget(this);
    QFormLayout *notifyForm = Form::makeLayout(notifyHost);
    notifyForm->setContentsMargins(0, 0, 0, 0);
    Form::addRow(notifyForm, tr("&Failed deliveries go to:"), m_notify);
    notifyForm->addRow(Form::hint(tr("A robot with a custom webhook can tell its group when an "
                                     "answer could not be delivered."),
                                  notifyHost));
    layout->addWidget(notifyHost);
    layout->addStretch(1);

    connect(m_add, &QPushButton::clicked, this, &RobotsPage::addRobot);
    connect(m_remove, &QPushButton::clicked, this, &RobotsPage::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RobotsPage::selectionChanged);
    connect(m_editor, &RobotEditor::edited, this, &RobotsPage::editorChanged);
    connect(m_notify, &QComboBox::activated, this, [this] {
        m_notifyRobot = m_notify->currentData().toString();
        emit changed();
    });
}

void RobotsPage::load(const AppConfig &config)
{
    m_robots = config.robots;
    m_new.clear();
    m_removedIds.clear();
    m_notifyRobot = config.dingtalk.notifyRobot;
    m_table->setRowCount(int(m_robots.size()));
    for (int row = 0; row < m_robots.size(); ++row)
        showRow(row);
    refreshNotifyChoices();
    if (!m_robots.isEmpty())
        m_table->selectRow(0);
    else
        selectionChanged();
}

void RobotsPage::store(AppConfig &config) const
{
    config.robots = m_robots;
    config.dingtalk.notifyRobot = m_notifyRobot;
}

QStringList RobotsPage::secretKeys(const AppConfig &config) const
{
    QStringList keys;
    for (const RobotSettings &robot : config.robots)
        keys << allSecretKeys(robot);
    return keys;
}

void RobotsPage::saved()
{
    m_new.clear();
    m_removedIds.clear();
    const int row = selectedRow();
    if (row >= 0)
        m_editor->setRobot(m_robots.at(row), false);
}

QStringList RobotsPage::removedSecretKeys() const
{
    QStringList keys;
    for (const QString &id : m_removedIds) {
        RobotSettings robot;
        robot.id = id;
        keys << allSecretKeys(robot);
    }
    return keys;
}

int RobotsPage::selectedRow() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void RobotsPage::showRow(int row)
{
    const RobotSettings &robot = m_robots.at(row);
    const auto set = [this, row](int column, const QString &text) {
        auto *item = m_table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, column, item);
        }
        item->setText(text);
        return item;
    };
    QTableWidgetItem *name = set(0, robot.id.isEmpty() ? tr("(unnamed)") : robot.id);
    set(1, robot.mode == RobotMode::Stream ? tr("Stream") : tr("HTTP callbacks"));
    QString route = robot.replyRoute == ReplyRoute::OpenApi   ? tr("OpenAPI")
                    : robot.replyRoute == ReplyRoute::Webhook ? tr("Custom webhook")
                                                              : tr("Session webhook");
    if (robot.hasWebhook && robot.replyRoute != ReplyRoute::Webhook)
        route += tr(", custom webhook");
    set(2, route);
    const auto problems =
        RobotEditor::problems(robot, othersThan(m_robots, row), m_context.secrets());
    name->setIcon(problems.isEmpty() ? QIcon()
                                     : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    name->setToolTip(problems.isEmpty() ? QString() : problems.first());
}

void RobotsPage::selectionChanged()
{
    const int row = selectedRow();
    m_remove->setEnabled(row >= 0);
    if (row < 0) {
        m_editor->setEnabled(false);
        return;
    }
    const RobotSettings &robot = m_robots.at(row);
    m_editor->setRobot(robot, m_new.contains(robot.id));
    m_editor->validate(othersThan(m_robots, row));
}

void RobotsPage::editorChanged(const QString &oldId)
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const RobotSettings robot = m_editor->robot();
    if (m_new.remove(oldId))
        m_new.insert(robot.id);
    if (m_notifyRobot == oldId && oldId != robot.id)
        m_notifyRobot = robot.id;
    m_robots[row] = robot;
    showRow(row);
    refreshNotifyChoices();
    emit changed();
}

QString RobotsPage::addRobot()
{
    QString id = u"robot"_s;
    for (int n = 2; std::any_of(m_robots.cbegin(), m_robots.cend(),
                                [&](const RobotSettings &r) { return r.id == id; });
         ++n)
        id = u"robot-%1"_s.arg(n);
    RobotSettings robot;
    robot.id = id;
    robot.callbackPath = u"/dingtalk/"_s + id;
    m_robots << robot;
    m_new.insert(id);
    m_context.secrets().probe(allSecretKeys(robot));
    m_table->setRowCount(int(m_robots.size()));
    showRow(int(m_robots.size()) - 1);
    m_table->selectRow(int(m_robots.size()) - 1);
    m_editor->setFocus();
    emit changed();
    return id;
}

void RobotsPage::select(const QString &id)
{
    for (int row = 0; row < m_robots.size(); ++row) {
        if (m_robots.at(row).id == id)
            m_table->selectRow(row);
    }
}

void RobotsPage::removeSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const RobotSettings robot = m_robots.takeAt(row);
    emit m_context.robotRemoved(row);
    if (m_new.remove(robot.id))
        m_context.secrets().discardPrefix(u"robot/"_s + robot.id + u'/');
    else
        m_removedIds << robot.id;
    if (m_notifyRobot == robot.id)
        m_notifyRobot.clear();
    {
        // The table moves its selection while the row goes, to a row m_robots no longer has
        // (the robot after it): the editor is told once the table matches m_robots again.
        const QSignalBlocker block(m_table);
        m_table->removeRow(row);
        if (!m_robots.isEmpty())
            m_table->selectRow(std::min(row, int(m_robots.size()) - 1));
    }
    selectionChanged();
    refreshNotifyChoices();
    emit changed();
}

void RobotsPage::refreshNotifyChoices()
{
    const QSignalBlocker block(m_notify);
    m_notify->clear();
    m_notify->addItem(tr("Nobody (only the log and a desktop notice)"), QString());
    for (const RobotSettings &robot : std::as_const(m_robots)) {
        if (robot.hasWebhook && !robot.id.isEmpty())
            m_notify->addItem(tr("The group of robot \"%1\"").arg(robot.id), robot.id);
    }
    m_notify->setCurrentIndex(std::max(0, m_notify->findData(m_notifyRobot)));
    if (m_notify->currentData().toString() != m_notifyRobot && !m_notifyRobot.isEmpty())
        m_notifyRobot.clear(); // its robot lost the webhook
}

bool RobotsPage::validate()
{
    bool ok = true;
    for (int row = 0; row < m_robots.size(); ++row) {
        showRow(row);
        ok = RobotEditor::problems(m_robots.at(row), othersThan(m_robots, row), m_context.secrets())
                 .isEmpty() &&
             ok;
    }
    const int row = selectedRow();
    if (row >= 0)
        m_editor->validate(othersThan(m_robots, row));
    return ok;
}
