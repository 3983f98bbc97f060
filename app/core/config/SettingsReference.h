// SettingsReference: every setting of the INI file with its default and its help, as a file.
#pragma once

#include <QByteArray>

// What `dingrelay --config-reference` prints: a complete, commented INI file that reads back
// as the defaults (with one example robot and persona), made from Schema's tables so that it
// names every key this version knows.
namespace SettingsReference {
QByteArray text();
} // namespace SettingsReference
