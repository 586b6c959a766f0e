"""The fast paths of awal.pii give exactly the answers of the plain implementations."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal.pii import _context as ctx
from awal.pii import _recognizers as R
from awal.pii import checksums
from awal.pii._find import ENTITY_TYPES, Entity, _entity, _resolve
from awal.pii.checksums import IBAN_LENGTHS

# words, prefixes, phrases and Arabic strings of the keyword lists, cut and glued in odd
# ways, so windows start and end inside keywords
_PIECES = [
    "tel", "hotel", "telephone", "rib", "compte", "la carte", "cin", "numéro", "ra9m", "رقم", "الهاتف",
    "commande", "réf", "7sab", "tilifoun", "n°", "İ", "Σ", "ΑΣ", " ", "  ", ":", "06", "12345", "é", "x",
]  # fmt: skip
_KWS = [*ctx.POSITIVE.values(), ctx.GENERIC, ctx.NEGATIVE, ctx.STRONG_NEGATIVE]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25),
    st.integers(0, 200),
    st.integers(0, 30),
    st.integers(0, 60),
    st.integers(0, 40),
)
def test_context_matches_window(pieces: list[str], start: int, length: int, before: int, after: int) -> None:
    text = "".join(pieces)
    start = min(start, len(text))
    end = min(len(text), start + length)
    cx = ctx.Context(text)
    window = ctx.Window(text, start, end, before, after)
    for kw in _KWS:
        assert cx.has(kw, start, end, before, after) == window.has(kw)
        assert cx.has_before(kw, start, before) == ctx.has_before(kw, text, start, before)


def _all_keywords() -> list[str]:
    out: set[str] = set()
    for kw in _KWS:
        out |= kw.words | {p.strip() for p in kw.prefixes} | set(kw.phrases) | set(kw.arabic)
    return sorted(out)


def test_context_matches_window_on_every_keyword() -> None:
    # each keyword alone, glued to word characters on either side, cut short, and with a
    # separator: whole words, word starts and substrings each behave differently here
    for k in _all_keywords():
        for text in (k, "x" + k, k + "x", "é" + k + "1", "a " + k + " b", k[:-1], k[1:], k + k, "٠" + k + "\u00a0"):
            cx = ctx.Context(text + " 0612 " + text)
            s = len(text) + 1
            window = ctx.Window(cx.text, s, s + 4)
            for kw in _KWS:
                assert cx.has(kw, s, s + 4) == window.has(kw), (k, text, kw.words)
                assert cx.has_before(kw, s, 48) == ctx.has_before(kw, cx.text, s, 48), (k, text)


def test_context_finds_cut_words() -> None:
    text = "hotel 0612345678 telephone"
    phone = ctx.POSITIVE["PHONE"]
    # the window starts inside "hotel": its words are "tel" and nothing else
    assert ctx.Context(text).has(phone, 6, 16, before=4, after=0)
    assert not ctx.Context(text).has(phone, 6, 16, before=6, after=0)
    # the window ends inside "telephone": "tel" again
    assert ctx.Context(text).has(phone, 6, 16, before=0, after=4)


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_luhn_fast_path(digits: str) -> None:
    assert checksums.luhn_valid(digits) == (checksums._luhn_sum(digits) % 10 == 0)


def _resolve_plain(cands: list[tuple[str, int, int, float, bool]]) -> list[tuple[str, int, int, float, bool]]:
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    kept: list[tuple[str, int, int, float, bool]] = []
    for c in sorted(cands, key=lambda c: (-c[3], -(c[2] - c[1]), order[c[0]], c[1])):
        if all(c[2] <= k[1] or k[2] <= c[1] for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c[1])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ENTITY_TYPES),
            st.integers(0, 400),
            st.integers(1, 30),
            st.sampled_from([0.2, 0.5, 0.75, 0.85, 1.0]),
        ),
        min_size=0,
        max_size=200,
    )
)
def test_resolve_paths_agree(raw: list[tuple[str, int, int, float]]) -> None:
    cands = [(t, s, s + n, score, True) for t, s, n, score in raw]
    assert _resolve(list(cands)) == _resolve_plain(cands)


# --------------------------------------------------------------------------- scan vs the plain orchestration


def _scan_reference(t: str, wanted: frozenset[str]) -> set[tuple[str, int, int, float, bool]]:
    """Every finder run the plain way: chains straight from ``_CHAIN``, every fixed-length
    finder by its regular expression over whole regions, letter gates as substring tests.

    This is how ``scan`` worked before its fast paths (digit-group walk for cards, ICE and
    RIBs; exact phone, IBAN and letter-identifier gates); ``scan`` must find the same set.
    """
    out: list[tuple[str, int, int, float, bool]] = []
    n = len(t)
    t = t.translate(R.FOLD)
    cx = ctx.Context(t)
    low = cx.low

    def gate(words: tuple[str, ...]) -> bool:
        return any(w in low for w in words)

    chains = [(c.start(), c.end(), len(R._digits(c.group())), c.group()) for c in R._CHAIN.finditer(t)]
    if chains:
        regions: list[list[int]] = []
        for s, e, nd, text in chains:
            rs, re_ = max(0, s - 8), min(n, e + 3)
            if nd == len(text):
                may = set()
                if 10 <= nd <= 15:
                    may.add("PHONE")
                if nd == 9:
                    may.add("CNSS")
                if 12 <= nd <= 19:
                    may.add("CARD")
                if nd == 15:
                    may.add("ICE")
                if nd == 24:
                    may.add("RIB")
            else:
                may = {
                    typ
                    for typ, least in (("PHONE", 9), ("CNSS", 9), ("CARD", 12), ("ICE", 15), ("RIB", 24))
                    if nd >= least
                }
            if regions and rs <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], re_)
                regions[-1][2] |= may  # type: ignore[operator]
            else:
                regions.append([rs, re_, may])  # type: ignore[list-item]
        finders = {
            "PHONE": R.find_phones,
            "CNSS": R.find_cnss,
            "CARD": R.find_cards,
            "ICE": R.find_ices,
            "RIB": R.find_ribs,
        }
        for rs, re_, may in regions:
            for typ, finder in finders.items():
                if typ in may and typ in wanted and (typ != "CNSS" or gate(R._CNSS_GATE)):  # type: ignore[operator]
                    finder(cx, out, rs, re_)

        def letter(c: str) -> bool:
            return c.isascii() and c.isalpha()

        for s, _e, nd, text in chains:
            if (s and letter(t[s - 1])) or (s > 1 and t[s - 1] in R._LD_SEPS and letter(t[s - 2])):
                if wanted & {"CIN", "PASSPORT", "MASSAR", "PLATE"}:
                    dm = R._LD_DIGITS.match(t, s)
                    if dm is not None and R._LD_AFTER.match(t, dm.end()) is not None:
                        R.find_letter_ids(cx, out, s, dm.end())
                cc = t[s - 2 : s] if letter(t[s - 1]) else t[s - 3 : s - 1]
                if "IBAN" in wanted and nd >= 2 and cc.upper() in IBAN_LENGTHS:
                    R.find_ibans(cx, out, max(0, s - 3), min(n, s + 48))
            if "IP" in wanted and text.count(".") >= 3:
                R.find_ipv4(cx, out, s, min(n, _e + 1))
        if "PLATE" in wanted and len(chains) >= 2 and any(R._PLATE_GATE.match(t, c[1]) for c in chains if c[2] <= 5):
            R.find_plates(cx, out)
        if "DOB" in wanted and gate(R._DOB_GATE):
            R.find_dobs(cx, out)
    if "EMAIL" in wanted and "@" in t:
        R.find_emails(t, out)
    if "IP" in wanted and ("::" in t or t.count(":") >= 7):
        R.find_ipv6(t, out)
    if "PERSON" in wanted and gate(R._PERSON_GATE):
        R.find_persons(t, out)
    return set(out)


def _grouped(draw: st.DrawFn, digits: str) -> str:
    """``digits`` as people write them: compact, or in groups of 2 to 6 joined by one
    separator (sometimes a mix, a double space or a slash)."""
    style = draw(st.sampled_from(["compact", "even", "even", "random"]))
    if style == "compact":
        return digits
    size = draw(st.sampled_from([2, 3, 4, 4, 6]))
    groups = [digits[i : i + size] for i in range(0, len(digits), size)]
    if style == "even":
        return draw(st.sampled_from([" ", ".", "-", "\u00a0", "\u202f"])).join(groups)
    seps = [" ", ".", "-", "\u00a0", "\u202f", "\u200e", "  ", "/", ""]
    return "".join(g + draw(st.sampled_from(seps)) for g in groups[:-1]) + groups[-1]


@st.composite
def _letter_id(draw: st.DrawFn) -> str:
    """Letters then digits, the shape of CIN, passport and Massar numbers (and of near misses)."""
    letters = draw(st.text(alphabet="ABKWabkx", min_size=1, max_size=3))
    sep = draw(st.sampled_from(["", "", " ", "-", ".", "\u200e"]))
    return letters + sep + draw(st.text(alphabet="0123456789", min_size=3, max_size=10))


@st.composite
def _identifier(draw: st.DrawFn) -> str:
    """A checksum-valid RIB, card, ICE or IBAN (or one digit off), grouped at random."""
    kind = draw(st.sampled_from(["rib", "card", "ice", "iban", "phone"]))
    body = draw(st.text(alphabet="0123456789", min_size=22, max_size=22))
    if kind == "rib":
        value = body + checksums.rib_key(body)
    elif kind == "card":
        payload = draw(st.sampled_from(["4", "5", "37", "6011", "35"])) + body[: draw(st.integers(10, 17))]
        value = payload + checksums.luhn_check_digit(payload)
    elif kind == "ice":
        value = body[:13] + checksums.ice_key(body[:13])
    elif kind == "phone":
        prefixes = ["0", "+212", "00212", "212", "(0)", "+212 (0)", "2120", "002120", "(+212)  (0)", "00 212 "]
        return draw(st.sampled_from(prefixes)) + _grouped(draw, draw(st.sampled_from("5678")) + body[:8])
    else:
        cc = draw(st.sampled_from(["MA", "FR", "DE", "TN", "GB"]))
        bban = body[: checksums.IBAN_LENGTHS[cc] - 4]
        sep = draw(st.sampled_from(["", " ", "\u200e"]))
        return cc + sep + checksums.iban_check_digits(cc, bban) + _grouped(draw, bban)
    if draw(st.booleans()):
        value = value[:-1] + str((int(value[-1]) + 1) % 10)
    return _grouped(draw, value)


_SCAN_PIECES = [
    " ", " ", ".", "-", "\u00a0", "/", "(", ")", "|", "+", ":", ",", "  ", " - ", "@", "::",
    "MA", "FR", "ma", "BK", "x", "a", "AB", "WW", "ب", "ط", "ه", "tel", "rib", "cnss", "iban", "ref",
    "né le", "smiti", "Madame", "compte", "la carte", "visa", "ice", "numero", "رقم", "الهاتف", "commande",
    "212", "00212", "(0)", "06", "07", "0", "192.168.1.1", "gmail.com", "12/05/1990", "cnie",
]  # fmt: skip
_TYPE_SETS = [frozenset(ENTITY_TYPES), *(frozenset([t]) for t in ENTITY_TYPES), frozenset(["CIN", "IBAN"])]


@st.composite
def _scan_text(draw: st.DrawFn) -> str:
    """Words, joiners and numbers: identifiers of every shape, near misses and plain digits."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        parts.append(draw(st.sampled_from(_SCAN_PIECES)))
        parts.append(draw(st.sampled_from(["", " ", " ", ": ", "-", "\u00a0", "("])))
        parts.append(
            draw(st.one_of(_identifier(), _letter_id(), st.text(alphabet="0123456789 ", min_size=1, max_size=26)))
        )
    return "".join(parts)


