// tunnel_screenshots: the tunnel output window over a recorded cloudflared run, saved as a PNG.
// Not a test: scripts/screenshots.sh runs it under Xvfb for docs/screenshots/.
#include "TunnelOutputWindow.h"
#include "UiLanguage.h"
#include "tunnel/TunnelManager.h"
#include "util/Redactor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    UiLanguage::install(QString()); // LANG=zh_CN.UTF-8 shows the Chinese
    QCommandLineParser parser;
    const QCommandLineOption out(u"out"_s, u"Where to save the PNG."_s, u"file"_s);
    parser.addOption(out);
    parser.process(app);

    // "cloudflared" plays back what the real one printed, plus a line quoting a token, so the
    // picture shows the masking; then it keeps running as the real one does.
    QTemporaryDir dir;
    const QString program = dir.filePath(u"cloudflared"_s);
    QFile file(program);
    const QString recording =
        QStringLiteral(DINGRELAY_SOURCE_DIR "/tests/data/tunnel/cloudflared.txt");
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(u"#!/bin/sh\ncat '%1'\necho '2025-03-14T09:12:06Z INF Using token "
               u"eyJhIjoiZGluZ3JlbGF5LWRlbW8tdG9rZW4ifQ from the environment'\nexec sleep 600\n"_s
                   .arg(recording)
                   .toUtf8());
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    file.close();
    Redactor::instance().addSecret(u"eyJhIjoiZGluZ3JlbGF5LWRlbW8tdG9rZW4ifQ"_s);

    TunnelSettings settings;
    settings.mode = TunnelMode::Process;
    settings.preset = u"cloudflared"_s;
    settings.binary = program;
    settings.checkIntervalSeconds = 0;
    TunnelOptions options;
    // The quick tunnel's URL is not real: no reachability check goes out.
    options.firstCheckDelayMs = 24 * 3600 * 1000;
    TunnelManager tunnel(settings, u"127.0.0.1"_s, 8089, ProbeIdentity::generate(), nullptr, {},
                         options);
    TunnelOutputWindow window;
    window.setTunnel(&tunnel);
    tunnel.start();
    window.move(0, 0);
    window.show();

    QTimer::singleShot(2000, &app, [&] {
        QProcess import;
        import.start(u"import"_s,
                     {u"-window"_s, QString::number(window.winId()), parser.value(out)});
        if (!import.waitForFinished(30000) || import.exitCode() != 0)
            std::fprintf(stderr, "import failed: %s\n", import.readAllStandardError().constData());
        tunnel.stop();
        QApplication::exit(import.exitCode());
    });
    return app.exec();
}
