"""Standard spelling: map a letter-by-letter rendering to the word Darija writers actually use.

DODa's Arabic side spells Arabizi letter by letter (``salam`` -> سالام, ``lwalida`` ->
لواليدا); ordinary Darija writing drops short vowels, writes the article (الواليدة),
ta marbuta (ة), emphatics (صافي) and fixed expressions (إن شاء الله). This step learns
that vocabulary from real Arabic-script Darija (the ``ary_Arab`` lines of ``lid/train.tsv``
outside DODa, with their counts) and picks, among the words and 2-3 word phrases that
share the candidate's consonant skeleton, the one that is frequent *and* close to it.
"""

from __future__ import annotations

import math
from collections import defaultdict

from awal.translit.darija._text import SHADDA

__all__ = ["Standardizer", "skeleton", "spelling_distance"]

#: letters that Arabizi spellings add or drop freely: alef/hamza forms, ta marbuta, shadda
_DROP = frozenset("اأإآءؤئىة" + SHADDA)
#: letters Arabizi merges: emphatic/plain pairs, h/ḥ, the g letters
_FOLD = str.maketrans(
    {
        "ط": "ت",
        "ص": "س",
        "ض": "د",
        "ظ": "د",
        "ذ": "د",
        "ث": "ت",
        "ح": "ه",
        "ڭ": "ق",
        "گ": "ق",
        "ژ": "ز",
        "ک": "ك",
        "ی": "ي",
    }
)
_LIGHT = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ا", SHADDA: None, " ": None})
_MAX_CANDIDATES = 40


def skeleton(text: str) -> str:
    """Consonant skeleton plus the final vowel letter.

    Merged letters are folded, vowel letters inside the word, hamza forms, ta marbuta and
    doubled letters dropped; the last letter's vowel class is kept (ي, و, or ا for ا/ة/ى)
    because Darija suffixes live there (بغيت "I wanted" vs بغيتي "you wanted").
    """
    folded = text.replace(" ", "").replace(SHADDA, "").translate(_FOLD)
    out: list[str] = []
    for ch in folded:
        if ch in _DROP or (ch in "وي" and out) or (out and out[-1] == ch):
            continue
        out.append(ch)
    last = folded[-1:] if folded else ""
    final = "ا" if last in "اةى" else last if last in "وي" and len(folded) > 1 else ""
    return "".join(out) + final


_VOWELISH = frozenset("اوي")
#: letters Arabizi merges (emphatic/plain, h/ḥ, g letters): substituting one for the other is cheap
_MERGED = {frozenset(p) for p in ("تط", "سص", "دض", "دذ", "ضظ", "هح", "قڭ", "قگ", "تث", "زژ", "كڭ")}


def spelling_distance(cand: str, literal: str) -> float:
    """How far an ordinary spelling ``cand`` is from a letter-by-letter ``literal``.

    Letter-by-letter spelling writes every vowel, ordinary spelling drops short ones: so
    dropping a vowel letter of the literal costs 0.5, adding one costs 1; swapping letters
    that Arabizi merges (ت/ط, س/ص, ه/ح...) costs 0.5; anything else costs 1.
    """
    if cand == literal:
        return 0.0
    prev = [0.0]
    for cb in literal:
        prev.append(prev[-1] + (0.5 if cb in _VOWELISH else 1.0))
    for ca in cand:
        cur = [prev[0] + 1.0]
        for j, cb in enumerate(literal, 1):
            if ca == cb:
                sub = 0.0
            elif (ca in _VOWELISH and cb in _VOWELISH) or frozenset((ca, cb)) in _MERGED:
                sub = 0.5
            else:
                sub = 1.0
            cur.append(min(prev[j - 1] + sub, prev[j] + 1.0, cur[j - 1] + (0.5 if cb in _VOWELISH else 1.0)))
        prev = cur
    return prev[-1]


#: a letter-by-letter candidate written this often in real text is already an ordinary spelling
KEEP_COUNT = 20


class Standardizer:
    """Choose the ordinary spelling of a candidate from a counted vocabulary of real text."""

    def __init__(self, words: dict[str, int], phrases: dict[str, int], distance_weight: float = 2.0) -> None:
        self.words = words
        self.distance_weight = distance_weight
        index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for table in (words, phrases):
            for w, c in table.items():
                if w:
                    index[skeleton(w)].append((w, c))
        self.index = {k: sorted(v, key=lambda wc: -wc[1])[:_MAX_CANDIDATES] for k, v in index.items()}

    def best(self, literal: str, latin: str = "") -> str:
        """The most likely ordinary spelling of ``literal`` (itself when nothing fits better).

        ``latin``, the Arabizi word, guards the consonants vowel letters cannot show: a
        candidate must keep a و for every ``w`` and a ي for every ``y`` of it.
        """
        cands = self.index.get(skeleton(literal))
        if not cands:
            return literal
        light = literal.translate(_LIGHT)
        bound = 1.0 if len(light) <= 2 else max(2.0, len(light) / 2)
        need_w, need_y = latin.count("w"), latin.count("y")
        own = self.words.get(literal.replace(SHADDA, ""), 0)
        if own >= KEEP_COUNT:
            return literal
        best = literal
        best_score = math.log(own + 0.5)
        for w, c in cands:
            if w.count("و") < need_w or w.count("ي") < need_y:
                continue
            cand = w.translate(_LIGHT)
            if light.startswith("ل") and cand.startswith("ال"):
                cand = cand[1:]  # the article's alef is not written in letter-by-letter spelling
            d = spelling_distance(cand, light)
            if d > bound:
                continue
            score = math.log(c + 0.5) - self.distance_weight * d
            if score > best_score:
                best, best_score = w, score
        return best
