// DingRelay's INI dialect: sections, whole values, quotes, comments and malformed lines.
#include "config/IniFile.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestIniFile : public QObject
{
    Q_OBJECT

private slots:
    void values_data();
    void values();
    void remembersEverySectionOnce();
    void keysOutsideSectionsStandAlone();
    void reportsMalformedLines_data();
    void reportsMalformedLines();
    void laterValueWins();
};

void TestIniFile::values_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QByteArray("k=hello") << u"hello"_s;
    QTest::newRow("blanks around") << QByteArray("  k  =   hello world   ") << u"hello world"_s;
    QTest::newRow("commas kept") << QByteArray("k=Answer in 1,000 words, or fewer")
                                 << u"Answer in 1,000 words, or fewer"_s;
    QTest::newRow("comment after blank") << QByteArray("k=8089 ; the port") << u"8089"_s;
    QTest::newRow("semicolon inside a word") << QByteArray("k=a;b") << u"a;b"_s;
    QTest::newRow("hash kept") << QByteArray("k=Answer in C# only") << u"Answer in C# only"_s;
    QTest::newRow("URL with query")
        << QByteArray("k=https://h/x?a=1&b=2") << u"https://h/x?a=1&b=2"_s;
    QTest::newRow("quoted with blanks and ;")
        << QByteArray(R"(k="  keep ; this  " ; not this)") << u"  keep ; this  "_s;
    QTest::newRow("escapes") << QByteArray(R"(k="say \"hi\"\\ then\nnext")")
                             << u"say \"hi\"\\ then\nnext"_s;
    QTest::newRow("empty") << QByteArray("k=") << QString();
    QTest::newRow("Chinese") << QByteArray("k=你是一个乐于助人的助手，回答要简短。")
                             << u"你是一个乐于助人的助手，回答要简短。"_s;
    QTest::newRow("equals in value") << QByteArray("k=a=b") << u"a=b"_s;
    QTest::newRow("CRLF line end") << QByteArray("k=windows\r") << u"windows"_s;
}

void TestIniFile::values()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, value);
    const IniFile ini = IniFile::parse("[s]\n" + line + "\n");
    QVERIFY2(ini.errors.isEmpty(), qPrintable(ini.errors.join(u'\n')));
    QVERIFY(ini.values.contains(u"s/k"_s));
    QCOMPARE(ini.values.value(u"s/k"_s), value);
}

void TestIniFile::remembersEverySectionOnce()
{
    const IniFile ini = IniFile::parse("; a comment\n# another\n[robot.a]\n\n[robot.b]\nmode=http\n"
                                       "[ robot.a ]\nlanguage=en\n");
    QCOMPARE(ini.sections, (QStringList{u"robot.a"_s, u"robot.b"_s}));
    QCOMPARE(ini.values.value(u"robot.a/language"_s), u"en"_s);
    QCOMPARE(ini.values.size(), 2);
}

void TestIniFile::keysOutsideSectionsStandAlone()
{
    const IniFile ini = IniFile::parse("top=1\n[General]\nalso=2\n[x]\ny=3\n");
    QCOMPARE(ini.values.value(u"top"_s), u"1"_s);
    QCOMPARE(ini.values.value(u"also"_s), u"2"_s);
    QCOMPARE(ini.values.value(u"x/y"_s), u"3"_s);
    QCOMPARE(ini.sections, QStringList{u"x"_s});
}

void TestIniFile::reportsMalformedLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("no equals") << QByteArray("[s]\nport 8089\n") << u"line 2: expected key=value"_s;
    QTest::newRow("no key") << QByteArray("=value\n") << u"line 1: expected key=value"_s;
    QTest::newRow("empty section") << QByteArray("[]\n") << u"line 1: a section header"_s;
    QTest::newRow("open section") << QByteArray("\n\n[robot.a\n") << u"line 3: a section header"_s;
    QTest::newRow("quote never ends")
        << QByteArray("[s]\nk=\"open\n") << u"line 2: the quoted value of k"_s;
}

void TestIniFile::reportsMalformedLines()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const IniFile ini = IniFile::parse(text);
    QCOMPARE(ini.errors.size(), 1);
    QVERIFY2(ini.errors.first().startsWith(error), qPrintable(ini.errors.first()));
    QVERIFY(ini.values.isEmpty());
}

void TestIniFile::laterValueWins()
{
    const IniFile ini = IniFile::parse("[s]\nk=1\nk=2\n");
    QCOMPARE(ini.values.value(u"s/k"_s), u"2"_s);
}

QTEST_GUILESS_MAIN(TestIniFile)
#include "tst_inifile.moc"
