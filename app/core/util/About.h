// About: DingRelay's licence and the third-party parts in it, for --version and the About box.
#pragma once

#include <QList>
#include <QString>

namespace About {

// The part, its licence (SPDX), and what DingRelay uses it for.
struct Component
{
    QString name;
    QString licence;
    QString use;
};

inline constexpr auto Licence = "GPL-3.0-or-later";

// What `dingrelay --version` prints after the version line: the licence and the warranty.
QString licenceNotice();
// The libraries DingRelay links and the data built into it, each with its licence.
QList<Component> components();

} // namespace About
