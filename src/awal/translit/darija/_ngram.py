"""Witten-Bell interpolated n-gram models, stored ARPA-style (probability + back-off weight).

One small class serves two purposes: the *joint* model over graphones (aligned
Latin/Arabic chunk pairs, ids) that generates transliteration candidates, and the
*character* language models (Arabic-script Darija, Arabizi) that rank them. Witten-Bell
is used because it needs no held-out data and behaves well on small alphabets; it is
stored as interpolated log-probabilities for seen events plus a back-off weight per
history, so scoring an event is at most ``order`` dictionary look-ups.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

__all__ = ["NgramModel"]

#: sequence start / end symbols; every symbol is one character, so n-grams are strings
BOS = "\x02"
EOS = "\x03"


class NgramModel:
    """An interpolated Witten-Bell n-gram model over single-character symbols.

    N-grams are strings (one character per symbol: a letter, or a graphone id mapped to a
    private character), which keeps the tables small and the look-ups fast.
    ``logp[h + s]`` holds ``log P(s | h)`` for every seen n-gram (interpolated with the
    lower orders); ``bow[h]`` holds ``log`` of the back-off mass of history ``h``.
    Unseen unigrams get ``unk_logp``.
    """

    def __init__(self, order: int, logp: dict[str, float], bow: dict[str, float], unk_logp: float) -> None:
        self.order = order
        self.logp = logp
        self.bow = bow
        self.unk_logp = unk_logp
        #: backed-off scores of contexts already looked up (decoding revisits the same ones)
        self._memo: dict[str, float] = {}

    # -- training -------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        sequences: Iterable[tuple[str, int]],
        order: int,
        vocab_size: int,
        min_count: int = 1,
        min_counts: Mapping[int, int] | None = None,
    ) -> NgramModel:
        """Fit on ``(sequence, weight)`` items; ``sequence`` excludes BOS/EOS.

        ``min_count`` prunes n-grams of order >= 3 seen fewer times (keeps tables small;
        their mass goes to the back-off); ``min_counts`` (order -> minimum count, orders >= 2)
        overrides it per order. ``vocab_size`` sizes the unigram floor.
        """
        counts: list[Counter] = [Counter() for _ in range(order + 1)]
        for seq, weight in sequences:
            padded = BOS * (order - 1) + seq + EOS
            for i in range(order - 1, len(padded)):
                for n in range(1, order + 1):
                    counts[n][padded[i - n + 1 : i + 1]] += weight
        cutoffs = {n: min_count for n in range(3, order + 1)} if min_counts is None else dict(min_counts)
        for n, least in sorted(cutoffs.items()):
            if n < 2:
                raise ValueError("count cut-offs apply to orders >= 2 only (unigrams are never pruned)")
            if n <= order and least > 1:
                counts[n] = Counter({k: v for k, v in counts[n].items() if v >= least})
        logp: dict[str, float] = {}
        bow: dict[str, float] = {}
        # unigrams: Witten-Bell against a uniform floor over the vocabulary
        total = sum(counts[1].values())
        types = len(counts[1])
        floor = 1.0 / max(vocab_size, types + 1)
        lam_mass = types / (total + types) if total else 1.0
        for s, c in counts[1].items():
            logp[s] = math.log(c / (total + types) + lam_mass * floor)
        unk = math.log(lam_mass * floor)
        for n in range(2, order + 1):
            hist_total: dict[str, float] = defaultdict(float)
            hist_types: Counter = Counter()
            for ctx, c in counts[n].items():
                hist_total[ctx[:-1]] += c
                hist_types[ctx[:-1]] += 1
            for ctx, c in counts[n].items():
                h = ctx[:-1]
                tot, typ = hist_total[h], hist_types[h]
                lower = _lookup(logp, bow, ctx[1:], unk)
                logp[ctx] = math.log((c + typ * math.exp(lower)) / (tot + typ))
            for h, tot in hist_total.items():
                typ = hist_types[h]
                bow[h] = math.log(typ / (tot + typ))
        return cls(order, logp, bow, unk)

    # -- scoring --------------------------------------------------------------------
    def score(self, history: str, symbol: str) -> float:
        """``log P(symbol | history)``; ``history`` may be longer than needed."""
        n = self.order - 1
        ctx = (history[-n:] if n else "") + symbol
        v = self._memo.get(ctx)
        if v is None:
            v = _lookup(self.logp, self.bow, ctx, self.unk_logp)
            if len(self._memo) > 500_000:  # bounded: the hot contexts refill it quickly
                self._memo.clear()
            self._memo[ctx] = v
        return v

    def score_sequence(self, seq: str) -> float:
        """``log P(seq EOS)`` starting from the BOS padding."""
        n = self.order - 1
        padded = BOS * n + seq + EOS
        logp, bow, unk = self.logp, self.bow, self.unk_logp
        return sum(_lookup(logp, bow, padded[i - n : i + 1], unk) for i in range(n, len(padded)))

    # -- serialisation --------------------------------------------------------------
    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Compact arrays: keys as one newline-joined UTF-8 blob, values as float32."""
        return {
            f"{prefix}.meta": np.array([self.order, self.unk_logp], dtype=np.float64),
            f"{prefix}.pk": np.frombuffer("\n".join(self.logp).encode("utf-8"), dtype=np.uint8),
            f"{prefix}.pv": np.array(list(self.logp.values()), dtype=np.float32),
            f"{prefix}.bk": np.frombuffer("\n".join(self.bow).encode("utf-8"), dtype=np.uint8),
            f"{prefix}.bv": np.array(list(self.bow.values()), dtype=np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> NgramModel:
        meta = arrays[f"{prefix}.meta"]
        pk = arrays[f"{prefix}.pk"].tobytes().decode("utf-8").split("\n")
        bk = arrays[f"{prefix}.bk"].tobytes().decode("utf-8").split("\n")
        pv, bv = arrays[f"{prefix}.pv"].tolist(), arrays[f"{prefix}.bv"].tolist()
        if len(pk) != len(pv) or len(bk) != len(bv) or len(meta) != 2:
            raise ValueError(f"n-gram table {prefix!r} has mismatched keys and values")
        return cls(int(meta[0]), dict(zip(pk, pv, strict=True)), dict(zip(bk, bv, strict=True)), float(meta[1]))


def _lookup(logp: dict[str, float], bow: dict[str, float], ctx: str, unk: float) -> float:
    """Interpolated probability with back-off through shorter histories."""
    penalty = 0.0
    while True:
        v = logp.get(ctx)
        if v is not None:
            return penalty + v
        if len(ctx) == 1:
            return penalty + unk
        b = bow.get(ctx[:-1])
        if b is not None:
            penalty += b
        ctx = ctx[1:]
