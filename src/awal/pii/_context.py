"""Context words that raise (or lower) the confidence of a candidate.

Data, not logic: per entity type, Latin-script words (exact), word prefixes and phrases,
and Arabic-script strings, in Darija (Arabic script and Arabizi), MSA, French and English.
Arabic strings match inside a word, because Arabic glues prepositions, articles and
pronouns on (``برقم``, ``ورقمي``, ``الهاتفي``); Latin words match whole words only (so
``tel`` does not fire inside ``hotel``).

Matching is set lookups on the lower-cased words of a small window around the candidate,
not a regex alternation scanned character by character: Python's ``re`` tries every
alternative at every position, which made context the slowest part of ``find``.
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
    #: ``prefixes`` without their leading space
    raw_prefixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    #: the prefixes as one pattern, searched in ``" " + " ".join(words)``
    prefix_rx: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    #: the phrases and Arabic strings as one pattern (Arabic strings cannot occur in an ASCII window)
    phrase_rx: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for x in (*self.words, *self.prefixes):
            if not _WORD.fullmatch(x.lstrip(" ")):
                raise ValueError(f"keyword {x!r}: words and prefixes are made of word characters")
        prefixes = tuple(p[1:] for p in self.prefixes)
        object.__setattr__(self, "raw_prefixes", prefixes)
        object.__setattr__(self, "prefix_rx", re.compile(" " + _trie_re(_trie(prefixes))) if prefixes else None)
        strings = self.phrases + self.arabic
        object.__setattr__(self, "phrase_rx", literal_pattern(strings) if strings else None)

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
    with less work: the text is lower-cased once, and a window's words are found in it
    with ``_WORD.findall(low, a, b)``, which cuts the words at the window's edges exactly
    as slicing would. Each list of keywords then costs one set test (words), one search
    of the joined words (prefixes, :attr:`Keywords.prefix_rx`) and one search between the
    window's edges (phrases and Arabic strings, :attr:`Keywords.phrase_rx`). When
    lower-casing is not one character for one (``İ``, the context-dependent final
    sigma), every look-up falls back to :class:`Window`.
    """

    __slots__ = ("_key", "_left", "_right", "exact", "low", "n", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        low = text.lower()
        self.low = low
        self.exact = len(low) == len(text) and "\u03a3" not in text
        self._key: tuple[int, int, int, int] | None = None
        self._left: tuple[int, int, list[str], str] = (0, 0, [], " ")
        self._right: tuple[int, int, list[str], str] = (0, 0, [], " ")

    def _side(self, a: int, b: int) -> tuple[int, int, list[str], str]:
        toks = _WORD.findall(self.low, a, b)
        return (a, b, toks, " " + " ".join(toks))

    def _hit(self, kw: Keywords, side: tuple[int, int, list[str], str]) -> bool:
        a, b, toks, joined = side
        if a >= b:
            return False
        if not kw.words.isdisjoint(toks):
            return True
        if kw.prefix_rx is not None and kw.prefix_rx.search(joined) is not None:
            return True
        return kw.phrase_rx is not None and kw.phrase_rx.search(self.low, a, b) is not None

    def has(self, kw: Keywords, start: int, end: int, before: int = BEFORE, after: int = AFTER) -> bool:
        """Same as ``Window(text, start, end, before, after).has(kw)``."""
        if not self.exact:
            return Window(self.text, start, end, before, after).has(kw)
        key = (start, end, before, after)
        if key != self._key:
            self._key = key
            self._left = self._side(max(0, start - before), start)
            self._right = self._side(end, min(self.n, end + after))
        return self._hit(kw, self._left) or self._hit(kw, self._right)

    def has_before(self, kw: Keywords, start: int, before: int) -> bool:
        """Same as :func:`has_before` on this text."""
        if not self.exact:
            return has_before(kw, self.text, start, before)
        return self._hit(kw, self._side(max(0, start - before), start))


def words(low: str) -> list[str]:
    """The Latin-script words (letters and digits) of a lower-cased string."""
    return _WORD.findall(low)


def has_before(kw: Keywords, text: str, start: int, before: int) -> bool:
    """True if the keywords occur in the ``before`` characters preceding ``start``."""
    low = text[max(0, start - before) : start].lower()
    words = _WORD.findall(low)
    return kw.hit(low, words, " " + " ".join(words))
