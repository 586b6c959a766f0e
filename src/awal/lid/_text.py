"""Fast text preparation shared by training and inference (the model sees only this).

Language ID must run at >= 170,000 short sentences per second, so preparation works on
a whole batch at once: the texts are joined into one string, cleaned with a handful of
C-level passes (``lower``, ``translate``, compiled regexes) and split again. Per-text
Python work is kept to a few string predicates.

What is removed and why: URLs, e-mail addresses, @mentions, emoji and symbols, numbers
written only with digits, harakat and tatweel carry no language signal but do carry
*source* signal (one corpus has emoji, another Eastern Arabic digits); letter floods
(``bzzzzaf``, ``ههههه``) are cut to two so social spellings meet dictionary spellings.
Digits inside Latin words stay: in Arabizi they are letters (``3afak``, ``n9ad``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from awal.languages import Script
from awal.scripts import analyze

__all__ = ["SCRIPT_RES", "WORD_RE", "has_letter", "prepare", "prepare_batch", "scripts_in", "uncovered_script"]


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # ASCII punctuation and symbols -> space (the apostrophe stays: "l'eau", "d'occasion")
    for ch in '!"#$%&()*+,./:;<=>?[\\]^_`{|}~-':
        table[ord(ch)] = " "
    # whitespace variants and separators fastText would not split on -> space
    for cp in (0x09, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, 0x2028, 0x2029, 0x202F, 0x3000):
        table[cp] = " "
    for cp in range(0x2000, 0x200B):
        table[cp] = " "
    # typographic punctuation, Arabic punctuation
    for ch in "«»“”„‟‹›–—―‐‑‒…•·¡¿،؛؟٪٫٬۔﴾﴿×÷°§¶©®™€£$¥¢":
        table[ord(ch)] = " "
    for ch in "‘’‛`´ʼ":
        table[ord(ch)] = "'"
    # invisible characters: bidi marks, joiners, BOM, tatweel, harakat and Quranic marks -> removed
    for cp in [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x0640, 0x0670, *range(0x202A, 0x202F)]:
        table[cp] = None
    for cp in [*range(0x064B, 0x0660), *range(0x06D6, 0x06EE), *range(0x0610, 0x061B)]:
        table[cp] = None
    # Eastern Arabic and Persian digits -> ASCII (number tokens are then dropped alike)
    for i in range(10):
        table[0x0660 + i] = str(i)
        table[0x06F0 + i] = str(i)
    # Arabic presentation-form-free variants that only some sources use
    table[ord("ک")] = "ك"
    table[ord("ی")] = "ي"
    return table


_TABLE = _table()
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|@\w+")
_SYMBOL_RE = re.compile("[\U0001f000-\U0001faff\u2190-\u2bff\ufe00-\ufe0f\u20d0-\u20ff\U000e0000-\U000e007f\ufffd]+")
_NUMBER_RE = re.compile(r"(?<!\S)[0-9']+(?!\S)")
_FLOOD_RE = re.compile(r"(\w)\1{2,}")
_SPACES_RE = re.compile(r"  +")
_LETTER_RE = re.compile(r"[^\W\d_]")
#: a letter of each covered script (after preparation: lower case, no marks)
SCRIPT_RES = {
    "Latn": re.compile("[a-z\u00c0-\u024f\u0250-\u02af\u1e00-\u1eff]"),
    "Arab": re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"),
    "Tfng": re.compile("[\u2d30-\u2d7f]"),
}
# letters of scripts the models do not cover (Greek, Cyrillic, Armenian, Hebrew, Syriac, Indic, Thai, Georgian,
# Hangul, Ethiopic, Kana, CJK); found cheaply, then confirmed with awal.scripts.analyze
_OTHER_SCRIPT_RE = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u05d0-\u05ff\u0700-\u074f\u0900-\u0dff\u0e00-\u0eff"
    "\u10a0-\u10ff\u1100-\u11ff\u1200-\u139f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)

#: a word for segmentation: letters/digits with their combining marks, joined by inner apostrophes or hyphens
WORD_RE = re.compile(
    r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+(?:['’\-][\w\u0300-\u036f\u064b-\u065f\u0670]+)*"
)


def prepare_batch(texts: Sequence[str]) -> list[str]:
    """Prepared model input for each text (one output per input, same order)."""
    if not texts:
        return []
    big = "\n".join(texts)
    if big.count("\n") != len(texts) - 1:  # a text holds a line break: keep the count right
        big = "\n".join(t.replace("\n", " ") for t in texts)
    big = big.lower()
    if "@" in big or "http" in big or "www." in big:
        big = _URL_RE.sub(" ", big)
    big = big.translate(_TABLE)
    if not big.isascii():
        big = _SYMBOL_RE.sub(" ", big)
    big = _NUMBER_RE.sub(" ", big)
    big = _FLOOD_RE.sub(r"\1\1", big)
    big = _SPACES_RE.sub(" ", big)
    return big.split("\n")


def prepare(text: str) -> str:
    """Prepared model input for one text."""
    return prepare_batch([text])[0].strip()


def scripts_in(prepared: str) -> frozenset[str]:
    """Covered scripts (``"Latn"``, ``"Arab"``, ``"Tfng"``) with at least one letter in ``prepared``."""
    return frozenset(name for name, rx in SCRIPT_RES.items() if rx.search(prepared))


def has_letter(prepared: str) -> bool:
    """Whether prepared text still has a letter (else it is ``und``: no linguistic content)."""
    return _LETTER_RE.search(prepared) is not None


def uncovered_script(text: str) -> Script | None:
    """``Script.Zzzz`` when most letters of ``text`` are in a script no model covers, else ``None``."""
    if text.isascii() or _OTHER_SCRIPT_RE.search(text) is None:
        return None
    prof = analyze(text)
    other = prof.counts.get(Script.Zzzz, 0)
    return Script.Zzzz if other * 2 > prof.letters else None
