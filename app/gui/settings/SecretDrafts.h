// SecretDrafts: which secrets the store holds, and the ones typed in the dialog but not yet saved.
#pragma once

#include "secrets/SecretStore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>

// The settings pages never see a stored value: they learn only whether one exists. What the
// user types is kept here until Apply, then written to the store, so a secret is on screen only
// while its owner types it.
class SecretDrafts final : public QObject
{
    Q_OBJECT
public:
    enum class State { Unknown, Stored, Absent, Unreadable };

    explicit SecretDrafts(SecretStore &store, QObject *parent = nullptr);

    SecretStore &store() const { return m_store; }

    // Asks the store whether each key has a value; states change as the answers come.
    void probe(const QStringList &keys);
    State state(const QString &key) const { return m_states.value(key, State::Unknown); }
    // The store's last failure ("no keychain is reachable: …"), empty while it works.
    QString storeError() const { return m_storeError; }

    // What the user typed for key; an empty text is no change.
    void setDraft(const QString &key, const QString &value);
    QString draft(const QString &key) const { return m_drafts.value(key); }
    // A stored value to be removed when the settings are saved (a typed one cancels it).
    void setRemoved(const QString &key, bool removed);
    bool isRemoved(const QString &key) const { return m_removed.contains(key); }
    // Whether key will have a value once saved: typed, or stored and kept.
    bool willHaveValue(const QString &key) const;
    bool hasChanges() const { return !m_drafts.isEmpty() || !m_removed.isEmpty(); }
    // A robot renamed before its first save: its drafts follow it.
    void renamePrefix(const QString &from, const QString &to);
    // Drops drafts and pending removals under prefix (a new robot deleted before saving).
    void discardPrefix(const QString &prefix);

    // The value to use now, for a test before saving: the draft, else the store's.
    void valueFor(const QString &key, QObject *context, SecretStore::ReadCallback done) const;

    // The same for several keys at once: values holds the keys that have one; error is the
    // store's first failure, if any.
    using ValuesDone =
        std::function<void(const QHash<QString, QString> &values, const QString &error)>;
    void valuesFor(const QStringList &keys, QObject *context, ValuesDone done) const;

    using Finished = std::function<void(const QStringList &errors)>;
    // Writes every draft; keys written are no longer drafts. Errors name the key.
    void saveDrafts(QObject *context, Finished done);
    // Removes the pending removals and the given keys (a deleted robot's). Absent keys are fine.
    void removePending(const QStringList &more, QObject *context, Finished done);

signals:
    void stateChanged(const QString &key);
    void storeErrorChanged(const QString &error);

private:
    void setState(const QString &key, State state);
    void setStoreError(const QString &error);

    SecretStore &m_store;
    QHash<QString, State> m_states;
    QHash<QString, QString> m_drafts;
    QSet<QString> m_removed;
    QString m_storeError;
};
