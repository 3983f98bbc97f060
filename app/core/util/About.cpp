#include "util/About.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace About {

QString licenceNotice()
{
    return u"Copyright 2024-2026 The DingRelay developers.\n"
           "License GPL-3.0-or-later: GNU GPL version 3 or later "
           "<https://www.gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law."_s;
}

QList<Component> components()
{
    // Qt HttpServer is GPL-3.0-only: it is why DingRelay as a whole is under the GPL.
    return {
        {u"Qt %1"_s.arg(QString::fromLatin1(qVersion())), u"LGPL-3.0-only"_s,
         u"the application framework"_s},
        {u"Qt HttpServer"_s, u"GPL-3.0-only"_s, u"the relay's HTTP server"_s},
        {u"QtKeychain"_s, u"BSD-3-Clause"_s, u"the system keychain"_s},
        {u"zlib"_s, u"Zlib"_s, u"reading the tokenizer's rank files"_s},
        {u"tiktoken rank files (o200k_base, cl100k_base)"_s, u"MIT"_s,
         u"counting tokens as OpenAI does"_s},
    };
}

} // namespace About
