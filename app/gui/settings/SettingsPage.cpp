#include "settings/SettingsPage.h"

SettingsPage::SettingsPage(SettingsContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{}
