// HistorySample: writes sample history into a database: a large synthetic one for the
// benchmark, and a small realistic one for the screenshots.
#pragma once

#include <QString>

class Database;

namespace HistorySample {
// messages (questions and answers alternating) spread over conversations and the last
// 365 days, in one transaction. Returns false with *error on failure.
bool generate(Database &db, qint64 messages, int conversations, QString *error);
// A few readable conversations in Chinese and English (code, tables, lists, an error) and
// a month of usage by several robots and users.
bool demo(Database &db, QString *error);
} // namespace HistorySample
