// dingrelay_historydemo: fills a data directory with sample conversations and opens the
// history window on it, for screenshots and for trying the window out.
#include "HistorySample.h"

#include "history/HistoryWindow.h"
#include "history/UsagePage.h"
#include "storage/Database.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dirOption(
        u"dir"_s, u"Data directory (sample data is written when it has none)."_s, u"dir"_s);
    const QCommandLineOption searchOption(u"search"_s, u"Search for this and open the first hit."_s,
                                          u"text"_s);
    const QCommandLineOption usageOption(u"usage"_s, u"Show the Usage tab."_s);
    parser.addOptions({dirOption, searchOption, usageOption});
    parser.process(app);
    const QString dir = parser.value(dirOption);
    if (dir.isEmpty()) {
        std::fputs("--dir is required\n", stderr);
        return 2;
    }
    if (!QFileInfo::exists(QDir(dir).filePath(u"dingrelay.sqlite3"_s))) {
        Database db;
        QString error;
        if (!db.open(dir) || !HistorySample::demo(db, &error)) {
            std::fprintf(stderr, "cannot write sample data: %s\n", qPrintable(db.error() + error));
            return 2;
        }
    }
    HistoryWindow window(dir);
    window.resize(1280, 800);
    window.move(0, 0);
    window.show();
    if (parser.isSet(searchOption))
        QTimer::singleShot(100, &window, [&] {
            window.search(parser.value(searchOption));
            window.openSearchHit(0);
        });
    if (parser.isSet(usageOption))
        window.tabs()->setCurrentWidget(window.usagePage());
    return app.exec();
}
