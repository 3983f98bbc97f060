// SettingsPage: one section of the settings (Model, Robots, …): loads, validates and stores its
// part.
#pragma once

#include "config/Config.h"

#include <QWidget>

class SettingsContext;

// Pages are plain widgets, so the first-run wizard shows the same ones the dialog does.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPage(SettingsContext &context, QWidget *parent = nullptr);

    // The section's name in the list ("Model"), and a one-line description under it.
    virtual QString title() const = 0;
    // A stable name for tests and screenshots ("model").
    virtual QString key() const = 0;

    // Shows config's values; edits after this are what store() writes.
    virtual void load(const AppConfig &config) = 0;
    // Writes the page's values into config, leaving the rest alone.
    virtual void store(AppConfig &config) const = 0;
    // Shows a message next to each field that is wrong; true when none is.
    virtual bool validate() = 0;
    // The secrets the page shows, for the keychain probe.
    virtual QStringList secretKeys(const AppConfig &) const { return {}; }
    // After a successful save: the saved state is the new starting point.
    virtual void saved() {}

signals:
    void changed();

protected:
    SettingsContext &m_context;
};
