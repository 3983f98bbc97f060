// LogSampler: lets a few lines of one kind into the log each minute, and counts the rest.
#pragma once

#include <QElapsedTimer>

// What a stranger can cause once per request (a rejected callback, a broken connection) must
// not fill the log at the stranger's pace: the first perMinute lines of a minute are written,
// the others are counted, and the count is reported when the next minute's first line comes.
class LogSampler final
{
public:
    explicit LogSampler(int perMinute);

    // True when this line may be written. *dropped, when not null, gets how many lines the
    // minute before this one held back (0 but at the first line of a new minute).
    bool admit(int *dropped = nullptr);

private:
    int m_perMinute;
    QElapsedTimer m_window;
    int m_inWindow = 0;
    int m_held = 0;
};
