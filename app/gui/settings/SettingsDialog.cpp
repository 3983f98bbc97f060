#include "settings/SettingsDialog.h"

#include "settings/Banner.h"
#include "settings/ConversationsPage.h"
#include "settings/GeneralPage.h"
#include "settings/ModelPage.h"
#include "settings/NetworkPage.h"
#include "settings/RelayPage.h"
#include "settings/RobotsPage.h"
#include "settings/SecretDrafts.h"
#include "settings/SettingsContext.h"
#include "settings/SettingsSaver.h"
#include "util/Log.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SettingsDialog::SettingsDialog(QString configPath, SecretStore &secrets, QWidget *parent)
    : QDialog(parent)
    , m_path(configPath.isEmpty() ? Config::defaultConfigFile() : std::move(configPath))
    , m_context(new SettingsContext(secrets, m_path, this))
    , m_keychainBanner(new Banner(this))
    , m_fileBanner(new Banner(this))
    , m_sections(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(
          QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("DingRelay Settings"));
    setObjectName(u"settingsDialog"_s);
    m_keychainBanner->setObjectName(u"keychainBanner"_s);
    m_fileBanner->setObjectName(u"fileBanner"_s);
    m_sections->setObjectName(u"sections"_s);
    m_sections->setAccessibleName(tr("Sections"));
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_robots = new RobotsPage(*m_context);
    m_pages = {new ModelPage(*m_context),         m_robots,
               new RelayPage(*m_context),         new NetworkPage(*m_context),
               new ConversationsPage(*m_context), new GeneralPage(*m_context)};
    for (SettingsPage *page : std::as_const(m_pages)) {
        // Every page scrolls: at 200 % or with large fonts nothing is cut, it moves down.
        auto *scroll = new QScrollArea(m_stack);
        scroll->setWidget(page);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setObjectName(page->key() + u"Scroll"_s);
        page->setObjectName(page->key() + u"Page"_s);
        m_stack->addWidget(scroll);
        auto *item = new QListWidgetItem(page->title(), m_sections);
        item->setData(Qt::UserRole, page->key());
        // Rows a finger's height apart, whatever the font or scale.
        item->setSizeHint(QSize(0, m_sections->fontMetrics().height() * 2));
        connect(page, &SettingsPage::changed, this, &SettingsDialog::onEdited);
    }
    const int iconSize = m_sections->fontMetrics().height();
    m_sections->setIconSize(QSize(iconSize, iconSize));
    m_sections->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    int widest = 0;
    for (const SettingsPage *page : std::as_const(m_pages))
        widest = std::max(widest, m_sections->fontMetrics().horizontalAdvance(page->title()));
    // Room for the title, a warning icon beside it, and the frame.
    m_sections->setFixedWidth(widest + iconSize + 2 * m_sections->frameWidth() +
                              m_sections->fontMetrics().averageCharWidth() * 4);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_title->setObjectName(u"sectionTitle"_s);
    connect(m_sections, &QListWidget::currentRowChanged, this, [this](int row) {
        m_stack->setCurrentIndex(row);
        if (row >= 0 && row < m_pages.size())
            m_title->setText(m_pages.at(row)->title());
    });
    m_sections->setCurrentRow(0);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_keychainBanner);
    layout->addWidget(m_fileBanner);
    auto *body = new QHBoxLayout;
    body->addWidget(m_sections);
    auto *right = new QVBoxLayout;
    right->addWidget(m_title);
    right->addWidget(m_stack, 1);
    body->addLayout(right, 1);
    layout->addLayout(body, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_buttons);
    layout->addLayout(bottom);

    // The way back to the first-run wizard, for whoever cancelled it or wants to start over.
    QPushButton *wizard = m_buttons->addButton(tr("Setup wi&zard…"), QDialogButtonBox::ResetRole);
    wizard->setObjectName(u"openWizard"_s);
    wizard->setToolTip(tr("Set up the model, a robot and the tunnel step by step, with a test at "
                          "the end. Changes not applied here are dropped."));
    connect(wizard, &QPushButton::clicked, this, &SettingsDialog::wizardRequested);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    SecretDrafts &drafts = m_context->secrets();
    connect(&drafts, &SecretDrafts::storeErrorChanged, this, &SettingsDialog::showKeychainProblem);
    // A probe answer can make a missing secret known (or known to be there): check again.
    connect(&drafts, &SecretDrafts::stateChanged, this, [this] {
        if (!m_loading)
            onEdited();
    });
    m_context->setCollector([this] { return collect(); });

    load();

    // Big enough for the longest page's labels, never bigger than the screen.
    const QRect screen =
        (parent ? parent->screen() : QApplication::primaryScreen())->availableGeometry();
    resize(std::min(960, screen.width() * 9 / 10), std::min(720, screen.height() * 9 / 10));
}

SettingsDialog::~SettingsDialog() = default;

QStringList SettingsDialog::sectionKeys() const
{
    QStringList keys;
    for (const SettingsPage *page : m_pages)
        keys << page->key();
    return keys;
}

SettingsPage *SettingsDialog::page(const QString &key) const
{
    for (SettingsPage *page : m_pages) {
        if (page->key() == key)
            return page;
    }
    return nullptr;
}

void SettingsDialog::showSection(const QString &key)
{
    const int index = int(sectionKeys().indexOf(key));
    if (index >= 0)
        m_sections->setCurrentRow(index);
}

