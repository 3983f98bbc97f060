// IniDocument: edits INI text in place, keeping its comments, order, blank lines and unknown keys.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// A person may have written the file by hand: the settings dialog changes the values it owns
// and leaves every other line as it was. Keys are "section/key", as IniFile reads them.
class IniDocument final
{
public:
    explicit IniDocument(const QByteArray &text = {});

    QByteArray toUtf8() const;

    bool contains(const QString &key) const;
    // Sections in file order, each once (the top-level "" is not listed).
    QStringList sections() const;

    // Gives the last occurrence of key (the one IniFile keeps) the value, keeping its
    // indentation and trailing comment. A new key goes after its section's last key; a new
    // section goes at the end of the document.
    void set(const QString &key, const QString &value);
    // Removes every line of key; false when there was none.
    bool remove(const QString &key);
    // Adds "[section]" at the end unless the section exists.
    void addSection(const QString &section);
    // Removes the section's headers and lines up to its last key. Comments after that key
    // stay: they usually introduce what follows.
    void removeSection(const QString &section);

    // The value as this dialect writes it: plain when IniFile reads it back unchanged,
    // else quoted with \" \\ \n \r \t escapes.
    static QString encode(const QString &value);

private:
    struct Line
    {
        QString text;    // without the line break
        QString section; // the section it is in ("" before the first header)
        QString key;     // for key=value lines, else empty
        bool header = false;
    };
    static Line classify(const QString &text, const QString &section);
    qsizetype lastIndexOf(const QString &section, const QString &key) const;
    qsizetype insertionPoint(const QString &section) const;

    QList<Line> m_lines;
    bool m_crlf = false;
    bool m_finalNewline = true;
};
