#include "history/UsageChart.h"

#include <QDate>
#include <QHash>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxSeries = 6; // more colours stop being told apart; the rest are "Others"
const QColor Palette[] = {QColor(0x3b, 0x82, 0xf6), QColor(0xf5, 0x9e, 0x0b),
                          QColor(0x10, 0xb9, 0x81), QColor(0xef, 0x44, 0x44),
                          QColor(0x8b, 0x5c, 0xf6), QColor(0x06, 0xb6, 0xd4),
                          QColor(0x9c, 0xa3, 0xaf)};

QDate dateOf(qint64 day)
{
    return QDate(1970, 1, 1).addDays(day);
}

QString compact(qint64 n)
{
    if (n >= 10'000'000)
        return u"%1M"_s.arg(double(n) / 1e6, 0, 'f', 0);
    if (n >= 1'000'000)
        return u"%1M"_s.arg(double(n) / 1e6, 0, 'f', 1);
    if (n >= 10'000)
        return u"%1k"_s.arg(double(n) / 1e3, 0, 'f', 0);
    if (n >= 1'000)
        return u"%1k"_s.arg(double(n) / 1e3, 0, 'f', 1);
    return QString::number(n);
}

// A round step for about `lines` grid lines up to max.
qint64 niceStep(qint64 max, int lines)
{
    const double raw = std::max(1.0, double(max) / lines);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw)
            return std::max<qint64>(1, qint64(m * magnitude));
    }
    return qint64(10 * magnitude);
}
} // namespace

