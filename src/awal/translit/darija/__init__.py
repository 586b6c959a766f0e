"""Darija transliteration, Arabizi (Latin letters + digits) <-> Arabic script, learned from data.

>>> to_arabic("wach nta mzyan? 3afak")  # doctest: +SKIP
'واش نتا مزيان؟ عافاك'
>>> to_latin("واش نتا مزيان")  # doctest: +SKIP
'wach nta mzyan'
>>> candidates("3afak", n=3)  # doctest: +SKIP
[Candidate(text='عافاك', score=0.97), ...]

How it works (details in ``docs/translit-darija.md``): a word lexicon and a graphone
joint n-gram model learned from 62k Moroccan sentence pairs (plus Hassaniya and Tunisian
pairs for ``variety="mey"`` / ``"aeb"``) propose spellings; a character language model
of ordinary Arabic-script Darija re-ranks them. Words of a French, English or Spanish
stretch stay in Latin letters (a fast lexical filter, confirmed by :mod:`awal.lid` spans
when that module is installed); numbers, URLs, e-mails, @mentions, #hashtags and emoji
are copied unchanged. Results are cached per word, so running text is fast.

Licence: the Moroccan and Tunisian tables are learned from non-commercial data (DODa,
CC BY-NC 4.0; TArC, CC BY-NC-SA 4.0): see ``manifest.json``.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from typing import Any

from awal.errors import InputTypeError, ModelError, UnknownNameError, ensure_text
from awal.translit.darija import _store
from awal.translit.darija._store import _fast, accelerated, load_bundle
from awal.translit.darija._text import ARABIC_FALLBACK, SHADDA, arabic_key, arabic_units, latin_key

__all__ = [
    "ACCELERATED",
    "DEFAULT_SPELLING",
    "SCHEMES",
    "SPELLINGS",
    "VARIETIES",
    "Candidate",
    "candidates",
    "latin_candidates",
    "manifest",
    "set_model_dir",
    "to_arabic",
    "to_latin",
    "word_candidates",
]

#: True when the compiled Latin -> Arabic path (``_fast``, a small C extension built at install
#: time) is in use; False = the pure-Python implementation (no compiler at install time, or
#: ``$AWAL_DARIJA_PURE=1``). Outputs are identical either way; only the speed differs.
ACCELERATED: bool = accelerated()
#: ary = Moroccan (first-class), mey = Hassaniya, aeb = Tunisian
VARIETIES: tuple[str, ...] = ("ary", "mey", "aeb")
#: Latin output schemes of :func:`to_latin`
SCHEMES: tuple[str, ...] = ("arabizi", "scholarly")
#: Arabic output spellings of :func:`to_arabic`: "standard" = how Darija is ordinarily written
#: (learned from real Arabic-script Darija), "literal" = letter by letter, as DODa writes it
SPELLINGS: tuple[str, ...] = ("standard", "literal")
DEFAULT_SPELLING = "literal"
#: varieties with a standard-spelling vocabulary (real Arabic-script text); others are literal
_STANDARD_VARIETIES = frozenset({"ary"})


@dataclass(frozen=True)
class Candidate:
    """One transliteration of a word; ``score`` is its probability under the model (0-1]."""

    text: str
    score: float


def manifest() -> dict[str, Any]:
    """The loaded model's manifest (sources, licence classes, parameters, metrics)."""
    return dict(load_bundle().manifest)


# -- validation ---------------------------------------------------------------------------
def _check_variety(variety: object) -> str:
    if not isinstance(variety, str):
        raise InputTypeError(f"variety must be str, not {type(variety).__name__}")
    if variety not in VARIETIES:
        raise UnknownNameError("variety", variety, VARIETIES)
    return variety


