"""The fast paths of awal.pii give exactly the answers of the plain implementations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from awal.pii import _context as ctx
from awal.pii import checksums
from awal.pii._find import ENTITY_TYPES, _resolve

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
