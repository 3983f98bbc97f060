#include "settings/ConfigErrors.h"

#include "config/ConfigWriter.h"
#include "settings/Form.h"

using namespace Qt::StringLiterals;

QStringList ConfigErrors::of(const AppConfig &config)
{
    QString error;
    const QString path =
        config.sourceFile.isEmpty() ? Config::defaultConfigFile() : config.sourceFile;
    if (ConfigWriter::render(config, QByteArray(), path, &error))
        return {};
    return error.split(u'\n', Qt::SkipEmptyParts);
}

bool ConfigErrors::show(const QStringList &errors, const QString &prefix,
                        const QMap<QString, FieldMessage *> &fields, FieldMessage *fallback)
{
    QMap<FieldMessage *, QStringList> shown;
    for (const QString &error : errors) {
        if (!error.startsWith(prefix))
            continue;
        FieldMessage *target = fallback;
        qsizetype best = -1;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            const qsizetype at = error.indexOf(it.key());
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
                target = it.value();
            }
        }
        shown[target] << error;
    }
    for (FieldMessage *message : fields)
        message->setError(shown.value(message).join(u'\n'));
    if (fallback && !fields.values().contains(fallback))
        fallback->setError(shown.value(fallback).join(u'\n'));
    return shown.isEmpty();
}
