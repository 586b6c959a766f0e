"""Unicode-level steps: normalisation form, invisible characters, whitespace."""

from __future__ import annotations

import re
import unicodedata

from awal.normalize._core import Option, Step, register_step, sub_tracked
from awal.normalize._patterns import EMOJI_CHARS
from awal.normalize.offsets import Edit

__all__ = ["Form", "Invisible", "Whitespace"]

_WORD_OR_SPACE = re.compile(r"\S+|\s+")
_LABIALIZATION = "\u2d6f"


def _clusters(chunk: str) -> list[str]:
    """A base character with the combining marks that follow it."""
    out: list[str] = []
    for ch in chunk:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@register_step
class Form(Step):
    """Unicode normalisation form: NFC (canonical) or NFKC (also folds compatibility forms).

    NFKC turns Arabic presentation forms (``ﻻ`` -> ``لا``, ``ﺃ`` -> ``أ``), full-width
    Latin, ligatures (``ﬁ``) and superscripts into plain letters; it also turns the
    modifier ``ʷ`` into ``w``, so run ``tifinagh.labialization`` first when Tifinagh
    matters. One exception to NFKC: the Tifinagh labialisation mark ``ⵯ`` (U+2D6F) is
    kept, although Unicode gives it a compatibility mapping to ``ⵡ`` — folding it would
    turn ``ⴳⵯ`` (gʷ) into ``ⴳⵡ`` (g + w), a different spelling. Offsets: each changed
    character cluster (base + combining marks) maps to its source cluster.
    """

    name = "unicode.form"
    OPTIONS = (Option("form", str, "NFC", "NFC keeps compatibility characters, NFKC folds them", ("NFC", "NFKC")),)
    ascii_noop = True

    def _setup(self) -> None:
        self.form: str = self.options["form"]

    def apply(self, text: str) -> str:
        if self.form == "NFKC" and _LABIALIZATION in text:
            # the mark is a starter that composes with nothing: splitting around it is exact
            return _LABIALIZATION.join(unicodedata.normalize("NFKC", p) for p in text.split(_LABIALIZATION))
        return unicodedata.normalize(self.form, text)  # type: ignore[arg-type]

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        norm = self.apply
        full = norm(text)
        if full == text:
            return full, []
        pieces: list[str] = []
        edits: list[Edit] = []
        delta = 0
        for m in _WORD_OR_SPACE.finditer(text):
            chunk = m.group()
            target = norm(chunk)
            if target == chunk:
                pieces.append(chunk)
                continue
            parts = [(c, norm(c)) for c in _clusters(chunk)]
            if "".join(p for _, p in parts) != target:  # composition across clusters: one edit
                parts = [(chunk, target)]
            pos = m.start()
            for src, out in parts:
                if len(out) != len(src):
                    edits.append((pos, pos + len(src), pos + delta, pos + delta + len(out)))
                    delta += len(out) - len(src)
                pieces.append(out)
                pos += len(src)
        result = "".join(pieces)
        if result != full:  # composition across chunks (never seen): fall back to one whole-text edit
            return full, [(0, len(text), 0, len(full))]
        return result, edits


# Zero-width and formatting characters that carry no letter: ZWSP, ZWNJ, WJ, BOM/ZWNBSP,
# soft hyphen, Mongolian vowel separator, invisible math operators, Arabic/Hangul fillers.
_ZERO_WIDTH = "\u200b\u200c\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064\u115f\u1160\u3164\uffa0"
# Bidirectional controls: LRM, RLM, ALM, embeddings/overrides (LRE RLE PDF LRO RLO), isolates.
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0/C1 controls that are not whitespace (tab, newlines, \f, \v and \x1c-\x1f are whitespace).
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1C), 0x7F, *range(0x80, 0x85)])
_CONTROLS += "".join(chr(c) for c in range(0x86, 0xA0))
_ZWJ = "\u200d"
# a ZWJ is kept only inside an emoji sequence: after an emoji (or its modifier) and before one
_E = f"[{EMOJI_CHARS}]"
_M = "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]"
# kept: emoji (+ up to two modifiers) ZWJ emoji; every other ZWJ is stray
_STRAY_ZWJ = re.compile(f"(?<!{_E})(?<!{_E}{_M})(?<!{_E}{_M}{_M})\u200d|\u200d(?!{_E})")


