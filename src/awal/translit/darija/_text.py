"""Character-level helpers shared by training and runtime: keys, units, token pieces.

Training and runtime must cut words the same way, or the lexicon learned from the
pairs would not be found at run time; that is why these few functions live apart.
"""

from __future__ import annotations

import re

__all__ = [
    "ARABIC_FALLBACK",
    "ARABIC_LETTERS",
    "arabic_key",
    "arabic_units",
    "char_distance",
    "is_arabic_word",
    "latin_key",
]

#: Arabic letters used in Darija writing (base letters, the Maghrebi/Persian extras, hamza forms)
ARABIC_LETTERS = frozenset(
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"  # standard
    "ڭگڤپچژکیڨ"  # g, v, p, ch, zh, Persian kaf/yeh, Maghrebi qaf
)
#: Latin -> Arabic letter by letter: the last resort when the generator finds no path (a letter
#: never seen in training); shared by the Python reference and the compiled decoder
ARABIC_FALLBACK = {
    "a": "ا", "b": "ب", "c": "ك", "d": "د", "e": "", "f": "ف", "g": "ڭ", "h": "ه", "i": "ي", "j": "ج",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "پ", "q": "ق", "r": "ر", "s": "س", "t": "ت",
    "u": "و", "v": "ڤ", "w": "و", "x": "كس", "y": "ي", "z": "ز", "2": "ء", "3": "ع", "4": "ذ", "5": "خ",
    "6": "ط", "7": "ح", "8": "ه", "9": "ق", "0": "", "1": "",
}  # fmt: skip
SHADDA = "\u0651"
TATWEEL = "\u0640"
#: harakat and other marks dropped from keys (shadda is kept: DODa writes gemination)
_DROP_MARKS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0652\u0653\u0654\u0655\u0670" + TATWEEL)
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff\u064b-\u0655\u0670\u0640]+$")

_ACCENTS = str.maketrans("éèêëàâäáîïíôöóûùüúçñ", "eeeeaaaaiiiooouuuusn")
_EMPHATIC_CAPS = frozenset("TSDHZ")


def latin_key(word: str) -> str:
    """Lookup/model form of an Arabizi word.

    Lower-cased and accent-folded, except for the capitals that DODa uses inside a word
    for emphatic consonants (``kaySddro``: S = ص, T = ط, D = ض): a capital after the
    first letter of a mixed-case word is kept, because it carries a letter distinction.
    A capital at the start (sentence case) or an all-caps word is only case.
    """
    if not word.islower() and not word.isupper() and any(c in _EMPHATIC_CAPS for c in word[1:]):
        head = word[0].lower()
        tail = "".join(c if c in _EMPHATIC_CAPS else c.lower() for c in word[1:])
        return (head + tail).translate(_ACCENTS)
    return word.lower().translate(_ACCENTS)


def arabic_units(word: str) -> list[str]:
    """Split an Arabic word into units: a base letter plus a following shadda.

    Other marks (short vowels, tanwin, tatweel) are dropped: almost nobody writes them
    in Darija, and keeping them would split the statistics of the same spelling.
    """
    units: list[str] = []
    for ch in word:
        if ch == SHADDA:
            if units and not units[-1].endswith(SHADDA):
                units[-1] += SHADDA
            continue
        if ch in _DROP_MARKS:
            continue
        units.append(ch)
    return units


def arabic_key(word: str) -> str:
    """Lookup form of an Arabic-script word (marks except shadda and tatweel removed)."""
    return "".join(arabic_units(word))


def is_arabic_word(word: str) -> bool:
    """True if every character is an Arabic letter, mark or Arabic-Indic digit."""
    return bool(_ARABIC_WORD.match(word))


def char_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings (two-row dynamic programme)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        append = current.append
        for j, cb in enumerate(b, 1):
            sub = previous[j - 1] + (ca != cb)
            ins = current[j - 1] + 1
            dele = previous[j] + 1
            append(sub if sub <= ins and sub <= dele else (ins if ins <= dele else dele))
        previous = current
    return previous[-1]
