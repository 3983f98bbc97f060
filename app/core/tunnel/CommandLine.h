// CommandLine: splits a tunnel command line into a program and its arguments, without a shell.
#pragma once

#include <QString>
#include <QStringList>

namespace CommandLine {
// Splits text into words the way a POSIX shell splits a simple command: blanks separate words,
// '…' keeps everything literally, "…" keeps blanks and takes \" \\ \$ and \` as escapes, and a
// backslash outside quotes escapes the next character. Nothing else is special: no variables,
// globs, pipes or redirections (write `sh -c '…'` for those). An unclosed quote or a trailing
// backslash is an error; so is an empty command.
QStringList split(const QString &text, QString *error);

// Replaces each {name} in every word with its value. Words are substituted after splitting,
// so a value with blanks or quotes stays inside its word.
QStringList substitute(QStringList words, const QList<std::pair<QString, QString>> &values);
} // namespace CommandLine
