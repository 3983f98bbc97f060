// ConfigErrors: Config's own checks of the values on screen, for rules a page does not repeat.
#pragma once

#include "config/Config.h"

#include <QMap>
#include <QStringList>

class FieldMessage;

namespace ConfigErrors {
// What Config::parse would say about config once saved (empty when it loads).
QStringList of(const AppConfig &config);
// Shows each error that starts with or names one of fields' keys ("tunnel/ssh_target") under
// that field, the rest under fallback; fields without an error are cleared. True when none.
bool show(const QStringList &errors, const QString &prefix,
          const QMap<QString, FieldMessage *> &fields, FieldMessage *fallback);
} // namespace ConfigErrors
