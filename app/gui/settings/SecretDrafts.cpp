#include "settings/SecretDrafts.h"

#include <QMetaObject>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Runs one store call per key and reports all errors once the last one answered.
struct Batch
{
    qsizetype pending = 0;
    QStringList errors;
    SecretDrafts::Finished done;
};

} // namespace

SecretDrafts::SecretDrafts(SecretStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

void SecretDrafts::probe(const QStringList &keys)
{
    for (const QString &key : keys) {
        m_store.read(key, this, [this, key](const SecretResult &r) {
            // The value itself is dropped here: the dialog only needs to know it exists.
            if (!r.error.isEmpty()) {
                setStoreError(r.error);
                setState(key, State::Unreadable);
            } else {
                setState(key, r.found ? State::Stored : State::Absent);
            }
        });
    }
}

void SecretDrafts::setState(const QString &key, State state)
{
    if (m_states.value(key, State::Unknown) == state && m_states.contains(key))
        return;
    m_states.insert(key, state);
    emit stateChanged(key);
}

void SecretDrafts::setStoreError(const QString &error)
{
    if (m_storeError == error)
        return;
    m_storeError = error;
    emit storeErrorChanged(error);
}

void SecretDrafts::setDraft(const QString &key, const QString &value)
{
    if (value.isEmpty())
        m_drafts.remove(key);
    else {
        m_drafts.insert(key, value);
        m_removed.remove(key);
    }
    emit stateChanged(key);
}

void SecretDrafts::setRemoved(const QString &key, bool removed)
{
    if (removed) {
        m_removed.insert(key);
        m_drafts.remove(key);
    } else {
        m_removed.remove(key);
    }
    emit stateChanged(key);
}

bool SecretDrafts::willHaveValue(const QString &key) const
{
    if (m_drafts.contains(key))
        return true;
    return state(key) == State::Stored && !m_removed.contains(key);
}

void SecretDrafts::renamePrefix(const QString &from, const QString &to)
{
    if (from == to)
        return;
    const QStringList keys = m_drafts.keys();
    for (const QString &key : keys) {
        if (key.startsWith(from)) {
            m_drafts.insert(to + key.mid(from.size()), m_drafts.take(key));
            emit stateChanged(to + key.mid(from.size()));
        }
    }
}

void SecretDrafts::discardPrefix(const QString &prefix)
{
    m_drafts.removeIf([&](const auto &it) { return it.key().startsWith(prefix); });
    m_removed.removeIf([&](const QString &key) { return key.startsWith(prefix); });
}

void SecretDrafts::valueFor(const QString &key, QObject *context,
                            SecretStore::ReadCallback done) const
{
    if (m_drafts.contains(key)) {
        SecretResult typed{true, m_drafts.value(key), QString()};
        QMetaObject::invokeMethod(
            context, [done = std::move(done), typed] { done(typed); }, Qt::QueuedConnection);
        return;
    }
    if (m_removed.contains(key)) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done({}); }, Qt::QueuedConnection);
        return;
    }
    m_store.read(key, context, std::move(done));
}

void SecretDrafts::valuesFor(const QStringList &keys, QObject *context, ValuesDone done) const
{
    struct Gathering
    {
        qsizetype pending = 0;
        QHash<QString, QString> values;
        QString error;
        ValuesDone done;
    };
    auto state = std::make_shared<Gathering>();
    state->pending = keys.size();
    state->done = std::move(done);
    if (keys.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [state] { state->done({}, {}); }, Qt::QueuedConnection);
        return;
    }
    for (const QString &key : keys) {
        valueFor(key, context, [state, key](const SecretResult &r) {
            if (r.found)
                state->values.insert(key, r.value);
            if (!r.error.isEmpty() && state->error.isEmpty())
                state->error = r.error;
            if (--state->pending == 0)
                state->done(state->values, state->error);
        });
    }
}

void SecretDrafts::saveDrafts(QObject *context, Finished done)
{
    auto batch = std::make_shared<Batch>();
    batch->done = std::move(done);
    batch->pending = m_drafts.size();
    if (m_drafts.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [batch] { batch->done({}); }, Qt::QueuedConnection);
        return;
    }
    QPointer<SecretDrafts> self(this);
    const auto drafts = m_drafts;
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it) {
        const QString key = it.key();
        const QString value = it.value();
        m_store.write(key, value, context, [self, batch, key, value](const QString &error) {
            if (self) {
                if (error.isEmpty()) {
                    self->setStoreError(QString());
                    // Written: drop the draft unless the user typed something else meanwhile.
                    if (self->m_drafts.value(key) == value)
                        self->m_drafts.remove(key);
                    self->setState(key, State::Stored);
                    emit self->stateChanged(key); // the draft is gone even if Stored was known
                } else {
                    self->setStoreError(error);
                }
            }
            if (!error.isEmpty())
                batch->errors << u"%1: %2"_s.arg(key, error);
            if (--batch->pending == 0)
                batch->done(batch->errors);
        });
    }
}

void SecretDrafts::removePending(const QStringList &more, QObject *context, Finished done)
{
    QStringList keys(m_removed.begin(), m_removed.end());
    for (const QString &key : more) {
        if (!keys.contains(key))
            keys << key;
    }
    auto batch = std::make_shared<Batch>();
    batch->done = std::move(done);
    batch->pending = keys.size();
    if (keys.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [batch] { batch->done({}); }, Qt::QueuedConnection);
        return;
    }
    QPointer<SecretDrafts> self(this);
    for (const QString &key : std::as_const(keys)) {
        m_store.remove(key, context, [self, batch, key](const QString &error) {
            if (self && error.isEmpty()) {
                self->m_removed.remove(key);
                self->setState(key, State::Absent);
            }
            if (!error.isEmpty())
                batch->errors << u"%1: %2"_s.arg(key, error);
            if (--batch->pending == 0)
                batch->done(batch->errors);
        });
    }
}
