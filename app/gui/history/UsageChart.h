// UsageChart: stacked bars per day, one colour per robot or user, drawn with QPainter.
#pragma once

#include "history/Usage.h"

#include <QWidget>

class UsageChart final : public QWidget
{
    Q_OBJECT
public:
    enum class Metric { Questions, Tokens };

    explicit UsageChart(QWidget *parent = nullptr);

    // firstDay..lastDay (days since 1970 in local time) are drawn, with or without data.
    void setData(const QList<UsagePoint> &points, qint64 firstDay, qint64 lastDay);
    void setMetric(Metric metric);
    // The series drawn, largest first ("Others" last when there are more than fit).
    QStringList seriesLabels() const;
    qint64 total() const;

    QSize sizeHint() const override { return {720, 320}; }
    QSize minimumSizeHint() const override { return {360, 200}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    struct Series
    {
        QString key;
        QString label;
        qint64 total = 0;
    };
    qint64 value(const UsagePoint &point) const;
    void rebuild();
    QRectF plotRect() const;
    int dayAt(QPointF position) const;

    QList<UsagePoint> m_points;
    qint64 m_firstDay = 0;
    qint64 m_lastDay = -1;
    Metric m_metric = Metric::Questions;
    QList<Series> m_series;
    // Per day, the value of each series in m_series order.
    QList<QList<qint64>> m_stacks;
    qint64 m_max = 0;
};