UsageChart::UsageChart(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void UsageChart::setData(const QList<UsagePoint> &points, qint64 firstDay, qint64 lastDay)
{
    m_points = points;
    m_firstDay = firstDay;
    m_lastDay = lastDay;
    rebuild();
}

void UsageChart::setMetric(Metric metric)
{
    m_metric = metric;
    rebuild();
}

qint64 UsageChart::value(const UsagePoint &point) const
{
    return m_metric == Metric::Questions ? point.questions : point.tokens();
}

void UsageChart::rebuild()
{
    QHash<QString, Series> byKey;
    for (const UsagePoint &p : std::as_const(m_points)) {
        Series &s = byKey[p.key];
        s.key = p.key;
        s.label = p.label.isEmpty() ? (p.key.isEmpty() ? tr("All") : p.key) : p.label;
        s.total += value(p);
    }
    QList<Series> all = byKey.values();
    std::sort(all.begin(), all.end(), [](const Series &a, const Series &b) {
        return a.total != b.total ? a.total > b.total : a.label < b.label;
    });
    m_series = all.mid(0, MaxSeries);
    if (all.size() > MaxSeries) {
        Series others{u"\x01others"_s, tr("Others (%1)").arg(all.size() - MaxSeries), 0};
        for (qsizetype i = MaxSeries; i < all.size(); ++i)
            others.total += all.at(i).total;
        m_series << others;
    }
    QHash<QString, int> slot;
    for (int i = 0; i < m_series.size(); ++i)
        slot.insert(m_series.at(i).key, i);
    const qint64 days = std::max<qint64>(0, m_lastDay - m_firstDay + 1);
    m_stacks = QList<QList<qint64>>(days, QList<qint64>(m_series.size(), 0));
    for (const UsagePoint &p : std::as_const(m_points)) {
        const qint64 d = p.day - m_firstDay;
        if (d < 0 || d >= days)
            continue;
        const int s = slot.value(p.key, int(m_series.size()) - 1);
        m_stacks[d][s] += value(p);
    }
    m_max = 0;
    for (const auto &stack : std::as_const(m_stacks)) {
        qint64 sum = 0;
        for (const qint64 v : stack)
            sum += v;
        m_max = std::max(m_max, sum);
    }
    update();
}

QStringList UsageChart::seriesLabels() const
{
    QStringList labels;
    for (const Series &s : m_series)
        labels << s.label;
    return labels;
}

qint64 UsageChart::total() const
{
    qint64 sum = 0;
    for (const Series &s : m_series)
        sum += s.total;
    return sum;
}

QRectF UsageChart::plotRect() const
{
    const int line = fontMetrics().height();
    const int legendRows = int((m_series.size() + 2) / 3);
    return QRectF(56, 12 + legendRows * (line + 6) + 8, width() - 56 - 16,
                  height() - (12 + legendRows * (line + 6) + 8) - line - 16);
}

int UsageChart::dayAt(QPointF position) const
{
    const QRectF plot = plotRect();
    if (m_stacks.isEmpty() || !plot.contains(position))
        return -1;
    const double slot = plot.width() / double(m_stacks.size());
    return std::clamp(int((position.x() - plot.left()) / slot), 0, int(m_stacks.size()) - 1);
}

void UsageChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    QColor faint = text;
    faint.setAlphaF(0.12f);
    QColor dim = text;
    dim.setAlphaF(0.6f);
    const int line = fontMetrics().height();

    // Legend: three columns, each series with its share of the period.
    const QLocale locale;
    const qint64 sum = std::max<qint64>(1, total());
    const double column = (width() - 72) / 3.0;
    for (int i = 0; i < m_series.size(); ++i) {
        const Series &s = m_series.at(i);
        const QPointF at(56 + (i % 3) * column, 12 + (i / 3) * (line + 6));
        p.setPen(Qt::NoPen);
        p.setBrush(Palette[std::min(i, int(std::size(Palette)) - 1)]);
        p.drawRoundedRect(QRectF(at.x(), at.y() + 2, line - 4, line - 4), 2, 2);
        p.setPen(text);
        const QString label = u"%1  %2 (%3%)"_s.arg(s.label, compact(s.total))
                                  .arg(qRound(100.0 * double(s.total) / double(sum)));
        p.drawText(QRectF(at.x() + line, at.y(), column - line - 8, line),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(label, Qt::ElideMiddle, int(column - line - 8)));
    }

    const QRectF plot = plotRect();
    if (m_stacks.isEmpty() || plot.height() < 20)
        return;
    if (m_max == 0) {
        p.setPen(dim);
        p.drawText(plot, Qt::AlignCenter, tr("No messages in this period"));
    }
    // Grid and its scale.
    const qint64 step = niceStep(std::max<qint64>(m_max, 1), 4);
    const qint64 top = std::max<qint64>(step, ((m_max + step - 1) / step) * step);
    for (qint64 v = 0; v <= top; v += step) {
        const double y = plot.bottom() - plot.height() * double(v) / double(top);
        p.setPen(QPen(faint, 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(dim);
        p.drawText(QRectF(0, y - line / 2.0, plot.left() - 8, line),
                   Qt::AlignRight | Qt::AlignVCenter, compact(v));
    }
    // Bars.
    const double slot = plot.width() / double(m_stacks.size());
    const double bar = std::max(1.0, slot * 0.72);
    for (int d = 0; d < m_stacks.size(); ++d) {
        double y = plot.bottom();
        const double x = plot.left() + d * slot + (slot - bar) / 2;
        for (int s = 0; s < m_stacks.at(d).size(); ++s) {
            const qint64 v = m_stacks.at(d).at(s);
            if (v == 0)
                continue;
            const double h = plot.height() * double(v) / double(top);
            p.setPen(Qt::NoPen);
            p.setBrush(Palette[std::min(s, int(std::size(Palette)) - 1)]);
            p.drawRect(QRectF(x, y - h, bar, h));
            y -= h;
        }
    }
    // Dates under the bars, as many as fit without overlapping.
    const int labelWidth = fontMetrics().horizontalAdvance(u"00-00"_s) + 12;
    const int every = std::max(1, int(std::ceil(labelWidth / slot)));
    p.setPen(dim);
    for (int d = 0; d < m_stacks.size(); d += every) {
        const double x = plot.left() + d * slot + slot / 2;
        p.drawText(QRectF(x - labelWidth / 2.0, plot.bottom() + 4, labelWidth, line),
                   Qt::AlignCenter, dateOf(m_firstDay + d).toString(u"MM-dd"_s));
    }
}

void UsageChart::mouseMoveEvent(QMouseEvent *event)
{
    const int d = dayAt(event->position());
    if (d < 0) {
        QToolTip::hideText();
        return;
    }
    QStringList lines{u"<b>%1</b>"_s.arg(dateOf(m_firstDay + d).toString(Qt::ISODate))};
    for (int s = 0; s < m_series.size(); ++s) {
        if (const qint64 v = m_stacks.at(d).at(s))
            lines << u"%1: %2"_s.arg(m_series.at(s).label.toHtmlEscaped()).arg(v);
    }
    QToolTip::showText(event->globalPosition().toPoint(), lines.join(u"<br>"_s), this);
}
