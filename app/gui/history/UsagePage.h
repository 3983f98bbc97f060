// UsagePage: the Usage tab: questions and tokens per day per robot or user, and the totals.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;
class UsageChart;
class UsageLoader;
struct UsagePoint;

class UsagePage final : public QWidget
{
    Q_OBJECT
public:
    explicit UsagePage(const QString &databaseFile, QWidget *parent = nullptr);

    void reload();
    bool isLoading() const;
    UsageChart *chart() const { return m_chart; }
    QTreeWidget *totals() const { return m_totals; }

signals:
    void reloaded();

private:
    void show(const QList<UsagePoint> &points);

    UsageLoader *m_loader;
    QComboBox *m_metric;
    QComboBox *m_by;
    QComboBox *m_period;
    QLabel *m_status;
    UsageChart *m_chart;
    QTreeWidget *m_totals;
    qint64 m_firstDay = 0;
    qint64 m_lastDay = 0;
};
