"""Named profiles: the step lists awal ships, one per use.

========== ==========================================================================
profile    use and steps (in order; a pipeline with ``unicode.form`` restores that form at the end)
========== ==========================================================================
display    Show text to people: fix what is broken, change no letter. Zero-width and
           control characters out (bidi marks kept: they steer display), NFC, Tifinagh
           ``ʷ`` -> ``ⵯ`` and Latin look-alikes in Tifinagh words, whitespace collapsed.
corpus     Store or train on text: like ``display`` but bidi controls removed and URLs,
           e-mails and @mentions replaced by ``<URL>``, ``<EMAIL>``, ``<USER>`` (no
           personal handles in a corpus); hashtags and emoji kept; letters untouched.
lid        Language identification features: NFKC, invisible characters out, URLs/
           e-mails/mentions/emoji stripped, ``#`` dropped from hashtags, tatweel and
           harakat removed, case folded, elongations cut to two letters. Keeps what
           tells languages apart: hamza/alef/ta marbuta spellings (MSA vs Darija),
           Eastern Arabic digits (Egyptian), Tuareg Tifinagh letters (``taq_Tfng``).
search     Matching and indexing: everything folded. NFKC, invisible out, ``#`` dropped,
           Tifinagh variants and spirants to IRCAM, tatweel, harakat, alef/hamza,
           alef maqsura, ta marbuta, Persian/Maghrebi look-alikes, digits and Arabic
           punctuation to ASCII, case and Latin accents folded, laughter -> ``haha``/
           ``هه``, elongation cut to one letter.
========== ==========================================================================
"""

from __future__ import annotations

from functools import cache

from awal.errors import InputTypeError, UnknownNameError
from awal.normalize.pipeline import Pipeline

__all__ = ["PROFILES", "list_profiles", "profile"]

_TIFINAGH_FIXES = ["tifinagh.labialization"]

#: profile name -> (one-line description, step specs)
PROFILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "display": (
        "show text to people: repair invisible/broken characters, change no letter",
        (
            "unicode.invisible:bidi=false",
            "tifinagh.labialization",
            "unicode.form:form=NFC",
            "tifinagh.lookalikes",
            "unicode.whitespace",
        ),
    ),
    "corpus": (
        "store or train on text: display repairs + URLs/e-mails/mentions as placeholders",
        (
            "unicode.invisible",
            "tifinagh.labialization",
            "unicode.form:form=NFC",
            "tifinagh.lookalikes",
            "social.tokens:url=placeholder:email=placeholder:mention=placeholder:hashtag=keep:emoji=keep",
            "unicode.whitespace",
        ),
    ),
    "lid": (
        "language identification: drop noise, keep the spellings that tell languages apart",
        (
            "unicode.invisible",
            "tifinagh.labialization",
            "unicode.form:form=NFKC",
            "arabic.tatweel",
            "arabic.harakat",
            "social.tokens:url=strip:email=strip:mention=strip:hashtag=text:emoji=strip",
            "tifinagh.lookalikes",
            "latin.case",
            "tifinagh.lookalikes",
            "arabizi.elongation:collapse_to=2",
            "arabic.elongation:collapse_to=2",
            "unicode.whitespace",
        ),
    ),
    "search": (
        "matching and indexing: fold every variant that readers consider the same word",
        (
            "unicode.invisible",
            "tifinagh.labialization",
            "unicode.form:form=NFKC",
            "arabic.tatweel",
            "arabic.harakat",
            "social.tokens:url=keep:email=keep:mention=keep:hashtag=text:emoji=keep",
            "tifinagh.lookalikes",
            "tifinagh.ircam:spirants=true",
            "arabic.hamza",
            "arabic.alef_maqsura",
            "arabic.letters",
            "arabic.ta_marbuta",
            "arabic.digits",
            "arabic.punctuation",
            "latin.case",
            "latin.accents",
            "tifinagh.lookalikes",
            "social.laughter",
            "arabizi.elongation",
            "arabic.elongation",
            "unicode.whitespace",
        ),
    ),
}


def list_profiles() -> list[str]:
    """Names of the shipped profiles."""
    return sorted(PROFILES)


@cache
def _build(name: str) -> Pipeline:
    return Pipeline(PROFILES[name][1], name=name)


def profile(name: str) -> Pipeline:
    """The compiled pipeline of a named profile (built once per process, then shared).

    Raises :class:`~awal.errors.UnknownNameError` listing the profiles for an unknown name.
    """
    if not isinstance(name, str):
        raise InputTypeError(f"a profile is named by a str, not {type(name).__name__}")
    if name not in PROFILES:
        raise UnknownNameError("normalisation profile", name, PROFILES)
    return _build(name)
