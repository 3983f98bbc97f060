// BytePair: tiktoken's byte pair merge of one pre-tokenized piece into ranked tokens.
#pragma once

#include "tokens/RankTable.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace BytePair {
// Appends the ranks of the tokens piece becomes. Every single byte must have a rank (true of
// the published files). Merges the lowest-ranked adjacent pair first, the leftmost on a tie.
void encode(const RankTable &ranks, std::string_view piece, std::vector<std::uint32_t> &out);
// How many tokens piece becomes, without building them.
std::size_t count(const RankTable &ranks, std::string_view piece);
} // namespace BytePair
