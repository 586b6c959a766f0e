"""Many-to-many character alignment of word pairs by EM (m2m-aligner style).

A Latin word and its Arabic rendering are cut into *graphones*: pairs of a Latin chunk
(1-2 characters, or a doubled digraph such as ``khkh``) and an Arabic chunk (0-2 units,
a unit being a letter with its shadda). EM learns how likely each pair is from all word
pairs at once; the conventional digit/digraph letters (3 = ع, ch = ش, ...) only
seed the first iteration and add a small pseudo-count, so the data decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

__all__ = ["Aligner", "latin_chunks"]

MAX_ARABIC = 2
_VOWELS = frozenset("aeiou'-")
_LONG_CHUNKS = frozenset({"khkh", "chch", "ghgh", "shsh", "ou", "oo", "ee"})


def latin_chunks(word: str, i: int) -> list[str]:
    """Latin chunks that may start at position ``i`` of ``word``."""
    out = [word[i]]
    if i + 1 < len(word):
        out.append(word[i : i + 2])
    if i + 4 <= len(word) and word[i : i + 4].lower() in _LONG_CHUNKS:
        out.append(word[i : i + 4])
    return out


def allowed(latin: str, arabic: str) -> bool:
    """Only vowels (and apostrophes/hyphens) may map to nothing."""
    return bool(arabic) or all(c in _VOWELS for c in latin.lower())


class Aligner:
    """EM over unique word pairs; ``prior`` maps (latin, arabic) pairs to pseudo-counts."""

    def __init__(
        self, prior: Mapping[tuple[str, str], float], prior_weight: float = 2.0, max_arabic: int = MAX_ARABIC
    ) -> None:
        self.max_arabic = max_arabic
        self.prior = dict(prior)
        self.prior_weight = prior_weight
        self.prob: dict[tuple[str, str], float] = {}

    def _edges(self, lat: str, units: Sequence[str]):
        n, m = len(lat), len(units)
        for i in range(n):
            for lc in latin_chunks(lat, i):
                i2 = i + len(lc)
                for j in range(m + 1):
                    for b in range(self.max_arabic + 1):
                        if j + b > m:
                            break
                        ac = "".join(units[j : j + b])
                        if b == 0 and not allowed(lc, ac):
                            continue
                        yield i, j, i2, j + b, (lc, ac)

    def fit(self, pairs: Sequence[tuple[str, tuple[str, ...], float]], iterations: int = 5) -> dict[str, int]:
        """Run EM; returns counters (pairs used, pairs with no valid alignment)."""
        # initial distribution: uniform plus the prior
        self.prob = defaultdict(lambda: 1e-4)
        for key, w in self.prior.items():
            self.prob[key] = 1e-4 + w * 1e-3
        stats = {"pairs": len(pairs), "unalignable": 0}
        for _ in range(iterations):
            counts: dict[tuple[str, str], float] = defaultdict(float)
            unalignable = 0
            for lat, units, weight in pairs:
                edges = list(self._edges(lat, units))
                n, m = len(lat), len(units)
                alpha: dict[tuple[int, int], float] = defaultdict(float)
                alpha[(0, 0)] = 1.0
                # edges come out sorted by source i; within the same i, j order is irrelevant
                # because an edge always advances i
                for i, j, i2, j2, g in edges:
                    a = alpha.get((i, j))
                    if a:
                        alpha[(i2, j2)] += a * self.prob[g]
                total = alpha.get((n, m), 0.0)
                if total <= 0.0:
                    unalignable += 1
                    continue
                beta: dict[tuple[int, int], float] = defaultdict(float)
                beta[(n, m)] = 1.0
                for i, j, i2, j2, g in reversed(edges):
                    b = beta.get((i2, j2))
                    if b:
                        beta[(i, j)] += b * self.prob[g]
                scale = weight / total
                for i, j, i2, j2, g in edges:
                    a = alpha.get((i, j))
                    b = beta.get((i2, j2))
                    if a and b:
                        counts[g] += a * self.prob[g] * b * scale
            for key, w in self.prior.items():
                counts[key] += w * self.prior_weight
            z = sum(counts.values())
            self.prob = defaultdict(lambda: 1e-9, {g: c / z for g, c in counts.items()})
            stats["unalignable"] = unalignable
        return stats

    def viterbi(self, lat: str, units: Sequence[str]) -> list[tuple[str, str]] | None:
        """Best graphone segmentation of one pair, or ``None`` if none exists."""
        best: dict[tuple[int, int], tuple[float, tuple[int, int], tuple[str, str]] | None] = {(0, 0): None}
        score: dict[tuple[int, int], float] = {(0, 0): 1.0}
        for i, j, i2, j2, g in self._edges(lat, units):
            s = score.get((i, j))
            if s is None:
                continue
            cand = s * self.prob.get(g, 1e-12)
            if cand > score.get((i2, j2), 0.0):
                score[(i2, j2)] = cand
                best[(i2, j2)] = (cand, (i, j), g)
        end = (len(lat), len(units))
        if end not in best:
            return None
        path: list[tuple[str, str]] = []
        node = end
        while node != (0, 0):
            entry = best[node]
            assert entry is not None
            _, prev, g = entry
            path.append(g)
            node = prev
        path.reverse()
        return path
