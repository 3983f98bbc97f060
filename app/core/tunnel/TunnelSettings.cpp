#include "tunnel/TunnelSettings.h"

#include "util/EnumNames.h"

using namespace Qt::StringLiterals;

namespace {
const EnumNames::Table<TunnelMode, 3> TunnelModes{{{TunnelMode::None, "none"_L1},
                                                   {TunnelMode::Fixed, "fixed"_L1},
                                                   {TunnelMode::Process, "process"_L1}}};
} // namespace

QString nameOf(TunnelMode mode)
{
    return EnumNames::name(TunnelModes, mode);
}

std::optional<TunnelMode> tunnelModeNamed(const QString &name)
{
    return EnumNames::value(TunnelModes, name);
}