_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@settings(max_examples=1000, deadline=None)
@given(_scan_text(), st.sampled_from(_TYPE_SETS), st.sampled_from(["ascii", "ascii", "indic", "persian", "mixed"]))
def test_scan_matches_plain_orchestration(text: str, wanted: frozenset[str], digits: str) -> None:
    if digits == "indic":
        text = text.translate(_INDIC)
    elif digits == "persian":
        text = text.translate(_PERSIAN)
    elif digits == "mixed":
        text = text[: len(text) // 2] + text[len(text) // 2 :].translate(_INDIC)
    assert set(R.scan(text, wanted)) == _scan_reference(text, wanted)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .-\u00a0\u202f\u200e/(xA", min_size=1, max_size=60))
def test_group_walk_matches_regexes(text: str) -> None:
    # on text made only of digits, separators and letters, the group walk over every chain
    # gives exactly the matches of the three regular expressions
    cx = ctx.Context(text)
    walked: list[tuple[str, int, int, float, bool]] = []
    for s, _e, nd, chain in R.digit_chains(text) or []:
        if nd >= 12:
            R.find_grouped(cx, walked, s, chain, frozenset(ENTITY_TYPES))
    plain: list[tuple[str, int, int, float, bool]] = []
    R.find_cards(cx, plain)
    R.find_ices(cx, plain)
    R.find_ribs(cx, plain)
    assert sorted(walked) == sorted(plain)


@given(
    st.sampled_from(ENTITY_TYPES),
    st.integers(0, 500),
    st.integers(1, 40),
    st.floats(0.0, 1.0, allow_nan=False),
    st.booleans(),
)
def test_fast_entity_is_an_entity(typ: str, start: int, length: int, score: float, valid: bool) -> None:
    fast = _entity(typ, start, start + length, "x" * length, score, valid)
    plain = Entity(typ, start, start + length, "x" * length, round(score, 3), valid)
    assert type(fast) is Entity
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert fast.to_dict() == plain.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 0.0  # type: ignore[misc]


_GATES = [R._PERSON_GATE, R._DOB_GATE, R._CNSS_GATE, R._PERSON_GATE + R._DOB_GATE + R._CNSS_GATE]
_GATE_RX = [(gate, ctx.anchored_pattern(gate)) for gate in _GATES]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([g for gate in _GATES for g in gate]),
            st.sampled_from(["a", "m", "s", "n", "é", " ", ".", "س", "د", "ال", "x", "0"]),
        ),
        max_size=12,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_anchored_gate_is_a_substring_test(pieces: list[str], cut_front: int, cut_back: int) -> None:
    # gate words glued, cut at either end and mixed with their own letters: the anchored
    # pattern says yes exactly when one of its strings is a substring
    text = "".join(pieces)
    text = text[cut_front : len(text) - cut_back]
    for gate, rx in _GATE_RX:
        assert (rx.search(text) is not None) == any(g in text for g in gate)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25),
    st.integers(0, 200),
    st.integers(1, 30),
    st.sampled_from(sorted(ctx.POSITIVE)),
    st.sampled_from([0.1, 0.2, 0.45, 0.6, 0.8, 0.9, 0.95]),
    st.booleans(),
    st.booleans(),
)
def test_score_matches_plain_lookups(
    pieces: list[str], start: int, length: int, typ: str, base: float, negatives: bool, checksum_ok: bool
) -> None:
    # the scorer searches the keyword patterns itself on Context.around; the plain one asks
    # Context.has (and falls back to Window where lower-casing changes lengths)
    text = "".join(pieces)
    start = min(start, len(text))
    end = min(len(text), start + length)
    cx = ctx.Context(text)
    fast = R._score(cx, typ, start, end, base, negatives=negatives, checksum_ok=checksum_ok)
    assert fast == R._score_plain(ctx.Context(text), typ, start, end, base, negatives, checksum_ok)


@given(st.text(alphabet="0123456789", max_size=30))
def test_repeated_digits(digits: str) -> None:
    assert R._repeated(digits) == (len(digits) > 3 and len(set(digits)) == 1)