@register_step
class Invisible(Step):
    """Remove invisible characters: zero-width (ZWSP, ZWNJ, ZWJ, BOM, soft hyphen), bidi controls, C0/C1 controls.

    A zero-width joiner inside an emoji sequence (👨‍👩‍👧) is kept, because there it
    is part of the emoji. Remove these *before* ``unicode.form``: a deleted joiner can
    bring a letter and a combining mark together.
    """

    name = "unicode.invisible"
    OPTIONS = (
        Option("zero_width", bool, True, "remove zero-width characters and the soft hyphen"),
        Option("bidi", bool, True, "remove bidirectional marks, embeddings, overrides and isolates"),
        Option("controls", bool, True, "remove C0/C1 control characters other than whitespace"),
        Option("emoji_zwj", bool, True, "keep the zero-width joiner between two emoji"),
    )

    def _setup(self) -> None:
        chars = ""
        if self.options["zero_width"]:
            chars += _ZERO_WIDTH
        if self.options["bidi"]:
            chars += _BIDI
        if self.options["controls"]:
            chars += _CONTROLS
        self._zwj = bool(self.options["zero_width"])
        self._deleted = re.compile("[" + re.escape(chars) + "]+") if chars else None
        self.ascii_noop = not self.options["controls"]  # type: ignore[misc]

    def _zwj_sub(self, m: re.Match[str]) -> str:
        return ""

    def apply(self, text: str) -> str:
        out = text if self._deleted is None or self._deleted.search(text) is None else self._deleted.sub("", text)
        if self._zwj and _ZWJ in out:
            out = _STRAY_ZWJ.sub("", out) if self.options["emoji_zwj"] else out.replace(_ZWJ, "")
        return out

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        if self._zwj and _ZWJ in text:
            # ZWJ removal depends on the neighbours *after* the other deletions: run in two stages
            first, e1 = self._tracked_table(text)
            if self.options["emoji_zwj"]:
                second, e2 = sub_tracked(_STRAY_ZWJ, self._zwj_sub, first)
            else:
                second, e2 = sub_tracked(re.compile(_ZWJ + "+"), self._zwj_sub, first)
            return second, _compose(e1, e2, len(text))
        return self._tracked_table(text)

    def _tracked_table(self, text: str) -> tuple[str, list[Edit]]:
        if self._deleted is None:
            return text, []
        return sub_tracked(self._deleted, self._zwj_sub, text)


def _compose(first: list[Edit], second: list[Edit], n: int) -> list[Edit]:
    """Edits of two successive deletion passes as edits on the original text.

    Only used for pure deletions (every edit has an empty output), where composing is
    simple: map the second pass's deleted ranges back through the first pass and merge.
    """
    if not second:
        return first
    if not first:
        return second
    from awal.normalize.offsets import StageMap

    m1 = StageMap(first, n, n - sum(s1 - s0 for s0, s1, _, _ in first))
    deleted: list[tuple[int, int]] = [(s0, s1) for s0, s1, _, _ in first]
    for s0, s1, _, _ in second:
        a = m1.char_source(s0)[0]
        b = m1.char_source(s1 - 1)[1]
        deleted.append((a, b))
    deleted.sort()
    merged: list[list[int]] = []
    for a, b in deleted:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    edits: list[Edit] = []
    removed = 0
    for a, b in merged:
        edits.append((a, b, a - removed, a - removed))
        removed += b - a
    return edits


_SPACE_RUN = re.compile(r"\s+")
_NEWLINE = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@register_step
class Whitespace(Step):
    """Collapse every run of whitespace (tabs, NBSP, thin and ideographic spaces...) into one space; strip the ends.

    ``keep_newlines=True`` turns a run that contains a line break into a single
    ``"\\n"`` instead, for multi-line documents.
    """

    name = "unicode.whitespace"
    OPTIONS = (
        Option("strip", bool, True, "remove whitespace at the start and end"),
        Option("keep_newlines", bool, False, "a run containing a line break becomes one newline"),
    )

    def _setup(self) -> None:
        self._strip = self.options["strip"]
        self._newlines = self.options["keep_newlines"]

    def _fast(self, text: str) -> str:
        if self._strip and not self._newlines:
            return " ".join(text.split())
        return self.apply_tracked(text)[0]

    def apply(self, text: str) -> str:
        return self._fast(text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        n = len(text)

        def repl(m: re.Match[str]) -> str:
            if self._strip and (m.start() == 0 or m.end() == n):
                return ""
            if self._newlines and _NEWLINE.search(m.group()):
                return "\n"
            return " "

        return sub_tracked(_SPACE_RUN, repl, text)
