// EnumNames: an enum's values with the names the config file and the logs give them, both ways.
#pragma once

#include <QLatin1StringView>
#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace EnumNames {
template<typename E, std::size_t N> using Table = std::array<std::pair<E, QLatin1StringView>, N>;

// The value's name; the first entry's for a value the table lacks.
template<typename E, std::size_t N> QString name(const Table<E, N> &table, E value)
{
    for (const auto &[v, n] : table) {
        if (v == value)
            return n;
    }
    return table.front().second;
}

template<typename E, std::size_t N>
std::optional<E> value(const Table<E, N> &table, const QString &name)
{
    for (const auto &[v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}
} // namespace EnumNames
