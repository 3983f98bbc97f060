#include "tunnel/TunnelSettings.h"

using namespace Qt::StringLiterals;

QString nameOf(TunnelMode mode)
{
    switch (mode) {
    case TunnelMode::None:
        return u"none"_s;
    case TunnelMode::Fixed:
        return u"fixed"_s;
    case TunnelMode::Process:
        return u"process"_s;
    }
    return u"none"_s;
}

std::optional<TunnelMode> tunnelModeNamed(const QString &name)
{
    for (const TunnelMode mode : {TunnelMode::None, TunnelMode::Fixed, TunnelMode::Process}) {
        if (nameOf(mode) == name)
            return mode;
    }
    return std::nullopt;
}
