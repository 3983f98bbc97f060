#include "tokens/BytePair.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace {

using Rank = std::uint32_t;
constexpr Rank None = RankTable::NoRank;

// Pieces up to this many bytes use tiktoken's own loop (quadratic, but cache-friendly and
// fastest for words); longer ones a heap, so a pasted blob without spaces stays linear-ish.
constexpr std::size_t LongPiece = 128;

// The boundaries that remain after merging, as byte offsets (the piece's size last).
// tiktoken's _byte_pair_merge, boundary for boundary.
void mergeShort(const RankTable &ranks, std::string_view piece, std::vector<std::uint32_t> &starts)
{
    struct Part
    {
        std::uint32_t start;
        Rank rank;
    };
    Part parts[LongPiece + 1];
    const std::size_t n = piece.size();
    std::size_t count = 0;
    Rank minRank = None;
    std::size_t minAt = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const Rank r = ranks.rank(piece.data() + i, 2);
        if (r < minRank) {
            minRank = r;
            minAt = i;
        }
        parts[count++] = {std::uint32_t(i), r};
    }
    parts[count++] = {std::uint32_t(n - 1), None};
    parts[count++] = {std::uint32_t(n), None};

    const auto rankAt = [&](std::size_t i) -> Rank {
        if (i + 3 >= count)
            return None;
        return ranks.rank(piece.data() + parts[i].start, parts[i + 3].start - parts[i].start);
    };
    while (minRank != None) {
        const std::size_t i = minAt;
        if (i > 0)
            parts[i - 1].rank = rankAt(i - 1);
        parts[i].rank = rankAt(i);
        std::move(parts + i + 2, parts + count, parts + i + 1);
        --count;
        minRank = None;
        for (std::size_t k = 0; k + 1 < count; ++k) {
            if (parts[k].rank < minRank) {
                minRank = parts[k].rank;
                minAt = k;
            }
        }
    }
    starts.clear();
    for (std::size_t k = 0; k < count; ++k)
        starts.push_back(parts[k].start);
}

// The same merges in the same order, for long pieces: a heap ordered by (rank, offset) picks
// the lowest rank and, on a tie, the leftmost pair, exactly as the linear scan does.
void mergeLong(const RankTable &ranks, std::string_view piece, std::vector<std::uint32_t> &starts)
{
    const std::uint32_t n = std::uint32_t(piece.size());
    std::vector<std::uint32_t> next(n + 1), prev(n + 1);
    std::vector<Rank> rank(n + 1, None);
    for (std::uint32_t i = 0; i <= n; ++i) {
        next[i] = i + 1;
        prev[i] = i == 0 ? 0 : i - 1;
    }
    // The pair starting at boundary i spans the segment at i and the one after it.
    const auto pairRank = [&](std::uint32_t i) -> Rank {
        if (i >= n || next[i] >= n)
            return None;
        return ranks.rank(piece.data() + i, next[next[i]] - i);
    };
    using Entry = std::pair<Rank, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
        rank[i] = pairRank(i);
        if (rank[i] != None)
            heap.emplace(rank[i], i);
    }
    std::vector<bool> gone(n + 1, false);
    while (!heap.empty()) {
        const auto [r, i] = heap.top();
        heap.pop();
        if (gone[i] || rank[i] != r)
            continue; // stale: the pair changed since it was queued
        const std::uint32_t j = next[i];
        gone[j] = true;
        next[i] = next[j];
        if (next[j] <= n)
            prev[next[j]] = i;
        rank[i] = pairRank(i);
        if (rank[i] != None)
            heap.emplace(rank[i], i);
        if (i > 0) {
            const std::uint32_t p = prev[i];
            rank[p] = pairRank(p);
            if (rank[p] != None)
                heap.emplace(rank[p], p);
        }
    }
    starts.clear();
    for (std::uint32_t i = 0; i <= n; i = next[i])
        starts.push_back(i);
}

void merge(const RankTable &ranks, std::string_view piece, std::vector<std::uint32_t> &starts)
{
    if (piece.size() <= LongPiece)
        mergeShort(ranks, piece, starts);
    else
        mergeLong(ranks, piece, starts);
}

} // namespace

void BytePair::encode(const RankTable &ranks, std::string_view piece,
                      std::vector<std::uint32_t> &out)
{
    if (piece.empty())
        return;
    const Rank whole = ranks.rank(piece);
    if (whole != None) {
        out.push_back(whole);
        return;
    }
    thread_local std::vector<std::uint32_t> starts;
    merge(ranks, piece, starts);
    for (std::size_t k = 0; k + 1 < starts.size(); ++k)
        out.push_back(ranks.rank(piece.data() + starts[k], starts[k + 1] - starts[k]));
}

std::size_t BytePair::count(const RankTable &ranks, std::string_view piece)
{
    if (piece.empty())
        return 0;
    if (ranks.rank(piece) != None)
        return 1;
    thread_local std::vector<std::uint32_t> starts;
    merge(ranks, piece, starts);
    return starts.size() - 1;
}
