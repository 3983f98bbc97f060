// ConfigWriter: saves an AppConfig to DingRelay's INI file so that Config::load reads it back the
// same.
#pragma once

#include "config/Config.h"

#include <QByteArray>
#include <QString>

#include <optional>

// The file is edited, not replaced: comments, blank lines, the order of keys and keys this
// version does not know stay as the person who wrote them left them. A key whose meaning
// does not change keeps its text (a relative data_dir stays relative); a value equal to what
// the reader assumes anyway is not added. Secrets are not part of AppConfig, so they can never
// be written: they go to a SecretStore.
//
// Before anything is saved, the new text is read back with Config::parse and compared with the
// config: a config that would not load, or would load differently, is refused with the reason.
namespace ConfigWriter {
// The file's new text. existing is its current content (empty for a new file), path where it
// is (relative paths in it are relative to that folder).
std::optional<QByteArray> render(const AppConfig &config, const QByteArray &existing,
                                 const QString &path, QString *error);
// Renders config over the file at path (if any) and replaces it atomically (QSaveFile),
// creating its folder. On failure the file is untouched and *error says why.
bool save(const AppConfig &config, const QString &path, QString *error);
// The INI keys the writer knows, in the order it adds them ("robot.<id>/" keys as
// "robot.*/mode", "persona.*/prompt"): for tests that check every setting round-trips.
QStringList knownKeys();
} // namespace ConfigWriter
