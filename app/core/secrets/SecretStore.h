// SecretStore: where API keys, robot secrets and tokens live, behind an asynchronous interface.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

// The outcome of reading one secret. "Not found" is not an error: found is false and
// error is empty. error is set only when the store itself failed (locked, unreachable).
struct SecretResult
{
    bool found = false;
    QString value;
    QString error;
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using ReadCallback = std::function<void(const SecretResult &)>;
    using DoneCallback = std::function<void(const QString &error)>; // empty error = success

    using QObject::QObject;
    ~SecretStore() override = default;

    // Every call completes later from the event loop, never inside the call, so callers
    // see the same ordering whatever the backend. The callback is dropped when context dies.
    virtual void read(const QString &key, QObject *context, ReadCallback done) = 0;
    virtual void write(const QString &key, const QString &value, QObject *context,
                       DoneCallback done) = 0;
    virtual void remove(const QString &key, QObject *context, DoneCallback done) = 0;

    // A line for the user describing where secrets come from ("environment variables").
    virtual QString describe() const = 0;

    // DINGRELAY_SECRET_<NAME>: NAME is the key upper-cased, every other character as '_'.
    static QString environmentName(const QString &key);
};
