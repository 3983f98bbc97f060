#include "tunnel/TunnelState.h"

#include <QMetaEnum>

QString Tunnel::stateName(State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(int(state))).toLower();
}
