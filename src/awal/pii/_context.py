"""Context words that raise (or lower) the confidence of a candidate.

Data, not logic: per entity type, Latin-script words (exact), word prefixes and phrases,
and Arabic-script strings, in Darija (Arabic script and Arabizi), MSA, French and English.
Arabic strings match inside a word, because Arabic glues prepositions, articles and
pronouns on (``برقم``, ``ورقمي``, ``الهاتفي``); Latin words match whole words only (so
``tel`` does not fire inside ``hotel``).

:class:`Window` and :meth:`Keywords.hit` are the plain specification (split the lower-cased
window into words, test sets and substrings); :class:`Context` gives the same answers with
one regular-expression search per look-up (see :func:`context_pattern`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD_CLASS = "[0-9a-z\u00e0-\u024f]"
_WORD = re.compile(_WORD_CLASS + "+")


def _trie(strings: Iterable[str]) -> dict[str, dict]:
    trie: dict[str, dict] = {}
    for x in strings:
        if not x:
            raise ValueError("empty keyword")
        node = trie
        for ch in x:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_re(node: dict[str, dict]) -> str:
    """The strings of a trie as one regular expression, factored on their common prefixes.

    Python's ``re`` tries the branches of an alternation one by one at every position;
    factored, only the branches that start with the character at hand go further.
    """
    alts = [re.escape(ch) + _trie_re(node[ch]) for ch in sorted(node) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if "" in node else body


def literal_pattern(strings: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``strings`` (plain substrings), factored as a trie."""
    return re.compile(_trie_re(_trie(strings)))


#: characters from the most to the least frequent in lower-cased Moroccan text (the generated
#: PII corpus and the LID dev split, pooled); characters not listed are rarer than all of these
_FREQUENT = " اليمونرتa0ب12عدة3e54iه679ق8فكس.rlnoحmtأجcsdطشصhuخb:،-fىزإضkpذé,yvغثئjء/zw)(ظàg@+"
_RANK = {c: i for i, c in enumerate(_FREQUENT)}


