"""Tifinagh steps: IRCAM letters, the labialisation mark, look-alikes typed in Tifinagh words.

Morocco's standard Tifinagh is the IRCAM set (33 letters: ⴰ ⴱ ⴳ ⴳⵯ ⴷ ⴹ ⴻ ⴼ ⴽ ⴽⵯ ⵀ ⵃ ⵄ ⵅ
ⵇ ⵉ ⵊ ⵍ ⵎ ⵏ ⵓ ⵔ ⵕ ⵖ ⵙ ⵚ ⵛ ⵜ ⵟ ⵡ ⵢ ⵣ ⵥ). Unicode also encodes Tuareg and neo-Tifinagh
(Berber Academy, Kabyle) letters; some are only other glyphs of an IRCAM letter and are
folded by ``tifinagh.ircam``. Letters with no IRCAM counterpart (ⵒ p, ⵠ v, ⵞ, ⵐ, ⵑ,
ⵦ, ⵧ, ⴵ ⴶ) are kept. Note for language identification: the Tuareg forms are evidence of
Tuareg text (``taq_Tfng``), so the ``lid`` profile does not fold them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from awal.normalize._core import CharMapStep, Option, Step, register_step, sub_tracked
from awal.normalize.offsets import Edit

__all__ = ["IrcamLetters", "Labialization", "Lookalikes"]

#: Tuareg / Berber Academy glyph variants of an IRCAM letter (same sound)
VARIANTS = {
    "\u2d3e": "\u2d3d",  # ⴾ Tuareg yak -> ⴽ
    "\u2d41": "\u2d40",  # ⵁ Berber Academy yah -> ⵀ
    "\u2d42": "\u2d40",  # ⵂ Tuareg yah -> ⵀ
    "\u2d46": "\u2d45",  # ⵆ Tuareg yakh -> ⵅ
    "\u2d48": "\u2d47",  # ⵈ Tuareg yaq -> ⵇ
    "\u2d4b": "\u2d4a",  # ⵋ Ahaggar yazh -> ⵊ
    "\u2d4c": "\u2d4a",  # ⵌ Tuareg yazh -> ⵊ
    "\u2d57": "\u2d56",  # ⵗ Tuareg yagh -> ⵖ
    "\u2d58": "\u2d56",  # ⵘ Ayer yagh -> ⵖ
    "\u2d64": "\u2d63",  # ⵤ Tawellemet yaz -> ⵣ
}
#: Kabyle neo-Tifinagh spirants -> the IRCAM stop letters (IRCAM does not write spirantisation)
SPIRANTS = {
    "\u2d32": "\u2d31",  # ⴲ yabh -> ⴱ
    "\u2d34": "\u2d33",  # ⴴ yaghh -> ⴳ
    "\u2d38": "\u2d37",  # ⴸ yadh -> ⴷ
    "\u2d3a": "\u2d39",  # ⴺ yaddh -> ⴹ
    "\u2d3f": "\u2d3d",  # ⴿ yakhh -> ⴽ
    "\u2d5d": "\u2d5c",  # ⵝ yath -> ⵜ
}


@register_step
class IrcamLetters(CharMapStep):
    """Fold Tuareg/Berber Academy variants to IRCAM letters (``ⴾ ⵂ ⵗ ⵈ`` -> ``ⴽ ⵀ ⵖ ⵇ``); optionally Kabyle spirants (``ⴸ ⵝ`` -> ``ⴷ ⵜ``)."""

    name = "tifinagh.ircam"
    OPTIONS = (Option("spirants", bool, False, "also fold the neo-Tifinagh spirant letters ⴲ ⴴ ⴸ ⴺ ⴿ ⵝ"),)
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        table = dict(VARIANTS)
        if self.options["spirants"]:
            table.update(SPIRANTS)
        return table


TIFINAGH_LETTERS = "\u2d30-\u2d67"
LABIALIZATION = "\u2d6f"
# modifier letters typed for ⵯ: small w, capital W
_LAB_LOOKALIKES = "\u02b7\u1d42"
_LAB = re.compile(f"(?<=[{TIFINAGH_LETTERS}])[{_LAB_LOOKALIKES}]")


@register_step
class Labialization(Step):
    """Modifier ``ʷ``/``ᵂ`` typed after a Tifinagh letter -> the Tifinagh labialisation mark ``ⵯ`` (``ⴳʷ`` -> ``ⴳⵯ``).

    Run it before ``unicode.form`` with NFKC, which would turn ``ʷ`` into ``w``. A ``ʷ``
    after a Latin letter (IRCAM Latin ``gʷ``) is correct there and is kept.
    """

    name = "tifinagh.labialization"
    ascii_noop = True

    def apply(self, text: str) -> str:
        if "\u02b7" not in text and "\u1d42" not in text:
            return text
        return _LAB.sub(LABIALIZATION, text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        return self.apply(text), []  # one character for one character


#: Latin, Greek and Cyrillic letters that look like an IRCAM letter (Unicode confusables, UTS #39,
#: plus the Greek/Cyrillic twins of those Latin letters): only replaced inside Tifinagh words.
LOOKALIKES = {
    **dict.fromkeys("OoΟοОо", "\u2d54"),  # ⵔ yar is a circle
    **dict.fromkeys("QԚ", "\u2d55"),  # ⵕ yarr
    **dict.fromkeys("EΕЕ", "\u2d39"),  # ⴹ yadd
    **dict.fromkeys("IlΙІӀ", "\u2d4f"),  # ⵏ yan is a vertical stroke
    **dict.fromkeys("XΧХ", "\u2d5d"),  # ⵝ yath
    **dict.fromkeys("VѴ", "\u2d38"),  # ⴸ yadh
    **dict.fromkeys("Λ", "\u2d37"),  # ⴷ yad
}
_LOOK_TABLE = {ord(k): v for k, v in LOOKALIKES.items()}
_LOOK_CHARS = "".join(re.escape(c) for c in LOOKALIKES)
# A candidate word: a maximal run of Tifinagh letters (plus ⵯ) and look-alikes, not touching
# another letter or digit. The lookahead+backreference makes the run atomic (no backtracking).
_TFNG_WORD = re.compile(f"(?<![\\w{LABIALIZATION}])(?=([{TIFINAGH_LETTERS}{LABIALIZATION}{_LOOK_CHARS}]+))\\1(?!\\w)")
_HAS_TFNG = re.compile(f"[{TIFINAGH_LETTERS}]")
_HAS_LOOK = re.compile(f"[{_LOOK_CHARS}]")


@register_step
class Lookalikes(Step):
    """Inside a Tifinagh word, replace Latin/Greek/Cyrillic look-alikes with the Tifinagh letter: ``ⴰⵎⴰⵣOⵖ`` -> ``ⴰⵎⴰⵣⵔⵖ``.

    A word qualifies when it has at least one Tifinagh letter and every other letter
    in it is a look-alike (``O o Ο О`` -> ``ⵔ``, ``Q`` -> ``ⵕ``, ``E Ε Е`` -> ``ⴹ``,
    ``I l Ι І`` -> ``ⵏ``, ``X Χ Х`` -> ``ⵝ``, ``V`` -> ``ⴸ``, ``Λ`` -> ``ⴷ``), so Latin
    and mixed-script words are never touched.
    """

    name = "tifinagh.lookalikes"
    ascii_noop = True

    def _repl(self, m: re.Match[str]) -> str:
        word = m.group()
        if _HAS_TFNG.search(word) is None:
            return word
        return word.translate(_LOOK_TABLE)

    def apply(self, text: str) -> str:
        if _HAS_TFNG.search(text) is None or _HAS_LOOK.search(text) is None:
            return text
        return _TFNG_WORD.sub(self._repl, text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        if _HAS_TFNG.search(text) is None or _HAS_LOOK.search(text) is None:
            return text, []
        return sub_tracked(_TFNG_WORD, self._repl, text)  # same length: no edits recorded
