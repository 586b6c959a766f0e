"""Arabic-script steps: tatweel, harakat, alef/hamza, alef maqsura, ta marbuta, look-alike
letters, digits, punctuation, elongation.

Each fold is its own step so a profile can take exactly the ones it needs: search wants
``أ إ آ -> ا`` and ``ة -> ه``; language identification must keep them, because MSA and
Darija spell differently. All of these except ``arabic.elongation`` are character maps,
which a pipeline fuses into one ``str.translate`` table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from awal.normalize._core import CharMapStep, Option, Step, register_step, sub_tracked
from awal.normalize.offsets import Edit

__all__ = [
    "AlefMaqsura",
    "ArabicDigits",
    "ArabicElongation",
    "ArabicPunctuation",
    "Hamza",
    "Harakat",
    "LookalikeLetters",
    "TaMarbuta",
    "Tatweel",
]


def _range(a: int, b: int) -> str:
    return "".join(chr(c) for c in range(a, b + 1))


@register_step
class Tatweel(CharMapStep):
    """Remove tatweel/kashida ``ـ`` (U+0640), the stretching stroke: ``مـــزيان`` -> ``مزيان``."""

    name = "arabic.tatweel"
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        return {"\u0640": ""}


SHADDA = "\u0651"
#: combining marks of the Arabic script: harakat, tanwin, shadda, sukun, Quranic annotation marks
HARAKAT = (
    _range(0x0610, 0x061A)
    + _range(0x064B, 0x065F)
    + "\u0670"
    + _range(0x06D6, 0x06DC)
    + _range(0x06DF, 0x06E4)
    + "\u06e7\u06e8"
    + _range(0x06EA, 0x06ED)
    + _range(0x08D3, 0x08E1)
    + _range(0x08E3, 0x08FF)
)


@register_step
class Harakat(CharMapStep):
    """Remove harakat and other Arabic diacritics (fatha, damma, kasra, tanwin, sukun, shadda, superscript alef, Quranic marks).

    Runs after ``unicode.form``, so the hamza of precomposed ``أ`` is a letter and stays.
    """

    name = "arabic.harakat"
    OPTIONS = (Option("keep_shadda", bool, False, "keep the shadda (gemination mark)"),)
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        marks = HARAKAT.replace(SHADDA, "") if self.options["keep_shadda"] else HARAKAT
        return dict.fromkeys(marks, "")


@register_step
class Hamza(CharMapStep):
    """Fold alef variants to bare alef: ``أ إ آ ٱ ٲ ٳ ٵ`` -> ``ا``; optionally ``ؤ`` -> ``و``, ``ئ`` -> ``ي``."""

    name = "arabic.hamza"
    OPTIONS = (Option("seats", bool, False, "also fold hamza on waw/yeh seats: ؤ -> و, ئ -> ي"),)
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        table = dict.fromkeys("\u0623\u0625\u0622\u0671\u0672\u0673\u0675", "\u0627")
        if self.options["seats"]:
            table.update({"\u0624": "\u0648", "\u0626": "\u064a", "\u0676": "\u0648", "\u0678": "\u064a"})
        return table


@register_step
class AlefMaqsura(CharMapStep):
    """Alef maqsura to yeh: ``ى`` -> ``ي`` (Moroccan writers use both at word end)."""

    name = "arabic.alef_maqsura"
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        return {"\u0649": "\u064a"}


@register_step
class TaMarbuta(CharMapStep):
    """Ta marbuta to heh: ``ة`` -> ``ه`` (``مدرسة`` and ``مدرسه`` are the same word)."""

    name = "arabic.ta_marbuta"
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        return {"\u0629": "\u0647"}


# Persian/Urdu/Kurdish letters typed on non-Arabic keyboards for Arabic ones.
_PERSIAN = {
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06aa": "\u0643",  # ڪ swash kaf -> ك
    "\u06cc": "\u064a",  # ی Farsi yeh -> ي
    "\u06d0": "\u064a",  # ې -> ي
    "\u06d2": "\u064a",  # ے yeh barree -> ي
    "\u06d5": "\u0647",  # ە Kurdish ae -> ه
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه
    "\u06c2": "\u0647",  # ۂ heh goal with hamza -> ه
    "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
}
# /g/ is written with several letters in Morocco; ڭ (U+06AD) is the most widely typed.
_GAF = {c: "\u06ad" for c in "\u06af\u06ab\u0763\u06b4\u063b\u063c\u06a8"}  # گ ګ ݣ ڴ ػ ؼ ڨ -> ڭ
# Maghrebi letter forms: feh with dot below, qaf with one dot above, dotless qaf.
_MAGHREBI = {"\u06a2": "\u0641", "\u06a7": "\u0642", "\u066f": "\u0642"}


@register_step
class LookalikeLetters(CharMapStep):
    """Fold look-alike letters: Persian/Urdu ``ک ی ە ھ ہ ڪ`` -> ``ك ي ه``; /g/ letters ``گ ګ ݣ ڨ`` -> ``ڭ``; Maghrebi ``ڢ ڧ`` -> ``ف ق``."""

    name = "arabic.letters"
    OPTIONS = (
        Option("persian", bool, True, "Persian/Urdu/Kurdish look-alikes -> Arabic letters"),
        Option("gaf", bool, True, "every letter used for /g/ -> ڭ (U+06AD)"),
        Option("maghrebi", bool, True, "Maghrebi feh/qaf forms -> ف ق"),
    )
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        table: dict[str, str] = {}
        if self.options["persian"]:
            table.update(_PERSIAN)
        if self.options["gaf"]:
            table.update(_GAF)
        if self.options["maghrebi"]:
            table.update(_MAGHREBI)
        return table


@register_step
class ArabicDigits(CharMapStep):
    """Arabic-Indic ``٠-٩`` and Persian ``۰-۹`` digits -> ASCII ``0-9``."""

    name = "arabic.digits"
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        table = {chr(0x0660 + i): str(i) for i in range(10)}
        table.update({chr(0x06F0 + i): str(i) for i in range(10)})
        return table


@register_step
class ArabicPunctuation(CharMapStep):
    """Arabic punctuation -> ASCII: ``، ؛ ؟ ٪ ٫ ٬ ۔`` -> ``, ; ? % . , .``."""

    name = "arabic.punctuation"
    ascii_noop = True

    def _mapping(self) -> Mapping[str, str]:
        return {
            "\u060c": ",",
            "\u061b": ";",
            "\u061f": "?",
            "\u066a": "%",
            "\u066b": ".",  # decimal separator
            "\u066c": ",",  # thousands separator
            "\u06d4": ".",  # Urdu full stop
            "\u2e41": ",",  # reversed comma
            "\u204f": ";",  # reversed semicolon
            "\u2e2e": "?",  # reversed question mark
        }


ARABIC_LETTERS = _range(0x0621, 0x063A) + _range(0x0641, 0x064A) + _range(0x0671, 0x06D3) + "\u06d5"


@register_step
class ArabicElongation(Step):
    """Collapse a letter written three or more times in a row: ``بزااااف`` -> ``بزاف``.

    Arabic spelling marks gemination with shadda, never by writing a letter twice or
    three times, so any run of three is emphasis. Laughter (``ههههه``) is better handled
    by ``social.laughter``, which must come first.
    """

    name = "arabic.elongation"
    OPTIONS = (Option("collapse_to", int, 1, "length a run of 3+ identical letters is cut to", (1, 2)),)
    ascii_noop = True

    def _setup(self) -> None:
        self._keep = self.options["collapse_to"]
        self._rx = re.compile(f"([{ARABIC_LETTERS}])\\1{{2,}}")

    def _repl(self, m: re.Match[str]) -> str:
        return m.group(1) * self._keep

    def apply(self, text: str) -> str:
        return self._rx.sub(self._repl, text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        return sub_tracked(self._rx, self._repl, text)
