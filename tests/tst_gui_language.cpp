// The language of DingRelay's windows: the setting wins, else the system's preferred
// languages; the Chinese and English translations are built in and complete enough to load.
#include "UiLanguage.h"
#include "openai/ModelCheck.h"

#include <QApplication>
#include <QTest>

using namespace Qt::StringLiterals;

class TestGuiLanguage : public QObject
{
    Q_OBJECT
private slots:
    void choose_data();
    void choose();
    void chineseIsBuiltIn();
    void englishHasPlurals();
    void switchingBackRemovesChinese();
    void cleanup();

private:
    static QString badKeyExplained();
};

QString TestGuiLanguage::badKeyExplained()
{
    ChatError error;
    error.kind = ChatError::Kind::BadKey;
    error.httpStatus = 401;
    error.message = u"Incorrect API key provided"_s;
    return ModelCheck::explain(error);
}

void TestGuiLanguage::choose_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QStringList>("system");
    QTest::addColumn<QLocale::Language>("expected");
    const QLocale::Language zh = QLocale::Chinese;
    const QLocale::Language en = QLocale::English;
    QTest::newRow("system zh-CN") << QString() << QStringList{u"zh-CN"_s} << zh;
    QTest::newRow("system zh-Hans-CN") << QString() << QStringList{u"zh-Hans-CN"_s} << zh;
    QTest::newRow("system zh-TW reads Simplified") << QString() << QStringList{u"zh-TW"_s} << zh;
    QTest::newRow("system en-GB") << QString() << QStringList{u"en-GB"_s} << en;
    QTest::newRow("system de, then zh") << QString() << QStringList{u"de-DE"_s, u"zh-CN"_s} << zh;
    QTest::newRow("system en before zh") << QString() << QStringList{u"en-US"_s, u"zh-CN"_s} << en;
    QTest::newRow("system fr only") << QString() << QStringList{u"fr-FR"_s} << en;
    QTest::newRow("system C locale") << QString() << QStringList{u"C"_s} << en;
    QTest::newRow("no system languages") << QString() << QStringList{} << en;
    QTest::newRow("setting zh on en") << u"zh"_s << QStringList{u"en-US"_s} << zh;
    QTest::newRow("setting en on zh") << u"en"_s << QStringList{u"zh-CN"_s} << en;
    QTest::newRow("unknown setting follows system")
        << u"klingon"_s << QStringList{u"zh-CN"_s} << zh;
}

void TestGuiLanguage::choose()
{
    QFETCH(QString, setting);
    QFETCH(QStringList, system);
    QFETCH(QLocale::Language, expected);
    const QLocale chosen = UiLanguage::choose(setting, system);
    QCOMPARE(chosen.language(), expected);
    if (expected == QLocale::Chinese)
        QCOMPARE(chosen.script(), QLocale::SimplifiedChineseScript);
}

void TestGuiLanguage::chineseIsBuiltIn()
{
    const QLocale chosen = UiLanguage::install(u"zh"_s);
    QCOMPARE(chosen.language(), QLocale::Chinese);
    QCOMPARE(QLocale().language(), QLocale::Chinese);
    // Words from the tray menu and the settings dialog, as a Chinese user reads them.
    QCOMPARE(QCoreApplication::translate("TrayController", "&Settings…"), u"设置(&S)…"_s);
    QCOMPARE(QCoreApplication::translate("SettingsDialog", "DingRelay Settings"),
             u"DingRelay 设置"_s);
    QCOMPARE(QCoreApplication::translate("HistoryWindow", "%n message(s)", nullptr, 3),
             u"3 条消息"_s);
    // Core's sentences for the windows follow too: the model check in Settings and the wizard,
    // with the provider's own words kept as they came.
    QCOMPARE(
        badKeyExplained(),
        u"服务器拒绝了 API Key。请按服务商显示的原样重新输入。（HTTP 401: Incorrect API key provided）"_s);
}

void TestGuiLanguage::englishHasPlurals()
{
    QCOMPARE(UiLanguage::install(u"en"_s).language(), QLocale::English);
    QCOMPARE(QCoreApplication::translate("HistoryWindow", "%n message(s)", nullptr, 1),
             u"1 message"_s);
    QCOMPARE(QCoreApplication::translate("HistoryWindow", "%n message(s)", nullptr, 2),
             u"2 messages"_s);
    QCOMPARE(QCoreApplication::translate("TrayController", "&Settings…"), u"&Settings…"_s);
}

void TestGuiLanguage::switchingBackRemovesChinese()
{
    UiLanguage::install(u"zh"_s);
    UiLanguage::install(u"en"_s);
    QCOMPARE(QCoreApplication::translate("TrayController", "&Settings…"), u"&Settings…"_s);
    QCOMPARE(QLocale().language(), QLocale::English);
    QCOMPARE(badKeyExplained(), u"The server rejected the API key. Enter the key again, exactly as "
                                u"the provider shows it. (HTTP 401: Incorrect API key provided)"_s);
}

void TestGuiLanguage::cleanup()
{
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestGuiLanguage)
#include "tst_gui_language.moc"
