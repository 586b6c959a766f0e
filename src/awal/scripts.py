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

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

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

# Internally a text is first turned into a *class string*, one ASCII code per character
# (C-speed via str.translate), so that 10 MB lines are analysed in about a second:
#   A Arab letter, L Latn letter, T Tfng letter, O other script, M combining mark,
#   D Arabizi digit (2-9), d digit 0/1, N other alphanumeric (e.g. Arabic-Indic digit),
#   Z neutral (space, punctuation, symbol, emoji).
_LETTER_CLASS = {Script.Arab: "A", Script.Latn: "L", Script.Tfng: "T", Script.Zzzz: "O"}
_CLASS_SCRIPT = {"A": Script.Arab, "L": Script.Latn, "T": Script.Tfng, "O": Script.Zzzz}


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


def _class_of(ch: str) -> str:
    if "0" <= ch <= "9":
        return "D" if ch in ARABIZI_DIGITS else "d"
    script = _base_script(ch)
    if script is None:
        return "M"
    if script is Script.Zyyy:
        return "N" if ch.isalnum() else "Z"
    return _LETTER_CLASS[script]


class _ClassTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table that classifies and memoises unseen code points."""

    def __missing__(self, cp: int) -> str:
        cls = _class_of(chr(cp))
        self[cp] = cls
        return cls


_TABLE = _ClassTable()
_MARKS_AFTER_LETTER = re.compile(r"([ALTO])(M+)")
_WORD = re.compile(r"[ALTOMDdN]+")
_RUN = re.compile(r"L(?:[^LATO]*L)*|A(?:[^LATO]*A)*|T(?:[^LATO]*T)*|O(?:[^LATO]*O)*")


_LONG = 4096  # above this length the numpy lookup beats str.translate


@lru_cache(maxsize=1)
def _bmp_lut() -> np.ndarray:
    """Class byte of every BMP code point, built once on first long input (~0.1 s)."""
    return np.frombuffer("".join(_class_of(chr(cp)) for cp in range(0x10000)).encode("ascii"), dtype=np.uint8)


def _raw_classes(text: str) -> str:
    if len(text) < _LONG:
        return text.translate(_TABLE)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = _bmp_lut()[np.minimum(cps, 0xFFFF)]
    astral = np.nonzero(cps > 0xFFFF)[0]
    if astral.size:
        out = out.copy()
        for i in astral.tolist():
            out[i] = ord(_TABLE[int(cps[i])])
    return out.tobytes().decode("ascii")


def _classes(text: str) -> str:
    """The class string of ``text`` with marks and Arabizi digits resolved."""
    cls = _raw_classes(text)
    if "M" in cls:
        cls = _MARKS_AFTER_LETTER.sub(lambda m: m.group(1) * (len(m.group(2)) + 1), cls).replace("M", "Z")
    if "D" in cls and "L" in cls:
        parts = []
        last = 0
        for m in _WORD.finditer(cls):
            word = m.group()
            if "D" in word and "L" in word:
                parts.append(cls[last : m.start()])
                parts.append(word.replace("D", "L").replace("d", "L"))
                last = m.end()
        parts.append(cls[last:])
        cls = "".join(parts)
    return cls


def char_script(ch: str) -> Script:
    """Script of a single character out of context (marks and digits: ``Zyyy``)."""
    if not isinstance(ch, str) or len(ch) != 1:
        ensure_text(ch, "ch")
        raise ValueError(f"char_script() takes exactly one character, got {len(ch)}")
    return _base_script(ch) or Script.Zyyy


def char_scripts(text: str) -> list[Script]:
    """Script of every character of ``text`` in context (see module rules)."""
    text = ensure_text(text)
    zyyy = Script.Zyyy
    return [_CLASS_SCRIPT.get(c, zyyy) for c in _classes(text)]


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
    text = ensure_text(text)
    cls = _classes(text)
    runs: list[ScriptRun] = []
    start = 0
    prev_end = 0
    prev_script: Script | None = None
    for m in _RUN.finditer(cls):
        script = _CLASS_SCRIPT[cls[m.start()]]
        if prev_script is not None:
            # the neutral gap goes left up to its last space: "salam, " | "مرحبا"
            cut = m.start()
            for k in range(m.start() - 1, prev_end - 1, -1):
                if text[k].isspace():
                    cut = k + 1
                    break
            runs.append(ScriptRun(start, cut, prev_script))
            start = cut
        prev_script, prev_end = script, m.end()
    if text:
        runs.append(ScriptRun(start, len(text), prev_script or Script.Zyyy))
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
    cls = _classes(ensure_text(text))
    counts = Counter({script: n for c, script in _CLASS_SCRIPT.items() if (n := cls.count(c))})
    letters = sum(counts.values())
    if not letters:
        return ScriptProfile({}, {}, Script.Zyyy, 0)
    order = {Script.Tfng: 0, Script.Arab: 1, Script.Latn: 2, Script.Zzzz: 3}
    dominant = min(counts, key=lambda s: (-counts[s], order.get(s, 9)))
    ratios = {s: c / letters for s, c in counts.most_common()}
    return ScriptProfile(dict(counts.most_common()), ratios, dominant, letters)
