#include "AboutBox.h"

#include "util/About.h"

#include <QIcon>

using namespace Qt::StringLiterals;

AboutBox::AboutBox(QWidget *parent)
    : QMessageBox(parent)
{
    setObjectName(u"about"_s);
    setWindowTitle(tr("About DingRelay"));
    setIconPixmap(QIcon::fromTheme(u"org.dingrelay.DingRelay"_s).pixmap(64, 64));
    setTextFormat(Qt::RichText);
    setText(text());
    setStandardButtons(QMessageBox::Close);
}

QString AboutBox::text()
{
    QString parts;
    for (const About::Component &part : About::components())
        parts += u"<tr><td>%1</td><td>&nbsp;%2&nbsp;</td><td>%3</td></tr>"_s.arg(
            part.name.toHtmlEscaped(), part.licence, part.use.toHtmlEscaped());
    return u"<h3>DingRelay %1</h3><p>%2</p><p>%3</p><p>%4</p><table>%5</table>"_s.arg(
        QStringLiteral(DINGRELAY_VERSION),
        tr("ChatGPT and other OpenAI-compatible models in your DingTalk robots."),
        tr("DingRelay is free software under the GNU General Public License, version 3 or later "
           "(%1): you may use, study, change and share it. It comes with no warranty. "
           "The licence: <a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">gnu.org/licenses"
           "</a>; installed, also /usr/share/doc/dingrelay/copyright.")
            .arg(QLatin1StringView(About::Licence)),
        tr("It is made with:"), parts);
}
