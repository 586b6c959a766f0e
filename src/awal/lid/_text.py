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


# ASCII punctuation and symbols, whitespace variants fastText would not split on, typographic and Arabic
# punctuation -> space (the apostrophe stays: "l'eau", "d'occasion")
_TO_SPACE = (
    '!"#$%&()*+,./:;<=>?\\[\\]^_`{|}~\\-'
    "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u2000-\u200a\u2028\u2029\u202f\u3000"
    "«»“”„‟‹›–—―‐‑‒…•·¡¿،؛؟٪٫٬۔﴾﴿×÷°§¶©®™€£¥¢"
    "\U0001f000-\U0001faff\u2190-\u2bff\ufe00-\ufe0f\u20d0-\u20ff\U000e0000-\U000e007f\ufffd"
)
_SPACE_RE = re.compile(f"[{_TO_SPACE}]+")
# invisible characters: bidi marks, joiners, BOM, tatweel, harakat and Quranic marks -> removed
_DROP_RE = re.compile("[\u200b-\u200f\u061c\ufeff\u0640\u0670\u202a-\u202e\u064b-\u065f\u06d6-\u06ed\u0610-\u061a]+")
_QUOTE_RE = re.compile("[‘’‛´ʼ]")
# each pattern starts with a literal, so the regex engine skips ahead instead of trying every position
_URL_RES = (re.compile(r"https?://\S*"), re.compile(r"www\.\S*"), re.compile(r"@\S*"))
_NUMBER_RE = re.compile(r"(?<!\S)[\d']+(?!\S)")
_FLOOD_RE = re.compile(r"(\w)\1\1+")
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
        for rx in _URL_RES:
            big = rx.sub(" ", big)
    big = _SPACE_RE.sub(" ", big)
    if not big.isascii():
        big = _DROP_RE.sub("", big)
        big = _QUOTE_RE.sub("'", big).replace("ک", "ك").replace("ی", "ي")
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
