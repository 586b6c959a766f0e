"""Candidate finders, one per entity type, and the scoring that turns them into entities.

Every finder runs on the *digit-folded* text (Arabic-Indic and Persian digits mapped one
to one onto ASCII with ``str.translate``), so offsets are those of the caller's string.
Patterns use bounded repetition only and explicit ``[0-9]`` classes (never ``\\d``, which
also matches digits of other scripts that ``int()`` would then have to guess about), so
scanning is linear in the length of the text.

Scores live in [0, 1]: a base score for the shape, raised to >= 0.9 by a valid checksum,
raised by context words of the type, slightly raised by generic "number" words, and
lowered by words that introduce orders, references and tracking numbers. A checksum that
fails keeps a low base that only context can lift: that is how a 24-digit number
introduced as a RIB is still reported (``valid=False``) while an order number is not.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date
from itertools import accumulate

from awal.pii import _context as ctx
from awal.pii.checksums import IBAN_LENGTHS, iban_valid, ice_valid, luhn_valid, rib_valid

# (type, start, end, score, valid)
Candidate = tuple[str, int, int, float, bool]
Finder = Callable[[str, list[Candidate]], None]

#: one separator between two digits of a grouped number: space, no-break space, dot, dash,
#: and the bidi marks that Arabic keyboards insert around digits
SEP = "[ \u00a0\u202f.\\-\u200e\u200f]"
_SEP_CHARS = frozenset(" \u00a0\u202f.-\u200e\u200f")

#: Arabic-Indic (U+0660..), Extended Arabic-Indic / Persian (U+06F0..) and fullwidth digits
FOLD = str.maketrans(
    {**{0x0660 + i: 48 + i for i in range(10)}, **{0x06F0 + i: 48 + i for i in range(10)}}
    | {0xFF10 + i: 48 + i for i in range(10)}
)

CONTEXT_BOOST = 0.35
GENERIC_BOOST = 0.1
NEGATIVE_PENALTY = 0.45


_NON_DIGIT = re.compile("[^0-9]+")
#: every byte but the ASCII digits (the deletion set of ``bytes.translate``)
_NON_DIGIT_BYTES = bytes(b for b in range(256) if not 48 <= b <= 57)


def _digits(s: str) -> str:
    """The ASCII digits of ``s``, in order."""
    # most values are compact or ASCII-grouped: isdigit() and bytes.translate are single C
    # loops, several times cheaper than re.sub or str.translate on strings this short
    if s.isdigit() and s.isascii():
        return s
    if s.isascii():
        return s.encode().translate(None, _NON_DIGIT_BYTES).decode()
    return _NON_DIGIT.sub("", s)


def _chain_ok(t: str, start: int, end: int) -> bool:
    """Reject a match that is only part of a longer grouped number.

    ``06 12 34 56 78 9`` is an 11-digit number, not a phone: the match ``06 12 34 56 78``
    is followed by a separator *it uses itself* and another digit. A compact match
    followed by a space and digits (``0612345678 0698765432``) is a list and is kept, and
    so is a match followed by an Arabizi word that starts with a digit (``3afak``, ``7ta``).
    """
    n = len(t)
    inner = None
    if end + 1 < n and t[end] in _SEP_CHARS and "0" <= t[end + 1] <= "9":
        j = end + 1
        while j < n and "0" <= t[j] <= "9":
            j += 1
        if not (j < n and (("a" <= t[j] <= "z") or ("A" <= t[j] <= "Z"))):
            inner = set(t[start:end])
            if t[end] in inner:
                return False
    if start >= 2 and t[start - 1] in _SEP_CHARS and "0" <= t[start - 2] <= "9":
        j = start - 2
        while j > 0 and "0" <= t[j - 1] <= "9":
            j -= 1
        if not (j > 0 and (("a" <= t[j - 1] <= "z") or ("A" <= t[j - 1] <= "Z"))):
            inner = inner if inner is not None else set(t[start:end])
            if t[start - 1] in inner:
                return False
    return True


def _score(
    cx: ctx.Context, typ: str, start: int, end: int, base: float, *, negatives: bool = True, checksum_ok: bool = True
) -> float:
    """``base`` adjusted by the context around ``t[start:end]``.

    A value whose checksum failed is only reported on the strength of its context, so a
    reference word next to it ("رقم العملية ديال البنكة", "référence du virement") cancels
    the type's context word instead of being outweighed by it.
    """
    around = cx.around(start, end)
    if around is None:  # lower-casing changed lengths: the plain look-ups
        return _score_plain(cx, typ, start, end, base, negatives, checksum_ok)
    # the searches of Context.has, on the string it would build
    score = base
    if _POSITIVE_RX[typ].search(around) is not None:
        score += CONTEXT_BOOST
        if not checksum_ok and negatives and _STRONG_NEGATIVE_RX.search(around) is not None:
            score -= NEGATIVE_PENALTY
    else:
        if _GENERIC_RX.search(around) is not None:
            score += GENERIC_BOOST
        if negatives and _NEGATIVE_RX.search(around) is not None:
            score -= NEGATIVE_PENALTY
    # max(0.0, min(1.0, score)) without two calls
    return 1.0 if score >= 1.0 else (0.0 if score <= 0.0 else score)


def _score_plain(
    cx: ctx.Context, typ: str, start: int, end: int, base: float, negatives: bool, checksum_ok: bool
) -> float:
    """:func:`_score` with :meth:`Context.has`: the specification, and the path for text whose
    lower-casing changes its length."""
    has = cx.has
    score = base
    if has(ctx.POSITIVE[typ], start, end):
        score += CONTEXT_BOOST
        if not checksum_ok and negatives and has(ctx.STRONG_NEGATIVE, start, end):
            score -= NEGATIVE_PENALTY
    else:
        if has(ctx.GENERIC, start, end):
            score += GENERIC_BOOST
        if negatives and has(ctx.NEGATIVE, start, end):
            score -= NEGATIVE_PENALTY
    return max(0.0, min(1.0, score))


def _rx(kw: ctx.Keywords) -> re.Pattern[str]:
    if kw.rx is None:
        raise ValueError("a keyword list used for scoring is empty")
    return kw.rx


_POSITIVE_RX = {typ: _rx(kw) for typ, kw in ctx.POSITIVE.items()}
_STRONG_NEGATIVE_RX = _rx(ctx.STRONG_NEGATIVE)
_GENERIC_RX = _rx(ctx.GENERIC)
_NEGATIVE_RX = _rx(ctx.NEGATIVE)


_AMOUNT = re.compile(r"[0-9]{1,3}(?:[ .\u00a0\u202f][0-9]{3}){2,}")


def _amount_like(text: str) -> bool:
    """``166 233 715 000`` or ``600.000.000``: thousands grouping, which identifiers do not use."""
    return _AMOUNT.fullmatch(text) is not None and (text.endswith("000") or len(text) > 15)


def _repeated(digits: str) -> bool:
    """Placeholders such as 0000000 or 1111111 are not identifiers."""
    # every character equal to the first: one count in C rather than a set of all of them
    return len(digits) > 3 and digits.count(digits[0]) == len(digits)


# --------------------------------------------------------------------------- PHONE
_PHONE_INTL = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(?:(?P<plus>\(?(?:\+|00) ?\(?212\)?)|(?P<bare>212))"
    r"(?:" + SEP + r"{0,2}\(0\)|" + SEP + r"?0)?" + SEP + r"{0,2}"
    r"[5-8](?:" + SEP + r"?[0-9]){8}(?![0-9A-Za-z])"
)
_PHONE_NAT = re.compile(
    # "(?<![0-9A-Za-z+/#])\(?0", written with the look-behind after the first character
    # (two characters back) so that the pattern starts with a literal: ``re`` then skips
    # every position that holds neither "(" nor "0" without starting a match there
    r"(?:\((?<![0-9A-Za-z+/#].)0|0(?<![0-9A-Za-z+/#].))"
    r"\)?" + SEP + r"?[5-8](?:\)?" + SEP + r"?[0-9]){8}(?![0-9A-Za-z])"
)


def find_phones(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    t = cx.text
    endpos = len(t) if endpos is None else endpos
    spans: list[tuple[int, int]] = []
    if t.find("212", pos, endpos) == -1:
        intl: Iterator[re.Match[str]] = iter(())
    else:
        intl = _PHONE_INTL.finditer(t, pos, endpos)
    for m in intl:
        s, e = m.span()
        if not _chain_ok(t, s, e):
            continue
        nsn = _digits(m.group())[-9:]
        if _repeated(nsn[1:]):
            continue
        base = 0.9 if m.group("plus") else 0.6
        out.append(("PHONE", s, e, _score(cx, "PHONE", s, e, base, negatives=False), True))
        spans.append((s, e))
    for m in _PHONE_NAT.finditer(t, pos, endpos):
        s, e = m.span()
        if any(a <= s < b for a, b in spans) or not _chain_ok(t, s, e):
            continue
        text = m.group()
        if text.startswith("(") and not (text.startswith("(0)") or ")" in text[1:6]):
            s += 1  # a stray opening parenthesis is not part of the number
        nsn = _digits(text)[-9:]
        if _repeated(nsn[1:]):
            continue
        base = {"6": 0.8, "7": 0.8, "5": 0.75}.get(nsn[0], 0.6)
        score = _score(cx, "PHONE", s, e, base)
        out.append(("PHONE", s, e, max(score, base - 0.2), True))


# --------------------------------------------------------------------------- RIB / ICE / CARD / CNSS
_RIB = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])(?:" + SEP + r"?[0-9]){23}(?![0-9A-Za-z])")
_ICE = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])(?:" + SEP + r"?[0-9]){14}(?![0-9A-Za-z])")
_CARD = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])(?:" + SEP + r"?[0-9]){11,18}(?![0-9A-Za-z])")
_CNSS = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])[0-9]{2}" + SEP + r"?[0-9]{3}" + SEP + r"?[0-9]{3}(?![0-9A-Za-z])")


def _rib(cx: ctx.Context, out: list[Candidate], s: int, e: int, d: str, whole: bool = False) -> None:
    """Score ``t[s:e]``, a match of ``_RIB`` whose digits are ``d``; ``whole``: the match is a
    whole stretch of digit groups, which :func:`_chain_ok` always accepts."""
    t = cx.text
    if (not whole and not _chain_ok(t, s, e)) or _repeated(d) or (e - s > len(d) and _amount_like(t[s:e])):
        return
    ok = rib_valid(d)
    out.append(("RIB", s, e, _score(cx, "RIB", s, e, 0.9 if ok else 0.2, checksum_ok=ok), ok))


def _ice(cx: ctx.Context, out: list[Candidate], s: int, e: int, d: str, whole: bool = False) -> None:
    """Score ``t[s:e]``, a match of ``_ICE`` whose digits are ``d`` (``whole``: see :func:`_rib`)."""
    if (not whole and not _chain_ok(cx.text, s, e)) or _repeated(d):
        return
    ok = ice_valid(d)
    out.append(("ICE", s, e, _score(cx, "ICE", s, e, 0.8 if ok else 0.15, checksum_ok=ok), ok))


def _card_brand_ok(d: str) -> bool:
    n = len(d)
    if d[0] == "4":
        return n in (13, 16, 19)
    p2, p4 = int(d[:2]), int(d[:4])
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if p2 in (36, 38, 39) or 300 <= int(d[:3]) <= 305:
        return 14 <= n <= 19
    if d.startswith(("6011", "65", "62", "35")) or 644 <= int(d[:3]) <= 649:
        return 16 <= n <= 19
    return d[0] in "56" and 12 <= n <= 19  # Maestro


def _card(cx: ctx.Context, out: list[Candidate], s: int, e: int, d: str, whole: bool = False) -> None:
    """Score ``t[s:e]``, a match of ``_CARD`` whose digits are ``d`` (``whole``: see :func:`_rib`)."""
    if (not whole and not _chain_ok(cx.text, s, e)) or _repeated(d):
        return
    ok = _card_brand_ok(d) and luhn_valid(d)
    # valid: grouped (separators) or compact; invalid: the lengths of most cards, or another
    base = (0.85 if e - s > len(d) else 0.75) if ok else (0.25 if len(d) in (15, 16) else 0.1)
    out.append(("CARD", s, e, _score(cx, "CARD", s, e, base, checksum_ok=ok), ok))


def find_ribs(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    """RIBs by regular expression: the reference for :func:`_group_spans` (which ``scan`` uses)."""
    t = cx.text
    for m in _RIB.finditer(t, pos, len(t) if endpos is None else endpos):
        _rib(cx, out, m.start(), m.end(), _digits(m.group()))


def find_ices(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    """ICE numbers by regular expression: the reference for :func:`_group_spans`."""
    t = cx.text
    for m in _ICE.finditer(t, pos, len(t) if endpos is None else endpos):
        _ice(cx, out, m.start(), m.end(), _digits(m.group()))


def find_cards(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    """Payment cards by regular expression: the reference for :func:`_group_spans`."""
    t = cx.text
    for m in _CARD.finditer(t, pos, len(t) if endpos is None else endpos):
        _card(cx, out, m.start(), m.end(), _digits(m.group()))


#: ASCII letters and digits: what ``_CARD``, ``_ICE`` and ``_RIB`` refuse next to a number
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SPLIT_GROUPS = re.compile("([^0-9]+)")


def _stretches(s: int, text: str) -> list[tuple[int, list[str]]]:
    """The digit groups of a chain, cut where two groups are not joined by exactly one separator.

    ``text`` is a chain (digits and separators, starting and ending with a digit) at
    offset ``s``. Returns ``(start, groups)`` per stretch: inside a stretch each group
    is followed by exactly one character of ``SEP`` before the next one.
    """
    parts = _SPLIT_GROUPS.split(text)
    seps = parts[1::2]
    if _SEP_CHARS.issuperset(seps):  # the usual case: one stretch (each separator one SEP character)
        return [(s, parts[::2])]
    out = [(s, [parts[0]])]
    pos = s + len(parts[0])
    for i in range(1, len(parts), 2):
        sep, group = parts[i], parts[i + 1]
        pos += len(sep)
        if sep in _SEP_CHARS:
            out[-1][1].append(group)
        else:
            out.append((pos, [group]))
        pos += len(group)
    return out


def _group_spans(t: str, start: int, groups: list[str], cum: list[int], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """What ``finditer`` of ``[0-9](?<![0-9A-Za-z][0-9])(?:SEP?[0-9]){lo-1,hi-1}(?![0-9A-Za-z])``
    finds in one stretch (see :func:`_stretches`): ``(start, end, digits, whole)`` per match,
    ``whole`` when the match is the whole stretch.

    ``cum[i]`` is the number of digits before group ``i`` (``cum[-1]``: all of them). A
    match starts at a digit with no letter or digit before it and ends at a digit with
    none after it: inside a stretch, at the first digit of a group and at the last digit
    of a group (the one separator between groups is neither). The repetition takes a
    separator only when a digit follows, so from a given start the match is the longest
    run of whole groups with ``lo`` to ``hi`` digits; without one, the search moves on to
    the next group, and after a match, to the group after it.
    """
    k = len(groups)
    total = cum[k]
    last = start + total + k - 1  # where the stretch ends
    last_ok = last == len(t) or t[last] not in _ALNUM
    found = []
    i = 1 if start and t[start - 1] in _ALNUM else 0
    while i < k:
        base = cum[i]
        if total - base < lo:
            break
        x = bisect_right(cum, base + hi) - 1  # the match would be groups i .. x-1
        if x == k and not last_ok:
            x -= 1
        if x > i and cum[x] - base >= lo:
            found.append((start + base + i, start + cum[x] + x - 1, "".join(groups[i:x]), i == 0 and x == k))
            i = x
        else:
            i += 1
    return found


#: the numbers made of whole digit groups: (type, fewest digits, most digits, scorer)
_GROUPED: tuple[tuple[str, int, int, Callable[[ctx.Context, list[Candidate], int, int, str, bool], None]], ...] = (
    ("CARD", 12, 19, _card),
    ("ICE", 15, 15, _ice),
    ("RIB", 24, 24, _rib),
)


def find_grouped(cx: ctx.Context, out: list[Candidate], s: int, text: str, wanted: frozenset[str]) -> None:
    """Cards, ICE numbers and RIBs in one chain ``text`` at ``s``: what ``find_cards``,
    ``find_ices`` and ``find_ribs`` find there, from one split of the chain into groups."""
    t = cx.text
    nd = len(text)
    if text.isdigit():  # compact: only the whole chain can match
        e = s + nd
        if (s and t[s - 1] in _ALNUM) or (e < len(t) and t[e] in _ALNUM):
            return
        for typ, lo, hi, scorer in _GROUPED:
            if lo <= nd <= hi and typ in wanted:
                scorer(cx, out, s, e, text, True)
        return
    for start, groups in _stretches(s, text):
        cum = list(accumulate(map(len, groups), initial=0))
        total = cum[-1]
        if total < 12:
            continue
        for typ, lo, hi, scorer in _GROUPED:
            if total >= lo and typ in wanted:
                for gs, ge, d, whole in _group_spans(t, start, groups, cum, lo, hi):
                    scorer(cx, out, gs, ge, d, whole)


def find_cnss(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    t = cx.text
    endpos = len(t) if endpos is None else endpos
    for m in _CNSS.finditer(t, pos, endpos):
        s, e = m.span()
        if not _chain_ok(t, s, e) or _amount_like(m.group()):
            continue
        if not cx.has(ctx.POSITIVE["CNSS"], s, e):
            continue
        out.append(("CNSS", s, e, 0.8, not _repeated(_digits(m.group()))))


# --------------------------------------------------------------------------- IBAN
_IBAN = re.compile(
    r"(?<![0-9A-Za-z])(?P<cc>[A-Za-z]{2})" + SEP + r"?(?P<ck>[0-9]{2})(?:" + SEP + r"?[A-Za-z0-9]){10,30}"
)


@functools.cache
def _iban_walk(length: int) -> re.Pattern[str]:
    return re.compile("(?:" + SEP + "*[A-Za-z0-9]){" + str(length) + "}")


def find_ibans(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    t = cx.text
    endpos = len(t) if endpos is None else endpos
    for m in _IBAN.finditer(t, pos, endpos):
        cc = m.group("cc")
        length = IBAN_LENGTHS.get(cc.upper())
        if length is None:
            continue
        # the end of exactly `length` alphanumerics (the match holds only ASCII letters,
        # digits and separators)
        w = _iban_walk(length).match(t, m.start(), m.end())
        if w is None:
            continue
        e = w.end()
        if e < len(t) and t[e].isascii() and t[e].isalnum():
            continue
        s = m.start()
        value = w.group().translate(_DROP_SEPS)
        ok = iban_valid(value)
        body = value[4:]
        if not ok and (cc != cc.upper() or not any(ch.isdigit() for ch in body[-4:])):
            continue
        base = 0.95 if ok else 0.55
        out.append(("IBAN", s, e, _score(cx, "IBAN", s, e, base, negatives=not ok, checksum_ok=ok), ok))


# --------------------------------------------------------------------------- letter + digit identifiers
_LD_BEFORE_BAD = frozenset("0123456789_-/#@.") | frozenset(chr(c) for c in range(0xC0, 0x250))
_LD_AFTER = re.compile(r"(?![0-9A-Za-z_@\u00c0-\u024f]|[.\-/][0-9A-Za-z])")
_LD_SEPS = " -\u00a0."
_DIGIT_RUN = re.compile("[0-9]*")
#: the digits of a letter + digit identifier: 4 to 9 of them
_LD_DIGITS = re.compile("[0-9]{4,9}(?![0-9])")


def _ascii_letter(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


def find_letter_ids(cx: ctx.Context, out: list[Candidate], ds: int, de: int | None = None) -> None:
    """CIN, passport, Massar code and temporary (WW) plates: 1-2 letters, then digits starting at ``ds``.

    Anchored on the digits (found by the chain scan) and read backwards, so the text is
    not scanned letter by letter.
    """
    t = cx.text
    if de is None:
        de = _DIGIT_RUN.match(t, ds).end()  # type: ignore[union-attr]
    nd = de - ds
    if nd < 4 or nd > 9 or _LD_AFTER.match(t, de) is None:
        return
    j, sep = ds, ""
    if j >= 2 and t[j - 1] in _LD_SEPS and _ascii_letter(t[j - 2]):
        sep, j = t[j - 1], j - 1
    k = j
    while k > 0 and _ascii_letter(t[k - 1]) and j - k < 3:
        k -= 1
    nl = j - k
    if nl not in (1, 2) or (k > 0 and (_ascii_letter(t[k - 1]) or t[k - 1] in _LD_BEFORE_BAD)):
        return
    letters, d = t[k:j], t[ds:de]
    if letters.upper() == "WW":
        if 5 <= nd <= 6 and letters == "WW":
            out.append(("PLATE", k, de, _score(cx, "PLATE", k, de, 0.65), True))
        return
    if _repeated(d):
        return
    upper = letters.isupper()
    if nd <= 6:
        if nd == 4:
            base = 0.25
        elif upper and not sep:
            base = 0.4 if letters == "N" else 0.6  # "N123456" is as often "numéro 123456"
        elif upper:
            base = 0.45
        else:
            base = 0.3 if not sep else 0.15
        out.append(("CIN", k, de, _score(cx, "CIN", k, de, base), True))
    if 6 <= nd <= 8 and sep in ("", " ", "-"):
        pbase = 0.45 if (upper and nl == 2 and nd == 7 and not sep) else 0.15
        out.append(("PASSPORT", k, de, _score(cx, "PASSPORT", k, de, pbase), True))
    if nd == 9 and nl == 1 and sep in ("", " ", "-"):
        mbase = (0.5 if upper else 0.3) - (0.15 if sep else 0.0)
        out.append(("MASSAR", k, de, _score(cx, "MASSAR", k, de, mbase), True))


# --------------------------------------------------------------------------- PLATE
_AR_LETTER = "[\u0621-\u063a\u0641-\u064a]\u0640?"
_PSEP = r"[ \u00a0]*[\-|/\u2013][ \u00a0]*"
_PLATE_AR = re.compile(
    r"(?P<a>[0-9](?<![0-9]{2})[0-9]{0,4})(?P<s1>" + _PSEP + r"|[ \u00a0]+)(?P<l>" + _AR_LETTER + r")"
    r"(?P<s2>" + _PSEP + r"|[ \u00a0]+)(?P<b>[0-9]{1,5})(?![0-9])"
)
_PLATE_LAT = re.compile(
    r"(?P<a>[0-9](?<![0-9A-Za-z][0-9])[0-9]{0,4})(?P<s1>" + _PSEP + r"|[ \u00a0]+)(?P<l>[A-Za-z]{1,2})"
    r"(?P<s2>" + _PSEP + r"|[ \u00a0]+)(?P<b>[0-9]{1,2})(?![0-9A-Za-z])"
)


def _plate(cx: ctx.Context, m: re.Match[str], arabic: bool, out: list[Candidate]) -> None:
    a, b = m.group("a"), m.group("b")
    # serial (1-5 digits) | letter | prefecture (1-2 digits); Arabic text may store it reversed
    if len(b) <= 2 and int(b) >= 1:
        serial, region = a, int(b)
    elif arabic and len(a) <= 2 and int(a) >= 1:
        serial, region = b, int(a)
    else:
        return
    strong = not (m.group("s1").isspace() or m.group("s2").isspace())
    letter = m.group("l")
    if arabic:
        base = 0.85 if strong else (0.2 if letter in ("و", "ب", "ف", "ل", "ك") else 0.45)
    else:
        base = 0.6 if strong and letter.isupper() else 0.2
    if len(serial) < 2:
        base -= 0.1
    ok = 1 <= region <= 89
    if not ok:
        base -= 0.2
    s, e = m.span()
    out.append(("PLATE", s, e, _score(cx, "PLATE", s, e, base), ok))


def find_plates(cx: ctx.Context, out: list[Candidate]) -> None:
    for m in _PLATE_AR.finditer(cx.text):
        _plate(cx, m, True, out)
    for m in _PLATE_LAT.finditer(cx.text):
        _plate(cx, m, False, out)


# --------------------------------------------------------------------------- EMAIL / IP
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-])")


def find_emails(t: str, out: list[Candidate]) -> None:
    i = t.find("@")
    while i != -1:
        lm = _EMAIL_LOCAL.search(t, max(0, i - 64), i)
        dm = _EMAIL_DOMAIN.match(t, i + 1)
        if lm and dm:
            s = lm.start()
            while s < i and t[s] in ".-":  # a local part does not start with a dot
                s += 1
            if s < i:
                out.append(("EMAIL", s, dm.end(), 0.95, True))
        i = t.find("@", i + 1)


_IPV4 = re.compile(
    r"(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\.[0-9])"
)
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:(?<=:)[0-9.]{7,15})?(?![0-9A-Za-z:])"
)


def find_ipv4(cx: ctx.Context, out: list[Candidate], pos: int = 0, endpos: int | None = None) -> None:
    t = cx.text
    endpos = len(t) if endpos is None else endpos
    for m in _IPV4.finditer(t, pos, endpos):
        s, e = m.span()
        left = t[max(0, s - 12) : s]
        base = 0.45 if re.search(r"(?i)(?:version|v|ver)\.?\s*$", left) else 0.85
        out.append(("IP", s, e, _score(cx, "IP", s, e, base, negatives=False), True))


def find_ipv6(t: str, out: list[Candidate]) -> None:
    for m in _IPV6.finditer(t):
        text = m.group()
        if text.count(":") < 2 or ("::" not in text and text.count(":") < 7):
            continue
        try:
            ipaddress.IPv6Address(text)
        except ValueError:
            continue
        s, e = m.span()
        out.append(("IP", s, e, 0.85 if sum(c.isalnum() for c in text) >= 3 else 0.4, True))


# --------------------------------------------------------------------------- DOB
_FR_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12,
    "decembre": 12, "déc": 12, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "may": 5,
    "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "yanayer": 1, "yennayer": 1, "fbrayer": 2, "febrayer": 2, "abril": 4, "ibril": 4, "youniou": 6,
    "yunyu": 6, "youliouz": 7, "yulyuz": 7, "ghocht": 8, "ghusht": 8, "chtanbir": 9, "shtanbir": 9,
    "ktober": 10, "oktober": 10, "nonbir": 11, "nouanbir": 11, "dojanbir": 12, "dujanbir": 12,
}  # fmt: skip
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "ماي": 5, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليوز": 7, "يوليو": 7, "غشت": 8, "أغسطس": 8, "اغسطس": 8, "شتنبر": 9, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نونبر": 11, "نوفمبر": 11, "دجنبر": 12, "ديسمبر": 12, "جانفي": 1, "فيفري": 2,
}  # fmt: skip
_MONTHS = {**_FR_MONTHS, **_AR_MONTHS}
_MONTH_RE = "|".join(re.escape(k) for k in sorted(_MONTHS, key=len, reverse=True))
_DATE_NUM = re.compile(
    r"(?<![0-9])(?P<d>[0-3]?[0-9])(?P<s>[/.\-])(?P<m>[01]?[0-9])(?P=s)(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?<![0-9])(?P<y2>(?:19|20)[0-9]{2})(?P<s2>[/.\-])(?P<m2>[01]?[0-9])(?P=s2)(?P<d2>[0-3]?[0-9])(?![0-9])"
)
_DATE_TXT = re.compile(
    r"(?<![0-9])(?P<d>[0-3]?[0-9])(?:er|ère)?\s?(?:de\s)?(?=[^\W\d_])(?P<m>"
    + _MONTH_RE
    + r")\.?,?\s?(?P<y>(?:19|20)?[0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
_DOB_BEFORE = 36


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= date.today().year


def find_dobs(cx: ctx.Context, out: list[Candidate]) -> None:
    t = cx.text
    kw = ctx.POSITIVE["DOB"]
    for m in _DATE_NUM.finditer(t):
        s, e = m.span()
        if not cx.has_before(kw, s, _DOB_BEFORE):
            continue
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        out.append(("DOB", s, e, 0.85, _valid_date(y, mo, d)))
    for m in _DATE_TXT.finditer(t):
        s, e = m.span()
        if not cx.has_before(kw, s, _DOB_BEFORE):
            continue
        y = int(m.group("y"))
        if y < 100:
            y += 1900 if y > date.today().year % 100 else 2000
        mo = _MONTHS.get(m.group("m").lower(), 0)
        out.append(("DOB", s, e, 0.85, _valid_date(y, mo, int(m.group("d")))))


# --------------------------------------------------------------------------- PERSON
_TRIGGER = re.compile(
    # each branch first looks ahead at the first letters its triggers can start with (same
    # flags, so the same case folding): most positions are then rejected at once
    r"(?=[efijmnps])(?<![A-Za-z\u00c0-\u024f])(?:"
    r"smi?y?ti|smi?ya dyali|smia dyali|smit(?:ha|o|ou|hom)|[ie]smi|j.?e? ?m.?appel+e?|moi c.?est|"
    r"mon (?:nom|pr[eé]nom)(?: complet)? (?:est|c.?est)|my name is|i am called|"
    r"nom(?: complet| et pr[eé]nom| de famille)?\s*:|pr[eé]nom\s*:|name\s*:|full name\s*:|"
    r"monsieur|madame|mademoiselle|mme\.?|mlle\.?|m\.|mr\.?|mrs\.?|ms\.?"
    r")(?![A-Za-z\u00c0-\u024f])"
    # Arabic triggers start a word (or follow a word-initial conjunction و): "باسمها" and
    # "تسميتها" are not introductions
    r"|(?=[اإسك])(?:(?<![\u0621-\u064a])|(?<=(?<![\u0621-\u064a])و))"
    r"(?:اسمي|إسمي|سميتي|سميتو|سميتها|كنسمى|كنتسمى|اسمه|اسمها|إسمه|الاسم الكامل\s*:?|الاسم\s*:|الإسم\s*:|"
    r"السيد|السيدة|الآنسة|الانسة)(?![\u0621-\u064a])",
    re.IGNORECASE,
)
_TITLES = frozenset(("monsieur", "madame", "mademoiselle", "mme", "mlle", "m", "mr", "mrs", "ms", "السيد", "السيدة"))
_LAT_TOKEN = re.compile(
    r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f'’\-]*"
)
_AR_TOKEN = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_GAP = re.compile(r"[ \u00a0]*(?:[:,\-–][ \u00a0]*)?")
_PARTICLES = frozenset(
    (
        "el",
        "al",
        "ben",
        "bin",
        "ibn",
        "ait",
        "aït",
        "bel",
        "bou",
        "ou",
        "de",
        "la",
        "id",
        "بن",
        "ابن",
        "ولد",
        "آيت",
        "ايت",
        "أيت",
        "بنت",
    )
)
_STOPWORDS = """
    w o ou et and y dyal dyali diali dial li lli fi f fl l b m3a m3ak mn men min ana nta nti howa hiya hia
    rani rah ra kan kant kayn kayna ghir gha bghit bghiti 3andi 3ndi andi 3mri wach ach chno achno chkoun
    hna temma mzyan salam slm merci chokran 3afak afak safi daba db ila la je suis j ai et mais donc car
    or ni ne pas de du des le les un une pour par avec sans dans en sur au aux ce cette mon ma mes ton ta
    is am the a an from of in at to my your et ci voici voila ici aussi tres bien
    و من في عندي ديالي ديال انا أنا ساكن ساكنة كنسكن عمري بغيت واش هو هي كان كانت على عن مع الى إلى هذا
    هذه لي اللي التي الذي رقم هاتف البطاقة الهاتف عافاك شكرا مرحبا السلام نتا نتي راني غير حتى ولكن لكن
    ثم او أو يا ما لا نعم هنا تما بزاف مزيان دابا إلا الا ف ب ل باش حيت لأن لان قبل بعد عند فيها فيه
    هاد هادي هادا ديالو ديالها ديالنا عندو عندها خويا ختي صاحبي مع وشكرا يرجى نرجو المرجو الاتصال
    khdam khdama kankhdem kan9ra 9ari sakn saken sakna 3am ch7al bghina ghadi ghan sahbi khoya khti
    wlad ida 7it hit walakin lakin tanmchi kanmchi jit mcha zwin nhar lyoum ghda bzaf please stp svp
    ok wakha yak wa ya rak raha hadi hada had dak dik fin kifach 3lach 3la 3nd tal hta 7ta bach date
    numero num tel cin rib email mail adresse et de la le au avec né née j'habite habite suis ai
    monsieur madame mademoiselle mme mlle mr mrs ms ice cnss iban gsm cnie passeport veuve veuf
    """
_STOP = frozenset(_STOPWORDS.split())
_SURNAME_LAT = re.compile(
    r"(?i)^(?:el|al|ben|bel|bou|ait|ou|lah|ibn|ez|es|et|er)[a-z\u00e0-\u00ff'\-]{2,}|[a-z]{3,}(?:i|aoui|oui|ani)$"
)


_FIRST_PERSON = frozenset(("اسمي", "إسمي", "سميتي", "كنسمى", "كنتسمى"))


def _is_surname_ar(tok: str, trusted: bool) -> bool:
    """A word after a first name that reads as a family name, not as the next clause.

    Arabic has no capitals. A family name usually has a shape: the article (العلوي), a
    patronymic prefix (بن، ابن، بو، آيت) or the nisba ending -ي/-ة (بناني، برادة). After a
    first-person introduction other words are accepted too, unless they are function words,
    glued to the conjunction و, or verb forms (كن-/كت-/كي-/غا-, short ي-/ت-/ن-/أ- words).
    """
    if tok in _STOP or len(tok) < 2 or tok.startswith("و"):
        return False
    if tok.startswith(("ال", "بن", "ابن", "بو", "آيت", "ايت", "أيت")) or tok.endswith(("ي", "ة")):
        return True
    if not trusted:
        return False
    if len(tok) <= 4 and tok[0] in "يتنأا":
        return False
    return not tok.startswith(("كن", "كت", "كي", "غا", "تن", "يرجى", "نرجو", "ساكن"))


def _is_surname_lat(tok: str) -> bool:
    """Lower-case Arabizi/French word after a first name that can be a family name."""
    low = tok.lower()
    if low in _STOP or len(low) < 3 or any(c.isdigit() for c in low):
        return False
    return bool(_SURNAME_LAT.match(low)) or low not in _STOP


def find_persons(t: str, out: list[Candidate]) -> None:
    for m in _TRIGGER.finditer(t):
        trig = m.group().strip(" :.").lower()
        title = trig in _TITLES
        pos = _GAP.match(t, m.end()).end()  # type: ignore[union-attr]
        if title and t[m.end() : pos].strip():
            continue  # "Madame, Monsieur, ...": a salutation, not a name
        first = _LAT_TOKEN.match(t, pos)
        arabic = False
        if first is None:
            first = _AR_TOKEN.match(t, pos)
            arabic = True
            if first is None:
                continue
        tok = first.group()
        if tok.lower() in _STOP or len(tok) < 2 or (title and not arabic and not tok[0].isupper()):
            continue
        if arabic and tok.startswith(("ال", "و")):
            continue  # "السيد الرئيس": a given name takes no article (an office does), nor a conjunction
        # first-person introductions ("اسمي", "سميتي") are trusted with any family name; after an
        # honorific or "his/her name is" the next word must look like a family name
        strong = trig in _FIRST_PERSON or trig.startswith(("الاسم", "الإسم"))
        capital = tok[0].isupper()
        start, end, n = first.start(), first.end(), 1
        while n < 4:
            gap = t[end : end + 1]
            if gap not in (" ", "\u00a0"):
                break
            nxt = (_AR_TOKEN if arabic else _LAT_TOKEN).match(t, end + 1)
            if nxt is None:
                break
            w = nxt.group()
            lw = w.lower()
            if lw in _STOP and lw not in _PARTICLES:
                break
            if lw in _PARTICLES:
                after = (_AR_TOKEN if arabic else _LAT_TOKEN).match(t, nxt.end() + 1)
                if after is None or after.group().lower() in _STOP or t[nxt.end() : nxt.end() + 1] != " ":
                    break
                end, n = after.end(), n + 2
                continue
            if arabic:
                accept = _is_surname_ar(w, strong) and (n < 2 or w.startswith("ال"))
            elif capital:
                accept = w[0].isupper()
            else:
                # lower-case Arabizi has no capitals to stop at: first name + one family name
                accept = n < 2 and _is_surname_lat(w)
            if not accept:
                break
            end, n = nxt.end(), n + 1
        out.append(("PERSON", start, end, 0.75 if title else 0.85, True))


# --------------------------------------------------------------------------- orchestration
#: maximal runs of digits joined by at most 3 separator characters: every numeric entity
#: lies inside one (or, for plates, two) of them, so finders only look around these runs
_CHAIN_SEPS = " \u00a0\u202f.\\-\u200e\u200f/|()"
_CHAIN = re.compile("[0-9](?:[" + _CHAIN_SEPS + "]{0,3}[0-9])*")
_CHAIN_SEPS_STR = " \u00a0\u202f.-\u200e\u200f/|()"
#: digits and separators in one character class: much faster to scan than _CHAIN, which
#: is only used to split the rare run that has more than 3 separators in a row
_RUN = re.compile("[0-9][0-9" + _CHAIN_SEPS + "]*")
#: the digits that FOLD maps to ASCII (Arabic-Indic, Persian, fullwidth)
_FOLDABLE_CLASS = "\u0660-\u0669\u06f0-\u06f9\uff10-\uff19"
_FOLDABLE = re.compile("[" + _FOLDABLE_CLASS + "]")
#: _RUN over those digits too: on text without them, exactly the runs of _RUN; with them,
#: the scan of the runs tells that the text must be folded (so no separate scan for them)
_RUN_SPLIT = re.compile("([0-9" + _FOLDABLE_CLASS + "][0-9" + _FOLDABLE_CLASS + _CHAIN_SEPS + "]*)")
_LONG_GAP = re.compile("[" + _CHAIN_SEPS + "]{4}")
_DROP_SEPS = str.maketrans("", "", " \u00a0\u202f.-\u200e\u200f/|()")

#: substrings one of which the lower-cased sentence must contain before a finder runs: a
#: superset of the name triggers, and of the birth-date and CNSS context words (which are
#: then checked precisely around each candidate)
_PERSON_GATE = (
    "smi", "ism", "esm", "appel", "nom", "name", "moi c", "mme", "mlle", "m.", "mr", "ms", "monsieur", "madame",
    "mademoiselle", "called", "اسم", "إسم", "سمي", "سمى", "السيد", "الآنسة", "الانسة",
)  # fmt: skip
_DOB_GATE = (
    "né", "ne le", "nee le", "naissance", "ddn", "tzad", "mzyo", "mazyo", "izdiyad", "born", "birth", "dob",
    "مزداد", "ازدياد", "ولد", "وُلد", "مولود", "مواليد", "الميلاد", "تزاد",
)  # fmt: skip
_CNSS_GATE: tuple[str, ...] = (
    "cnss", "c.n.s.s", "immatric", "affili", "daman", "dman", "social", "amo", "ضمان", "الدمان", "الصندوق",
    "التسجيل", "التأمين",
)  # fmt: skip


#: all three gates in one pattern: one scan of the text says that none of them applies
_ANY_GATE_RX = ctx.anchored_pattern(_PERSON_GATE + _DOB_GATE + _CNSS_GATE)
_CNSS_GATE_RX = ctx.anchored_pattern(_CNSS_GATE)
_DOB_GATE_RX = ctx.anchored_pattern(_DOB_GATE)
_PERSON_GATE_RX = ctx.anchored_pattern(_PERSON_GATE)


#: what must follow a chain of at most 5 digits for a plate to start there: a letter standing alone
_PLATE_GATE = re.compile(
    "[ \u00a0]*[-|/\u2013]?[ \u00a0]*(?:[\u0621-\u064a]\u0640?|[A-Za-z]{1,2})[ \u00a0]*[-|/\u2013 ]"
)


#: region flags: which finders of fixed-length numbers may match there
_MAY_PHONE, _MAY_CNSS = 1, 2
#: a chain with separators holds (part of) a phone only if it has "212" or a 0 that starts
#: a group and is followed, a closing parenthesis and separators apart, by 5 to 8 (the
#: national prefix; the phone patterns refuse a digit before it)
_PHONE_HINT = re.compile("212|(?<![0-9])0[^0-9]{0,3}[5-8]")
_IBAN_SEPS = frozenset(" \u00a0\u202f.-\u200e\u200f")  # SEP
_GROUPED_TYPES = frozenset(("CARD", "ICE", "RIB"))
_LETTER_ID_TYPES = frozenset(("CIN", "PASSPORT", "MASSAR", "PLATE"))
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


Chain = tuple[int, int, int, str]


def digit_chains(t: str) -> list[Chain] | None:
    """The chains of ``t``: ``(start, end, number of digits, text)`` of each maximal run of
    digits joined by at most 3 separator characters (``_CHAIN``), in order.

    None if ``t`` has digits that :data:`FOLD` maps to ASCII: fold it and ask again.
    """
    parts = _RUN_SPLIT.split(t)  # text, run, text, run, ..., text
    chains: list[Chain] = []
    pos = len(parts[0])
    for i in range(1, len(parts), 2):
        text = parts[i]
        start = pos
        pos += len(text) + len(parts[i + 1])
        if text.isascii():
            if text.isdigit():  # no separator
                chains.append((start, start + len(text), len(text), text))
                continue
            text = text.rstrip(_CHAIN_SEPS_STR)
            if text.isdigit():  # separators after the digits only ("1500 dh")
                chains.append((start, start + len(text), len(text), text))
                continue
            nd = len(text.encode().translate(None, _NON_DIGIT_BYTES))
        elif _FOLDABLE.search(text) is not None:
            return None
        else:
            text = text.rstrip(_CHAIN_SEPS_STR)
            nd = len(_digits(text))
        if len(text) - nd < 4 or _LONG_GAP.search(text) is None:  # fewer than 4 separators: no long gap
            chains.append((start, start + len(text), nd, text))
        else:  # rare: split where more than 3 separators stand between two digits
            for c in _CHAIN.finditer(t, start, start + len(text)):
                chains.append((c.start(), c.end(), len(_digits(c.group())), c.group()))
    return chains


def scan(text: str, wanted: frozenset[str]) -> list[Candidate]:
    """Every candidate of the ``wanted`` types in ``text``.

    The finders see ``text`` digit-folded (:data:`FOLD`, one character for one, so offsets
    are those of ``text``) when it has Arabic-Indic, Persian or fullwidth digits.
    """
    out: list[Candidate] = []
    t = text
    chains = digit_chains(t)
    if chains is None:
        t = text.translate(FOLD)
        chains = digit_chains(t) or []
    cx = ctx.Context(t)
    low = cx.low  # only for presence tests: its offsets are never used
    gates = _ANY_GATE_RX.search(low) is not None
    if chains:
        _numbers(cx, out, chains, wanted, gates)
    if "EMAIL" in wanted and "@" in t:
        find_emails(t, out)
    if "IP" in wanted and ("::" in t or t.count(":") >= 7):
        find_ipv6(t, out)
    if "PERSON" in wanted and gates and _PERSON_GATE_RX.search(low) is not None:
        find_persons(t, out)
    return out


def _iban_start(t: str, s: int, e: int, nd: int) -> bool:
    """True if ``_IBAN`` could match with its check digits at the start of the chain
    ``t[s:e]`` (``nd`` digits): two letters before them, maybe one separator between, no
    letter or digit before the letters, and at least 12 letters and digits from ``s`` on
    (the chain's own digits, or the match goes on after it)."""
    if nd < 12 and not (
        e < len(t) and (t[e] in _ALNUM or (t[e] in _IBAN_SEPS and e + 1 < len(t) and t[e + 1] in _ALNUM))
    ):
        return False
    if s >= 2 and t[s - 1] in _ASCII_LETTERS:
        k = s - 2
    elif s >= 3 and t[s - 1] in _IBAN_SEPS:
        k = s - 3
    else:
        return False
    return t[k] in _ASCII_LETTERS and t[k + 1] in _ASCII_LETTERS and (k == 0 or t[k - 1] not in _ALNUM)


@functools.lru_cache(maxsize=64)
def _wants(wanted: frozenset[str]) -> tuple[bool, bool, bool, bool]:
    """Which chain finders ``wanted`` asks for: cards/ICE/RIBs, letter identifiers, IBAN, IP."""
    return (
        not _GROUPED_TYPES.isdisjoint(wanted),
        not _LETTER_ID_TYPES.isdisjoint(wanted),
        "IBAN" in wanted,
        "IP" in wanted,
    )


def _numbers(cx: ctx.Context, out: list[Candidate], chains: list[Chain], wanted: frozenset[str], gates: bool) -> None:
    """The finders of identifiers with digits, each run only where the chains allow a match."""
    t = cx.text
    n = len(t)
    # phones and CNSS numbers: which regions (chains with a margin, merged) may hold one. A
    # number written without separators ("compact") can only be matched whole (the patterns
    # refuse a digit or letter on either side), so its digit count and first digits decide; a
    # grouped one may hold a shorter match, so only its total is a bound, plus _PHONE_HINT. A
    # phone spread over two chains ("+212)  (0)6...") has "(0)" and its 9 digits in the second.
    flags: dict[int, int] = {}  # chain index -> the finders its region must run (rarely any)
    want_phone = "PHONE" in wanted
    cnss_ok: bool | None = None if gates and "CNSS" in wanted else False  # the CNSS gate, looked up once
    grouped, want_ld, want_iban, want_ip = _wants(wanted)
    last = len(chains) - 1
    for i, (s, e, nd, text) in enumerate(chains):
        if nd >= 9:
            if nd == len(text):
                phone = (nd == 10 and text[0] == "0" and text[1] in "5678") or (12 <= nd <= 15 and "212" in text)
                cnss = nd == 9
            else:
                phone = _PHONE_HINT.search(text) is not None
                cnss = True
            if cnss and cnss_ok is None:
                cnss_ok = _CNSS_GATE_RX.search(cx.low) is not None
            may = (_MAY_PHONE if phone and want_phone else 0) | (_MAY_CNSS if cnss and cnss_ok else 0)
            if may:
                flags[i] = may
        if nd >= 12 and grouped:
            find_grouped(cx, out, s, text, wanted)
        if want_ip and nd >= 4 and text.count(".") >= 3:
            find_ipv4(cx, out, s, min(n, e + 1))
        if not s:
            continue
        # letters just before the chain (maybe one separator between): CIN, passport, Massar,
        # temporary plates, IBAN. j: where the letters end
        if t[s - 1] in _ASCII_LETTERS:
            j = s
        elif s > 1 and t[s - 1] in _LD_SEPS and t[s - 2] in _ASCII_LETTERS:
            j = s - 1
        else:
            continue
        if want_ld and (j < 3 or t[j - 2] not in _ASCII_LETTERS or t[j - 3] not in _ASCII_LETTERS):  # not 3 letters
            nlead = len(text) - len(text.lstrip("0123456789"))  # _LD_DIGITS: 4 to 9 digits, then no digit
            if 4 <= nlead <= 9:
                find_letter_ids(cx, out, s, s + nlead)  # which checks _LD_AFTER
        if want_iban and nd >= 2 and j >= 2 and t[j - 2 : j].upper() in IBAN_LENGTHS:
            # find_ibans searches from s - 3 to s + 48: it finds something only if an IBAN
            # starts there, that is, if this chain or one starting within reach has two
            # letters before it (maybe a separator between) with no letter or digit before
            y = i
            while y <= last and chains[y][0] < s + 51:
                if _iban_start(t, *chains[y][:3]):
                    find_ibans(cx, out, max(0, s - 3), min(n, s + 48))
                    break
                y += 1
    if flags:
        regions: list[list[int]] = []  # [start, end, may]: chains with a margin, merged when they touch
        for i, (s, e, _nd, _text) in enumerate(chains):
            rs, re_ = max(0, s - 8), min(n, e + 3)
            if regions and rs <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], re_)
                regions[-1][2] |= flags.get(i, 0)
            else:
                regions.append([rs, re_, flags.get(i, 0)])
        for rs, re_, may in regions:
            if may & _MAY_PHONE:
                find_phones(cx, out, rs, re_)
            if may & _MAY_CNSS:
                find_cnss(cx, out, rs, re_)
    if last and "PLATE" in wanted:  # two chains or more, and one of at most 5 digits followed by a letter
        for c in chains:
            if c[2] <= 5 and _PLATE_GATE.match(t, c[1]) is not None:
                find_plates(cx, out)
                break
    if "DOB" in wanted and gates and _DOB_GATE_RX.search(cx.low) is not None:
        find_dobs(cx, out)
