"""Latin-script steps (Arabizi Darija, Amazigh in Latin, French): case, accents, elongation.

Arabizi writes Arabic sounds with digits (``3`` = ع, ``7`` = ح, ``9`` = ق, ``2`` = ء,
``5`` = خ, ``8`` = ه): digits are never touched by these steps. URLs, e-mail addresses,
@mentions and placeholders are left alone (``www`` is not an elongated ``w``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from awal.normalize._core import (
    CharMapStep,
    Option,
    Step,
    apply_outside,
    apply_outside_tracked,
    register_step,
    sub_tracked,
)
from awal.normalize._patterns import protected_spans
from awal.normalize.offsets import Edit

__all__ = ["Accents", "ArabiziElongation", "Case"]


@register_step
class Case(Step):
    """Case folding: ``casefold`` (default; ``ß`` -> ``ss``) or ``lower``. Placeholders such as ``<URL>`` keep their case."""

    name = "latin.case"
    OPTIONS = (Option("mode", str, "casefold", "casefold (full Unicode case folding) or lower", ("casefold", "lower")),)

    def _setup(self) -> None:
        self._fn = str.casefold if self.options["mode"] == "casefold" else str.lower

    def apply(self, text: str) -> str:
        if "<" in text:
            return apply_outside(text, protected_spans(text, placeholders_only=True), self._fn)
        return self._fn(text)

    def _tracked(self, text: str) -> tuple[str, list[Edit]]:
        fn = self._fn
        out = fn(text)
        if len(out) == len(text):  # folding never shortens a character: equal length means 1:1
            return out, []
        edits: list[Edit] = []
        pieces: list[str] = []
        o = 0
        for i, ch in enumerate(text):
            f = fn(ch)
            if len(f) != 1:
                edits.append((i, i + 1, o, o + len(f)))
            pieces.append(f)
            o += len(f)
        joined = "".join(pieces)
        if joined != out:  # context-dependent folding (final sigma): keep the string, coarse map
            return out, [(0, len(text), 0, len(out))]
        return out, edits

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        spans = protected_spans(text, placeholders_only=True) if "<" in text else []
        return apply_outside_tracked(text, spans, self._tracked)


_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"


@lru_cache(maxsize=1)
def _accent_table() -> dict[str, str]:
    """Precomposed Latin letters -> base letters (``é`` -> ``e``, ``ḍ`` -> ``d``), from Unicode decompositions."""
    table = {}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and len(base) == 1:
            table[ch] = base
    return table


@register_step
class Accents(CharMapStep):
    """Strip accents and dots from Latin letters: ``préfecture`` -> ``prefecture``, ``ḍ ṭ ṣ ẓ ḥ`` -> ``d t s z h``.

    Letters that are not a base letter plus marks (``ɣ ɛ ʷ ø œ``) are kept. Combining
    marks left after a Latin letter (decomposed input) are removed too.
    """

    name = "latin.accents"
    ascii_noop = True
    fusable = False  # the mark-removal regex is part of the step

    def _mapping(self) -> Mapping[str, str]:
        return _accent_table()

    def _setup(self) -> None:
        super()._setup()
        self._marks = re.compile(f"(?<=[{_LATIN_LETTER}])[{_MARKS}]+")
        self._any = re.compile(f"[{_MARKS}" + "".join(re.escape(chr(k)) for k in self.char_table) + "]")

    def apply(self, text: str) -> str:
        if self._any.search(text) is None:
            return text
        return self._marks.sub("", self._fast(text))

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        # the two passes never interact: the table maps letters to letters, the regex removes
        # marks after letters; running the regex first keeps the edits on one coordinate system
        stripped, edits = sub_tracked(self._marks, lambda m: "", text)
        return stripped.translate(self.char_table), edits


_LATIN_RUN = re.compile(f"([{_LATIN_LETTER}])\\1{{2,}}")


@register_step
class ArabiziElongation(Step):
    """Collapse a Latin letter repeated three or more times: ``bzzzzaaaaf`` -> ``bzaf``, ``wa3eeer`` -> ``wa3er``.

    Doubled letters are kept (``mezzyan``, ``kaddab``, ``fellawn``: Darija and Amazigh
    geminates are written double), so only runs of 3+ are emphasis. ``collapse_to=1``
    (default) gives the plain spelling; its cost is that an elongated geminate
    (``mezzzzyan``) loses its doubling: ``mezyan``. ``collapse_to=2`` keeps two letters
    of every run (``bzzaaf``). Digits (Arabizi letters, numbers) are never collapsed.
    """

    name = "arabizi.elongation"
    OPTIONS = (Option("collapse_to", int, 1, "length a run of 3+ identical letters is cut to", (1, 2)),)

    def _setup(self) -> None:
        self._keep = self.options["collapse_to"]

    def _repl(self, m: re.Match[str]) -> str:
        return m.group(1) * self._keep

    def _fast(self, text: str) -> str:
        return _LATIN_RUN.sub(self._repl, text)

    def _tracked(self, text: str) -> tuple[str, list[Edit]]:
        return sub_tracked(_LATIN_RUN, self._repl, text)

    def apply(self, text: str) -> str:
        if _LATIN_RUN.search(text) is None:
            return text
        return apply_outside(text, protected_spans(text), self._fast)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        if _LATIN_RUN.search(text) is None:
            return text, []
        return apply_outside_tracked(text, protected_spans(text), self._tracked)
