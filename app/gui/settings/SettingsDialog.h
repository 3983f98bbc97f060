// SettingsDialog: every DingRelay setting in sections, saved to the INI file and the keychain.
#pragma once

#include "config/Config.h"

#include <QDialog>

class Banner;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QStackedWidget;
class RobotsPage;
class SecretStore;
class SettingsContext;
class SettingsPage;

// Apply saves without closing and emits settingsApplied(); OK saves and closes; Cancel
// discards. Saving goes through SettingsSaver (secrets first, then the file).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    // configPath empty: the default config file.
    SettingsDialog(QString configPath, SecretStore &secrets, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // The sections' keys in order: model, robots, relay, network, conversations, general.
    QStringList sectionKeys() const;
    void showSection(const QString &key);
    SettingsPage *page(const QString &key) const;
    SettingsContext &context() const { return *m_context; }

    // What the banner at the top says (the keychain is unreachable, the file has problems).
    QString bannerText() const;
    // The line beside the buttons ("Saved.", or why saving failed).
    QString statusText() const;
    bool isSaving() const { return m_saving; }
    // Whether the last save wrote or removed a secret: the relay then restarts to read it.
    bool lastSaveChangedSecrets() const { return m_savedSecrets; }

signals:
    // The INI file at path was saved (secrets before it); the app applies it.
    void settingsApplied(const QString &path);
    // The user asked for the first-run wizard (the "Setup wizard" button).
    void wizardRequested();

public slots:
    void accept() override;
    void apply();

private:
    void load();
    AppConfig collect() const;
    void onEdited();
    bool validateAll();
    bool isDirty() const;
    void updateButtons();
    void save(bool thenClose);
    void finish(bool thenClose, const QStringList &warnings);
    void fail(const QString &message);
    void showKeychainProblem(const QString &error);
    void setStatus(const QString &text, bool error);

    QString m_path;
    SettingsContext *m_context;
    Banner *m_keychainBanner;
    Banner *m_fileBanner;
    QListWidget *m_sections;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QList<SettingsPage *> m_pages;
    RobotsPage *m_robots = nullptr;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    AppConfig m_baseline; // what the pages showed right after loading or saving
    bool m_valid = true;
    bool m_saving = false;
    bool m_savedSecrets = false;
    bool m_loading = false;
};
