"""Vectorised language-ID inference: a whole batch of texts in a few dozen numpy passes.

No Python loop runs per text on the hot path. A batch is joined into one string, turned
into a ``uint32`` code-point array and then:

1. **normalised** with look-up tables: lower case, Arabic letter variants folded (``ک`` ->
   ``ك``, ``ی`` -> ``ي``, typographic apostrophes -> ``'``), harakat, tatweel, bidi marks and
   other combining marks dropped, punctuation/symbols/emoji -> space, tokens without a
   letter (numbers) -> space, letter floods cut to two, runs of spaces collapsed (the
   same cleaning as :mod:`awal.lid._text`, done on arrays);
2. **counted by script** (Latin, Arabic, Tifinagh, other) per text with one ``bincount``;
3. **hashed** into features: character n-grams of the space-padded text (orders
   :attr:`FeatureConfig.orders`), words and word bigrams. Character n-grams use a rolling
   polynomial hash (``uint64`` arithmetic wraps mod 2**64), words a prefix hash; each
   feature kind has its own salt and the bucket is the top bits of a multiplicative hash.
   N-grams never cross a text boundary;
4. **scored**: a feature bucket is a row of a ``(buckets + 1, dim + 1)`` float32 table whose
   last column is 1 for buckets seen in training (so the row sum also counts the known
   features); the text's hidden vector is the mean of its rows plus the end-of-sentence
   row, exactly fastText's supervised model, and ``hidden @ W.T`` gives the label logits.

The weights come from :mod:`awal.lid.train_engine` (fastText trained on these same
hashed features, then exported) and are stored as an ``.npz`` of plain arrays, read with
``allow_pickle=False``.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

try:  # the optional C kernel (setup.py); same integers as the numpy code, so the same answers
    from awal.lid import _kernel
except ImportError:  # no compiler at install time
    _kernel = None  # type: ignore[assignment]
if os.environ.get("AWAL_LID_PURE", "") not in ("", "0"):
    _kernel = None  # type: ignore[assignment]

#: True when the per-text work (cleaning, hashing, row sums) runs in the compiled ``awal.lid._kernel``;
#: False = numpy and plain Python (no compiler at install time, or ``$AWAL_LID_PURE=1``). Same outputs.
ACCELERATED: bool = _kernel is not None

__all__ = [
    "ACCELERATED",
    "CLS_ARAB",
    "CLS_LATN",
    "CLS_OTHER",
    "CLS_TFNG",
    "LETTER_EVIDENCE",
    "TUAREG_LETTERS",
    "Batch",
    "Engine",
    "FeatureConfig",
    "encode_batch",
    "features",
]

# code-point classes (uint8) after folding
CLS_NONE = 0  # space, separator
CLS_LATN = 1
CLS_ARAB = 2
CLS_TFNG = 3
CLS_OTHER = 4  # a letter of a script no model covers
CLS_DIGIT = 5  # digits and the apostrophe: kept inside words that have a letter
N_CLASSES = 6
SCRIPT_CLASSES = {"Latn": CLS_LATN, "Arab": CLS_ARAB, "Tfng": CLS_TFNG}

_SPACE = 0x20
_SEP = 0x0A  # between texts
_DROP = 0xFFFF  # removed characters (marks, bidi controls, tatweel)
_MASK64 = (1 << 64) - 1
#: multiplier of the rolling / prefix hashes (odd, so its powers are invertible mod 2**64)
_BASE = 0x100000001B3
#: Fibonacci-hashing multiplier that spreads a feature hash over the top bits
_MIX = 0x9E3779B97F4A7C15
_BIGRAM_MUL = 0xC2B2AE3D27D4EB4F
_SALT_WORD = 0x5851F42D4C957F2D
_SALT_BIGRAM = 0x14057B7EF767814F

# each pattern starts with a literal, so the regex engine skips ahead (as awal.lid._text)
_URL_RES = (re.compile(r"https?://\S*"), re.compile(r"www\.\S*"), re.compile(r"@\S*"))


def _strip_urls(text: str) -> str:
    if "@" in text or "http" in text or "www." in text:
        for rx in _URL_RES:
            text = rx.sub(" ", text)
    return text


# Latin: Basic Latin + Latin-1 + Extended A/B + IPA + Latin Extended Additional (as awal.lid._text)
_LATN = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x250, 0x2AF), (0x1E00, 0x1EFF), (0xAA, 0xAA), (0xBA, 0xBA))
_ARAB = ((0x620, 0x64A), (0x66E, 0x6D3), (0x6D5, 0x6D5), (0x6FA, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF))
_ARAB += ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
_TFNG = ((0x2D30, 0x2D7F),)
_FOLD_EXTRA = {"ک": "ك", "ی": "ي", "‘": "'", "’": "'", "‛": "'", "´": "'", "ʼ": "'", "ـ": None}


@dataclass(frozen=True)
class FeatureConfig:
    """Which features a model uses (stored in its manifest; must match at inference)."""

    #: character n-gram orders over the space-padded text
    orders: tuple[int, ...] = (2, 3, 4, 5)
    #: log2 of the number of hash buckets shared by all feature kinds
    bucket_bits: int = 19
    words: bool = True
    word_bigrams: bool = True

    @property
    def buckets(self) -> int:
        return 1 << self.bucket_bits

    def to_dict(self) -> dict[str, Any]:
        return {
            "orders": list(self.orders),
            "bucket_bits": self.bucket_bits,
            "words": self.words,
            "word_bigrams": self.word_bigrams,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FeatureConfig:
        return cls(
            orders=tuple(int(x) for x in d["orders"]),
            bucket_bits=int(d["bucket_bits"]),
            words=bool(d["words"]),
            word_bigrams=bool(d["word_bigrams"]),
        )


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= cp <= b for a, b in ranges)


#: BMP blocks made only of letters of scripts no model covers (CJK, Hangul, Yi): classified without a loop
_OTHER_LETTER_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA48C), (0xAC00, 0xD7A3))


@functools.lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """``(fold, cls)``: folded code point of every BMP code point, class of every folded one.

    Built once per process (~50 ms): letters are lower-cased (one-character results
    only), decimal digits of any script become ASCII digits, combining marks, format
    controls and tatweel are dropped, everything else that is not alphanumeric is a space.
    """
    fold = np.full(0x10000, _SPACE, dtype=np.uint32)
    cls = np.zeros(0x10000, dtype=np.uint8)
    skip = np.zeros(0x10000, dtype=bool)
    for a, b in _OTHER_LETTER_BLOCKS:
        fold[a : b + 1] = np.arange(a, b + 1, dtype=np.uint32)
        cls[a : b + 1] = CLS_OTHER
        skip[a : b + 1] = True
    fold[0xD800:0xE000] = _DROP  # lone surrogates (replaced before, never seen)
    skip[0xD800:0xF900] = True  # surrogates and private use (space)
    cat = unicodedata.category
    for cp in np.flatnonzero(~skip).tolist():
        ch = chr(cp)
        c = cat(ch)
        major = c[0]
        if major == "L":
            low = ch.lower()
            fold[cp] = ord(low) if len(low) == 1 else cp
        elif major == "M" or c == "Cf":
            fold[cp] = _DROP
        elif c == "Nd":
            fold[cp] = 0x30 + unicodedata.digit(ch)
        elif major == "N" and ch.isalnum():
            fold[cp] = cp
        if major == "L" or (major == "N" and ch.isalnum()):
            if _in_ranges(cp, _LATN):
                cls[cp] = CLS_LATN
            elif _in_ranges(cp, _ARAB):
                cls[cp] = CLS_ARAB
            elif _in_ranges(cp, _TFNG):
                cls[cp] = CLS_TFNG
            else:
                cls[cp] = CLS_OTHER if major == "L" else CLS_DIGIT
    fold[_SEP] = _SEP
    fold[ord("'")] = ord("'")
    for src, dst in _FOLD_EXTRA.items():
        fold[ord(src)] = _DROP if dst is None else ord(dst)
    fold[_DROP] = _DROP
    cls[0x30:0x3A] = CLS_DIGIT
    cls[ord("'")] = CLS_DIGIT
    cls[_DROP] = CLS_NONE
    return fold, cls


@functools.lru_cache(maxsize=4)
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``BASE**i`` and ``BASE**-i`` mod 2**64 for ``i < n`` (``n`` a power of two)."""
    inv = pow(_BASE, -1, 1 << 64)
    p = np.full(n, _BASE, dtype=np.uint64)
    p[0] = 1
    q = np.full(n, inv, dtype=np.uint64)
    q[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(p, dtype=np.uint64), np.cumprod(q, dtype=np.uint64)


@dataclass
class Batch:
    """A normalised batch: padded code points and where each text lies in them."""

    #: hashing input: ``" " text0 " " text1 " " ...`` (text boundaries are spaces here)
    chars: np.ndarray
    #: positions of the boundaries between texts in :attr:`chars` (``n - 1`` of them)
    seps: np.ndarray
    #: per text, index of its first feature position (features end at positions start..next start - 1)
    starts: np.ndarray
    #: ``(n, N_CLASSES)`` letter counts per class for each text
    counts: np.ndarray
    n: int


def encode_batch(texts: Sequence[str]) -> Batch:
    """Normalise a batch of texts into one code-point array (see the module doc)."""
    n = len(texts)
    big = "\n".join(texts)
    if big.count("\n") != n - 1:
        big = "\n".join(t.replace("\n", " ") for t in texts)
    if "@" in big or "http" in big or "www." in big:
        for rx in _URL_RES:
            big = rx.sub(" ", big)
    fold, cls_lut = tables()
    # lone surrogates cannot be encoded: "replace" keeps one code unit per character (offsets hold)
    a = np.frombuffer(big.encode("utf-32-le", "replace"), dtype=np.uint32)
    if not big.isascii() and a.size and int(a.max()) > 0xFFFF:
        a = np.where(a > 0xFFFF, np.uint32(_SPACE), a)
    f = fold[a]
    if not big.isascii():
        keep = f != _DROP
        if not keep.all():
            f = f[keep]
    cls = cls_lut[f]
    is_sep = f == _SEP
    blank = (f == _SPACE) | is_sep
    # tokens with no letter (numbers, lone apostrophes) -> space
    digits = np.flatnonzero(cls == CLS_DIGIT)
    if digits.size:
        bounds = np.flatnonzero(blank)
        # letters per token (tokens are the stretches between blanks; a blank itself counts 0)
        is_letter = (cls != CLS_NONE) & (cls != CLS_DIGIT)
        tok_starts = np.concatenate([[0], bounds + 1])
        tok_starts = tok_starts[tok_starts < f.size]
        letters = np.add.reduceat(is_letter.view(np.uint8), tok_starts, dtype=np.int64)
        kill = digits[letters[np.searchsorted(bounds, digits)] == 0]
        if kill.size:
            f[kill] = _SPACE
            cls[kill] = CLS_NONE
            blank[kill] = True
    # floods (three or more of the same letter -> two) and runs of blanks
    drop = np.zeros(f.size, dtype=bool)
    if f.size > 2:
        drop[2:] = (f[2:] == f[1:-1]) & (f[1:-1] == f[:-2]) & ~blank[2:]
    sp = blank & ~is_sep
    if f.size:
        drop[1:] |= sp[1:] & blank[:-1]
        drop[0] |= sp[0]
    if drop.any():
        keep = ~drop
        f = f[keep]
        cls = cls[keep]
        is_sep = is_sep[keep]
        sp = f == _SPACE
    # runs are single spaces now: drop those that end a text
    trailing = np.zeros(f.size, dtype=bool)
    if f.size:
        trailing[:-1] = sp[:-1] & is_sep[1:]
        trailing[-1] = sp[-1]
    if trailing.any():
        keep = ~trailing
        f = f[keep]
        cls = cls[keep]
        is_sep = is_sep[keep]
    seps = np.flatnonzero(is_sep)
    # text id of every char (separators belong to the text they end)
    lens = np.diff(np.concatenate([[-1], seps, [f.size - 1]]))
    tid = np.repeat(np.arange(n, dtype=np.intp), lens)
    counts = np.bincount(tid * N_CLASSES + cls, minlength=n * N_CLASSES).reshape(n, N_CLASSES)
    chars = np.empty(f.size + 2, dtype=np.uint64)
    chars[0] = _SPACE
    chars[-1] = _SPACE
    chars[1:-1] = f
    chars[1:-1][is_sep] = _SPACE
    seps = seps + 1
    starts = np.empty(n, dtype=np.intp)
    starts[0] = 1
    starts[1:] = seps + 1
    return Batch(chars=chars, seps=seps, starts=starts, counts=counts, n=n)


def features(batch: Batch, config: FeatureConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bucket ids: ``(char_idx, word_idx, word_starts)``.

    ``char_idx`` is ``(len(orders), len(chars))``: the bucket of the n-gram of each order
    *ending* at each position, or ``buckets`` (the all-zero row) where there is none; the
    features of text ``i`` are the positions ``starts[i]`` to ``starts[i+1] - 1``.
    ``word_idx`` is ``(1 or 2, n_words)`` (word, bigram with the next word), and text ``i``
    owns words ``word_starts[i]`` to ``word_starts[i+1] - 1``.
    """
    c = batch.chars
    size = c.size
    nb = config.buckets
    shift = np.uint64(64 - config.bucket_bits)
    mix = np.uint64(_MIX)
    base = np.uint64(_BASE)
    out = np.empty((len(config.orders), size), dtype=np.intp)
    is_space = c == _SPACE
    uout = out.view(np.uint64)  # bucket ids < 2**bits: the same bits as non-negative intp
    tmp = np.empty(size, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = c.copy()
        order = 1
        for k, n in enumerate(config.orders):
            while order < n:
                np.multiply(h[order - 1 : -1], base, out=tmp[order:])
                np.add(tmp[order:], c[order:], out=h[order:])
                order += 1
            urow = uout[k]
            salt = np.uint64((0x2545F4914F6CDD1D * (n + 1)) & _MASK64)
            np.bitwise_xor(h, salt, out=urow)
            np.multiply(urow, mix, out=urow)
            np.right_shift(urow, shift, out=urow)
            row = out[k]
            row[: n - 1] = nb
            if n == 1:
                row[is_space] = nb
            elif n > 2 and batch.seps.size:
                bad = (batch.seps[:, None] + np.arange(1, n - 1)).ravel()
                row[bad[bad < size]] = nb
        if not config.words:
            return out, np.empty((0, 0), dtype=np.intp), np.zeros(batch.n, dtype=np.intp)
        # words: runs of non-space; prefix hash of the code points
        ws = np.flatnonzero(is_space[:-1] & ~is_space[1:]) + 1
        we = np.flatnonzero(~is_space[:-1] & is_space[1:]) + 1  # exclusive
        powers, inv = _powers(max(1 << int(size).bit_length(), 1024))
        pref = np.zeros(size + 1, dtype=np.uint64)
        np.cumsum(c * powers[:size], out=pref[1:])
        wh = (pref[we] - pref[ws]) * inv[ws]
        rows = 2 if config.word_bigrams else 1
        widx = np.empty((rows, ws.size), dtype=np.intp)
        widx[0] = ((wh ^ np.uint64(_SALT_WORD)) * mix) >> shift
        owner = np.searchsorted(batch.seps, ws)
        if rows == 2 and ws.size:
            bh = wh[:-1] * np.uint64(_BIGRAM_MUL) + wh[1:]
            b = widx[1]
            b[:-1] = ((bh ^ np.uint64(_SALT_BIGRAM)) * mix) >> shift
            b[-1] = nb
            b[:-1][owner[:-1] != owner[1:]] = nb
        word_starts = np.searchsorted(owner, np.arange(batch.n))
    return out, widx, word_starts


#: lanes of a packed row: ``dim`` quantised coordinates then the "known feature" count
LANES = 16
#: feature slots summed per position in 8-bit lanes (character n-gram orders, or word + bigram)
MAX_SLOTS_PER_POSITION = 5
#: quantisation levels of a coordinate: a position's slots sum to at most 255 (one byte per lane)
LEVELS = 255 // MAX_SLOTS_PER_POSITION
#: positions per text whose byte sums fit 16-bit lanes
_MAX_POSITIONS = 65535 // 255


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(q uint8 in [0, LEVELS], lo, step)`` with ``vectors ~= lo + step * q`` per column."""
    lo = vectors.min(axis=0).astype(np.float32)
    hi = vectors.max(axis=0).astype(np.float32)
    step = np.where(hi > lo, (hi - lo) / LEVELS, 1.0).astype(np.float32)
    q = np.clip(np.rint((vectors - lo) / step), 0, LEVELS).astype(np.uint8)
    return q, lo, step


class Engine:
    """A hashed-feature softmax classifier (weights exported from fastText).

    Each bucket's vector is quantised to :data:`LEVELS` + 1 levels per coordinate and packed
    with a 1 ("a known feature") into sixteen bytes, one 16-byte item per bucket (numpy
    gathers 16-byte items with a tight loop). Summing packed ``uint64`` words adds eight
    lanes at once (SWAR): the up to five slots of one position fit a byte per lane; the
    position sums are widened to 16-bit lanes and summed per text with one ``reduceat``
    over ``uint64`` words (four lanes each), exact while a text has at most 257 positions;
    longer texts are summed lane by lane in int64 instead.
    """

    def __init__(
        self,
        config: FeatureConfig,
        rows: np.ndarray,
        q: np.ndarray,
        lo: np.ndarray,
        step: np.ndarray,
        eos: np.ndarray,
        output: np.ndarray,
    ) -> None:
        nb = config.buckets
        dim = eos.shape[0]
        if dim > LANES - 1 or q.ndim != 2 or q.shape != (rows.shape[0], dim):
            raise ValueError(f"quantised vectors {q.shape} do not fit {rows.shape[0]} rows of dim {dim} <= {LANES - 1}")
        if lo.shape != (dim,) or step.shape != (dim,) or output.ndim != 2 or output.shape[1] != dim:
            raise ValueError("scale or output arrays do not fit the vector size")
        if rows.size and (int(rows[-1]) >= nb or not bool((rows[1:] > rows[:-1]).all())):
            raise ValueError("bucket ids must be strictly increasing and below the bucket count (out of range)")
        if q.size and int(q.max()) > LEVELS:
            raise ValueError(f"quantised values above {LEVELS}")
        if len(config.orders) > MAX_SLOTS_PER_POSITION:
            raise ValueError(f"at most {MAX_SLOTS_PER_POSITION} n-gram orders")
        self.config = config
        self.dim = dim
        packed = np.zeros((nb + 1, LANES), dtype=np.uint8)
        packed[rows.astype(np.intp), :dim] = q
        packed[rows.astype(np.intp), LANES - 1] = 1
        self._table = packed.view(np.complex128).ravel()  # one opaque 16-byte item per bucket
        self.lo = lo.astype(np.float64)
        self.step = step.astype(np.float64)
        self.eos = eos.astype(np.float64)
        self.output_t = np.ascontiguousarray(output.T, dtype=np.float64)
        # probabilities_py: logits = (output @ (step * s + known * lo + eos)) / (known + 1), the products folded
        self._py_scaled = np.ascontiguousarray(output.astype(np.float64) * self.step)  # (labels, dim)
        self._py_out_lo = output.astype(np.float64) @ self.lo
        self._py_out_eos = output.astype(np.float64) @ self.eos
        #: per-label log-prior correction added to the logits (see :meth:`set_log_prior`)
        self.log_prior: np.ndarray | None = None

    def set_log_prior(self, log_prior: np.ndarray | None) -> None:
        """Add ``log_prior`` (``(n_labels,)``) to every text's logits: a label prior correction.

        Training repeats small sources, which inflates those labels' priors; the manifest's
        ``label_log_prior`` (chosen on the tuning slice) takes back what did not pay off.
        """
        if log_prior is None or not np.any(log_prior):
            self.log_prior = None
            return
        vec = np.asarray(log_prior, dtype=np.float64)
        if vec.shape != (self.output_t.shape[1],) or not np.all(np.isfinite(vec)):
            raise ValueError(f"log prior must be {self.output_t.shape[1]} finite numbers")
        self.log_prior = vec
        self._py_log_prior = vec.tolist()

    def _lane_sums(self, idx: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
        """``(n, LANES)`` int64 lane sums of the rows ``idx`` (``(slots, positions)``) per text."""
        size = idx.shape[1]
        if size == 0:
            return np.zeros((n, LANES), dtype=np.int64)
        k = idx.shape[0]
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1] = size
        np.minimum(ends, size, out=ends)
        st = np.minimum(starts, ends)
        g = np.take(self._table, idx).view(np.uint64).reshape(k, size, 2)
        per_pos = g[0] + g[1] if k > 1 else g[0].copy()
        for j in range(2, k):
            per_pos += g[j]
        wide = np.zeros((size + 1, LANES), dtype=np.uint16)  # 16-bit lanes, a zero row after the last position
        wide[:size] = per_pos.view(np.uint8).reshape(size, LANES)
        words = wide.view(np.uint64)  # (size + 1, 4)
        sums = np.add.reduceat(words, st, axis=0)
        sums[ends <= st] = 0  # reduceat gives an empty segment the row at its index
        out = sums.view(np.uint16).astype(np.int64)
        long = ends - st > _MAX_POSITIONS
        if long.any():
            # lane by lane (int64) for the texts whose packed sums could overflow a lane
            li = np.flatnonzero(long)
            lens = ends[li] - st[li]
            pos = np.repeat(st[li] - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
            lanes = wide[pos].astype(np.int64)
            lsum = np.zeros((pos.size + 1, LANES), dtype=np.int64)
            np.cumsum(lanes, axis=0, out=lsum[1:])
            bounds = np.concatenate([[0], np.cumsum(lens)])
            out[li] = lsum[bounds[1:]] - lsum[bounds[:-1]]
        return out

    def kernel_sums(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(counts, sums)`` of raw texts by the C kernel: ``(n, N_CLASSES)`` letter counts per script
        class (column 0, blanks, is not comparable with :attr:`Batch.counts`) and ``(n, LANES)`` row sums,
        exactly what :func:`features_one` and :meth:`_lane_sums` give. Only when :data:`ACCELERATED`.
        """
        assert _kernel is not None
        n = len(texts)
        joined = "".join(texts)
        if "@" in joined or "http" in joined or "www." in joined:
            texts = [_strip_urls(t) for t in texts]
        elif not isinstance(texts, list):
            texts = list(texts)
        counts = np.empty((n, N_CLASSES), dtype=np.int64)
        sums = np.empty((n, LANES), dtype=np.int64)
        fold, cls = tables()
        c = self.config
        _kernel.lane_sums(
            texts, fold, cls, tuple(c.orders), c.bucket_bits, c.words, c.word_bigrams, self._table, counts, sums
        )
        return counts, sums

    def logits(self, batch: Batch) -> np.ndarray:
        """``(n, n_labels)`` label logits of a normalised batch."""
        cidx, widx, wstarts = features(batch, self.config)
        sums = self._lane_sums(cidx, batch.starts, batch.n)
        if widx.size:
            sums += self._lane_sums(widx, wstarts, batch.n)
        return self._logits(sums)

    def _logits(self, sums: np.ndarray) -> np.ndarray:
        known = sums[:, LANES - 1 : LANES].astype(np.float64)
        x = sums[:, : self.dim] * self.step + known * self.lo
        hidden = (x + self.eos) / (known + 1.0)
        # einsum's loops do the same arithmetic for a row whatever the batch (a BLAS product's rounding
        # depends on the matrix shape, and a text must score the same alone and in a batch)
        logits = np.einsum("nd,dl->nl", hidden, self.output_t)
        if self.log_prior is not None:
            logits += self.log_prior
        return logits

    def probabilities(self, batch: Batch) -> np.ndarray:
        """``(n, n_labels)`` softmax probabilities."""
        return _softmax(self.logits(batch))

    def probabilities_py(self, buckets: list[int]) -> list[float]:
        """:meth:`probabilities_one` as a plain list, for one text's feature buckets.

        One ``take``, one ``sum`` and one small matrix-vector product in numpy, the softmax on
        Python floats: a single short text costs far less than through the array functions
        (same values up to rounding).
        """
        if buckets:
            rows = np.take(self._table, np.array(buckets, dtype=np.intp)).view(np.uint8).reshape(-1, LANES)
            return self.probabilities_py_sums(rows.sum(axis=0, dtype=np.int64))
        return self.probabilities_py_sums(None)

    def probabilities_py_sums(self, sums: np.ndarray | None) -> list[float]:
        """:meth:`probabilities_py` from one text's ``(LANES,)`` row sums (None: no feature at all)."""
        if sums is not None:
            known = int(sums[LANES - 1])
            logits = (
                (self._py_scaled @ sums[: self.dim] + known * self._py_out_lo + self._py_out_eos) / (known + 1.0)
            ).tolist()
        else:
            logits = self._py_out_eos.tolist()
        if self.log_prior is not None:
            logits = [z + b for z, b in zip(logits, self._py_log_prior, strict=True)]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return [x / total for x in exps]

    def probabilities_one(self, buckets: list[int]) -> np.ndarray:
        """``(1, n_labels)`` probabilities of one text's feature buckets (see :func:`features_one`)."""
        if buckets:
            rows = np.take(self._table, np.array(buckets, dtype=np.intp)).view(np.uint8).reshape(-1, LANES)
            sums = rows.sum(axis=0, dtype=np.int64).reshape(1, LANES)
        else:
            sums = np.zeros((1, LANES), dtype=np.int64)
        return _softmax(self._logits(sums))


def _softmax(z: np.ndarray) -> np.ndarray:
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


_POWERS = [pow(_BASE, k, 1 << 64) for k in range(16)]


@functools.lru_cache(maxsize=1)
def _lists() -> tuple[list[int], list[int]]:
    fold, cls = tables()
    return fold.tolist(), cls.tolist()


def features_one(text: str, config: FeatureConfig) -> tuple[list[int], list[int]]:
    """``(class counts, feature buckets)`` of one text, in plain Python.

    Exactly :func:`encode_batch` + :func:`features` for a batch of one (tested against
    them); one short text costs a fraction of the ~50 numpy calls of the batch path.
    """
    if "\n" in text:
        text = text.replace("\n", " ")
    text = _strip_urls(text)
    fold, cls_of = _lists()
    f: list[int] = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp = _SPACE
        elif 0xD800 <= cp <= 0xDFFF:
            cp = 0x3F  # what the batch path's "replace" encoding gives
        cp = fold[cp]
        if cp != _DROP:
            f.append(cp)
    cls = [cls_of[cp] for cp in f]
    # tokens without a letter: their digits and apostrophes become spaces
    if CLS_DIGIT in cls:
        start = 0
        n = len(f)
        for i in range(n + 1):
            if i == n or f[i] == _SPACE:
                if start < i and all(c in (CLS_DIGIT, CLS_NONE) for c in cls[start:i]):
                    for j in range(start, i):
                        if cls[j] == CLS_DIGIT:
                            f[j] = _SPACE
                            cls[j] = CLS_NONE
                start = i + 1
    kept: list[int] = []
    kept_cls: list[int] = []
    for i, cp in enumerate(f):
        if cp == _SPACE:
            if i == 0 or f[i - 1] == _SPACE:
                continue
        elif i >= 2 and cp == f[i - 1] == f[i - 2]:
            continue
        kept.append(cp)
        kept_cls.append(cls[i])
    if kept and kept[-1] == _SPACE:
        kept.pop()
        kept_cls.pop()
    counts = [0] * N_CLASSES
    for c in kept_cls:
        counts[c] += 1
    chars = [_SPACE, *kept, _SPACE]
    shift = 64 - config.bucket_bits
    buckets: list[int] = []
    # the polynomial hash of every n-gram, one order at a time: at order n, h[j] hashes chars[j : j + n]
    # (the last character has power 0, as in features())
    h = chars
    order = 1
    for n in sorted(config.orders):
        while order < n:
            h = [(a * _BASE + b) & _MASK64 for a, b in zip(h, chars[order:], strict=False)]
            order += 1
        salt = (0x2545F4914F6CDD1D * (n + 1)) & _MASK64
        if n == 1:
            buckets += [(((x ^ salt) * _MIX) & _MASK64) >> shift for x in h if x != _SPACE]
        else:
            buckets += [(((x ^ salt) * _MIX) & _MASK64) >> shift for x in h]
    if config.words:
        hashes: list[int] = []
        for word in _words(chars):
            h = 0
            for cp in reversed(word):
                h = (h * _BASE + cp) & _MASK64
            hashes.append(h)
            buckets.append((((h ^ _SALT_WORD) * _MIX) & _MASK64) >> shift)
        if config.word_bigrams:
            for a, b in itertools.pairwise(hashes):
                bh = (a * _BIGRAM_MUL + b) & _MASK64
                buckets.append((((bh ^ _SALT_BIGRAM) * _MIX) & _MASK64) >> shift)
    return counts, buckets


def _words(chars: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for cp in chars:
        if cp == _SPACE:
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(cp)
    return out


#: manifest ``engine`` value of models this module reads
ENGINE_FORMAT = "awal-hashed-ngrams-1"
_ARRAYS = ("rows", "q", "lo", "step", "eos", "output")


def engine_from_npz(path: str | Path, config: FeatureConfig, n_labels: int) -> Engine:
    """Read an engine's arrays (``allow_pickle=False``); ``ValueError``/``OSError`` when unusable."""
    with np.load(path, allow_pickle=False) as z:
        missing = [k for k in _ARRAYS if k not in z.files]
        if missing:
            raise ValueError(f"missing arrays {missing}")
        arrays = {k: z[k] for k in _ARRAYS}
    if arrays["output"].shape[0] != n_labels:
        raise ValueError(f"{arrays['output'].shape[0]} label rows, manifest lists {n_labels} labels")
    return Engine(config, *(arrays[k] for k in _ARRAYS))


def save_npz(path: str | Path, rows: np.ndarray, vectors: np.ndarray, eos: np.ndarray, output: np.ndarray) -> None:
    """Quantise ``vectors`` and write the engine's arrays to ``path`` (deterministic bytes)."""
    q, lo, step = quantise(vectors)
    order = np.argsort(rows, kind="stable")
    arrays = {
        "rows": rows[order].astype(np.uint32),
        "q": q[order],
        "lo": lo,
        "step": step,
        "eos": eos.astype(np.float32),
        "output": output.astype(np.float32),
    }
    np.savez_compressed(path, **arrays)


@dataclass
class Analysis:
    """What the engine says about a batch of raw texts."""

    #: ``(n, n_labels)`` probabilities, labels in a script absent from the text zeroed
    #: (a row left with no mass keeps the model's distribution)
    probs: np.ndarray
    #: texts with no letter after cleaning (``und``)
    no_letters: np.ndarray
    #: texts whose letters are mostly in a script no model covers
    uncovered: np.ndarray


#: characters per internal chunk: bounds the temporary arrays (memory) and keeps them in cache
CHUNK_CHARS = 1 << 16


#: letters of the Tuareg Tifinagh alphabets that IRCAM Tifinagh (Morocco's ``zgh``) does not use. 2,752 of
#: the 2,754 ``taq_Tfng`` training lines hold one of them and no ``zgh_Tfng`` line holds one more than twice.
TUAREG_LETTERS = "ⴴⴶⴾⵂⵆⵈⵋⵌⵒⵗⵠⵤ"

#: label -> (script class, letters of which the text is expected to hold one, factor on the label's
#: probability when it holds none). Without the rule the model sends short IRCAM words ("ⴰⵣⵓⵍ", which the
#: training data has 5 times as Tuareg and 4 times as IRCAM) to ``taq_Tfng``; a hard zero would be wrong for
#: short Tuareg snippets, which often lack those letters. The factor was chosen on the 1-3-word windows of
#: the tuning slice (train, never dev; 131 taq, 232 zgh), weighting an IRCAM window 10 times a Tuareg one
#: because in Morocco IRCAM Tifinagh is by far the more common: factor 1 -> taq 129 + zgh 208 right,
#: 0.1 -> 125 + 223, 0.003 -> 116 + 226 (best weighted), 0 -> 91 + 227. Whole tuning lines: 100% at all.
LETTER_EVIDENCE: dict[str, tuple[int, re.Pattern[str], float]] = {
    "taq_Tfng": (CLS_TFNG, re.compile(f"[{TUAREG_LETTERS}]"), 0.003),
}

Evidence = tuple[tuple[int, int, re.Pattern[str], float], ...]


def evidence_columns(labels: Sequence[Any]) -> Evidence:
    """``(column, script class, pattern, factor)`` per label of ``labels`` that :data:`LETTER_EVIDENCE` covers."""
    out = []
    for j, lab in enumerate(labels):
        rule = LETTER_EVIDENCE.get(getattr(lab, "value", lab))
        if rule is not None:
            out.append((j, *rule))
    return tuple(out)


def apply_letter_evidence(probs: np.ndarray, counts: np.ndarray, texts: Sequence[str], evidence: Evidence) -> None:
    """Weigh ``probs`` (in place) by :data:`LETTER_EVIDENCE` and renormalise the rows it changes.

    Only rows with a letter of the rule's script are looked at, so other texts cost nothing.
    """
    for col, cls_id, pattern, factor in evidence:
        for i in np.flatnonzero((counts[:, cls_id] > 0) & (probs[:, col] > 0)).tolist():
            if pattern.search(texts[i]) is None:
                row = probs[i].copy()
                row[col] *= factor
                probs[i] = row / row.sum()


def analyse(
    engine: Engine,
    texts: Sequence[str],
    label_scripts: np.ndarray,
    evidence: Evidence = (),
) -> Analysis:
    """Probabilities and rule flags for raw ``texts``; ``label_scripts`` is ``(n_labels,)`` class ids.

    ``evidence`` (from :func:`evidence_columns`) applies :data:`LETTER_EVIDENCE`. Large batches
    are cut into chunks of about :data:`CHUNK_CHARS` characters.
    """
    if len(texts) < 2:
        return _analyse(engine, texts, label_scripts, evidence)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    if ends[-1] <= CHUNK_CHARS:
        return _analyse(engine, texts, label_scripts, evidence)
    cuts = np.searchsorted(ends, np.arange(CHUNK_CHARS, int(ends[-1]), CHUNK_CHARS), side="right")
    bounds = [0, *sorted({int(c) for c in cuts if 0 < c < len(texts)}), len(texts)]
    parts = [_analyse(engine, texts[a:b], label_scripts, evidence) for a, b in itertools.pairwise(bounds)]
    return Analysis(
        probs=np.concatenate([p.probs for p in parts]),
        no_letters=np.concatenate([p.no_letters for p in parts]),
        uncovered=np.concatenate([p.uncovered for p in parts]),
    )


def _analyse(
    engine: Engine,
    texts: Sequence[str],
    label_scripts: np.ndarray,
    evidence: Evidence = (),
) -> Analysis:
    if _kernel is not None:
        counts, sums = engine.kernel_sums(texts)
        probs = _softmax(engine._logits(sums))
    elif len(texts) == 1:  # one text: plain Python features, far fewer numpy calls
        one_counts, buckets = features_one(texts[0], engine.config)
        counts = np.array([one_counts], dtype=np.int64)
        probs = engine.probabilities_one(buckets)
    else:
        batch = encode_batch(texts)
        counts = batch.counts
        probs = engine.probabilities(batch)
    letters = counts[:, CLS_LATN] + counts[:, CLS_ARAB] + counts[:, CLS_TFNG] + counts[:, CLS_OTHER]
    present = counts[:, label_scripts] > 0  # (n, n_labels)
    masked = np.where(present, probs, 0.0)
    keep = masked.sum(axis=1) > 0
    probs = np.where(keep[:, None], masked, probs)
    if evidence:
        apply_letter_evidence(probs, counts, texts, evidence)
    return Analysis(probs=probs, no_letters=letters == 0, uncovered=counts[:, CLS_OTHER] * 2 > letters)


class HashedModel:
    """A shipped or trained engine model: manifest + ``.npz`` weights, checked by sha256.

    Offers what :class:`awal.lid.detector.Detector` needs: :attr:`labels` (sorted),
    thresholds and segmentation parameters from the manifest, :meth:`analyse` (raw texts
    -> masked probabilities and rule flags, vectorised) and :meth:`distributions`.
    """

    def __init__(self, manifest_path: Path, name: str, manifest: dict[str, Any], segment_params: Any) -> None:
        import hashlib
        import io
        import zipfile

        from awal.errors import ModelError
        from awal.languages import Group, Label

        self.name = name
        self.manifest = manifest
        weights = manifest_path.parent / str(manifest.get("model_file", ""))
        try:
            data = weights.read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read model file {weights}: {exc.strerror or exc}") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest.get("sha256"):
            raise ModelError(
                f"model file {weights} is corrupt or was changed (sha256 {digest[:12]}..., manifest says "
                f"{str(manifest.get('sha256'))[:12]}...); reinstall awal or retrain the model"
            )
        try:
            self.labels: tuple[Any, ...] = tuple(Label.from_str(x) for x in manifest["labels"])
            if list(self.labels) != sorted(self.labels, key=lambda lab: lab.value) or any(
                lab.script is None or lab.script.value not in SCRIPT_CLASSES for lab in self.labels
            ):
                raise ValueError("labels must be sorted and written in Latin, Arabic or Tifinagh script")
            self.config = FeatureConfig.from_dict(manifest["features"])
            self.engine = engine_from_npz(io.BytesIO(data), self.config, len(self.labels))
            prior = manifest.get("label_log_prior") or {}
            if not isinstance(prior, dict):
                raise TypeError("label_log_prior must be an object")
            unknown = sorted(set(prior) - {lab.value for lab in self.labels})
            if unknown:
                raise ValueError(f"label_log_prior names labels the model does not have: {unknown}")
            self.engine.set_log_prior(np.array([float(prior.get(lab.value, 0.0)) for lab in self.labels]))
        except (KeyError, TypeError, ValueError, OSError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{weights}: not a usable awal language-ID model ({exc})") from None
        self.label_scripts = np.array([SCRIPT_CLASSES[lab.script.value] for lab in self.labels])
        self._py_label_scripts = self.label_scripts.tolist()
        #: labels weighed by :data:`LETTER_EVIDENCE` (see :func:`evidence_columns`)
        self.evidence = evidence_columns(self.labels)
        #: per script, the Amazigh labels written in it (the group-level answer sums them)
        self.amazigh_columns = {
            script: np.array([lab.group is Group.AMAZIGH and lab.script is script for lab in self.labels])
            for script in {lab.script for lab in self.labels}
        }
        self.index = {lab: i for i, lab in enumerate(self.labels)}
        th = manifest.get("thresholds", {})
        self.threshold = float(th.get("default", 0.5))
        self.label_thresholds = {Label.from_str(k): float(v) for k, v in th.get("per_label", {}).items()}
        self.segment_params = segment_params(**{k: float(v) for k, v in manifest.get("segment", {}).items()})

    def analyse(self, texts: Sequence[str]) -> Analysis:
        """Masked probabilities and rule flags for raw texts (see :func:`analyse`)."""
        return analyse(self.engine, texts, self.label_scripts, self.evidence)

    def analyse_one(self, text: str) -> tuple[list[float], bool, bool]:
        """:meth:`analyse` of one text in plain Python: ``(masked probabilities, no letters, uncovered)``."""
        if _kernel is not None:
            counts_a, sums = self.engine.kernel_sums([text])
            counts = counts_a[0].tolist()
            probs = self.engine.probabilities_py_sums(sums[0])
        else:
            counts, buckets = features_one(text, self.engine.config)
            probs = self.engine.probabilities_py(buckets)
        masked = [p if counts[c] > 0 else 0.0 for p, c in zip(probs, self._py_label_scripts, strict=True)]
        if sum(masked) > 0:
            probs = masked
        for col, cls_id, pattern, factor in self.evidence:
            if counts[cls_id] > 0 and probs[col] > 0 and pattern.search(text) is None:
                probs = [p * factor if j == col else p for j, p in enumerate(probs)]
                total = sum(probs)
                probs = [p / total for p in probs]
        letters = counts[CLS_LATN] + counts[CLS_ARAB] + counts[CLS_TFNG] + counts[CLS_OTHER]
        return probs, letters == 0, counts[CLS_OTHER] * 2 > letters

    def distributions(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), n_labels)`` model probabilities (no script mask)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        if _kernel is not None:
            return _softmax(self.engine._logits(self.engine.kernel_sums(texts)[1]))
        return self.engine.probabilities(encode_batch(texts))