def _check_scheme(scheme: object) -> str:
    if not isinstance(scheme, str):
        raise InputTypeError(f"scheme must be str, not {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise UnknownNameError("scheme", scheme, SCHEMES)
    return scheme


def _check_spelling(spelling: object) -> str:
    if not isinstance(spelling, str):
        raise InputTypeError(f"spelling must be str, not {type(spelling).__name__}")
    if spelling not in SPELLINGS:
        raise UnknownNameError("spelling", spelling, SPELLINGS)
    return spelling


def _check_n(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputTypeError(f"n must be int, not {type(n).__name__}")
    if n < 1:
        raise InputTypeError(f"n must be at least 1, got {n}")
    return n


# -- tokenisation -------------------------------------------------------------------------
#: tokens copied verbatim: URLs, e-mail addresses, @mentions, #hashtags
_KEEP_TOKEN = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[^\s@]+@[^\s@]+\.\w+|[@#]\w\S*)$", re.I)
#: a letter/digit run (any script) or one other character
_PIECE = re.compile(
    r"[0-9A-Za-z\u00c0-\u024f]+"  # a Latin run (Arabizi digits included)
    r"|[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff\u064b-\u0655\u0670\u0640]+"  # an Arabic run
    r"|[^\W_]+|\s+|.",  # another script's run, whitespace, or one other character
    re.S,
)
_AR_PUNCT = {"?": "\u061f", ",": "\u060c", ";": "\u061b"}
_LAT_PUNCT = {"\u061f": "?", "\u060c": ",", "\u061b": ";", "\u066a": "%", "\u06d4": "."}
_ACCENTED = frozenset("éèêëàâäîïôöûùüçœæÉÈÊÀÂÎÔÛÇ")
#: a run is Latin Arabizi if it holds only ASCII letters/digits or Latin accented letters
_LATIN_RUN = re.compile(r"^[0-9A-Za-z\u00c0-\u024f]+$")
_ARABIC_RUN = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff\u064b-\u0655\u0670\u0640]+$")
_NUMBERISH = re.compile(r"^(?:\d+|\d{2,}[A-Za-z]{1,3})$")

#: code-switching: S(word) = European-vs-Darija log-odds - log(1 + Darija lexicon count)
#: a sentence with a word above _TRIGGER is checked (awal.lid spans when installed);
#: without lid, words above _STRONG stay Latin, and so do words with any European
#: evidence (S > _WEAK, e.g. "la", "de") next to them
_TRIGGER = 0.5
_STRONG = 1.0
_WEAK = -1.0
#: awal.lid spans are asked for a sentence with at least this many words above _TRIGGER (a stretch
#: of possibly European words, whose extent lid decides); a sentence with fewer keeps the words
#: above _LONE_STRONG, and when there is one, lid's European spans around it too. Tunisian (TArC) text switches into French far more often, so there every
#: triggered sentence goes to lid. One lid call costs ~0.8 ms, a hundred times a sentence in C;
#: on dev the lone-word rule scores as well as or better than lid for ary and mey (lid tends to
#: transliterate a lone European-looking word inside Darija, as DODa's references do).
_LID_MIN_TRIGGERS = {"ary": 2, "mey": 2, "aeb": 1}
#: varieties whose triggered sentences ask lid only when it could see a European word the tables
#: cannot (``_lid_needed``): a lexicon word lid reads as European with no European-table entry
#: ("carte", from ``<variety>.lid_european``, computed from lid at train time), or a word in no
#: table at all (no Arabizi digit) next to a European-looking one. Otherwise the lexical rule
#: decides, in C: on dev it gives lid's answer on all 30 such Moroccan and 11 Hassaniya sentences
#: (and on 62 of 63 in a 20k-sentence sample of train). Tunisian keeps asking lid: there lid's
#: spans and the lexical rule disagree on most sentences.
_LID_SCREEN = {"ary": True, "mey": True, "aeb": False}
#: what the tables know of a word without European-table evidence (``_ToArabic.judge``)
_KNOWN, _LID_EUROPEAN, _UNKNOWN = 0, 1, 2
_LONE_STRONG = 2.0
_ACCENT_ODDS = 3.5
_ELISIONS = frozenset({"d", "l", "j", "n", "s", "c", "m", "t", "qu"})
_EUROPEAN_LABELS = frozenset({"fra_Latn", "eng_Latn", "spa_Latn"})
_CACHE_LIMIT = 400_000


class _ToArabic:
    """Latin -> Arabic for one (variety, punctuation) setting, with its caches."""

    def __init__(
        self, variety: str, spelling: str, arabic_punctuation: bool, keep_foreign: bool, accelerate: bool = True
    ) -> None:
        bundle = load_bundle()
        self.model = bundle.variety(variety)
        self.standard = spelling == "standard" and variety in _STANDARD_VARIETIES
        self._bundle = bundle
        self.punct = _AR_PUNCT if arabic_punctuation else {}
        self.keep_foreign = keep_foreign
        self.lid_min_triggers = _LID_MIN_TRIGGERS.get(variety, 1)
        #: lexicon words lid reads as European (the screen of _lid_needed); None = ask lid for every
        #: triggered sentence (Tunisian, keep_foreign=False, or a model trained without the table)
        self.lid_screen: frozenset[str] | None = None
        if keep_foreign and _LID_SCREEN.get(variety, False):
            try:
                self.lid_screen = bundle.table(f"{variety}.lid_european")
            except ModelError:
                self.lid_screen = None
        self.words: dict[str, str] = {}
        self.odds: dict[str, float] = {}
        #: whitespace token -> output, for tokens whose output does not depend on context
        self.tokens: dict[str, str] = {"": ""}
        self._get = self.tokens.__getitem__
        #: tokens holding a likely European word: their sentence takes the slow path
        self.switch: set[str] = set()
        #: code-switched sentences already converted (bounded)
        self.switched: dict[str, str] = {}
        #: compiled paths (same outputs): a word's literal spelling, and whole printable-ASCII
        #: sentences without a code-switch trigger (None = this sentence needs the Python path)
        if keep_foreign:
            # code-switch aware: the LID model is part of this converter, so it is loaded (and its
            # feature tables built by one first call) now, not by the first code-switched sentence
            _lid_warm()
        fast = self.model.fast if accelerate else None
        self._fast_word: Any = fast.word if fast is not None else None
        self._lex_total: Any = fast.lex_total if fast is not None else None
        self._foreign_get: Any = fast.foreign_odds if fast is not None else None
        self._fast_text: Any = None
        #: text -> Arabic: the compiled converter (handing other sentences to the Python path) or the Python path
        self.convert: Any = self._python
        if fast is not None:
            std = self._standard_of if self.standard else None
            # the compiled path also takes a sentence with too few possibly European words for lid
            # (the lexical rule of _european_pieces decides which stay Latin); lid's go to Python
            lid = keep_foreign and _lid_segment() is not None
            self._fast_text = _fast.Converter(
                fast,
                self.punct,
                keep_foreign,
                _TRIGGER,
                std,
                self._python,
                self.lid_min_triggers if lid else 1 << 30,
                _LONE_STRONG if lid else _STRONG,
                _WEAK,
                lid,
                _STRONG,
                self.lid_screen,
                "".join(sorted(_ACCENTED)),
                _ACCENT_ODDS,
            )
            self.convert = self._fast_text

    def _standard_of(self, out: str, key: str) -> str:
        return self.model.standardizer.best(out, key)

    # one word -------------------------------------------------------------------------
    def word(self, run: str) -> str:
        key = latin_key(run)
        out = self.words.get(key)
        if out is None:
            if self._fast_word is not None:
                out = self._fast_word(key)
            if out is None:
                out = self._literal(key)
            if self.standard:
                out = self.model.standardizer.best(out, key)
            if len(self.words) > _CACHE_LIMIT:
                self.words.clear()
            self.words[key] = out
        return out

    def _literal(self, key: str) -> str:
        """The literal spelling of a lookup key (the reference of the compiled ``Decoder.word``)."""
        lex = self.model.lexicon.get(key)
        if lex and (len(lex) == 1 or lex[0][1] >= 2 * lex[1][1]):
            # a clear lexicon winner: the generator's posterior (a prior of weight 0.5 against
            # at least one count) could not overturn it, so it need not run
            return lex[0][0]
        post = self.model.arabic_posterior(key)
        return _best(post) or _fallback_arabic(key)

    @property
    def foreign(self) -> dict[str, float]:
        """Lower-cased word -> European-vs-Darija log-odds (parsed on first use)."""
        return self._bundle.shared("foreign")

    def _foreign_odds(self, word: str) -> float:
        if self._foreign_get is not None:  # the compiled table: the Python one need not be parsed
            odds = self._foreign_get(word)
            return -math.inf if odds is None else odds
        return self.foreign.get(word, -math.inf)

    def raw_odds(self, run: str) -> float:
        """European-vs-Darija log-odds of a word on its own (accents count as European)."""
        odds = self._foreign_odds(run.lower())
        if any(c in _ACCENTED for c in run):
            odds = max(odds, _ACCENT_ODDS)
        return odds

    def judge(self, run: str, raw: float) -> int:
        """What the tables know of a word: ``_KNOWN`` (European-table evidence, a Darija lexicon word,
        or Arabizi digits), ``_LID_EUROPEAN`` (a lexicon word lid reads as European, with no
        European-table entry) or ``_UNKNOWN`` (in no table); see ``_lid_needed``."""
        if raw != -math.inf or self.lid_screen is None:
            return _KNOWN
        key = latin_key(run)
        if key in self.lid_screen:
            return _LID_EUROPEAN
        # the compiled lexicon when there is one (the Python one need not be parsed)
        known = self._lex_total(key) is not None if self._lex_total is not None else key in self.model.lexicon
        return _KNOWN if known or any(c.isdigit() for c in run) else _UNKNOWN

    def switch_score(self, run: str) -> float:
        """S(word): how much more European than Darija a Latin word looks (see _TRIGGER)."""
        s = self.odds.get(run)
        if s is None:
            odds = self.raw_odds(run)
            if self._lex_total is not None:  # compiled lexicon: the Python one need not be parsed
                total = self._lex_total(latin_key(run))
                s = odds - math.log1p(total) if total is not None else odds
            else:
                lex = self.model.lexicon.get(latin_key(run))
                s = odds - math.log1p(sum(c for _, c in lex)) if lex else odds
            if len(self.odds) > _CACHE_LIMIT:
                self.odds.clear()
            self.odds[run] = s
        return s

    # one text -------------------------------------------------------------------------
    def __call__(self, text: str) -> str:
        return self.convert(text)

    def _python(self, text: str) -> str:
        """One line in pure Python (the reference; the compiled path hands it what it does not take)."""
        toks = text.split(" ")
        if self.switch.isdisjoint(toks):
            try:
                return " ".join(map(self._get, toks))
            except KeyError:
                pass
        else:
            # a possibly code-switched sentence: its answer depends on the whole sentence
            # (awal.lid spans), so it is memoised whole
            done = self.switched.get(text)
            if done is not None:
                return done
        return self._slow(text)

    def _slow(self, text: str) -> str:
        # pieces: [kind, text, S, raw odds, judge] with kind w = Latin word run, k = keep, p = punctuation/other
        pieces: list[list[Any]] = []
        token_of: list[int] = []
        tokens = text.split(" ")
        for ti, tok in enumerate(tokens):
            if ti:
                pieces.append(["k", " ", -math.inf, -math.inf, _KNOWN])
                token_of.append(-1)
            if _KEEP_TOKEN.match(tok):
                pieces.append(["k", tok, -math.inf, -math.inf, _KNOWN])
                token_of.append(ti)
                continue
            for m in _PIECE.finditer(tok):
                s = m.group()
                if s[0].isalnum():
                    if _LATIN_RUN.match(s) and not _NUMBERISH.match(s):
                        score = self.switch_score(s) if self.keep_foreign else -math.inf
                        raw = self.raw_odds(s)
                        pieces.append(["w", s, score, raw, self.judge(s, raw) if self.keep_foreign else _KNOWN])
                    else:
                        pieces.append(["k", s, -math.inf, -math.inf, _KNOWN])
                else:
                    pieces.append(["p", s, -math.inf, -math.inf, _KNOWN])
                token_of.append(ti)
        switching = self.keep_foreign and any(p[0] == "w" and p[2] > _TRIGGER for p in pieces)
        keep = (
            _european_pieces(text, pieces, self.lid_min_triggers, self.lid_screen is not None) if switching else set()
        )
        out: list[str] = []
        for i, (kind, s, *_) in enumerate(pieces):
            if kind == "w":
                out.append(s if i in keep else self.word(s))
            elif kind == "p":
                out.append(self.punct.get(s, s))
            else:
                out.append(s)
        # remember context-free tokens for the fast path
        if len(self.tokens) > _CACHE_LIMIT:
            self.tokens.clear()
        start = 0
        for ti, tok in enumerate(tokens):
            end = start
            while end < len(pieces) and token_of[end] == ti:
                end += 1
            scores = [p[2] for p in pieces[start:end] if p[0] == "w"]
            if any(sc > _TRIGGER for sc in scores):
                self.switch.add(tok)
            elif not keep.intersection(range(start, end)) and "\t" not in tok and "\n" not in tok:
                # context-free only if none of its words stayed Latin in this sentence (awal.lid
                # spans or a European neighbour can keep a word that scores as Darija on its own)
                self.tokens[tok] = "".join(out[start:end])
            start = end + 1  # skip the space piece
        result = "".join(out)
        if switching:
            if len(self.switched) > _CACHE_LIMIT // 8:
                self.switched.clear()
            self.switched[text] = result
        return result


def _european_pieces(text: str, pieces: list[list[Any]], lid_min_triggers: int = 1, screen: bool = False) -> set[int]:
    """Indices of the word pieces that stay in Latin script.

    With :mod:`awal.lid` installed and at least ``lid_min_triggers`` words above the trigger
    score, its spans decide first (a word inside a French, English or Spanish span stays
    Latin); with fewer, a word with a very strong lexical score (``_LONE_STRONG``) stays Latin
    and, if there is one, lid's spans add the European words around it ("la carte nationale",
    where only "nationale" is in the European word table); without awal.lid, words with a
    strong lexical score (``_STRONG``) do. With ``screen`` (``_LID_SCREEN``), lid is asked only
    when :func:`_lid_needed` says it could see more than the tables; otherwise the lexical rule
    decides as if lid had been asked: the words above ``_LONE_STRONG`` with fewer than
    ``lid_min_triggers`` triggers, else those above ``_STRONG``. Then
    neighbours join: a word with some European evidence next to a kept one, an article or
    determiner that looks European on its own before a kept word ("la voiture"), and an
    elided letter before an apostrophe ("d'occasion").
    """
    words = [i for i, p in enumerate(pieces) if p[0] == "w"]
    triggers = sum(1 for i in words if pieces[i][2] > _TRIGGER)
    strong = {i for i in words if pieces[i][2] > _LONE_STRONG}
    ask = triggers >= lid_min_triggers or bool(strong)
    if ask and screen:
        ask = _lid_needed(pieces, words)
    spans = _lid_spans(text) if ask else None
    keep: set[int] = set()
    if spans is None and triggers < lid_min_triggers and _lid_segment() is not None:
        keep = strong  # no word European enough on its own and too few for lid (empty), or lid not needed
    elif spans is None and screen and _lid_segment() is not None:
        keep = {i for i in words if pieces[i][2] > _STRONG}  # lid not needed: the lexical rule
    elif spans is not None:
        # lid's European spans, plus the words European enough on their own (lid tends to give a lone
        # European word inside Darija to Darija); the spans bring their neighbours: "la carte nationale"
        keep = set(strong) if triggers < lid_min_triggers else set()
        pos = 0
        starts = []
        for p in pieces:
            starts.append(pos)
            pos += len(p[1])
        for i in words:
            for span in spans:
                if span[0] <= starts[i] < span[1]:
                    if span[2] in _EUROPEAN_LABELS:
                        keep.add(i)
                    break
    else:
        keep = {i for i in words if pieces[i][2] > _STRONG}
    changed = bool(keep)
    while changed:
        changed = False
        for n, i in enumerate(words):
            if i in keep:
                continue
            prv = words[n - 1] if n > 0 else -1
            nxt = words[n + 1] if n + 1 < len(words) else -1
            elision = pieces[i][1].lower() in _ELISIONS and i + 1 < len(pieces) and pieces[i + 1][1] in "'’"
            if (pieces[i][2] > _WEAK and (prv in keep or nxt in keep)) or (
                (pieces[i][3] > 0 or elision) and nxt in keep
            ):
                keep.add(i)
                changed = True
    return keep


def _lid_needed(pieces: list[list[Any]], words: list[int]) -> bool:
    """Whether awal.lid could find a European word that the lexical tables cannot see.

    The tables judge every word with European-table evidence (``raw`` odds) and every Darija
    lexicon word; what they miss is a lexicon word that lid reads as European without a
    European-table entry (``_LID_EUROPEAN``: "la carte nationale") and a word in no table at
    all next to a European-looking one (``_UNKNOWN``: "des autoformation"). Only then are
    lid's spans worth their cost (~0.7 ms a sentence, a hundred times the rest).
    """
    last = len(words) - 1
    for n, i in enumerate(words):
        flag = pieces[i][4]
        if flag == _LID_EUROPEAN:
            return True
        if flag == _UNKNOWN and (
            (n > 0 and _evidence(pieces[words[n - 1]])) or (n < last and _evidence(pieces[words[n + 1]]))
        ):
            return True
    return False


def _evidence(piece: list[Any]) -> bool:
    """A word that looks European on its own: positive European odds, or above ``_LONE_STRONG``."""
    return piece[3] > 0 or piece[2] > _LONE_STRONG


def _lid_spans(text: str) -> list[tuple[int, int, str]] | None:
    """``(start, end, label)`` spans from ``awal.lid.segment``; ``None`` if lid is unavailable."""
    segment = _lid_segment()
    if segment is None:
        return None
    try:
        return [(s.start, s.end, str(getattr(s.label, "value", s.label))) for s in segment(text)]
    except Exception:  # a broken or missing lid model must not break transliteration
        return None


_lid_lock = threading.Lock()
_lid_state: list[Any] = []


def _lid_segment():
    """``awal.lid.segment`` if installed (looked up once), else ``None``."""
    if not _lid_state:
        with _lid_lock:
            if not _lid_state:
                try:
                    import awal.lid as lid

                    _lid_state.append(getattr(lid, "segment", None))
                except Exception:  # not installed, or its model is missing: lexical filter only
                    _lid_state.append(None)
    return _lid_state[0]


def _lid_warm() -> None:
    """Load :mod:`awal.lid` (if installed) and run it once, so that its model is ready."""
    if not _lid_warmed:
        _lid_spans(_LID_WARM_TEXT)  # a no-op when lid is unavailable
        _lid_warmed.append(True)


_lid_warmed: list[bool] = []
_LID_WARM_TEXT = "salut, bghit la voiture"


#: last resort when the generator finds no path (a letter never seen in training)
_ARABIC_FALLBACK = ARABIC_FALLBACK
_LATIN_FALLBACK = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "2", "ؤ": "2", "ئ": "2", "ب": "b", "ت": "t", "ث": "t",
    "ج": "j", "ح": "7", "خ": "kh", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "ch", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "d", "ع": "3", "غ": "gh", "ف": "f", "ق": "9", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "ڭ": "g", "گ": "g", "ڤ": "v", "پ": "p",
}  # fmt: skip


_ARTICLE = re.compile(r"^(و|ف|ب|)(ال|لل)(?=..)")


def _letter_by_letter(key: str) -> str:
    """The DODa (letter-by-letter) spelling of an ordinarily spelled word, for look-up.

    The pairs were learned from letter-by-letter Arabic, which writes the article as it is
    pronounced (الواليدة -> لواليدا, للسوق -> لسوق) and ta marbuta as alef.
    """
    out = _ARTICLE.sub(lambda m: m.group(1) + "ل", key)
    if out.endswith("ة"):
        out = out[:-1] + "ا"
    return out


def _fallback_arabic(key: str) -> str:
    return "".join(_ARABIC_FALLBACK.get(c.lower(), c) for c in key) or key


def _fallback_latin(key: str) -> str:
    return "".join(_LATIN_FALLBACK.get(c, "") for c in key.replace(SHADDA, ""))


def _best(post: dict[str, float]) -> str | None:
    if not post:
        return None
    return min(post.items(), key=lambda kv: (-kv[1], kv[0]))[0]


class _ToLatin:
    """Arabic -> Latin (Arabizi or scholarly) for one variety, with its caches."""

    def __init__(self, variety: str, scheme: str, accelerate: bool = True) -> None:
        bundle = load_bundle()
        self.model = bundle.variety(variety)
        self.scheme = scheme
        self.words: dict[str, str] = {}
        self.tokens: dict[str, str] = {"": ""}
        #: text -> Latin: the compiled converter for the Arabizi scheme (handing the sentences it does
        #: not take to the Python path), else the Python path
        self.convert: Any = self._python
        self._fast_text: Any = None
        fast = self.model.fast if accelerate and scheme == "arabizi" else None
        if fast is not None:
            try:
                rlexicon = bundle.blob(f"{variety}.rlexicon")
                self._fast_text = _fast.LatinConverter(
                    fast, rlexicon, _LATIN_FALLBACK, _LAT_PUNCT, self.model.scoring.lexicon_prior, self._python
                )
            except (ValueError, TypeError, MemoryError):  # a table it cannot read: the Python path
                self._fast_text = None
            else:
                self.convert = self._fast_text

    def word(self, run: str) -> str:
        key = arabic_key(run)
        out = self.words.get(key)
        if out is None:
            if not key:
                return run
            lookup = key if key in self.model.rlexicon else _letter_by_letter(key)
            lex = self.model.rlexicon.get(lookup)
            if lex and (len(lex) == 1 or lex[0][1] >= 2 * lex[1][1]):
                out = lex[0][0]
            else:
                out = _best(self.model.latin_posterior(lookup)) or _fallback_latin(key)
            if self.scheme == "scholarly":
                out = _scholarly(self.model, key, out)
            if len(self.words) > _CACHE_LIMIT:
                self.words.clear()
            self.words[key] = out
        return out

    def __call__(self, text: str) -> str:
        return self.convert(text)

    def _python(self, text: str) -> str:
        """One line in pure Python (the reference; the compiled path hands it what it does not take)."""
        toks = text.split(" ")
        cache = self.tokens
        try:
            return " ".join(map(cache.__getitem__, toks))
        except KeyError:
            pass
        out = []
        for tok in toks:
            res = cache.get(tok)
            if res is None:
                res = "".join(self._piece(m.group()) for m in _PIECE.finditer(tok))
                if "\t" not in tok and "\n" not in tok:
                    if len(cache) > _CACHE_LIMIT:
                        cache.clear()
                    cache[tok] = res
            out.append(res)
        return " ".join(out)

    def _piece(self, s: str) -> str:
        if _ARABIC_RUN.match(s) and any("\u0621" <= c <= "\u064a" or c > "\u066d" for c in s):
            return self.word(s)
        return _LAT_PUNCT.get(s, s)


# -- scholarly scheme ---------------------------------------------------------------------
#: Arabic letters -> scholarly consonants (Moroccan Arabic dialectology conventions)
_SCHOLAR = {
    "ب": "b", "ت": "t", "ث": "ṯ", "ج": "ž", "ح": "ḥ", "خ": "x", "د": "d", "ذ": "ḏ", "ر": "r", "ز": "z",
    "س": "s", "ش": "š", "ص": "ṣ", "ض": "ḍ", "ط": "ṭ", "ظ": "ẓ", "ع": "ʕ", "غ": "ɣ", "ف": "f", "ق": "q",
    "ك": "k", "ڭ": "g", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "ʔ", "أ": "ʔ", "إ": "ʔ",
    "ؤ": "ʔ", "ئ": "ʔ", "آ": "ʔa", "پ": "p", "ڤ": "v", "چ": "č", "ژ": "ž", "ک": "k", "ڨ": "g",
}  # fmt: skip
_SCHOLAR_VOWELS = {"a": "a", "e": "ə", "i": "i", "o": "u", "u": "u", "y": "i"}


def _scholarly(model: Any, key: str, arabizi: str) -> str:
    """Scholarly transcription: consonants from the Arabic letters, vowels from the Arabizi.

    The Arabizi reading decides the vowels (Arabic script does not write them); the
    Arabic letters decide the consonants, so emphatics and pharyngeals that Arabizi
    merges (س/ص, ت/ط, ه/ح) are told apart: ``ṣ``, ``ṭ``, ``ḥ``. The two are aligned
    with the learned graphone table.
    """
    units = arabic_units(key)
    path = model.align(arabizi.lower(), units)
    if path is None:  # no alignment: consonants only, long vowels from the letters
        path = [("", u) for u in units]
    out: list[str] = []
    for idx, (lat, unit) in enumerate(path):
        low = lat.lower()
        vowels = "".join(_SCHOLAR_VOWELS[c] for c in low if c in _SCHOLAR_VOWELS and c != "y")
        vowels = vowels.replace("uu", "u").replace("ii", "i")
        consonantal = any(c not in "aeiou" for c in low)
        if not unit:
            out.append(vowels)
            continue
        base, gem = unit[0], unit.endswith(SHADDA)
        if base in "اىة":
            out.append(vowels or "a")
        elif base == "و":
            out.append(
                "w" * (1 + gem) + vowels.replace("u", "", 1 if low.startswith("wu") else 0) if consonantal else "u"
            )
        elif base == "ي":
            out.append("y" * (1 + gem) + vowels if consonantal else "i")
        elif idx == 0 and base in "أإآ":
            out.append(vowels or ("i" if base == "إ" else "a"))
        else:
            cons = _SCHOLAR.get(base, base)
            doubled = gem or (len(low) >= 2 and low[0] == low[1] and low[0] not in "aeiou")
            out.append(cons * (2 if doubled else 1) + vowels)
    return "".join(out)


# -- converters registry ------------------------------------------------------------------
_lock = threading.Lock()
_to_arabic: dict[tuple[str, str, bool, bool], _ToArabic] = {}
_to_latin: dict[tuple[str, str], _ToLatin] = {}


def _arabic_converter(variety: str, spelling: str, arabic_punctuation: bool, keep_foreign: bool) -> _ToArabic:
    key = (variety, spelling, arabic_punctuation, keep_foreign)
    conv = _to_arabic.get(key)
    if conv is None:
        with _lock:
            conv = _to_arabic.get(key)
            if conv is None:
                conv = _ToArabic(variety, spelling, arabic_punctuation, keep_foreign)
                _to_arabic[key] = conv
    return conv


def _latin_converter(variety: str, scheme: str) -> _ToLatin:
    key = (variety, scheme)
    conv = _to_latin.get(key)
    if conv is None:
        with _lock:
            conv = _to_latin.get(key)
            if conv is None:
                conv = _ToLatin(variety, scheme)
                _to_latin[key] = conv
    return conv


#: validated settings -> converter (its ``convert``: the compiled one when built): the hot path
#: skips argument checks for known settings
_fast_arabic: dict[tuple[object, object, object, object], Any] = {}
_fast_latin: dict[tuple[object, object], Any] = {}
#: the default variety: the very object of to_arabic's signature, so that a call with the default
#: settings is recognised by identity, without building and hashing a settings tuple
_ARY = "ary"
#: the converter of to_arabic's default settings once one call has built it (None before)
_default_arabic: Any = None


def _reset_caches() -> None:
    """Drop converters (after :func:`set_model_dir`)."""
    global _default_arabic
    with _lock:
        _default_arabic = None
        _fast_arabic.clear()
        _fast_latin.clear()
        _to_arabic.clear()
        _to_latin.clear()


# -- public API ---------------------------------------------------------------------------
def set_model_dir(path: str | None) -> None:
    """Use the model written by ``awal translit train --out DIR``; ``None`` = the shipped model."""
    _store.set_model_dir(path)
    _reset_caches()


def to_arabic(
    text: str,
    variety: str = _ARY,
    *,
    spelling: str = DEFAULT_SPELLING,
    arabic_punctuation: bool = True,
    keep_foreign: bool = True,
) -> str:
    """Transliterate Arabizi (Latin letters and digits) into Arabic script.

    ``variety``: ``"ary"`` Moroccan (default), ``"mey"`` Hassaniya, ``"aeb"`` Tunisian —
    the digit conventions differ (Hassaniya 6 = ط, 4 = ذ; Tunisian 4 = غ, 8 = ه or غ).
    ``spelling``: ``"standard"`` writes words as Darija is ordinarily written (سلام,
    الواليدة, إن شاء الله: learned from real Arabic-script Darija); ``"literal"`` spells
    letter by letter as DODa does (سالام, لواليدا). Only ``ary`` has a standard vocabulary.
    ``arabic_punctuation`` (default True) writes ``?`` ``,`` ``;`` as ``؟`` ``،`` ``؛``.
    ``keep_foreign`` (default True) leaves French/English/Spanish words in Latin letters.
    Numbers, URLs, e-mails, @mentions, #hashtags, emoji and whitespace are kept as they are.
    """
    global _default_arabic
    if variety is _ARY and spelling is DEFAULT_SPELLING and arabic_punctuation is True and keep_foreign is True:
        conv = _default_arabic  # the default settings (the common call): no settings look-up
    else:
        try:
            conv = _fast_arabic.get((variety, spelling, arabic_punctuation, keep_foreign))
        except TypeError:  # an unhashable argument: the checks below report it
            conv = None
    if conv is not None and type(text) is str and "\n" not in text:
        return conv(text)
    text = ensure_text(text)
    variety = _check_variety(variety)
    spelling = _check_spelling(spelling)
    if not text:
        return ""
    conv = _arabic_converter(variety, spelling, bool(arabic_punctuation), bool(keep_foreign))
    if type(arabic_punctuation) is bool and type(keep_foreign) is bool:
        _fast_arabic[(variety, spelling, arabic_punctuation, keep_foreign)] = conv.convert
        if variety == _ARY and spelling == DEFAULT_SPELLING and arabic_punctuation and keep_foreign:
            _default_arabic = conv.convert
    if "\n" in text:
        return "\n".join(conv(line) for line in text.split("\n"))
    return conv(text)


def to_latin(text: str, scheme: str = "arabizi", *, variety: str = "ary") -> str:
    """Transliterate Arabic-script Darija into Latin letters.

    ``scheme="arabizi"`` (default) writes the popular digit spelling learned from the data
    (ع = 3, ح = 7, ق = 9, ش = ch, خ = kh, غ = gh); ``scheme="scholarly"`` writes a readable
    dialectology transcription (ʕ ḥ q š x ɣ ž, emphatics ṣ ṭ ḍ ẓ, ə for the short
    vowel), with consonants taken from the Arabic letters and vowels from the Arabizi reading.
    Latin words, digits, emoji and other text are copied; Arabic punctuation becomes Latin.
    """
    try:
        conv = _fast_latin.get((variety, scheme)) if type(text) is str else None
    except TypeError:  # an unhashable argument: the checks below report it
        conv = None
    if conv is not None and "\n" not in text:
        return conv(text)
    text = ensure_text(text)
    scheme = _check_scheme(scheme)
    variety = _check_variety(variety)
    if not text:
        return ""
    conv = _latin_converter(variety, scheme)
    _fast_latin[(variety, scheme)] = conv.convert
    if "\n" in text:
        return "\n".join(conv(line) for line in text.split("\n"))
    return conv(text)


def candidates(word: str, n: int = 5, variety: str = "ary", *, spelling: str = DEFAULT_SPELLING) -> list[Candidate]:
    """The ``n`` most probable Arabic spellings of one Arabizi word, best first.

    Scores are probabilities under the model (lexicon counts mixed with the generator's
    posterior), so they are comparable across calls and sum to at most 1. With
    ``spelling="standard"`` the letter-by-letter candidates are mapped to their ordinary
    spelling and the probabilities of candidates that meet are added. A word that is not
    Arabizi (digits only, punctuation, empty) yields ``[]``.
    """
    word = ensure_text(word, "word").strip()
    n = _check_n(n)
    variety = _check_variety(variety)
    spelling = _check_spelling(spelling)
    if not word or not _LATIN_RUN.match(word) or word.isdigit():
        return []
    model = load_bundle().variety(variety)
    post = model.arabic_posterior(latin_key(word), beam=max(model.scoring.nbest_beam, 2 * n))
    if spelling == "standard" and variety in _STANDARD_VARIETIES:
        merged: dict[str, float] = {}
        for cand, p in post.items():
            std = model.standardizer.best(cand, latin_key(word))
            merged[std] = merged.get(std, 0.0) + p
        post = merged
    return _top(post, n)


def latin_candidates(word: str, n: int = 5, variety: str = "ary") -> list[Candidate]:
    """The ``n`` most probable Arabizi spellings of one Arabic-script word, best first."""
    word = ensure_text(word, "word").strip()
    n = _check_n(n)
    variety = _check_variety(variety)
    key = arabic_key(word)
    if not key or not _ARABIC_RUN.match(word):
        return []
    model = load_bundle().variety(variety)
    post = model.latin_posterior(key, beam=max(model.scoring.nbest_beam, 2 * n))
    return _top(post, n)


def word_candidates(
    text: str, n: int = 5, direction: str = "to_arabic", variety: str = "ary", *, spelling: str = DEFAULT_SPELLING
) -> list[dict[str, Any]]:
    """n-best spellings of every word of ``text`` (what ``awal translit --n-best K`` prints).

    ``direction="to_arabic"`` lists the Arabic candidates of each Arabizi word,
    ``"to_latin"`` the Arabizi candidates of each Arabic-script word; other pieces
    (numbers, punctuation, URLs) are not listed. Each item: ``{"word", "start", "candidates":
    [{"text", "score"}]}`` with ``start`` the character offset of the word in ``text``.
    """
    text = ensure_text(text)
    if direction not in ("to_arabic", "to_latin"):
        raise UnknownNameError("direction", direction, ("to_arabic", "to_latin"))
    spelling = _check_spelling(spelling)

    def fn(word: str, k: int, v: str) -> list[Candidate]:
        if direction == "to_arabic":
            return candidates(word, k, v, spelling=spelling)
        return latin_candidates(word, k, v)

    out: list[dict[str, Any]] = []
    for tok in re.finditer(r"\S+", text):
        if _KEEP_TOKEN.match(tok.group()):
            continue
        for m in _PIECE.finditer(tok.group()):
            w = m.group()
            if not w[0].isalnum():
                continue
            cands = fn(w, n, variety)
            if cands:
                out.append(
                    {
                        "word": w,
                        "start": tok.start() + m.start(),
                        "candidates": [{"text": c.text, "score": c.score} for c in cands],
                    }
                )
    return out


def _top(post: dict[str, float], n: int) -> list[Candidate]:
    ranked = sorted(post.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [Candidate(text, score) for text, score in ranked if score > 0.0]
