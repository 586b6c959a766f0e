"""Script analysis: which writing system each character, run and text is in.

Moroccan text mixes Arabic script, Latin (French, Arabizi Darija, Amazigh transcription)
and Tifinagh in one line, so the script is the first and cheapest signal for every other
step. Rules:

* letters get the script of their Unicode block (Arab, Latn, Tfng; anything else Zzzz);
* combining marks (harakat, accents) inherit the script of the letter they sit on;
* digits, punctuation, spaces, symbols and emoji are neutral (Zyyy) — *except* Arabizi
  digits: in a word that contains a Latin letter, digits belong to the Latin word
  ("3afak", "n9ad", "ma3ndkch"), because there they are letters (3=ع, 9=ق, ...).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from awal.errors import ensure_text
from awal.languages import Script

__all__ = ["ScriptProfile", "ScriptRun", "analyze", "char_script", "char_scripts", "script_runs"]

# (first, last, script) for letter ranges; checked only for characters of category L*.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0041, 0x024F, Script.Latn),  # Basic Latin letters .. Latin Extended-B
    (0x0250, 0x02AF, Script.Latn),  # IPA (ɣ ɛ ʕ are written in Amazigh/Arabizi Latin)
    (0x02B0, 0x02FF, Script.Latn),  # modifier letters (ʷ of gʷ kʷ)
    (0x0600, 0x06FF, Script.Arab),
    (0x0750, 0x077F, Script.Arab),
    (0x0870, 0x08FF, Script.Arab),
    (0x1D00, 0x1DBF, Script.Latn),
    (0x1E00, 0x1EFF, Script.Latn),  # Latin Extended Additional (ḍ ṭ ṣ ẓ ḥ ṛ)
    (0x2071, 0x209C, Script.Latn),
    (0x2C60, 0x2C7F, Script.Latn),
    (0x2D30, 0x2D7F, Script.Tfng),
    (0xA720, 0xA7FF, Script.Latn),
    (0xAB30, 0xAB6F, Script.Latn),
    (0xFB00, 0xFB06, Script.Latn),
    (0xFB50, 0xFDFF, Script.Arab),
    (0xFE70, 0xFEFE, Script.Arab),
    (0xFF21, 0xFF5A, Script.Latn),
    (0x10E60, 0x10E7F, Script.Arab),
    (0x1EE00, 0x1EEFF, Script.Arab),
)
_STARTS = [r[0] for r in _RANGES]

#: digits that stand for Arabic letters in Arabizi (2=ء 3=ع 5=خ 7=ح 8=ه 9=ق; 4 and 6 in Hassaniya)
ARABIZI_DIGITS = frozenset("23456789")

_MARK = "M"  # category prefix of combining marks


@lru_cache(maxsize=4096)
def _base_script(ch: str) -> Script | None:
    """Script of one character out of context; ``None`` for combining marks."""
    cat = unicodedata.category(ch)
    if cat[0] == _MARK:
        return None
    if cat[0] != "L":
        return Script.Zyyy
    cp = ord(ch)
    i = bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _RANGES[i][1]:
        return _RANGES[i][2]
    return Script.Zzzz


def char_script(ch: str) -> Script:
    """Script of a single character out of context (marks and digits: ``Zyyy``)."""
    if not isinstance(ch, str) or len(ch) != 1:
        ensure_text(ch, "ch")
        raise ValueError(f"char_script() takes exactly one character, got {len(ch)}")
    return _base_script(ch) or Script.Zyyy


def char_scripts(text: str) -> list[Script]:
    """Script of every character of ``text`` in context (see module rules)."""
    text = ensure_text(text)
    out: list[Script] = []
    prev = Script.Zyyy
    for ch in text:
        s = _base_script(ch)
        if s is None:  # combining mark: inherit from the base letter
            s = prev if prev is not Script.Zyyy else Script.Zyyy
        out.append(s)
        prev = s
    _arabizi_digits(text, out)
    return out


def _arabizi_digits(text: str, scripts: list[Script]) -> None:
    """Give ASCII digits inside a word that has a Latin letter the Latin script, in place."""
    n = len(text)
    i = 0
    while i < n:
        if not _word_char(text[i]):
            i += 1
            continue
        j = i
        has_latin = has_digit = False
        while j < n and _word_char(text[j]):
            if scripts[j] is Script.Latn:
                has_latin = True
            elif text[j] in ARABIZI_DIGITS:
                has_digit = True
            j += 1
        if has_latin and has_digit:
            for k in range(i, j):
                if "0" <= text[k] <= "9":
                    scripts[k] = Script.Latn
        i = j


def _word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == _MARK


@dataclass(frozen=True)
class ScriptRun:
    """A maximal stretch of one script; ``text[start:end]`` in the analysed string."""

    start: int
    end: int
    script: Script


def script_runs(text: str) -> list[ScriptRun]:
    """Split ``text`` into script runs; neutral characters join the run they sit in.

    Leading neutral characters join the first run, trailing ones the last; neutral
    characters between two different scripts go to the run on their left. A text with
    no letters at all is one ``Zyyy`` run (or no run if empty).
    """
    scripts = char_scripts(text)
    runs: list[ScriptRun] = []
    start = 0
    current: Script | None = None
    last = -1  # index of the last non-neutral character
    for i, s in enumerate(scripts):
        if s is Script.Zyyy:
            continue
        if current is None:
            current = s
        elif s is not current:
            # the neutral gap goes left up to its last space: "salam, " | "مرحبا"
            cut = i
            for k in range(i - 1, last, -1):
                if text[k].isspace():
                    cut = k + 1
                    break
            runs.append(ScriptRun(start, cut, current))
            start, current = cut, s
        last = i
    if text:
        runs.append(ScriptRun(start, len(text), current or Script.Zyyy))
    return runs


@dataclass(frozen=True)
class ScriptProfile:
    """Script make-up of a text: letter counts, ratios over letters, dominant script."""

    counts: dict[Script, int]
    ratios: dict[Script, float]
    dominant: Script
    letters: int

    def to_dict(self) -> dict[str, object]:
        return {
            "dominant": self.dominant.value,
            "letters": self.letters,
            "counts": {k.value: v for k, v in self.counts.items()},
            "ratios": {k.value: round(v, 4) for k, v in self.ratios.items()},
        }


def analyze(text: str) -> ScriptProfile:
    """Count scripts over the letters of ``text`` (neutral characters excluded).

    ``dominant`` is the script with most letters (ties: Tfng, Arab, Latn, other) and
    ``Zyyy`` when the text has no letter, e.g. ``"2025 !!"`` or an emoji line.
    """
    scripts = char_scripts(text)
    counts = Counter(s for s in scripts if s is not Script.Zyyy)
    letters = sum(counts.values())
    if not letters:
        return ScriptProfile({}, {}, Script.Zyyy, 0)
    order = {Script.Tfng: 0, Script.Arab: 1, Script.Latn: 2, Script.Zzzz: 3}
    dominant = min(counts, key=lambda s: (-counts[s], order.get(s, 9)))
    ratios = {s: c / letters for s, c in counts.most_common()}
    return ScriptProfile(dict(counts.most_common()), ratios, dominant, letters)
