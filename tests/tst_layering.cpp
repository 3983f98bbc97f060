// Checks how app/core's folders depend on each other: no include circle between two folders
// (each can be read, changed and tested above the ones it uses), no Widgets in core, and no
// Qt SQL outside storage/ (the SQL stays behind storage's interface, so another database can
// take SQLite's place there alone).
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString App = QStringLiteral(DINGRELAY_SOURCE_DIR "/app");
const QString Core = QStringLiteral(DINGRELAY_SOURCE_DIR "/app/core");

struct Edge
{
    QString file; // the including file, relative to app/core
    QString include;
};

// folder -> folder it includes from -> the first include that makes it so
using Graph = QMap<QString, QMap<QString, Edge>>;

Graph readGraph(QStringList *widgetIncludes)
{
    Graph graph;
    // Plain literals, not raw strings: moc reads this file too, and would lose its place.
    static const QRegularExpression local(u"^\\s*#\\s*include\\s+\"([a-z]+)/[^\"]+\""_s,
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression widgets(
        u"^\\s*#\\s*include\\s+<(QtWidgets/|QApplication|QWidget|QDialog|QMessageBox)"_s,
        QRegularExpression::MultilineOption);
    QDirIterator it(Core, {u"*.h"_s, u"*.cpp"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = path.mid(Core.size() + 1);
        const QString folder = relative.section(u'/', 0, 0);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromUtf8(file.readAll());
        for (auto m = local.globalMatch(text); m.hasNext();) {
            const auto match = m.next();
            const QString target = match.captured(1);
            if (target != folder && !graph[folder].contains(target))
                graph[folder].insert(target, {relative, match.captured(0).trimmed()});
        }
        if (widgets.match(text).hasMatch())
            *widgetIncludes << relative;
    }
    return graph;
}

// The files of app/ (core and gui) that include a Qt SQL header or name a Qt SQL class, each
// with the first such name, relative to app/.
QMap<QString, QString> qtSqlUsers()
{
    QMap<QString, QString> users;
    // Any QSql name: an #include <QSqlQuery> names one too.
    static const QRegularExpression sql(u"\\bQSql[A-Za-z]*"_s);
    QDirIterator it(App, {u"*.h"_s, u"*.cpp"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto match = sql.match(QString::fromUtf8(file.readAll()));
        if (match.hasMatch())
            users.insert(path.mid(App.size() + 1), match.captured(0));
    }
    return users;
}

// A path of folders from `from` back to `to`, or empty when there is none.
QStringList pathBetween(const Graph &graph, const QString &from, const QString &to,
                        QSet<QString> &seen)
{
    if (from == to)
        return {to};
    if (seen.contains(from))
        return {};
    seen.insert(from);
    for (auto it = graph.value(from).cbegin(); it != graph.value(from).cend(); ++it) {
        const QStringList rest = pathBetween(graph, it.key(), to, seen);
        if (!rest.isEmpty())
            return QStringList{from} + rest;
    }
    return {};
}
} // namespace

class TestLayering final : public QObject
{
    Q_OBJECT

private slots:
    void sourcesAreRead();
    void noIncludeCirclesBetweenFolders();
    void coreHasNoWidgets();
    void qtSqlOnlyInStorage();
};

void TestLayering::sourcesAreRead()
{
    // The checks below would pass on an empty tree: make sure they read the real one.
    QStringList widgets;
    const Graph graph = readGraph(&widgets);
    QVERIFY2(graph.size() >= 8, qPrintable(Core));
    QVERIFY(graph.value(u"relay"_s).contains(u"storage"_s));
}

void TestLayering::noIncludeCirclesBetweenFolders()
{
    QStringList widgets;
    const Graph graph = readGraph(&widgets);
    QStringList circles;
    for (auto from = graph.cbegin(); from != graph.cend(); ++from) {
        for (auto to = from.value().cbegin(); to != from.value().cend(); ++to) {
            QSet<QString> seen;
            const QStringList back = pathBetween(graph, to.key(), from.key(), seen);
            if (back.isEmpty())
                continue;
            QStringList steps{
                u"%1 (%2: %3)"_s.arg(from.key(), to.value().file, to.value().include)};
            for (qsizetype i = 0; i + 1 < back.size(); ++i) {
                const Edge edge = graph.value(back.at(i)).value(back.at(i + 1));
                steps << u"%1 (%2: %3)"_s.arg(back.at(i), edge.file, edge.include);
            }
            circles << steps.join(u" -> "_s) + u" -> "_s + from.key();
        }
    }
    QVERIFY2(circles.isEmpty(), qPrintable(circles.join(u'\n')));
}

void TestLayering::coreHasNoWidgets()
{
    QStringList widgets;
    readGraph(&widgets);
    QVERIFY2(widgets.isEmpty(), qPrintable(widgets.join(u", "_s)));
}

void TestLayering::qtSqlOnlyInStorage()
{
    const QMap<QString, QString> users = qtSqlUsers();
    // The check below would pass on a tree it did not read: storage itself must show up.
    QVERIFY2(users.contains(u"core/storage/Database.h"_s), qPrintable(App));
    QStringList outside;
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        if (!it.key().startsWith(u"core/storage/"_s))
            outside << u"%1 (%2)"_s.arg(it.key(), it.value());
    }
    QVERIFY2(outside.isEmpty(), qPrintable(outside.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
