// TrayIcons: the app's icon in each relay state, drawn so it stays crisp at every size.
#pragma once

#include <QIcon>

namespace TrayIcons {

enum class Badge {
    None,      // starting: the plain icon
    Running,   // a green disc with a tick
    Attention, // an amber triangle with "!"
    Error,     // a red disc with a cross
    Stopped,   // the tile greyed, a grey square (pause)
};

// Every state keeps the tile's shape; the badge differs in colour and in form, so the states
// tell apart for colour-blind eyes too, and an outline keeps them visible on light and dark
// panels alike.
QIcon icon(Badge badge);
QPixmap pixmap(Badge badge, int size, qreal devicePixelRatio = 1.0);

} // namespace TrayIcons
