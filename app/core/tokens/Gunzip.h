// Gunzip: inflates a gzip stream piece by piece, so a large file never sits in memory twice.
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <string_view>

namespace Gunzip {
// Calls sink with each inflated piece, in order; stops early when sink returns false.
// Returns false with error set when the data is not a whole gzip stream.
bool inflate(const QByteArray &gzip, const std::function<bool(std::string_view)> &sink,
             QString *error);
} // namespace Gunzip
