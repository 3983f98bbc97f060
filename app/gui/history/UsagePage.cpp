#include "history/UsagePage.h"

#include "history/Usage.h"
#include "history/UsageChart.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

UsagePage::UsagePage(const QString &databaseFile, QWidget *parent)
    : QWidget(parent)
    , m_loader(new UsageLoader(databaseFile, this))
    , m_metric(new QComboBox(this))
    , m_by(new QComboBox(this))
    , m_period(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_chart(new UsageChart(this))
    , m_totals(new QTreeWidget(this))
{
    m_metric->addItem(tr("Questions"));
    m_metric->addItem(tr("Tokens"));
    m_by->addItem(tr("per robot"), int(UsageRequest::By::Robot));
    m_by->addItem(tr("per user"), int(UsageRequest::By::User));
    m_by->addItem(tr("in total"), int(UsageRequest::By::Total));
    for (const int days : {7, 30, 90, 365})
        m_period->addItem(tr("last %n day(s)", nullptr, days), days);
    m_period->setCurrentIndex(1);
    auto *refresh = new QPushButton(tr("Refresh"), this);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_metric);
    controls->addWidget(m_by);
    controls->addWidget(m_period);
    controls->addWidget(refresh);
    controls->addStretch();
    controls->addWidget(m_status);

    m_totals->setRootIsDecorated(false);
    m_totals->setSortingEnabled(true);
    m_totals->setHeaderLabels({tr("Robot or user"), tr("Questions"), tr("Answers"), tr("Errors"),
                               tr("Prompt tokens"), tr("Answer tokens"), tr("Tokens")});
    m_totals->header()->setStretchLastSection(false);
    m_totals->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_totals->setMaximumHeight(200);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_totals);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_chart->setMetric(index == 0 ? UsageChart::Metric::Questions : UsageChart::Metric::Tokens);
    });
    connect(m_by, &QComboBox::currentIndexChanged, this, &UsagePage::reload);
    connect(m_period, &QComboBox::currentIndexChanged, this, &UsagePage::reload);
    connect(refresh, &QPushButton::clicked, this, &UsagePage::reload);
    connect(m_loader, &UsageLoader::loaded, this, &UsagePage::show);
    connect(m_loader, &UsageLoader::failed, this, [this](const QString &error) {
        m_status->setText(tr("Could not read the usage: %1").arg(error));
        emit reloaded();
    });
}

bool UsagePage::isLoading() const
{
    return m_loader->isLoading();
}

void UsagePage::reload()
{
    UsageRequest request;
    request.by = UsageRequest::By(m_by->currentData().toInt());
    request.utcOffsetSeconds = Usage::localUtcOffsetSeconds();
    const int days = m_period->currentData().toInt();
    const QDate today = QDate::currentDate();
    const QDate first = today.addDays(1 - days);
    request.fromMs = first.startOfDay().toMSecsSinceEpoch();
    request.toMs = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    const QDate epoch(1970, 1, 1);
    m_firstDay = epoch.daysTo(first);
    m_lastDay = epoch.daysTo(today);
    m_status->setText(tr("Counting…"));
    m_loader->load(request);
}

void UsagePage::show(const QList<UsagePoint> &points)
{
    m_chart->setData(points, m_firstDay, m_lastDay);
    struct Total
    {
        QString label;
        qint64 questions = 0, answers = 0, errors = 0, prompt = 0, completion = 0;
    };
    QHash<QString, Total> totals;
    for (const UsagePoint &p : points) {
        Total &t = totals[p.key];
        t.label = p.label.isEmpty() ? tr("All") : p.label;
        t.questions += p.questions;
        t.answers += p.answers;
        t.errors += p.errors;
        t.prompt += p.promptTokens;
        t.completion += p.completionTokens;
    }
    m_totals->setSortingEnabled(false);
    m_totals->clear();
    const QLocale locale;
    for (const Total &t : std::as_const(totals)) {
        auto *item = new QTreeWidgetItem(m_totals);
        item->setText(0, t.label);
        const qint64 values[] = {t.questions, t.answers,    t.errors,
                                 t.prompt,    t.completion, t.prompt + t.completion};
        for (int c = 0; c < 6; ++c) {
            item->setData(c + 1, Qt::DisplayRole, values[c]);
            item->setTextAlignment(c + 1, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    m_totals->setSortingEnabled(true);
    m_totals->sortByColumn(m_metric->currentIndex() == 0 ? 1 : 6, Qt::DescendingOrder);
    m_status->setText(tr("%n robot(s) or user(s)", nullptr, int(totals.size())));
    emit reloaded();
}