def anchored_pattern(strings: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``strings`` (plain substrings), entering each at its rarest character.

    Finds a string exactly where :func:`literal_pattern` does (used for yes/no tests, it
    gives the same answer), but faster on text where the strings' first characters are
    common: ``re`` only tries a match at the characters that start a branch, and here a
    branch starts with the rarest character of its strings, then checks the part before
    it with a look-behind and the part after it as a trie.
    """
    by_anchor: dict[str, dict[str, list[str]]] = {}
    for x in strings:
        if not x:
            raise ValueError("empty string")
        i = max(range(len(x)), key=lambda k: (_RANK.get(x[k], len(_FREQUENT)), -k))
        by_anchor.setdefault(x[i], {}).setdefault(x[: i + 1], []).append(x[i + 1 :])
    branches = []
    for anchor in sorted(by_anchor):
        alts = []
        for before, afters in sorted(by_anchor[anchor].items()):
            behind = "(?<=" + re.escape(before) + ")" if len(before) > 1 else ""
            rest = "" if "" in afters else _trie_re(_trie(afters))
            alts.append(behind + rest)
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        branches.append(re.escape(anchor) + body)
    return re.compile("|".join(branches))


#: a word boundary in the sense of ``_WORD``: the character before is not a word character
#: (checked after the first character of a keyword has matched, as a two-character
#: look-behind, so that every branch of the pattern still starts with a literal character
#: and ``re`` can skip positions whose character starts no keyword without entering it)
_AFTER_WORD_START = "(?<!" + _WORD_CLASS + ".)"
_WORD_END = "(?!" + _WORD_CLASS + ")"


def _rest_re(node: dict[str, dict], whole: frozenset[str], path: str) -> str:
    """The continuations of a trie node; ``""`` once a keyword is complete.

    ``whole`` holds the keywords that must end a word and are not also prefixes or
    phrases (those may go on), so reaching one of them ends the match with a word-end
    assertion.
    """
    if "" in node and path not in whole:
        return ""  # a prefix or a phrase: found, whatever follows
    alts = [re.escape(ch) + _rest_re(node[ch], whole, path + ch) for ch in sorted(node) if ch]
    if "" in node:
        alts.append(_WORD_END)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def context_pattern(words: Iterable[str], prefixes: Iterable[str], substrings: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern that finds a whole word, a word start or a substring among these.

    Searched in a lower-cased window it answers :meth:`Keywords.hit` for that window:
    a whole word is a keyword not preceded or followed by a ``_WORD`` character, a
    prefix is one not preceded by one, a substring is anywhere. The edges of the searched
    string count as non-word characters, exactly as the edges of a window do when it is
    split into words. Returns None for no keywords.
    """
    words, prefixes = frozenset(words), frozenset(prefixes)
    bounded, free = _trie(words | prefixes), _trie(substrings)
    branches = []
    for ch in sorted(set(bounded) | set(free)):
        alts = []
        if ch in free:
            alts.append(_rest_re(free[ch], frozenset(), ch))
        if ch in bounded:
            alts.append(_AFTER_WORD_START + _rest_re(bounded[ch], words - prefixes, ch))
        branches.append(re.escape(ch) + (alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"))
    return re.compile("|".join(branches)) if branches else None


@dataclass(frozen=True)
class Keywords:
    """One list of context words."""

    words: frozenset[str]
    #: word starts, stored with a leading space (see :meth:`hit`)
    prefixes: tuple[str, ...] = ()
    #: Latin phrases, matched anywhere in the window
    phrases: tuple[str, ...] = ()
    #: Arabic-script strings, matched anywhere in the window (skipped for ASCII windows)
    arabic: tuple[str, ...] = ()
    #: all of them as one pattern (:func:`context_pattern`), used by :class:`Context`
    rx: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for x in (*self.words, *self.prefixes):
            if not _WORD.fullmatch(x.lstrip(" ")):
                raise ValueError(f"keyword {x!r}: words and prefixes are made of word characters")
        for x in (*self.phrases, *self.arabic):
            if not x or x != x.lower() or "\x00" in x:
                raise ValueError(f"keyword {x!r}: phrases are non-empty, lower-case, without NUL")
        prefixes = [p[1:] for p in self.prefixes]
        object.__setattr__(self, "rx", context_pattern(self.words, prefixes, self.phrases + self.arabic))

    def hit(self, low: str, words: list[str], joined: str) -> bool:
        """True if the lower-cased window ``low`` contains one of these.

        ``words`` are its words and ``joined`` is ``" " + " ".join(words)`` (so a prefix
        at the start of a word is a plain substring test).
        """
        if not self.words.isdisjoint(words):
            return True
        if self.prefixes and any(map(joined.__contains__, self.prefixes)):
            return True
        if self.phrases and any(map(low.__contains__, self.phrases)):
            return True
        return bool(self.arabic) and not low.isascii() and any(map(low.__contains__, self.arabic))


def _kw(words: str, prefixes: str = "", phrases: tuple[str, ...] = (), arabic: str = "") -> Keywords:
    return Keywords(
        frozenset(words.split()),
        tuple(" " + p for p in prefixes.split()),
        phrases,
        tuple(arabic.split("|")) if arabic else (),
    )


POSITIVE: dict[str, Keywords] = {
    "CIN": _kw(
        "cin cnie identité identite identity karta lakart lkarta lakarta bita9a bitaka btaka bta9a lbta9a lbita9a",
        phrases=("la carte", "carte nationale", "carte d'identit", "carte d identit", "pièce d'identit",
                 "piece d'identit", "national id", "id card", "c.i.n", "l karta", "la kart"),
        arabic="البطاقة الوطنية|بطاقة التعريف|البطاقة|بطاقة|لاكارط|لاكارت|الكارط|كارط|التعريف الوطني|ب.ت.و|بطاقتي",
    ),
    "PHONE": _kw(
        "tel tél telephone téléphone phone portable mobile gsm fixe whatsapp wtsp watsap wats whats joindre call "
        "sms cellulaire standard fax tilifoun tilifon telefon tilifoune",
        "appel contact tilifo tilifu telefon 3ayet 3ayt 3iyet 3iyt 3ayat 3eyet",
        ("whats app",),
        "الهاتف|هاتف|تيليفون|تلفون|التلفون|تليفون|واتساب|واتس|الواتس|اتصل|عيط|محمول|الجوال|جوال|النقال|نقال|فيكس",
    ),
    "RIB": _kw(
        "rib compte bancaire banque virement banka bank account iban hsab hssab",
        "7sab 7ssab l7sab l7ssab lhsab lhssab",
        ("r.i.b", "relevé d'identité bancaire", "l banka"),
        "حساب|الحساب|بنكي|البنك|بنك|تحويل|ريب|التعريف البنكي|لابانكا|البانكا",
    ),
    "IBAN": _kw(
        "iban rib compte bancaire banque virement swift bic bank account banka hsab hssab",
        "7sab 7ssab l7sab l7ssab lhsab",
        ("r.i.b",),
        "ايبان|آيبان|إيبان|الآيبان|حساب|بنكي|البنك|تحويل",
    ),
    "ICE": _kw(
        "ice société societe sté ste entreprise charika charka chrika facture sarl company",
        phrases=("i.c.e", "identifiant commun", "identifiant de l'entreprise"),
        arabic="التعريف الموحد|المعرف الموحد|المقاولة|للمقاولة|الشركة|شركة|الفاتورة|فاتورة",
    ),
    "CNSS": _kw(
        "cnss immatriculation affiliation daman ldaman dman amo",
        phrases=("c.n.s.s", "sécurité sociale", "securite sociale", "social security"),
        arabic="الضمان الاجتماعي|الضمان|الصندوق الوطني|التسجيل|التأمين الإجباري|الدمان",
    ),
    "PASSPORT": _kw("", "passep passp pasp basp bassp basb pasaport", arabic="جواز|الباسبور|باسبور|الباسپور|السفر"),
    "MASSAR": _kw(
        "massar élève eleve cne student tilmid tlmid tilmida tlmida",
        "tlmi tilmi",
        ("code élève", "code eleve", "c.n.e", "code national"),
        "مسار|التلميذ|تلميذ|التلميذة|الطالب|الرمز الوطني",
    ),
    "CARD": _kw(
        "visa mastercard cb card carte karta lkarta cvv cvc paiement payment",
        "expir",
        ("carte bancaire", "carte de crédit", "carte de credit", "master card", "c.b", "l karta"),
        "بطاقة بنكية|البطاقة البنكية|بطاقة الائتمان|الائتمان|البطاقة|بطاقة|فيزا|ماستر|كارط",
    ),
    "PLATE": _kw(
        "plaque voiture véhicule vehicule camion car sayara siyara sayyara",
        "matricul immatricul moto lmatri tomobil tonobil",
        arabic="لوحة|الترقيم|طوموبيل|الطوموبيل|سيارة|السيارة|ماتريكول|الماتريكول|الموطور|الكاميو",
    ),
    "IP": _kw("ip ipv4 ipv6 adresse address serveur server routeur router host", arabic="عنوان|الخادم|السيرفر"),
    "DOB": _kw(
        "ddn naissance born birth dob lizdiyad izdiyad",
        "tzad mzyou mzyod mazyou mazyod",
        ("né le", "née le", "ne le", "nee le", "né(e) le", "date de naissance", "date naissance", "date of birth"),
        "مزداد|مزدادة|ازدياد|الازدياد|ولدت|وُلدت|ولد في|مولود|مواليد|الميلاد|تزاديت|تزاد",
    ),
}  # fmt: skip

#: words that say "this number is a number, nothing more": a small boost for every numeric type
GENERIC = _kw(
    "numero numéro num ra9m raqm r9m nmra nemra nimra noumero nomero",
    "numer numér ra9m raqm nmr noumer",
    ("n°", "nº", "no."),
    "رقم|نمرة|النمرة|نومرو|الرقم",
)

#: references, orders, versions, devices: numbers that look like identifiers but are not personal data
NEGATIVE = _kw(
    "commande lcommande cmd order ref réf référence reference colis suivi tracking livraison promo coupon ticket "
    "série serie serial modèle modele model produit article transaction opération operation sku version dossier "
    "lot barcode ean vol flight train bon reçu recu invoice quittance contrat police chassis châssis imei imsi "
    "iccid sim",
    "réf command transact",
    ("code promo", "code barre", "code-barre"),
    "الطلبية|طلبية|الطلب|رقم طلب|الشحنة|التتبع|تتبع|الكوموند|كوموند|المرجع|مرجع|الوصل|الرحلة|العملية|عملية|المعاملة|معاملة",
)

#: the subset of NEGATIVE that names another kind of number outright: it cancels the type's
#: context word for a value whose checksum failed ("رقم العملية ديال البنكة 1234…")
STRONG_NEGATIVE = _kw(
    "commande lcommande cmd order ref réf référence reference colis suivi tracking transaction opération "
    "operation imei imsi iccid sku serial barcode ean",
    "réf command transact",
    ("code barre", "code-barre"),
    "الطلبية|طلبية|الطلب|رقم طلب|الشحنة|التتبع|تتبع|الكوموند|كوموند|المرجع|مرجع|العملية|عملية|المعاملة|معاملة",
)

#: characters of context looked at before and after a candidate
BEFORE = 48
AFTER = 24


class Window:
    """The lower-cased text around one span, split into words once for every lookup."""

    __slots__ = ("left", "left_joined", "left_words", "right", "right_joined", "right_words")

    def __init__(self, text: str, start: int, end: int, before: int = BEFORE, after: int = AFTER) -> None:
        self.left = text[max(0, start - before) : start].lower()
        self.right = text[end : end + after].lower()
        self.left_words = _WORD.findall(self.left)
        self.right_words = _WORD.findall(self.right) if self.right else []
        self.left_joined = " " + " ".join(self.left_words)
        self.right_joined = " " + " ".join(self.right_words)

    def has(self, kw: Keywords) -> bool:
        """True if the keywords occur before or after the span."""
        return kw.hit(self.left, self.left_words, self.left_joined) or (
            bool(self.right) and kw.hit(self.right, self.right_words, self.right_joined)
        )


class Context:
    """Context look-ups for every candidate of one text.

    Gives exactly the answers of :class:`Window` (whose docstring is the specification)
    with less work: the text is lower-cased once; for a span, the text before it and the
    text after it are joined by a NUL character (a non-word character that no keyword
    contains, so no keyword is found across it and both halves keep their edges); each
    list of keywords is then one search of :attr:`Keywords.rx` in that string. When
    lower-casing is not one character for one (``İ``, the context-dependent final
    sigma), every look-up falls back to :class:`Window`.
    """

    __slots__ = ("_around", "_key", "exact", "low", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        self.low = low
        self.exact = text.isascii() or (len(low) == len(text) and "\u03a3" not in text)
        self._key: tuple[int, int, int, int] | None = None
        self._around = ""

    def around(self, start: int, end: int) -> str | None:
        """The lower-cased text searched by ``has(kw, start, end)`` (default window), or None
        when lower-casing is not one character for one (then only :meth:`has` answers)."""
        if not self.exact:
            return None
        key = (start, end, BEFORE, AFTER)
        if key != self._key:
            self._key = key
            low = self.low
            self._around = low[max(0, start - BEFORE) : start] + "\x00" + low[end : end + AFTER]
        return self._around

    def has(self, kw: Keywords, start: int, end: int, before: int = BEFORE, after: int = AFTER) -> bool:
        """Same as ``Window(text, start, end, before, after).has(kw)``."""
        if not self.exact:
            return Window(self.text, start, end, before, after).has(kw)
        key = (start, end, before, after)
        if key != self._key:
            self._key = key
            low = self.low
            self._around = low[max(0, start - before) : start] + "\x00" + low[end : end + after]
        return kw.rx is not None and kw.rx.search(self._around) is not None

    def has_before(self, kw: Keywords, start: int, before: int) -> bool:
        """Same as :func:`has_before` on this text."""
        if not self.exact:
            return has_before(kw, self.text, start, before)
        # a slice, not search(low, pos, endpos): a look-behind would see the text before pos
        return kw.rx is not None and kw.rx.search(self.low[max(0, start - before) : start]) is not None


def words(low: str) -> list[str]:
    """The Latin-script words (letters and digits) of a lower-cased string."""
    return _WORD.findall(low)


def has_before(kw: Keywords, text: str, start: int, before: int) -> bool:
    """True if the keywords occur in the ``before`` characters preceding ``start``."""
    low = text[max(0, start - before) : start].lower()
    words = _WORD.findall(low)
    return kw.hit(low, words, " " + " ".join(words))