QString SettingsDialog::bannerText() const
{
    QStringList texts{m_keychainBanner->text(), m_fileBanner->text()};
    texts.removeAll(QString());
    return texts.join(u'\n');
}

QString SettingsDialog::statusText() const
{
    return m_status->text();
}

void SettingsDialog::load()
{
    m_loading = true;
    const ConfigResult loaded = Config::loadOrDefaults(m_path);
    AppConfig config = loaded.config;
    if (config.sourceFile.isEmpty())
        config.sourceFile = m_path;
    if (!loaded.ok())
        m_fileBanner->show(
            Banner::Kind::Warning, tr("The settings file has problems"),
            loaded.errors.join(u'\n') +
                tr("\nSaving writes the values shown here; fix the rest in %1.").arg(m_path));
    m_context->setSaved(config);
    for (SettingsPage *page : std::as_const(m_pages))
        page->load(config);
    QStringList keys;
    for (const SettingsPage *page : std::as_const(m_pages))
        keys << page->secretKeys(config);
    keys.removeDuplicates();
    m_context->secrets().probe(keys);
    m_baseline = collect();
    m_loading = false;
    validateAll();
    updateButtons();
}

AppConfig SettingsDialog::collect() const
{
    AppConfig config = m_context->saved();
    for (const SettingsPage *page : m_pages)
        page->store(config);
    return config;
}

void SettingsDialog::onEdited()
{
    if (m_loading)
        return;
    // An old failure no longer applies once something changed.
    if (!m_saving && m_status->property("error").toBool())
        setStatus(QString(), false);
    emit m_context->edited();
    validateAll();
    updateButtons();
}

bool SettingsDialog::validateAll()
{
    m_valid = true;
    QStringList wrong;
    for (int i = 0; i < m_pages.size(); ++i) {
        const bool ok = m_pages.at(i)->validate();
        QListWidgetItem *item = m_sections->item(i);
        item->setIcon(ok ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setToolTip(ok ? QString() : tr("Something in this section needs your attention."));
        if (!ok)
            wrong << m_pages.at(i)->title();
        m_valid = m_valid && ok;
    }
    // Say why OK is greyed out, and where to look.
    const bool showing = m_status->property("invalid").toBool();
    if (!wrong.isEmpty() && !m_saving) {
        setStatus(tr("Correct the fields marked in red to save (%1).").arg(wrong.join(u", "_s)),
                  true);
        m_status->setProperty("invalid", true);
    } else if (showing) {
        setStatus(QString(), false);
    }
    return m_valid;
}

bool SettingsDialog::isDirty() const
{
    return collect() != m_baseline || m_context->secrets().hasChanges() ||
           !m_robots->removedSecretKeys().isEmpty();
}

void SettingsDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(isDirty() && m_valid && !m_saving);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid && !m_saving);
}

void SettingsDialog::setStatus(const QString &text, bool error)
{
    m_status->setProperty("invalid", false);
    m_status->setText(text);
    m_status->setProperty("error", error);
    m_status->setStyleSheet(error ? u"color: #c01c28"_s : QString());
}

void SettingsDialog::showKeychainProblem(const QString &error)
{
    if (error.isEmpty()) {
        m_keychainBanner->clear();
        return;
    }
    m_keychainBanner->show(
        Banner::Kind::Error, tr("The system keychain cannot be reached"),
        tr("%1\nSecrets can be neither checked nor saved until it can: unlock your keyring (log "
           "out and in again, or open Passwords and Keys), or start a Secret Service such as "
           "GNOME Keyring, then open Settings again. Settings that are not secrets can still "
           "be saved. DingRelay never writes secrets to a file instead.")
            .arg(error));
}

void SettingsDialog::accept()
{
    if (m_saving)
        return;
    if (validateAll() && !isDirty()) {
        QDialog::accept(); // nothing to save
        return;
    }
    save(true); // an invalid field stops it there, with a message
}

void SettingsDialog::apply()
{
    save(false);
}

void SettingsDialog::save(bool thenClose)
{
    if (m_saving)
        return;
    if (!validateAll()) {
        for (int i = 0; i < m_pages.size(); ++i) {
            if (!m_sections->item(i)->icon().isNull()) {
                m_sections->setCurrentRow(i);
                break;
            }
        }
        setStatus(tr("Nothing was saved: correct the fields marked in red."), true);
        updateButtons();
        return;
    }
    const AppConfig config = collect();
    m_savedSecrets = m_context->secrets().hasChanges() || !m_robots->removedSecretKeys().isEmpty();
    m_saving = true;
    updateButtons();
    setStatus(tr("Saving…"), false);
    SettingsSaver::save(*m_context, config, m_robots->removedSecretKeys(), this,
                        [this, thenClose](const SettingsSaver::Result &result) {
                            if (!result.ok)
                                fail(result.error);
                            else
                                finish(thenClose, result.warnings);
                        });
}

void SettingsDialog::finish(bool thenClose, const QStringList &warnings)
{
    m_saving = false;
    for (SettingsPage *page : std::as_const(m_pages))
        page->saved();
    m_baseline = collect();
    setStatus(warnings.isEmpty() ? tr("Saved.") : warnings.join(u'\n'), !warnings.isEmpty());
    validateAll();
    updateButtons();
    emit settingsApplied(m_path);
    if (thenClose)
        QDialog::accept();
}

void SettingsDialog::fail(const QString &message)
{
    m_saving = false;
    setStatus(message, true);
    qCWarning(lcConfig).noquote() << message;
    validateAll();
    updateButtons();
}
