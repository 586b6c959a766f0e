"""Offset maps: from positions in normalised text back to the original string.

Every normalisation step reports the places where it changed the *length* of the text as
edits ``(src_start, src_end, out_start, out_end)``: the source characters
``[src_start, src_end)`` became the output characters ``[out_start, out_end)``. Between
edits characters correspond one to one (a length-preserving substitution such as
``ى -> ي`` or ``A -> a`` keeps its character's offset). A :class:`StageMap` is one step's
edits; :class:`Normalized` keeps the chain of them and maps spans back through every
step, so the cost is proportional to the number of edits, not to the text length, and
nothing is composed until a span is asked for.

Span semantics (character offsets, end exclusive):

* **tight** (default): the original span covers exactly the original characters that
  produced the normalised characters ``[start, end)``. A character produced by an
  expansion (NFKC ``ﻻ -> لا``, a placeholder ``<URL>``) maps to the whole source it came
  from; deleted characters (zero-width, tatweel, harakat) inside the span are included,
  deleted characters at its edges are not.
* **expand**: also absorbs the deleted material on both sides, up to the neighbouring
  kept characters; the whole normalised text then maps to the whole original, and the
  expanded spans of adjacent normalised spans leave no gap (deleted characters between
  two spans belong to both).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Edit", "Normalized", "StageMap"]

#: ``(src_start, src_end, out_start, out_end)``, sorted, non-overlapping
Edit = tuple[int, int, int, int]


class StageMap:
    """The length-changing edits one step made, with lookups from output to source."""

    __slots__ = ("_o0", "_o1", "_s0", "_s1", "in_len", "out_len")

    def __init__(self, edits: Sequence[Edit], in_len: int, out_len: int) -> None:
        self._s0 = [e[0] for e in edits]
        self._s1 = [e[1] for e in edits]
        self._o0 = [e[2] for e in edits]
        self._o1 = [e[3] for e in edits]
        self.in_len = in_len
        self.out_len = out_len

    def __len__(self) -> int:
        return len(self._o0)

    def edits(self) -> list[Edit]:
        """The edits as tuples (for inspection and tests)."""
        return list(zip(self._s0, self._s1, self._o0, self._o1, strict=True))

    def char_source(self, i: int) -> tuple[int, int]:
        """Source range of output character ``i`` (``0 <= i < out_len``)."""
        j = bisect_right(self._o0, i) - 1
        if j < 0:
            return i, i + 1
        if i < self._o1[j]:
            return self._s0[j], self._s1[j]
        src = self._s1[j] + (i - self._o1[j])
        return src, src + 1

    def map_span(self, start: int, end: int, expand: bool) -> tuple[int, int]:
        """Map the output span ``[start, end)`` to a source span (see module docstring)."""
        n, m = self.in_len, self.out_len
        if expand:
            if start < end:
                s, e = self.char_source(start)[0], self.char_source(end - 1)[1]
            else:
                s = e = self.char_source(start)[0] if start < m else n
            # take in deleted material up to the neighbouring kept characters (min/max:
            # a neighbour from the same expansion shares the source, e.g. "<URL>")
            s = min(s, self.char_source(start - 1)[1]) if start > 0 else 0
            e = max(e, self.char_source(end)[0]) if end < m else n
            return s, max(s, e)
        if start < end:
            return self.char_source(start)[0], self.char_source(end - 1)[1]
        pos = self.char_source(start)[0] if start < m else (self.char_source(m - 1)[1] if m else 0)
        return pos, pos


@dataclass(frozen=True)
class Normalized:
    """A normalised text that remembers where each of its characters came from.

    ``text`` is the normalised string and ``original`` the input (after
    :func:`awal.errors.ensure_text`, which only replaces lone surrogates one for one).
    Use :meth:`to_original` to report a span found on ``text`` in offsets of
    ``original``.
    """

    text: str
    original: str
    pipeline: str = ""
    _maps: tuple[StageMap, ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    def to_original(self, start: int, end: int | None = None, *, expand: bool = False) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``.

        ``end`` defaults to ``start + 1`` (one character). Negative or out-of-range
        offsets raise :class:`IndexError` rather than being clipped silently.
        ``expand=True`` also takes in deleted characters around the span (so the whole
        normalised text maps to the whole original).
        """
        if end is None:
            end = start + 1
        if not (isinstance(start, int) and isinstance(end, int)):
            raise TypeError("span offsets must be int")
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span [{start}, {end}) is outside the normalised text (length {len(self.text)})")
        s, e = start, end
        for stage in reversed(self._maps):
            s, e = stage.map_span(s, e, expand)
        return s, e

    def original_text(self, start: int, end: int | None = None, *, expand: bool = False) -> str:
        """The original substring behind the normalised span ``[start, end)``."""
        s, e = self.to_original(start, end, expand=expand)
        return self.original[s:e]

    def spans_to_original(self, spans: Sequence[tuple[int, int]], *, expand: bool = False) -> list[tuple[int, int]]:
        """:meth:`to_original` for many spans (e.g. every token or entity of a line)."""
        return [self.to_original(s, e, expand=expand) for s, e in spans]

    def char_map(self) -> list[tuple[int, int]]:
        """Original span of every normalised character (O(len) memory; for small texts and debugging)."""
        return [self.to_original(i) for i in range(len(self.text))]

    @property
    def changed(self) -> bool:
        """Whether normalisation changed anything."""
        return self.text != self.original
